"""绩效目标质量 (jixiao targets) and the targets rule's gaps closed for issue 6.

Seed 004's own complaint (L164–166, L564): its 效益指标值 are "完成招商目标", "有效保障", "基本满足",
"有效提高" — qualitative, not measurable. Every one of its 7 targets must be flagged.
"""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from jixiao.core.checks import check_input
from jixiao.core.data import DataFileError, target_quality_rules
from jixiao.core.engine import score
from jixiao.core.inputs import Target
from jixiao.core.rules.targets import QualitativeLevel
from jixiao.core.scorecard import Status
from jixiao.core.target_quality import CODES, QualityRules, Severity, normalise_name, review_targets
from jixiao.frameworks import load_framework, load_framework_file
from jixiao.io.inputs import InputError, load_input, load_input_data
from jixiao.synth import generate

from .conftest import run_cli as run

ROOT = Path(__file__).resolve().parent.parent
SEED4 = ROOT / "cases" / "seed-004" / "input.yaml"
RULES = target_quality_rules()


def T(name: str, **kw) -> Target:
    return Target(name=name, weight=kw.pop("weight", "1"), **kw)




# --------------------------------------------------------------------------- seed 004


def test_every_qualitative_target_of_seed_004_is_flagged():
    data = load_input(SEED4).data
    report = review_targets(data.targets, RULES)
    assert len(report.rows) == 7 and all(r.status == "qualitative" for r in report.rows)
    got = [(f.field, f.code) for f in report.findings]
    assert got == [
        ("targets[0].target_text", "not_quantified"),  # 完成招商目标: no vague word, but no number either
        ("targets[1].target_text", "vague_wording"),  # 党员积极参与社区治理
        ("targets[2].target_text", "vague_wording"),  # 有效
        ("targets[3].target_text", "vague_wording"),  # 基本满足
        ("targets[4].target_text", "vague_wording"),  # 有效提高
        ("targets[5].target_text", "vague_wording"),  # 有效提高
        ("targets[6].target_text", "vague_wording"),  # 持续促进
    ]
    assert all(f.severity is Severity.WARNING for f in report.findings) and not report.has_errors
    by_index = {f.field: f for f in report.findings}
    f = by_index["targets[4].target_text"]
    assert f.target == "保障辖区市容环境卫生"
    assert f.message == "指标值“有效提高”含“有效”“提高”等无法衡量的措辞；实际完成值“100%”无从与之比较"
    assert f.suggestion == "“有效提高”无法衡量：改为可量化指标，如“市容环境考核达标率 ≥ 95%”"
    assert by_index["targets[3].target_text"].message.startswith("指标值“基本满足”含“基本”“满足”")
    assert by_index["targets[3].target_text"].suggestion == "“基本满足”无法衡量：改为可量化指标，如“民生诉求按时办结率 ≥ 95%”"
    assert by_index["targets[6].target_text"].suggestion.endswith("如“建立并执行长效管理制度 ≥ 3 项，设施完好率 ≥ 95%”")
    assert by_index["targets[0].target_text"].suggestion == (
        "“完成招商目标”没有可比较的数值：写明完成到什么程度，如“新增落地企业 ≥ 200 家，或港资到资 ≥ 1 亿元”"
    )
    assert report.rows[3].shown_actual == "98%，部分达成"


