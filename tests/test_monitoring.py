"""绩效运行监控 (jixiao monitor): progress against 序时进度, warnings, year-end projection, lagging projects.

Seed 004's quarterly table (L351–356): 指标金额 22,799.99 万元; cumulative 6,500.18 / 11,026.13 / 16,295.96 /
21,643.28 (28.51% / 48.36% / 71.47% / 94.93%). Its project table (L384–499) gives year-end spend only.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
import yaml

from jixiao.core.monitoring import Projection, cutoff_month, monitor, schedule_at
from jixiao.frameworks import FrameworkError, load_framework, load_framework_file
from jixiao.io.inputs import load_input, load_input_data
from jixiao.io.yamlio import parse_yaml
from jixiao.synth import generate

from .conftest import run_cli as run

ROOT = Path(__file__).resolve().parent.parent
SEED4 = ROOT / "cases" / "seed-004" / "input.yaml"
NATIONAL_DEMO = ROOT / "cases" / "national-demo" / "input.yaml"
BASE = Decimal("22799.99")
Q1, Q2 = Decimal("6500.18") / BASE, Decimal("11026.13") / BASE
QUARTERS = (Decimal("0.25"), Decimal("0.5"), Decimal("0.75"), Decimal(1))


def seed4():
    data = load_input(SEED4).data
    return load_framework(data.framework), data




def test_dates_and_schedule():
    assert [cutoff_month(date(2024, m, d), 2024) for m, d in ((1, 30), (1, 31), (2, 29), (6, 29), (6, 30), (12, 31))] == [0, 1, 2, 5, 6, 12]
    assert cutoff_month(date(2025, 3, 1), 2024) == 12 and cutoff_month(date(2023, 12, 31), 2024) == 0
    assert [schedule_at(m, QUARTERS) for m in (3, 6, 9, 12)] == list(QUARTERS)
    assert schedule_at(4, QUARTERS).quantize(Decimal("1E-20")) == (Decimal(4) / 12).quantize(Decimal("1E-20"))
    assert schedule_at(8, QUARTERS).quantize(Decimal("0.0001")) == Decimal("0.6667")


def test_framework_holds_the_warning_lines():
    for ident, indicator in (("shenzhen-common", "budget_execution"), ("shenzhen-luohu", "budget_execution"),
                             ("national-self-eval", "budget_execution_rate")):
        mon = load_framework(ident).monitoring
        assert mon.indicator == indicator and mon.projection == "run_rate" and mon.top_projects == 10
        assert [(c.month, c.min_pct) for c in mon.checkpoints] == [
            (4, Decimal("0.25")), (6, Decimal("0.4")), (8, Decimal("0.6")), (10, Decimal("0.8"))]
    assert load_framework("guangzhou-huadu-2024").monitoring is None


@pytest.mark.parametrize(("monitoring", "message"), [
    ({"checkpoints": [{"month": 6, "min_pct": 40}, {"month": 4, "min_pct": 25}]}, "预警线的月份应递增且不重复"),
    ({"checkpoints": [{"month": 4, "min_pct": 40}, {"month": 6, "min_pct": 25}]}, "累计支出进度预警线应随月份不减"),
    ({"indicator": "no_such_indicator"}, "监控所用的末级指标 'no_such_indicator' 不存在"),
    ({"colour": "red"}, "colour"),
])
def test_bad_monitoring_section_is_rejected(tmp_path, monitoring, message):
    path = tmp_path / "variant.yaml"
    path.write_text(yaml.safe_dump({"id": "variant", "extends": "shenzhen-common", "name": "变体", "monitoring": monitoring},
                                   allow_unicode=True), encoding="utf-8")
    with pytest.raises(FrameworkError) as exc:
        load_framework_file(path)
    assert message in str(exc.value)


# --------------------------------------------------------------------------- seed 004


def test_seed_004_mid_year():
    fw, data = seed4()
    r = monitor(fw, data, date(2024, 6, 30))
    assert r.problems == () and r.cutoff_month == 6
    assert [(o.month, o.progress) for o in r.observations] == [(3, Q1), (6, Q2)]
    june = r.latest
    assert june.schedule == Decimal("0.5") and june.ratio == Q2 / Decimal("0.5")
    assert june.shortfall == Decimal("373.865")  # 0.5 × 22,799.99 − 11,026.13
    # April's line is met already by March (28.51% ≥ 25%); June's by June (48.36% ≥ 40%).
    assert [(c.checkpoint.month, c.observed.month, c.below) for c in r.checks] == [(4, 3, False), (6, 6, False)]
    assert r.unchecked == () and r.upcoming.month == 8 and r.warnings == ()
    # Projects carry only year-end spend: none can be judged in June.
    assert r.projects == () and r.projects_without_data == 106


@pytest.mark.parametrize(("method", "q3", "q4", "score"), [
    # 28.51% / 48.36% known. run_rate: 48.36% × 9/6 = 72.54%, × 12/6 = 96.72%.
    # quarters 1 + 3 × 0.967205 = 3.901614; mean ratio (1.140383 + 3 × 0.967205)/4 = 101.05% → 2 (capped); 5.901614 → 5.90
    (Projection.RUN_RATE, Q2 * 9 / 6, Q2 * 2, Decimal("5.90")),
    # schedule: 75%, 100% → 1 + 0.967205 + 1 + 1 = 3.967205; mean 102.69% → 2; 5.97
    (Projection.SCHEDULE, Decimal("0.75"), Decimal(1), Decimal("5.97")),
    # flat: 48.36% stays → 1 + 0.967205 + 0.644803 + 0.483602 = 3.095610; mean 80.90% × 2 = 1.617997; 4.713607 → 4.71
    (Projection.FLAT, Q2, Q2, Decimal("4.71")),
])
def test_seed_004_year_end_projection(method, q3, q4, score):
    fw, data = seed4()
    ye = monitor(fw, data, date(2024, 6, 30), method=method).year_end
    assert [(q.quarter, q.progress, q.kind) for q in ye.quarters] == [
        (1, Q1, "actual"), (2, Q2, "actual"), (3, q3, "projected"), (4, q4, "projected")]
    assert ye.indicator == "budget_execution" and ye.max == 6 and ye.score == score and ye.rate == q4


def test_seed_004_year_end_reproduces_the_reported_score():
    """With all four quarters known the 'projection' is the year's own score: 5.87 (L358)."""
    fw, data = seed4()
    r = monitor(fw, data, date(2024, 12, 31))
    assert all(q.kind == "actual" for q in r.year_end.quarters) and r.year_end.score == Decimal("5.87")
    assert r.latest.progress == Decimal("21643.28") / BASE and r.latest.shortfall == Decimal("1156.71")
    # August (60%) and October (80%): June 48.36% < 60% but September 71.47% ≥ 60% — the quarters cannot tell.
    assert [c.checkpoint.month for c in r.checks] == [4, 6] and [c.month for c in r.unchecked] == [8, 10]


