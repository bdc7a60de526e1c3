"""Findings from the engine's ranges: a formula indicator whose claim does not follow from the
report's figures, one that follows only under another reading, one scored without data."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ...core.options import ScoringOptions
from ..extract import Extraction
from ..extract.numbers import find_numbers
from ..model import Evidence, Finding, Severity
from ..extract.text import bigrams, containment
from .common import d, finding, primary, q

_BOUND_AFTER = re.compile(r"\s*(?:≤|<|≥|>|<=|>=|以上|以下|及以上|及以下|至|～|~|-)")
_BOUND_BEFORE = re.compile(r"(?:≤|<|≥|>|<=|>=|超过|低于|高于|不足|不低于|不高于)\s*$")
from .recompute import Engine, LeafRange, distance, readings, relevant


@dataclass
class Summary:
    total_default: Decimal | None = None
    default_note: str = ""
    reading: ScoringOptions | None = None
    total_reading: Decimal | None = None


def _hint(ex: Extraction, name: str, weight: Decimal, claimed: Decimal) -> tuple[str, Evidence] | None:
    """A percentage printed where the report speaks of the indicator that, times its weight, gives
    the claim. A percentage about another matter (满意度 88.96% under 财务合规性) or a bound of a
    scoring band ("80%≤满意度<90%") that happens to give the same product is a coincidence."""
    if weight <= 0 or claimed == weight or claimed == claimed.to_integral_value():
        return None
    grams = bigrams(name)
    for para in ex.paras:
        if grams and containment(grams, bigrams(para.heading + para.text)) < 0.8:
            continue
        for n in find_numbers(para.text):
            if n.kind != "pct" or n.value in (0, 100) or n.value > 100:
                continue
            if _BOUND_AFTER.match(para.text, n.end) or _BOUND_BEFORE.search(para.text, 0, n.start):
                continue
            if q(weight * n.value / 100, 2) == claimed:
                return f"{d(claimed)} = {d(weight)} × {n.text}", para.evidence(n.start, n.end)
    return None


def _states_points(ex: Extraction, name: str, points: Decimal) -> bool:
    """The report states, where it speaks of the indicator, a score of ``points`` — the judged
    part's own score, so the claim is explained by its parts ("…得 0.97 分（扣 0.03 分…）")."""
    grams = bigrams(name)
    for para in ex.paras:
        if grams and containment(grams, bigrams(para.heading + para.text)) < 0.8:
            continue
        if any(n.kind == "points" and n.value == points for n in find_numbers(para.text)):
            return True
    return False


def check_formulas(ex: Extraction, engine: Engine) -> tuple[list[Finding], Summary]:
    fw = engine.fw
    default = fw.default_options()
    base = engine.ranges(default)
    out: list[Finding] = []
    summary = Summary()
    off = {ind.id for _, ind in fw.leaves() if ind.id in engine.runs.formula_leaves and (c := primary(ex, ind.id)) is not None
           and 0 <= c.value <= ind.weight and (r := base.get(ind.id)) is not None and r.computed and not r.holds(c.value)}
    average, rates = relevant(fw, off)
    grid = readings(default, average=average, rates=rates) if off else [default]
    reproducing: dict[str, set[ScoringOptions]] = {}
    for path, ind in fw.leaves():
        claim = primary(ex, ind.id)
        rng = base.get(ind.id)
        if claim is None or rng is None or ind.id not in engine.runs.formula_leaves:
            continue
        value = claim.value
        if value > ind.weight or value < 0:
            continue  # reported as out of range elsewhere
        if not rng.computed:
            rng.missing = _dedupe_labels(rng.missing)
            hint = _hint(ex, ind.name, ind.weight, value)
            extra = f"；{hint[0]}（报告所列比率）" if hint else ""
            out.append(finding(Severity.INFO, "score_without_data",
                               f"“{ind.name}”自评 {d(value)} 分，但报告未给出计算所需数据（{rng.missing or '缺数据'}），得分无法复核{extra}",
                               claim.ev, hint[1] if hint else None, indicator=ind.name, claimed=value))
            continue
        ok = {o for o in grid if (r := engine.ranges(o).get(ind.id)) is not None and r.holds(value)}
        reproducing[ind.id] = ok
        if rng.holds(value):
            hint = _hint(ex, ind.name, ind.weight, value) if rng.lo != rng.hi and value not in (rng.lo, rng.hi) else None
            if hint and not _states_points(ex, ind.name, value - rng.lo):  # type: ignore[operator]
                out.append(finding(Severity.WARNING, "score_by_stated_rate",
                                   f"“{ind.name}”自评 {d(value)} 分，恰为 {hint[0]}；评分标准并未按该比率计分，按规则计算类细项得分后，评判细项须取非整的 {d(value - rng.lo)} 分才能凑出此分（规则范围 {_shown(rng)} 分）",  # type: ignore[operator]
                                   claim.ev, hint[1], indicator=ind.name, claimed=value, recomputed=_shown(rng)))
            continue
        shown = _shown(rng)
        if ok:
            best = min(ok, key=lambda o: distance(o, default))
            rec = engine.ranges(best)[ind.id]
            out.append(finding(Severity.INFO, "nondefault_reading",
                               f"“{ind.name}”自评 {d(value)} 分，按指标体系缺省口径（{default.describe()}）为 {shown} 分；"
                               f"报告得分在以下口径下可复现：{_diff(best, default)}（得 {_shown(rec)} 分）",
                               claim.ev, indicator=ind.name, claimed=value, recomputed=shown))
            continue
        hint = _hint(ex, ind.name, ind.weight, value)
        extra = f"。报告得分恰为 {hint[0]}，该比率并非评分标准所用" if hint else ""
        kind = "不在其可能范围内（评判细项取任何值都达不到）" if rng.lo != rng.hi else "与规则计算不符"
        out.append(finding(Severity.WARNING, "formula_mismatch",
                           f"“{ind.name}”自评 {d(value)} 分，按报告自身数据和评分规则应得 {shown} 分，{kind}：{_short(rng.explanation)}{extra}",
                           claim.ev, hint[1] if hint else None, indicator=ind.name, claimed=value, recomputed=shown))
    summary.total_default, summary.default_note = _total(ex, engine, default)
    usable = [s for s in reproducing.values() if s]
    if usable:
        common = set.intersection(*usable)
        if common:
            best = min(common, key=lambda o: distance(o, default))
            if distance(best, default):
                summary.reading = best
                summary.total_reading, _ = _total(ex, engine, best)
    return out, summary


