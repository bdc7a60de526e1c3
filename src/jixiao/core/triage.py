"""The 复核 triage queue: which departments' self-scores deserve a second look, and why.

Pure: the caller scores the evaluation, audits its report and checks its targets, and hands the
results in; this module turns them into *signals* — each with the points it puts at risk and a
reason in Chinese — ranks the departments by points at risk, and draws a reproducible 抽查 sample.

Points at risk of one department: per indicator (or target) the largest amount any signal puts in
doubt there, summed, never more than the department's total. Signals that put no points in doubt
(an audit finding about prose, say) are listed and break ties.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable, Sequence

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .inputs import DepartmentYear
from .numbers import fmt_score as _fmt_score
from .scorecard import Scorecard, Status
from .target_quality import CODES as TARGET_CODES
from .target_quality import QualityReport

ZERO = Decimal(0)
CENT = Decimal("0.01")


def fmt_score(value: Decimal | None) -> str:
    """A score in a reason: two decimals at most (a judged part's scaled score may carry 28 digits)."""
    return _fmt_score(None if value is None else value.quantize(CENT, rounding=ROUND_HALF_UP))


class TriageRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    min_reason_chars: int = Field(ge=1, le=200)
    boilerplate: list[str] = Field(min_length=1)
    target_codes_at_risk: dict[str, Decimal]  # code → share of the target's points in doubt (0…1)
    evidence_missing_share: Decimal = Field(ge=0, le=1)  # share of a judged indicator's points without 佐证材料

    @model_validator(mode="after")
    def _known_codes(self) -> "TriageRules":
        unknown = sorted(set(self.target_codes_at_risk) - set(TARGET_CODES))
        if unknown:
            raise ValueError(f"target_codes_at_risk 含未知的问题代码 {unknown}（可用：{', '.join(TARGET_CODES)}）")
        bad = sorted(code for code, share in self.target_codes_at_risk.items() if not 0 <= share <= 1)
        if bad:
            raise ValueError(f"target_codes_at_risk 中 {bad} 的比例应在 0 到 1 之间")
        return self


# --------------------------------------------------------------------------- what goes in and out


@dataclass(frozen=True, slots=True)
class AuditSignal:
    """One finding of the audit of the department's report, as the caller read it."""

    severity: str  # error | warning | info
    severity_label: str  # 错误 | 警告 | 提示
    message: str
    indicator: str | None = None
    claimed: Decimal | None = None
    recomputed: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Signal:
    code: str  # weak_reason | self_vs_recomputed | audit | target_quality | missing_data | evidence_missing
    label: str  # Chinese name of the kind of signal
    points: Decimal  # points this signal puts in doubt (0 when none can be named)
    reason: str  # Chinese, says what was found and where
    key: str | None = None  # the indicator id / target the points belong to (for not counting twice)
    serious: bool = False  # an audit error, or points in doubt


@dataclass
class Entry:
    department: str
    total: Decimal | None
    grade: str | None
    signals: list[Signal] = field(default_factory=list)
    points_at_risk: Decimal = ZERO
    rank: int = 0
    ref: object = None  # the caller's handle (an evaluation id, a file name)

    @property
    def serious(self) -> int:
        return sum(1 for s in self.signals if s.serious)

    def reasons(self, limit: int | None = None) -> list[str]:
        ordered = sorted(self.signals, key=lambda s: (-s.points, not s.serious))
        return [s.reason for s in ordered[:limit]]


@dataclass(frozen=True, slots=True)
class Draw:
    riskiest: tuple[str, ...]
    random: tuple[str, ...]
    seed: int

    @property
    def chosen(self) -> tuple[str, ...]:
        return self.riskiest + self.random


# --------------------------------------------------------------------------- the signals

_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)


def weak_reason(text: str | None, rules: TriageRules) -> str | None:
    """Why ``text`` is no substantive reason (Chinese), or None when it is one."""
    plain = _PUNCT.sub("", unicodedata.normalize("NFKC", text or ""))
    if not plain:
        return "理由为空"
    rest = plain
    for phrase in sorted(rules.boilerplate, key=len, reverse=True):
        rest = rest.replace(phrase, "")
    if not rest:
        return f"理由只有套话“{_short(text or '')}”"
    if len(plain) < rules.min_reason_chars:
        return f"理由过短（“{_short(text or '')}”，{len(plain)} 个字）"
    return None