def test_seed_004_output_table_rows():
    """Rows of the 产出 table (L291–300) as the seed prints them: a shortfall, a duplicate, no units."""
    rows = [
        T("指标 5: 民生微实事项目完成率", direction=">=", target="100", actual="98", unit="%"),  # L297: 100% / 98%
        T("指标 11: 群体性事件发生数", direction="<=", target="0", actual="0"),  # L297 (质量指标 11)
        T("指标 14: 统计履责事项完成", direction=">=", target="95", actual="95", unit="%"),  # ≥95% / 95%
        T("指标 11: 群体性事件发生数", direction="<=", target="0", actual="0"),  # L298: printed twice in the table
        T("工作开展时间", kind="qualitative", target_text="全年", actual_text="2024. 1. 1-2024. 12. 31"),
        T("成本控制率", direction="<=", target="100", actual="94.93", unit="%"),
    ]
    report = review_targets(rows, RULES)
    assert [(f.field, f.code) for f in report.findings] == [
        ("targets[0].actual", "not_met"),
        ("targets[1].unit", "no_unit"),
        ("targets[3].unit", "no_unit"),
        ("targets[4].target_text", "not_quantified"),
        ("targets[3].name", "duplicate_name"),
    ]
    short = report.findings[0]
    assert short.message == "实际 98%，目标 ≥100%，差 2 个百分点（完成 98.00%）"
    assert [r.status for r in report.rows] == ["not_met", "met", "met", "met", "qualitative", "met"]
    assert report.rows[0].gap == Decimal(2) and report.rows[0].completion == Decimal("0.98")
    assert report.has_errors  # the duplicate is an error


# --------------------------------------------------------------------------- each check


def test_duplicates_by_normalised_name():
    assert normalise_name("指标 17: 群体性事件发生数") == normalise_name("群体性事件发生数（3分）") == "群体性事件发生数"
    report = review_targets([T("指标 11: 群体性事件发生数", direction="=", target="0", actual="0", unit="起"),
                             T("指标 17：群体性事件发生数。", direction="=", target="0", actual="0", unit="起")], RULES)
    assert [(f.code, f.severity, f.message) for f in report.findings] == [
        ("duplicate_similar", Severity.WARNING, "与本表第 1 项指标“指标 11: 群体性事件发生数”名称实质相同")
    ]


def test_last_year_and_over_achievement():
    report = review_targets([
        T("按时办结率", direction=">=", target="92", actual="96", unit="%", last_year_actual="93.5"),
        T("完成率", direction=">=", target="100", actual="100", unit="%", last_year_actual="100"),  # cannot go higher
        T("办结时长", direction="<=", target="5", actual="4", unit="天", last_year_actual="4"),
        T("安全事故", direction="<=", target="0", actual="0", unit="起", last_year_actual="0"),  # cannot go lower
        T("清扫面积", direction=">=", target="1200", actual="1500", unit="万平方米"),
    ], RULES)
    assert [(f.field, f.code, f.message) for f in report.findings] == [
        ("targets[0].target", "set_too_low", "目标值 ≥92% 不高于上年实际值 93.5%"),
        ("targets[2].target", "set_too_loose", "目标值 ≤5天 不低于上年实际值 4天"),
        ("targets[2].target", "far_exceeded", "实际 4天，目标 ≤5天，完成 125.00%，超额较多"),  # 5/4
        ("targets[4].target", "far_exceeded", "实际 1500万平方米，目标 ≥1200万平方米，完成 125.00%，超额较多"),
    ]
    assert report.findings[0].suggestion == "目标值没有高于上年实际值（93.5%）：按不低于上年实际、体现进步的水平设定"
    assert report.findings[3].severity is Severity.INFO


def test_negative_and_equal_shortfalls():
    report = review_targets([
        T("投诉处理时长", direction="<=", target="5", actual="6", unit="天"),
        T("年度检查次数", direction="=", target="12", actual="10", unit="次"),
        T("无目标值的指标", kind="qualitative"),
        T("考核优秀率", kind="qualitative", target_text="≥95%", actual_text="96%", level="达成", reason="考评通报"),
        T("服务人次", direction=">=", target="5000", unit="人次"),
    ], RULES)
    got = {f.field: (f.code, f.message) for f in report.findings}
    assert got["targets[0].actual"] == ("not_met", "实际 6天，目标 ≤5天，超出 1天（完成 83.33%）")
    assert got["targets[1].actual"] == ("not_met", "实际 10次，目标 =12次，相差 2次（完成 83.33%）")
    assert got["targets[2].target_text"][0] == "no_target_value"
    assert got["targets[2].actual_text"][0] == "no_actual"
    assert got["targets[3].kind"][0] == "could_be_quantitative"
    assert got["targets[4].actual"] == ("no_actual", "缺少实际完成值")
    could = next(f for f in report.findings if f.code == "could_be_quantitative")
    assert could.suggestion == "指标值已含数值：按定量指标填写方向、目标值和单位（≥95%），实际值按同一单位填写"
    assert [f.severity for f in report.findings if f.code == "no_target_value"] == [Severity.ERROR]