def _dedupe_labels(text: str) -> str:
    """"缺少数据：a、b；缺少数据：b、c" → "a、b、c" (the engine lists a fact once per part that reads it)."""
    seen: list[str] = []
    for chunk in text.replace("缺少数据：", "").split("；"):
        for label in chunk.split("、"):
            label = label.strip()
            if label and label not in seen:
                seen.append(label)
    return "缺少数据：" + "、".join(seen) if seen else text


def _shown(rng: LeafRange) -> str:
    if rng.lo == rng.hi:
        return d(rng.lo)  # type: ignore[arg-type]
    return f"{d(rng.lo)}～{d(rng.hi)}"  # type: ignore[arg-type]


def _short(text: str, width: int = 160) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _diff(opts: ScoringOptions, default: ScoringOptions) -> str:
    bits = []
    if opts.execution_average != default.execution_average:
        bits.append(f"全年平均执行率取{opts.execution_average.label}（{opts.execution_average.value}）")
    if opts.rounding != default.rounding:
        bits.append(f"得分{opts.rounding.label}（{opts.rounding.value}）")
    if opts.rounding_scope != default.rounding_scope:
        bits.append(f"{opts.rounding_scope.label}取舍（{opts.rounding_scope.value}）")
    if opts.rate_places != default.rate_places:
        bits.append(f"比率先按百分数保留{opts.rate_places}位小数再计分（rate_places={opts.rate_places}）")
    return "；".join(bits) or "缺省口径"


def describe_reading(opts: ScoringOptions, default: ScoringOptions) -> str:
    return _diff(opts, default)


def _total(ex: Extraction, engine: Engine, opts: ScoringOptions) -> tuple[Decimal | None, str]:
    """Σ per indicator: the engine's score where the figures settle it, else the report's own score
    (held inside the engine's range). Indicators with neither leave the total incomplete."""
    ranges = engine.ranges(opts)
    total = Decimal(0)
    taken = 0
    lacking: list[str] = []
    for _, ind in engine.fw.leaves():
        rng = ranges.get(ind.id)
        claim = primary(ex, ind.id)
        if rng is not None and rng.computed and rng.lo == rng.hi:
            total += rng.lo  # type: ignore[operator]
        elif claim is not None:
            value = min(max(claim.value, Decimal(0)), ind.weight)
            if rng is not None and rng.computed:
                value = min(max(value, rng.lo), rng.hi)  # type: ignore[type-var]
            total += value
            taken += 1
        else:
            lacking.append(ind.name)
    notes = []
    if taken:
        notes.append(f"其中 {taken} 项为评判项或缺数据，按报告得分计")
    if lacking:
        notes.append(f"不完整：{'、'.join(lacking)} 既无数据也无得分，未计入")
    return total, "；".join(notes)