def test_seed_004_projects_that_drag_the_department_down():
    fw, data = seed4()
    r = monitor(fw, data, date(2024, 12, 31))
    assert len(r.projects) == 106 and r.projects_without_data == 0
    assert [(p.name, p.budget, p.observation.spent, p.observation.shortfall) for p in r.drag[:4]] == [
        ("民生微实事经费", Decimal("1322.16"), Decimal("1030.54"), Decimal("291.62")),
        ("发展更新工作经费", Decimal("588.68"), Decimal("341.99"), Decimal("246.69")),
        ("党建工作经费", Decimal("170.58"), Decimal("121.69"), Decimal("48.89")),
        ("草埔东片区城中村改造意愿征集及基础数据摸查专项工作经费", Decimal("69.30"), Decimal("26.00"), Decimal("43.30")),
    ]
    assert len(r.drag) == 10
    # The seed's complaint: projects under 50% executed at the year's end (11 rows of its table).
    under_half = sorted(p.name for p in r.projects if p.observation.progress < Decimal("0.5"))
    assert under_half == sorted([
        "2024 年深圳市学习型街道督导评估经费", "安全文明小区创建经费", "草埔东片区城中村改造意愿征集及基础数据摸查专项工作经费",
        "基建工程兵慰问金", "精神障碍疾病防治事务", "绿景社区党群服务中心用房改造工程", "福彩金", "居家社区养老服务驿站项目经费",
        "体彩金", "长者助餐补贴", "罗湖区吓屋村等九个“城中村”综合治理工程",
    ])
    # Below the last line due (October, 80%) at the year's end: 21 projects, all warned, none for the department.
    project_warnings = [w for w in r.warnings if w.scope == "project"]
    assert len(project_warnings) == 21 and not [w for w in r.warnings if w.scope == "department"]
    assert project_warnings[1].name == "安全文明小区创建经费"
    assert project_warnings[1].message == "截至12月末支出进度 29.99%，低于10月末预警线 80.00%"


def test_department_below_a_line_is_warned():
    raw = parse_yaml(SEED4.read_text(encoding="utf-8"), str(SEED4)).data
    raw["quarterly"][1] = {"quarter": 2, "progress_pct": "30"}
    data = load_input_data(raw)
    r = monitor(load_framework("shenzhen-luohu"), data, date(2024, 7, 15))
    assert r.cutoff_month == 6
    assert [(w.scope, w.message) for w in r.warnings] == [("department", "截至6月末累计支出进度 30.00%，低于6月末预警线 40.00%")]
    assert r.latest.shortfall == Decimal("0.2") * BASE  # (50% − 30%) × 22,799.99


def test_nothing_to_monitor_is_a_problem_not_an_exception():
    fw, data = seed4()
    r = monitor(fw, data, date(2024, 3, 15))
    assert r.cutoff_month == 2 and r.observations == () and r.year_end is None
    assert r.problems == ("截至 2024-03-15 没有季度末累计支出数据（quarterly），无法判断部门支出进度",)
    assert monitor(fw, data, date(2023, 12, 31)).problems == ("2023-12-31 早于 2024 年第一个月末，尚无可监控的支出数据",)