def test_vague_words_and_suggestions_are_data(tmp_path):
    raw = yaml.safe_load((ROOT / "src/jixiao/core/data/target_quality.yaml").read_text(encoding="utf-8"))
    assert set(raw["suggestions"]) == set(CODES)
    assert {"有效", "提高", "明显", "基本", "进一步", "持续", "较好"} <= set(raw["vague_words"])
    raw["vague_words"] = ["落实"]
    raw["suggestions"]["not_quantified"] = "请量化“{text}”"
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    rules = target_quality_rules(str(path))
    got = review_targets([T("甲", kind="qualitative", target_text="有效提高", actual_text="已提高"),
                          T("乙", kind="qualitative", target_text="落实到位", actual_text="已落实")], rules)
    assert [(f.code, f.suggestion) for f in got.findings] == [
        ("not_quantified", "请量化“有效提高”"),  # 有效/提高 are no longer in the list
        ("vague_wording", "“落实到位”无法衡量：改为可量化指标，如“按时办结率 ≥ 95%”"),
    ]


def test_rules_file_is_checked(tmp_path):
    raw = yaml.safe_load((ROOT / "src/jixiao/core/data/target_quality.yaml").read_text(encoding="utf-8"))
    bad = copy.deepcopy(raw)
    bad["suggestions"]["no_unit"] = "写上 {units}"
    with pytest.raises(ValidationError, match="未知占位符"):
        QualityRules.model_validate(bad)
    bad = copy.deepcopy(raw)
    del bad["suggestions"]["duplicate_name"]
    bad["colour"] = "red"
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(bad, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataFileError) as exc:
        target_quality_rules(str(path))
    assert "duplicate_name" in str(exc.value) and "colour" in str(exc.value)


def test_generated_targets():
    """Synthetic years: every qualitative target reads "明显提升"; every shortfall and low target is found."""
    fw = load_framework("shenzhen-common")
    seen_low = 0
    for seed in range(40):
        data = generate(fw, seed=seed)
        report = review_targets(data.targets or (), RULES)
        by_field = {(f.field, f.code): f for f in report.findings}
        for i, t in enumerate(data.targets or ()):
            if t.kind == "qualitative":
                f = by_field[(f"targets[{i}].target_text", "vague_wording")]
                assert f.message.startswith("指标值“明显提升”含“提升”“明显”")
                continue
            short = (t.direction == ">=" and t.actual < t.target) or (t.direction == "<=" and t.actual > t.target) \
                or (t.direction == "=" and t.actual != t.target)
            assert ((f"targets[{i}].actual", "not_met") in by_field) == short, (seed, t)
            if short and t.direction == ">=":
                assert report.rows[i].gap == t.target - t.actual and report.rows[i].completion == t.actual / t.target
            low = t.last_year_actual is not None and t.direction == ">=" and t.target <= t.last_year_actual \
                and not (t.unit == "%" and t.target >= 100)
            seen_low += low
            assert ((f"targets[{i}].target", "set_too_low") in by_field) == low
    assert seen_low > 0


# --------------------------------------------------------------------------- the targets rule


NATIONAL = "national-self-eval"


def _national(*targets: dict) -> dict:
    return {
        "department": "测试局", "year": 2024, "framework": NATIONAL,
        "budget": {"adjusted": "100", "executed": "100"},
        "targets": [
            *targets,
            {"name": "社会效益", "category": "社会效益指标", "weight": "30", "direction": ">=", "target": "90", "actual": "95", "unit": "%"},
            {"name": "满意度", "category": "服务对象满意度指标", "weight": "10", "direction": ">=", "target": "90", "actual": "92", "unit": "%"},
        ],
    }


