"""The 复核 triage queue: planted problems in a generated district rise to the top; the draw is reproducible."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from jixiao import synth
from jixiao.core.data import triage_rules
from jixiao.core.engine import score
from jixiao.core.inputs import DepartmentYear
from jixiao.core.numbers import fmt_score
from jixiao.core.triage import Entry, draw_sample, weak_reason
from jixiao.frameworks import load_framework
from jixiao.triage import triage_dir, triage_one

FW = "shenzhen-common"


def district(n: int, seed: int = 11) -> list[dict]:
    return list(synth.generate_many(load_framework(FW), departments=n, years=(2024,), seed=seed, projects=6, raw=True))


def plant_boilerplate(raw: dict, text: str) -> None:
    for parts in raw["judgements"].values():
        for answer in parts.values():
            answer["reason"] = text


def plant_vague_targets(raw: dict) -> None:
    """Every target becomes an unmeasurable qualitative one, judged 达成 (full points) on a thin reason."""
    for t in raw["targets"]:
        for key in ("direction", "target", "actual", "unit", "last_year_actual", "score", "target_text", "actual_text"):
            t.pop(key, None)
        t.update(kind="qualitative", target_text="有效提升服务水平", actual_text="明显改善", level="达成",
                 reason="已完成")


def write_inputs(folder: Path, raws: list[dict]) -> list[str]:
    names = []
    for i, raw in enumerate(raws):
        path = folder / f"{i:03d}.yaml"
        path.write_text(yaml.safe_dump(synth.jsonable(raw), allow_unicode=True, sort_keys=False), encoding="utf-8")
        names.append(raw["department"])
    return names


def test_weak_reasons_per_the_data_file():
    rules = triage_rules()
    assert weak_reason("已完成", rules) == "理由只有套话“已完成”"
    assert weak_reason("  ", rules) == "理由为空"
    assert weak_reason("按要求完成，情况良好。", rules).startswith("理由只有套话")
    assert weak_reason("好的呢", rules) == "理由过短（“好的呢”，3 个字）"
    assert weak_reason("经核对全年 12 次会议纪要，预算调整均按程序报批", rules) is None


def test_draw_is_reproducible_and_independent_of_listing_order():
    entries = [Entry(f"部门{i:02d}", Decimal(90), "优", points_at_risk=Decimal(50 - i)) for i in range(30)]
    a = draw_sample(entries, 4, 5, seed=2024)
    b = draw_sample(entries[:4] + list(reversed(entries[4:])), 4, 5, seed=2024)
    assert a == b
    assert a.riskiest == ("部门00", "部门01", "部门02", "部门03")
    assert len(set(a.random)) == 5 and not set(a.random) & set(a.riskiest)
    assert draw_sample(entries, 4, 5, seed=2025).random != a.random  # another seed, another draw (fixed data)
    assert draw_sample(entries, 28, 5, seed=1).random == ("部门28", "部门29")  # only two are left to draw from


def test_planted_departments_top_the_queue(tmp_path):
    raws = district(24)
    planted = {3: "boilerplate", 9: "short", 15: "vague targets", 20: "empty-ish"}
    plant_boilerplate(raws[3], "已完成")
    plant_boilerplate(raws[9], "好的呢")
    plant_vague_targets(raws[15])
    plant_boilerplate(raws[20], "无。")
    names = write_inputs(tmp_path, raws)
    result = triage_dir(tmp_path, audit=False)
    assert result.problems == []
    order = [e.department for e in result.entries]
    top = set(order[: len(planted)])
    assert {names[i] for i in planted} == top, [(e.department, e.points_at_risk) for e in result.entries[:8]]
    first = result.entries[0]
    assert any("理由" in r for r in first.reasons()) or any("无法衡量" in r for r in first.reasons())
    vague = next(e for e in result.entries if e.department == names[15])
    assert any("无法衡量" in r for r in vague.reasons(None))


def test_report_that_claims_more_than_its_data(tmp_path):
    """A published report whose scores the department's own data do not give: the gap is at risk."""
    from jixiao.writers.docx_report import build_report

    fw = load_framework(FW)
    raw = district(1, seed=5)[0]
    good = DepartmentYear.model_validate(raw)
    worse = copy.deepcopy(raw)
    b = worse["budget"]
    b["executed"] = (b["adjusted"] * Decimal("0.55")).quantize(Decimal("0.01"))
    for q in worse.get("quarterly") or []:
        for k in ("progress_pct", "cumulative_spent"):
            if q.get(k) is not None:
                q[k] = (q[k] * Decimal("0.5")).quantize(Decimal("0.01"))
    last = (worse.get("quarterly") or [{}])[-1]
    if last.get("cumulative_spent") is not None:  # the year-end cumulative is the 执行数
        last["cumulative_spent"] = max(last["cumulative_spent"], b["executed"])
    if last.get("progress_pct") is not None:
        last["progress_pct"] = max(last["progress_pct"], (b["executed"] * 100 / b["adjusted"]).quantize(Decimal("0.01"), rounding="ROUND_UP"))
    data = DepartmentYear.model_validate(worse)
    claimed, real = score(fw, good).total, score(fw, data).total
    assert claimed > real
    report = tmp_path / "report.docx"
    build_report(score(fw, good), good).save(report)
    entry = triage_one(fw, data, report_path=report)
    gap = next(s for s in entry.signals if s.code == "self_vs_recomputed")
    assert gap.points == claimed - real
    assert gap.reason == f"自评总分 {fmt_score(claimed)} 分，按其数据复算 {fmt_score(real)} 分（高 {fmt_score(claimed - real)} 分）"


