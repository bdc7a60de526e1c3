"""结果应用 (jixiao trend): changes across years, indicators losing points year after year, budget advice."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from jixiao.core.engine import score
from jixiao.core.year_over_year import EXECUTION_LABEL, rates_of, trend
from jixiao.frameworks import load_framework
from jixiao.io.inputs import load_input_data
from jixiao.synth import generate_many, jsonable

from .conftest import complete_input, run_cli as run

FW = load_framework("shenzhen-common")


def year(y: int, satisfaction: str | None, three_public_actual: str, unfinished: int) -> dict:
    raw = complete_input()  # full marks as given
    raw["year"] = y
    if satisfaction is None:
        del raw["satisfaction_pct"]
    else:
        raw["satisfaction_pct"] = satisfaction
    raw["three_public"]["actual"] = three_public_actual  # of a budget of 10.00
    raw["key_tasks"] = [{"name": f"任务{i}", "completed": i >= unfinished} for i in range(4)]
    return raw


def scored(*raws: dict):
    out = []
    for raw in raws:
        data = load_input_data(raw)
        out.append((FW, data, score(FW, data)))
    return out


# 2022: 满意度 85% → 2 (−4), 一项重点工作未完成 (−4): 92 优
# 2023: 满意度 88% → 2 (−4), “三公”经费 9.5/10 = 95% → 2 (−1): 95 优
# 2024: 满意度 70% → 1 (−5), “三公” 95% (−1), 两项未完成 (−8): 86 良
YEARS = (year(2022, "85", "8.00", 1), year(2023, "88", "9.50", 0), year(2024, "70", "9.50", 2))


def test_changes_streaks_and_advice():
    t = trend(scored(*YEARS))
    assert t.problems == () and t.department == "示例区某局"
    assert [(y.year, y.total, y.grade) for y in t.years] == [(2022, 92, "优"), (2023, 95, "优"), (2024, 86, "良")]
    assert t.totals.values == (92, 95, 86) and t.totals.changes == (3, -9)

    rates = {s.key: s for s in t.rates}
    assert rates["满意度"].values == (Decimal("0.85"), Decimal("0.88"), Decimal("0.70"))
    assert rates["满意度"].changes == (Decimal("0.03"), Decimal("-0.18"))
    assert rates["“三公”经费控制率"].values == (Decimal("0.8"), Decimal("0.95"), Decimal("0.95"))
    assert rates[EXECUTION_LABEL].values == (Decimal("0.99"),) * 3  # 990/1000
    assert rates["编外人员控制率"].values == (Decimal("0.04"),) * 3  # 2/(48+2)

    scores = {s.key: s for s in t.indicators}
    assert scores["satisfaction"].values == (2, 2, 1) and scores["satisfaction"].changes == (0, -1)
    assert scores["key_tasks"].values == (4, 8, 0) and scores["key_tasks"].changes == (4, -8)
    assert scores["public_funds_control"].values == (6, 5, 5)
    groups = {s.key: s for s in t.groups}
    assert groups["performance"].values == (52, 55, 46) and groups["decision"].changes == (0, 0)

    # 重点工作 lost points in 2022 and 2024 but not 2023: not running.
    assert [(s.id, s.years, s.lost) for s in t.streaks] == [
        ("public_funds_control", (2023, 2024), (1, 1)),
        ("satisfaction", (2022, 2023, 2024), (4, 4, 5)),
    ]
    assert t.advice == "维持现有预算规模"  # 良, from the framework's grades
    assert t.advice_basis == "2024 年度得分 86.00，等级“良”，按指标体系 shenzhen-common 的结果应用建议"


def test_years_in_any_order_and_not_consecutive():
    t = trend(scored(YEARS[2], YEARS[0]))  # 2024, 2022
    assert [y.year for y in t.years] == [2022, 2024]
    assert t.streaks == ()  # both lost 满意度 points, but 2023 is not there to make it two years running
    assert t.totals.changes == (-6,)


def test_incomplete_latest_year_gets_no_advice():
    t = trend(scored(YEARS[0], year(2023, None, "8.00", 0)))
    assert t.years[-1].complete is False and t.totals.values == (92, None) and t.totals.changes == (None,)
    assert t.advice is None and t.advice_basis == "2023 年度评分不完整（1 项缺数据），不给出预算建议"
    assert {s.key: s for s in t.indicators}["satisfaction"].values == (2, None)


def test_problems_are_values():
    other = year(2023, "88", "9.50", 0)
    other["department"] = "另一个局"
    t = trend(scored(YEARS[0], other, YEARS[0]))
    assert t.problems == ("输入属于不同部门：另一个局、示例区某局", "年度重复：2022")
    assert trend(scored(YEARS[0])).problems == ("至少需要两个年度的输入",)


def test_generated_department_over_three_years():
    for seed in (1, 7):
        ys = list(generate_many(FW, departments=1, years=(2022, 2023, 2024), seed=seed, projects=10))
        cards = [score(FW, d) for d in ys]
        t = trend([(FW, d, c) for d, c in zip(ys, cards)])
        assert t.totals.values == tuple(c.total for c in cards)
        assert t.totals.changes == (cards[1].total - cards[0].total, cards[2].total - cards[1].total)
        for s in t.indicators:
            assert s.values == tuple(c.indicator(s.key).score for c in cards)
        lost = {leaf.id: [c.indicator(leaf.id).lost for c in cards] for leaf in cards[-1].leaves()}
        want = []
        for ident, (a, b, c) in lost.items():
            if a and b and c:
                want.append((ident, (2022, 2023, 2024)))
            elif a and b:
                want.append((ident, (2022, 2023)))
            elif b and c:
                want.append((ident, (2023, 2024)))
        assert sorted((s.id, s.years) for s in t.streaks) == sorted(want)
        rates = {s.key: s.values for s in t.rates}
        assert rates[EXECUTION_LABEL] == tuple(d.budget.executed / d.budget.adjusted for d in ys)
        grade = cards[-1].grade
        assert t.advice == next(g.budget_advice for g in FW.grades if g.grade == grade)


def test_rates_follow_the_framework():
    data = load_input_data(YEARS[0])
    rates = rates_of(FW, data)
    assert rates["调整调剂比例"] == Decimal("0.05")  # 50/1000
    assert rates["第二季度累计支出进度"] == Decimal("0.55")
    national = rates_of(load_framework("national-self-eval"), data)
    assert set(national) == {EXECUTION_LABEL, "预算执行率"}


# --------------------------------------------------------------------------- command line




@pytest.fixture()
def files(tmp_path):
    paths = []
    for raw in YEARS:
        path = tmp_path / f"{raw['year']}.json"
        path.write_text(json.dumps(jsonable(raw), ensure_ascii=False), encoding="utf-8")
        paths.append(str(path))
    return paths


def test_cli_trend_text(capsys, files):
    code, out, err = run(capsys, "trend", *reversed(files))
    assert code == 0 and not err
    assert out.splitlines()[0] == "示例区某局 2022–2024 年度绩效变化"
    assert "2024 年度：86 / 100 分，等级 良（shenzhen-common）" in out
    assert "总分变化：2022→2023 +3；2023→2024 -9" in out
    assert "  满意度：85.00% → 88.00% → 70.00%（+3 个百分点，-18 个百分点）" in out
    assert "  公众或服务对象满意度：2 → 2 → 1（0，-1）" in out
    assert "  公众或服务对象满意度：2022 年失 4 分，2023 年失 4 分，2024 年失 5 分" in out
    assert "2025 年度预算安排建议：维持现有预算规模（2024 年度得分 86.00，等级“良”" in out


def test_cli_trend_json_and_errors(capsys, files, tmp_path):
    code, out, _ = run(capsys, "trend", *files, "--format", "json")
    doc = json.loads(out)
    assert code == 0 and doc["budget_advice"] == "维持现有预算规模"
    assert doc["totals"] == {"key": "total", "name": "总分", "values": ["92.00", "95.00", "86.00"], "changes": ["3.00", "-9.00"]}
    assert {"id": "satisfaction", "name": "公众或服务对象满意度", "years": [2022, 2023, 2024], "lost": ["4.00", "4.00", "5.00"]} in doc["streaks"]

    code, _, err = run(capsys, "trend", files[0], files[0])
    assert code == 1 and "年度重复：2022" in err
    bad = YEARS[1] | {"judgements": {**YEARS[1]["judgements"], "no_such": {"x": {"score": "1", "reason": "r"}}}}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(jsonable(bad), ensure_ascii=False), encoding="utf-8")
    code, _, err = run(capsys, "trend", files[0], str(path))
    assert code == 1 and "bad.json：judgements.no_such：指标体系 shenzhen-common 中没有末级指标 'no_such'" in err