def test_reviewer_marks_down_an_over_achieved_target():
    raw = _national(
        {"name": "清扫面积", "category": "数量指标", "weight": "25", "direction": ">=", "target": "1200", "actual": "1500",
         "unit": "万平方米", "adjusted_score": "22", "adjustment_reason": "目标值低于上年实际 1480，定得明显偏低，按偏离程度酌减 3 分"},
        {"name": "查处案件", "category": "数量指标", "weight": "25", "direction": ">=", "target": "1500", "actual": "1380", "unit": "件"},
    )
    fw = load_framework(NATIONAL)
    data = load_input_data(raw)
    assert check_input(fw, data) == []
    leaf = score(fw, data).indicator("output_targets")
    assert leaf.score == Decimal(45)  # 22 (adjusted from 25) + 0.92 × 25
    assert leaf.status is Status.JUDGED
    assert ("清扫面积（25分）：实际 1500万平方米，目标 ≥1200万平方米，完成 125.00%，按100%计，按规则25分，"
            "复核调整为22分（目标值低于上年实际 1480，定得明显偏低，按偏离程度酌减 3 分）→22分") in leaf.explanation
    assert "查处案件（25分）：实际 1380件，目标 ≥1500件，完成 92.00%→23分" in leaf.explanation


@pytest.mark.parametrize(("change", "message"), [
    ({"adjusted_score": "20"}, "复核调整得分须写明理由（adjustment_reason）"),
    ({"adjustment_reason": "酌减"}, "写了调整理由但未给出调整后得分（adjusted_score）"),
    ({"adjusted_score": "26", "adjustment_reason": "酌减"}, "复核调整得分 26 超出范围 0～25"),
])
def test_adjustment_needs_a_reason_and_stays_within_the_weight(change, message):
    target = {"name": "清扫面积", "category": "数量指标", "weight": "25", "direction": ">=", "target": "1", "actual": "1", **change}
    with pytest.raises(InputError) as exc:
        load_input_data(_national(target))
    assert message in str(exc.value) and "targets[0]" in str(exc.value)


def test_equal_target_wording():
    raw = _national({"name": "年度检查次数", "category": "数量指标", "weight": "50", "direction": "=", "target": "20", "actual": "19", "unit": "次"})
    leaf = score(load_framework(NATIONAL), load_input_data(raw)).indicator("output_targets")
    assert leaf.score == Decimal("47.5")  # (1 − 1/20) × 50
    assert "年度检查次数（50分）：实际 19次，目标 =20次，偏离 5.00%，系数 95.00%→47.5分" in leaf.explanation


def test_qualitative_explanation_shows_target_and_actual_text():
    card = score(load_framework("shenzhen-luohu"), load_input(SEED4).data)
    leaf = card.indicator("outcomes")
    assert leaf.score == Decimal(24)
    assert "满足辖区居民民生需求率（3分）：目标“基本满足”，实际“98%”，部分达成（L509" in leaf.explanation
    assert "保障辖区市容环境卫生（3分）：目标“有效提高”，实际“100%”，达成（L510" in leaf.explanation


def test_open_upper_edge_of_a_qualitative_band(tmp_path):
    """财预〔2020〕10号: 部分达成 60%（含）～80%（不含）. With max_inclusive: false the band says so exactly."""
    level = QualitativeLevel(id="部分达成", min_pct=60, max_pct=80, max_inclusive=False)
    w = Decimal(10)
    assert [level.holds(Decimal(s), w) for s in ("5.99", "6", "7.9999", "8")] == [False, True, True, False]
    assert level.band(w) == "6～8（不含8）" and level.describe() == "部分达成60%～80%（不含80%）"
    with pytest.raises(ValidationError):
        QualitativeLevel(id="空", min_pct=80, max_pct=80, max_inclusive=False)

    levels = [
        {"id": "达成年度指标", "min_pct": 80, "max_pct": 100},
        {"id": "部分达成年度指标并具有一定效果", "min_pct": 60, "max_pct": 80, "max_inclusive": False},
        {"id": "未达成年度指标且效果较差", "min_pct": 0, "max_pct": 60, "max_inclusive": False},
    ]
    variant = {
        "id": "national-open-bands", "extends": NATIONAL, "name": "开区间档次",
        "patches": {"output_targets": {"parts": [{"id": "targets", "label": "产出指标", "points": 50, "rule": {
            "kind": "targets", "criterion": "产出指标", "categories": ["数量指标", "质量指标", "时效指标", "成本指标"], "levels": levels}}]}},
    }
    path = tmp_path / "national-open-bands.yaml"
    path.write_text(yaml.safe_dump(variant, allow_unicode=True), encoding="utf-8")
    fw = load_framework_file(path)
    partial = "部分达成年度指标并具有一定效果"
    for given, ok in (("7.9999", True), ("8", False), ("6", True)):
        raw = _national(
            {"name": "考评", "category": "质量指标", "weight": "10", "kind": "qualitative", "level": partial, "score": given, "reason": "考评通报"},
            {"name": "数量", "category": "数量指标", "weight": "40", "direction": ">=", "target": "1", "actual": "1"},
        )
        problems = check_input(fw, load_input_data(raw))
        if ok:
            assert problems == [], given
        else:
            assert [(p.field, p.message) for p in problems] == [("targets[0].score", f"得分 8 不在“{partial}”档 6～8（不含8） 分之内")]