def _short(text: str, width: int = 20) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def judged_signals(card: Scorecard, data: DepartmentYear, rules: TriageRules) -> list[Signal]:
    """Judged parts and qualitative targets that earned points with no substantive reason."""
    out: list[Signal] = []
    for leaf in card.leaves():
        for part in leaf.parts:
            # parts answered with a reason (judgement answers); the targets part is checked target by target below
            if part.status is not Status.JUDGED or not part.score or part.reason is None:
                continue
            why = weak_reason(part.reason, rules)
            if why:
                out.append(Signal("weak_reason", "评判理由不充分", part.score,
                                  f"“{leaf.name}”评判得 {fmt_score(part.score)} 分，{why}", key=leaf.id, serious=True))
    for i, t in enumerate(data.targets or ()):
        if t.kind != "qualitative" or t.level is None:
            continue
        why = weak_reason(t.reason, rules)
        if why:
            points = t.score if t.score is not None else t.weight
            out.append(Signal("weak_reason", "评判理由不充分", points,
                              f"定性指标“{t.name}”评为“{t.level}”，{why}", key=f"targets[{i}]", serious=bool(points)))
    return out


def claimed_signals(card: Scorecard, claimed_total: Decimal | None,
                    claimed_scores: dict[str, Decimal] | None = None) -> list[Signal]:
    """Self-scores (a stored or published total, per-indicator scores) against the engine's."""
    out: list[Signal] = []
    names = {leaf.id: leaf for leaf in card.leaves()}
    over_by_indicator = ZERO
    for ident, claimed in (claimed_scores or {}).items():
        leaf = names.get(ident)
        if leaf is None or leaf.score is None or claimed == leaf.score:
            continue
        gap = claimed - leaf.score
        over_by_indicator += max(gap, ZERO)
        out.append(Signal("self_vs_recomputed", "自评分与复算不符", max(gap, ZERO),
                          f"“{leaf.name}”自评 {fmt_score(claimed)} 分，按其数据复算 {fmt_score(leaf.score)} 分",
                          key=ident, serious=gap > 0))
    if claimed_total is not None and claimed_total != card.total:
        gap = claimed_total - card.total
        points = max(gap - over_by_indicator, ZERO)  # what the indicators above do not already explain
        out.append(Signal("self_vs_recomputed", "自评分与复算不符", points,
                          f"自评总分 {fmt_score(claimed_total)} 分，按其数据复算 {fmt_score(card.total)} 分"
                          f"（{'高' if gap > 0 else '低'} {fmt_score(abs(gap))} 分）", key="total", serious=gap > 0))
    return out


def audit_signals(findings: Iterable[AuditSignal], where: str) -> list[Signal]:
    out: list[Signal] = []
    for f in findings:
        points = ZERO
        if f.claimed is not None and f.recomputed is not None and f.claimed > f.recomputed:
            points = f.claimed - f.recomputed
        key = f"audit:{f.indicator}" if f.indicator else None
        out.append(Signal("audit", f"{where}审核{f.severity_label}", points, f"{where}：{f.message}", key=key,
                          serious=f.severity == "error" or points > 0))
    return out


def target_signals(data: DepartmentYear, report: QualityReport, rules: TriageRules) -> list[Signal]:
    """Targets counted as met (or judged) whose target is unmeasurable or set low: their points are in doubt."""
    targets = list(data.targets or ())
    by_index: dict[int, list] = {}
    for f in report.findings:
        if f.code not in rules.target_codes_at_risk:
            continue
        m = re.match(r"targets\[(\d+)\]", f.field)
        if m:
            by_index.setdefault(int(m.group(1)), []).append(f)
    out: list[Signal] = []
    for row in report.rows:
        found = by_index.get(row.index)
        if not found or row.index >= len(targets):
            continue
        t = targets[row.index]
        awarded = row.status in ("met", "qualitative") and (t.kind != "qualitative" or t.level is not None)
        if t.adjusted_score is not None:
            earned = t.adjusted_score
        else:
            earned = t.score if t.kind == "qualitative" and t.score is not None else t.weight
        share = max(rules.target_codes_at_risk[f.code] for f in found)
        points = earned * share if awarded else ZERO
        message = "；".join(f.message for f in found)
        out.append(Signal("target_quality", "绩效目标质量", points,
                          f"绩效指标“{t.name}”{'计 ' + fmt_score(points) + ' 分，但' if points else ''}{message}",
                          key=f"targets[{row.index}]", serious=bool(points)))
    return out


