"""Every check over an :class:`~jixiao.audit.extract.Extraction`; findings are values."""

from __future__ import annotations

from decimal import Decimal

from ...core.rules.quarterly import QuarterlySchedule
from ...core.rules.ratio import Ratio
from ...core.rules.targets import TargetsRule
from ..extract import Extraction
from ..extract.claims import Fact
from ..extract.sheet import Claimed
from ..model import Finding, Severity
from .build import belongs, build_input
from .common import resolve
from .figures import check_arithmetic, check_conflicts, check_counts, check_rates
from .formulas import Summary, check_formulas
from .generic import check_generic
from .recompute import Engine
from .scores import check_scores
from .tables import check_numeric_tables, check_projects, check_quarter_table
from .targets import check_targets

__all__ = ["run_checks", "Summary"]


def add_table_claims(ex: Extraction) -> None:
    """Scores that tables other than the 评分表 give: the quarterly table's 总得分, the national
    资金 row's 得分, and the sum of a 个性指标 table's scores for the indicator they make up."""
    for f in ex.funds:
        # (the table's own 执行率 is checked against its amounts by the table checks, not as a prose rate)
        for key, num in (("budget.initial", f.initial), ("budget.adjusted", f.adjusted), ("budget.executed", f.executed)):
            if num is not None:
                ex.facts.append(Fact(key, num, f.ev(num), -1, -1, "table"))
    sheet = ex.sheet
    if sheet is None:
        return
    fw = sheet.index.framework
    for _, ind in fw.leaves():
        rules = [p.rule for p in ind.parts or ()]
        if any(isinstance(r, QuarterlySchedule) for r in rules):
            total = next((r for r in ex.quarter_rows if r.quarter == 5 and r.score is not None), None)
            if total is not None and total.score.value <= ind.weight:  # type: ignore[union-attr]
                sheet.claim(ind.id, Claimed(total.score.value, total.ev, "quarter_table", total.score))  # type: ignore[union-attr]
        if len(rules) == 1 and isinstance(rules[0], Ratio) and rules[0].rate.numerator == "budget.executed":
            for f in ex.funds:
                if f.score is not None:
                    sheet.claim(ind.id, Claimed(f.score.value, f.ev(f.score), "funds_table", f.score))
        targets = [r for r in rules if isinstance(r, TargetsRule)]
        if targets:
            n_rules = sum(1 for _, i in fw.leaves() if any(isinstance(p.rule, TargetsRule) for p in i.parts or ()))
            mine = [t for t in ex.targets if t.weight is not None and belongs(t, targets[0], n_rules)]
            if mine and all(t.score is not None for t in mine):
                total = sum((t.score.value for t in mine), Decimal(0))  # type: ignore[union-attr]
                weight = sum((t.weight.value for t in mine), Decimal(0))  # type: ignore[union-attr]
                if weight == ind.weight and not any(c.source == "table" for c in sheet.scores.get(ind.id, [])):
                    sheet.claim(ind.id, Claimed(total, mine[0].score_ev, "target_table", None, "个性指标得分之和"))  # type: ignore[arg-type]


_SAME_CHECK = {"score_above_max", "score_below_zero", "weight_sum", "total_mismatch", "total_sources_disagree", "score_rate_mismatch"}


def merge_generic(findings: list[Finding], generic: list[Finding]) -> list[Finding]:
    """The framework-free checks' findings added to the others, less those that say the same thing
    (same code, same claimed and recomputed values) as a finding already there."""
    seen = {(f.code, f.claimed, f.recomputed) for f in findings}
    codes = {f.code for f in findings}
    # a target row's score found wrong by the 个性指标 check (with the score it should have) is the same
    # slip as the generic check's "met/not met yet scored so" on that row's score cell
    cells = {(f.code, f.evidence[0].loc) for f in findings if f.evidence}
    out = list(findings)
    for g in generic:
        if g.code in _SAME_CHECK and ((g.code, g.claimed, g.recomputed) in seen or g.code in ("total_sources_disagree",) and g.code in codes):
            continue
        if g.code == "target_score_mismatch" and g.evidence and (g.code, g.evidence[0].loc) in cells:
            continue
        out.append(g)
    return out


def _soften_for_ties(ex: Extraction, res: dict, found: list[Finding]) -> list[Finding]:
    """A formula finding under the chosen framework, when another framework that the 评分表 fits as
    well (same names and weights) scores that indicator so that the claim holds — by a judgement,
    say, where the chosen one has a formula — is no sure inconsistency: it becomes a note."""
    if not any(f.code == "formula_mismatch" for f in found) or len(ex.ranking) < 2:
        return found
    from dataclasses import replace

    from ...frameworks import FrameworkError, load_framework
    from ..extract.text import key

    top = ex.ranking[0][0]
    others = []
    for fit, ident in ex.ranking[1:]:
        if abs(fit - top) >= 0.02 or ex.sheet is None or ident == ex.sheet.index.framework.id:
            continue
        try:
            fw2 = load_framework(ident)
        except FrameworkError:
            continue
        data2, _ = build_input(ex, fw2, res)
        if data2 is not None:
            others.append((fw2, Engine(fw2, data2)))
    if not others:
        return found
    out = []
    for f in found:
        holder = None
        if f.code == "formula_mismatch" and f.indicator and f.claimed is not None:
            value = Decimal(str(f.claimed))
            for fw2, engine2 in others:
                ind2 = next((i for _, i in fw2.leaves() if key(i.name) == key(f.indicator)), None)
                if ind2 is None:
                    continue
                rng = engine2.ranges(fw2.default_options()).get(ind2.id)
                if rng is not None and rng.holds(value):
                    holder = fw2
                    break
        if holder is not None:
            f = replace(f, severity=Severity.INFO, message=f"{f.message}；但评分表与“{holder.name}”同样相符，按该指标体系此分可成立")
        out.append(f)
    return out


def run_checks(ex: Extraction, timings: dict[str, float] | None = None) -> tuple[list[Finding], Summary, list[str]]:
    import time

    t0 = time.perf_counter()
    add_table_claims(ex)
    res = resolve(ex)
    findings: list[Finding] = []
    findings += check_scores(ex)
    findings += check_rates(ex, res)
    findings += check_conflicts(ex, res)
    findings += check_arithmetic(ex)
    findings += check_counts(ex)
    findings += check_projects(ex)
    findings += check_numeric_tables(ex)
    findings += check_quarter_table(ex)
    findings += check_targets(ex)
    findings = merge_generic(findings, check_generic(ex))
    t1 = time.perf_counter()
    summary = Summary()
    notes: list[str] = []
    if ex.sheet is not None:
        fw = ex.sheet.index.framework
        data, notes = build_input(ex, fw, res)
        if data is not None:
            engine = Engine(fw, data)
            more, summary = check_formulas(ex, engine)
            findings += _soften_for_ties(ex, res, more)
            notes += engine.runs.errors[:1]
    if timings is not None:
        timings["checks"] = t1 - t0
        timings["recompute"] = time.perf_counter() - t1
    return findings, summary, notes