def test_adjusted_score_survives_the_excel_template(tmp_path):
    from jixiao.io.excel_template import import_workbook, write_template

    fw = load_framework(NATIONAL)
    raw = _national({"name": "清扫面积", "category": "数量指标", "weight": "50", "direction": ">=", "target": "1200",
                     "actual": "1500", "unit": "万平方米", "adjusted_score": "45.5", "adjustment_reason": "目标值偏低，酌减"})
    data = load_input_data(raw)
    path = tmp_path / "t.xlsx"
    write_template(fw, path, data=data)
    back = import_workbook(path, fw)
    assert back.targets[0].adjusted_score == Decimal("45.5") and back.targets[0].adjustment_reason == "目标值偏低，酌减"


# --------------------------------------------------------------------------- command line


def test_cli_targets_text_and_json(capsys):
    code, out, err = run(capsys, "targets", str(SEED4))
    assert code == 0 and not err
    assert out.startswith("深圳市罗湖区东晓街道办事处 2024 年度绩效目标质量检查：7 个指标，错误 0、警告 7、提示 0")
    assert "［警告］targets[5].target_text（保障辖区治安水平）：指标值“有效提高”含“有效”“提高”等无法衡量的措辞" in out
    assert "    建议：“有效提高”无法衡量：改为可量化指标，如“刑事警情同比下降 ≥ 5%，群众安全感 ≥ 90%”" in out

    code, out, _ = run(capsys, "targets", str(SEED4), "--format", "json")
    doc = json.loads(out)
    assert code == 0 and doc["summary"] == {"error": 0, "warning": 7, "info": 0, "targets": 7}
    assert [f["code"] for f in doc["findings"]].count("vague_wording") == 6
    assert doc["targets"][3] == {"index": 3, "name": "满足辖区居民民生需求率", "category": "社会效益指标", "kind": "qualitative",
                                 "target": "基本满足", "actual": "98%，部分达成", "status": "qualitative", "completion": None, "gap": None}


def test_cli_targets_exit_1_on_an_error(capsys, tmp_path):
    raw = yaml.safe_load(SEED4.read_text(encoding="utf-8"))
    raw["targets"][1]["name"] = raw["targets"][0]["name"]
    path = tmp_path / "dup.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    code, out, _ = run(capsys, "targets", str(path))
    assert code == 1 and "错误 1" in out and "targets[1].name" in out and "与本表第 1 项指标同名" in out


def test_over_achievement_already_marked_down_says_so():
    report = review_targets([T("清扫面积", weight="25", direction=">=", target="1200", actual="1500", unit="万平方米",
                               adjusted_score="22", adjustment_reason="目标值偏低，酌减")], RULES)
    assert [(f.code, f.message) for f in report.findings] == [
        ("far_exceeded", "实际 1500万平方米，目标 ≥1200万平方米，完成 125.00%，超额较多；已复核调整为 22 分（目标值偏低，酌减）")
    ]