def evidence_signals(card: Scorecard, evidenced: Iterable[str], rules: TriageRules,
                     asked: Iterable[str] = ()) -> list[Signal]:
    """佐证材料 (evidence files attached per indicator; known to the caller, e.g. the web app).

    An indicator whose points rest on a judgement (judged parts that earned points) with no evidence
    file attached puts ``evidence_missing_share`` of those points at risk; an indicator whose evidence
    the reviewer asked for (when returning the evaluation) and that still has none puts its whole
    score at risk."""
    have = set(evidenced)
    wanted = set(asked)
    out: list[Signal] = []
    for leaf in card.leaves():
        if leaf.id in have:
            continue
        if leaf.id in wanted:
            points = leaf.score or ZERO
            out.append(Signal("evidence_missing", "缺佐证材料", points,
                              f"“{leaf.name}”复核人要求补充佐证材料，仍未上传"
                              + (f"（该指标得 {fmt_score(points)} 分）" if points else ""), key=leaf.id, serious=True))
            continue
        judged = sum((part.score for part in leaf.parts if part.status is Status.JUDGED and part.score), ZERO)
        if not judged:
            continue
        points = (judged * rules.evidence_missing_share).quantize(CENT, rounding=ROUND_HALF_UP)
        out.append(Signal("evidence_missing", "缺佐证材料", points,
                          f"“{leaf.name}”评判得 {fmt_score(judged)} 分，未上传佐证材料", key=leaf.id, serious=bool(points)))
    return out


def missing_signals(card: Scorecard) -> list[Signal]:
    missing = [leaf.name for leaf in card.leaves() if leaf.status is Status.MISSING]
    if not missing:
        return []
    return [Signal("missing_data", "缺数据", ZERO, f"{len(missing)} 个指标缺数据：{'、'.join(missing[:5])}"
                   + ("等" if len(missing) > 5 else ""), serious=True)]


# --------------------------------------------------------------------------- ranking and the draw


def assess(department: str, card: Scorecard | None, signals: Sequence[Signal], *, ref: object = None) -> Entry:
    """One department's entry: its signals and the points they put at risk (each indicator counted once)."""
    keyed: dict[str, Decimal] = {}
    loose = ZERO
    for s in signals:
        if s.key is None:
            loose += s.points
        else:
            keyed[s.key] = max(keyed.get(s.key, ZERO), s.points)
    points = loose + sum(keyed.values(), ZERO)
    if card is not None:
        points = min(points, card.total)
    points = points.quantize(CENT, rounding=ROUND_HALF_UP)
    return Entry(department, card.total if card else None, card.grade if card else None, list(signals), points, ref=ref)


def rank(entries: Iterable[Entry]) -> list[Entry]:
    """Most points at risk first; then the most serious signals, the most signals, the name."""
    ordered = sorted(entries, key=lambda e: (-e.points_at_risk, -e.serious, -len(e.signals), e.department))
    for i, e in enumerate(ordered, 1):
        e.rank = i
    return ordered


def draw_sample(ranked: Sequence[Entry], riskiest: int, random_count: int, seed: int) -> Draw:
    """The ``riskiest`` first of the queue plus ``random_count`` drawn from the rest with ``seed``.

    The rest is put in name order before drawing, so the same seed over the same departments gives
    the same sample whatever order they were listed in.
    """
    if riskiest < 0 or random_count < 0:
        raise ValueError("抽查数量不能为负数")
    top = tuple(e.department for e in ranked[:riskiest])
    rest = sorted(e.department for e in ranked[riskiest:])
    picked = random.Random(seed).sample(rest, min(random_count, len(rest)))
    return Draw(top, tuple(sorted(picked)), seed)