def test_national_framework_projects_its_execution_ratio():
    data = load_input(NATIONAL_DEMO).data
    fw = load_framework(data.framework)
    r = monitor(fw, data, date(2024, 12, 31))
    # No quarterly figures: the year's 执行数/全年预算数 = 3,321.09/3,456.78 is the December figure; 96.07% × 10 → 9.61.
    assert [(o.month, o.progress) for o in r.observations] == [(12, Decimal("3321.09") / Decimal("3456.78"))]
    assert r.year_end.indicator == "budget_execution_rate" and r.year_end.score == Decimal("9.61")
    assert [q.kind for q in r.year_end.quarters] == ["interpolated"] * 3 + ["actual"]


def test_generated_years_mid_year():
    fw = load_framework("shenzhen-common")
    for seed in range(8):
        data = generate(fw, seed=seed, projects=15)
        r = monitor(fw, data, date(data.year, 6, 30))
        q = {x.quarter: x for x in data.quarterly}
        progress = [x.progress_pct / 100 if x.progress_pct is not None else x.cumulative_spent / data.budget.adjusted
                    for x in (q[1], q[2])]
        assert [o.progress for o in r.observations] == progress
        # Each project as of June: its second cumulative figure against half its budget.
        expected = []
        for i, p in enumerate(data.projects):
            if not p.budget:
                continue
            spent = p.quarterly_spent[1]
            expected.append((max(p.budget / 2 - spent, Decimal(0)), i, spent / p.budget))
        assert len(r.projects) == len(expected) and r.projects_without_data == len(data.projects) - len(expected)
        ranked = sorted(expected, key=lambda e: (-e[0], e[1]))
        assert [(p.index, p.observation.shortfall) for p in r.projects] == [(i, s) for s, i, _ in ranked]
        assert [p.index for p in r.drag] == [i for s, i, _ in ranked if s > 0][:10]
        warned = sorted(i for _, i, pr in expected if pr < Decimal("0.4"))
        assert [data.projects.index(next(p for p in data.projects if p.name == w.name)) for w in r.warnings
                if w.scope == "project"] == warned
        # Year end by run rate, scored by hand with the framework's rule (uncapped mean, half-up).
        p1, p2 = progress
        quarters = [p1, p2, max(p2, min(p2 * 9 / 6, Decimal(1))), max(p2, min(p2 * 2, Decimal(1)))]
        ratios = [p / s for p, s in zip(quarters, QUARTERS)]
        raw = sum(min(x, Decimal(1)) for x in ratios) + min(sum(ratios) / 4 * 2, Decimal(2))
        assert r.year_end.score == raw.quantize(Decimal("0.01"), ROUND_HALF_UP), seed


# --------------------------------------------------------------------------- command line


def test_cli_monitor_text(capsys):
    code, out, err = run(capsys, "monitor", str(SEED4), "--as-of", "2024-06-30")
    assert code == 0 and not err
    lines = out.splitlines()
    assert lines[0] == "深圳市罗湖区东晓街道办事处 2024 年度绩效运行监控（截至 2024-06-30，部门数据截至 6 月末）"
    assert lines[1] == ("部门支出进度：累计支出 11,026.13/22,799.99万元，进度 48.36%，序时进度 50.00%，执行率 96.72%，"
                        "落后序时进度 373.87万元")
    assert "预警线：4月末 25.00%：达到（3月末已 28.51%）；6月末 40.00%：达到（6月末已 48.36%）" in out
    assert "下一预警线：8月末 60.00%，还差 11.64 个百分点，约 2,653.86万元" in out
    assert "预算执行率 96.72%，预算执行率得分 5.9 / 6 分" in out
    assert "三季度 72.54%（预测）" in out and "另有 106 个项目没有截至 6 月末的支出数据" in out


def test_cli_monitor_json_and_options(capsys):
    code, out, _ = run(capsys, "monitor", str(SEED4), "--as-of", "2024-12-31", "--format", "json", "--top", "3",
                       "--projection", "flat")
    doc = json.loads(out)
    assert code == 0 and doc["cutoff_month"] == 12 and doc["year_end"]["score"] == "5.87"
    assert [d["name"] for d in doc["drag"]] == ["民生微实事经费", "发展更新工作经费", "党建工作经费"]
    assert doc["drag"][0]["shortfall"] == "291.62" and doc["drag"][0]["below_checkpoint"] == 10
    assert len(doc["warnings"]) == 21 and doc["unchecked"] == [{"month": 8, "min_pct": "60"}, {"month": 10, "min_pct": "80"}]


def test_cli_monitor_errors(capsys):
    code, _, err = run(capsys, "monitor", str(SEED4), "--as-of", "2024-13-01")
    assert code == 2 and "--as-of 应为日期" in err
    code, out, _ = run(capsys, "monitor", str(SEED4), "--as-of", "2024-02-29")
    assert code == 1 and "无法监控：截至 2024-02-29 没有季度末累计支出数据" in out