def test_cli_prints_ranking_and_reproducible_sample(tmp_path):
    raws = district(10, seed=3)
    plant_boilerplate(raws[6], "已完成")
    names = write_inputs(tmp_path, raws)
    cmd = [sys.executable, "-m", "jixiao.cli.main", "triage", str(tmp_path), "--no-audit", "--sample", "2", "--random", "3",
           "--seed", "77", "--format", "json"]
    first = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    out = json.loads(first.stdout)
    assert out["queue"][0]["department"] == names[6]
    assert out["sample"]["seed"] == 77 and len(out["sample"]["random"]) == 3
    again = json.loads(subprocess.run(cmd, capture_output=True, text=True, timeout=120).stdout)
    assert again["sample"] == out["sample"]
    text = subprocess.run(cmd[:-2], capture_output=True, text=True, timeout=120)
    assert "复核排查队列：10 个部门" in text.stdout and "随机种子 77" in text.stdout
    assert f"   1. {names[6]}" in text.stdout


def test_cli_reports_bad_files_in_chinese(tmp_path):
    (tmp_path / "a.yaml").write_text("department: 某局\nyear: 2024\nframework: shenzhen-common\nbudget: {adjusted: 十万}\n",
                                     encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "jixiao.cli.main", "triage", str(tmp_path), "--no-audit"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 1
    assert "a.yaml" in r.stderr and "Traceback" not in r.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    r = subprocess.run([sys.executable, "-m", "jixiao.cli.main", "triage", str(empty)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and "没有输入文件" in r.stderr


def test_missing_evidence_puts_judged_points_at_risk():
    """佐证材料 known to the caller: a judged indicator without evidence puts evidence_missing_share of its
    judged points at risk (two decimals in the reason); evidence asked for and missing, its whole score."""
    from jixiao.core.scorecard import Status

    fw = load_framework(FW)
    data = DepartmentYear.model_validate(district(1, seed=17)[0])
    card = score(fw, data)
    judged = {leaf.id: sum(p.score for p in leaf.parts if p.status is Status.JUDGED and p.score)
              for leaf in card.leaves() if any(p.status is Status.JUDGED and p.score for p in leaf.parts)}
    assert len(judged) >= 3
    share = triage_rules().evidence_missing_share
    assert share == Decimal("0.5")
    none = triage_one(fw, data, audit=False, evidenced=set())
    full = triage_one(fw, data, audit=False, evidenced=set(judged))
    cli = triage_one(fw, data, audit=False)  # evidence unknown (input files carry none): no such signal
    missing = [s for s in none.signals if s.code == "evidence_missing"]
    assert len(missing) == len(judged)
    names = {leaf.id: leaf.name for leaf in card.leaves()}
    for s in missing:
        assert s.points == (judged[s.key] * share).quantize(Decimal("0.01"))
        assert s.reason == f"“{names[s.key]}”评判得 {fmt_score(judged[s.key].quantize(Decimal('0.01')))} 分，未上传佐证材料"
        assert "." not in fmt_score(s.points) or len(fmt_score(s.points).split(".")[1]) <= 2
    assert not [s for s in full.signals if s.code == "evidence_missing"]
    assert not [s for s in cli.signals if s.code == "evidence_missing"]
    assert none.points_at_risk > full.points_at_risk == cli.points_at_risk
    computed = next(leaf for leaf in card.leaves() if leaf.id not in judged and leaf.score)
    asked = triage_one(fw, data, audit=False, evidenced=set(judged), evidence_asked=[computed.id])
    [s] = [s for s in asked.signals if s.code == "evidence_missing"]
    assert (s.key, s.points) == (computed.id, computed.score) and s.serious
    assert s.reason == f"“{computed.name}”复核人要求补充佐证材料，仍未上传（该指标得 {fmt_score(computed.score)} 分）"
