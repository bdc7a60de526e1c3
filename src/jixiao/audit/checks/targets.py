"""个性指标 (target vs actual): each row's score recomputed with the framework's own targets rule,
and statements that every target was met checked against the table."""

from __future__ import annotations

import re
from decimal import Decimal

from ...core.rules.targets import TargetsRule
from ..extract import Extraction
from ..extract.numbers import find_numbers
from ..extract.tabledata import TargetRow
from ..extract.text import key, norm
from ..model import Evidence, Finding, Severity
from .common import d, default_direction, direction_suffix, finding, q

_DIRECTION = re.compile(r"^\s*(?P<op>>=|≥|>|不低于|不少于|至少|<=|≤|<|不高于|不超过|低于|=|＝)?\s*")
_OPS = {">=": ">=", "≥": ">=", ">": ">=", "不低于": ">=", "不少于": ">=", "至少": ">=", "<=": "<=", "≤": "<=",
        "<": "<=", "不高于": "<=", "不超过": "<=", "低于": "<=", "=": "=", "＝": "="}
_ALL_MET = re.compile(r"均已完成|全部完成|均已达到|全部达到|均已实现|均完成|均达到")


def parse_value(text: str) -> tuple[str | None, Decimal, str] | None:
    """(direction or None, value, unit) of a target or actual like "≥95%", "1200万平方米", "0"."""
    t = norm(text)
    m = _DIRECTION.match(t)
    op = _OPS.get(m.group("op") or "") if m else None
    rest = t[m.end():] if m else t
    nums = find_numbers(rest)
    if not nums or nums[0].start != 0:
        return None
    n = nums[0]
    suffix, tail = direction_suffix(rest[n.end :].strip())
    op = op or suffix
    unit = n.unit or tail[:8]
    value = n.value if n.kind != "money" else n.value  # money already in 万元
    if len(tail) > 10 and not n.unit:
        return None  # a sentence that starts with a number, not a value
    return op, value, unit


def _category(t: TargetRow, rule: TargetsRule) -> str | None:
    if rule.categories is None:
        return t.category or None
    for c in rule.categories:
        for text in (t.category, t.top):
            k = key(text)
            if k and (k == key(c) or (len(k) >= 4 and (k in key(c) or key(c) in k))):
                return c
    return None


def target_to_input(t: TargetRow, rule: TargetsRule) -> dict | None:
    cat = _category(t, rule)
    base: dict = {"name": norm(t.name)[:80] or "指标", "weight": str(t.weight.value)}  # type: ignore[union-attr]
    if cat:
        base["category"] = cat
    target = parse_value(t.target)
    actual = parse_value(t.actual)
    if target is not None and actual is not None:
        op = row_direction(t, target)
        return base | {"kind": "quantitative", "direction": op, "target": str(target[1]), "actual": str(actual[1]),
                       "unit": target[2] or actual[2] or None}
    if t.score is None:
        return None
    share = t.score.value / t.weight.value if t.weight and t.weight.value else None  # type: ignore[union-attr]
    level = next((lv for lv in rule.levels if share is not None and lv.min_pct <= share <= lv.max_pct), None)
    if level is None:
        return None
    return base | {"kind": "qualitative", "level": level.id, "score": str(t.score.value), "reason": "报告自评得分（定性指标）",
                   "target_text": norm(t.target) or None, "actual_text": norm(t.actual) or None}


def check_targets(ex: Extraction) -> list[Finding]:
    out: list[Finding] = []
    if ex.sheet is None:
        rules: list[TargetsRule] = []
    else:
        rules = [p.rule for _, ind in ex.sheet.index.framework.leaves() for p in ind.parts or () if isinstance(p.rule, TargetsRule)]
    rule = rules[0] if rules else TargetsRule(kind="targets", criterion="个性指标")
    for t in ex.targets:
        if t.weight is None or t.score is None:
            continue
        if t.score.value > t.weight.value:
            out.append(finding(Severity.ERROR, "target_above_weight", f"个性指标“{norm(t.name)[:30]}”得 {d(t.score.value)} 分，超过其权重 {d(t.weight.value)} 分", t.score_ev, t.weight_ev, claimed=t.score.value, recomputed=t.weight.value))
            continue
        target, actual = parse_value(t.target), parse_value(t.actual)
        if target is None or actual is None:
            share = actual[1] if actual is not None and actual[2] == "%" else None
            if share is not None and share < 100 and target is None:
                by_share = q(t.weight.value * share / 100, 2)
                if by_share != t.score.value:
                    out.append(finding(Severity.INFO, "target_unexplained", f"个性指标“{norm(t.name)[:30]}”目标为定性表述（{norm(t.target)[:12]}），实际 {norm(t.actual)} 得 {d(t.score.value)} 分，未说明折算标准；按完成比例计为 {d(by_share)} 分", t.score_ev, claimed=t.score.value, recomputed=by_share))
            continue
        rec = _target_input(t, target, actual)
        coef, how = rule.coefficient(rec, rule.cap_pct)
        if coef is None:
            continue
        want = coef * t.weight.value
        printed = t.score.value
        places = max(2, t.score.places)
        # the completion rate is commonly rounded as printed (95.00%) before it is multiplied
        printed_rate = q(coef * 100, 2) / 100 * t.weight.value
        if q(want, places) != printed and q(want, places, "truncate") != printed and abs(want - printed) > Decimal("0.005") and q(printed_rate, places) != printed:
            out.append(finding(Severity.WARNING, "target_score_mismatch", f"个性指标“{norm(t.name)[:30]}”按目标值与实际值计算（{how}）应得 {d(q(want, 2))} 分，报告得 {d(printed)} 分", t.score_ev, claimed=printed, recomputed=q(want, 2)))
    out.extend(_all_met(ex))
    out.extend(_weights(ex))
    return out


def _weights(ex: Extraction) -> list[Finding]:
    """A targets indicator whose listed 个性指标 weights do not add up to its points."""
    from .build import belongs  # (build imports this module)

    if ex.sheet is None:
        return []
    fw = ex.sheet.index.framework
    parts = [(ind, p) for _, ind in fw.leaves() for p in ind.parts or () if isinstance(p.rule, TargetsRule)]
    out = []
    for ind, part in parts:
        mine = [t for t in ex.targets if t.weight is not None and belongs(t, part.rule, len(parts))]  # type: ignore[arg-type]
        if not mine or not any(t.score is not None for t in mine):
            continue
        total = sum((t.weight.value for t in mine), Decimal(0))  # type: ignore[union-attr]
        if total != part.points:
            shown = "+".join(d(t.weight.value) for t in mine)  # type: ignore[union-attr]
            out.append(finding(Severity.WARNING, "target_weights", f"计入“{ind.name}”的个性指标权重合计 {d(total)}（{shown}），与该指标分值 {d(part.points)} 不符", mine[0].weight_ev, indicator=ind.name, claimed=total, recomputed=part.points))
    return out


class _Rec:
    """The minimal target object TargetsRule.coefficient reads."""

    def __init__(self, direction: str, target: Decimal, actual: Decimal, unit: str):
        self.kind = "quantitative"
        self.direction = direction
        self.target = target
        self.actual = actual
        self.unit = unit


def row_direction(t: TargetRow, target: tuple) -> str:
    """A target row's direction: written with its value (≥95%, 9月前), else as
    :func:`~.common.default_direction` says from its groups, name and unit."""
    if target[0]:
        return target[0]
    return default_direction([t.category, t.top], t.name, target[2])


def _target_input(t: TargetRow, target: tuple, actual: tuple) -> _Rec:
    op = row_direction(t, target)
    return _Rec(op, target[1], actual[1], target[2] or actual[2] or "")


def _all_met(ex: Extraction) -> list[Finding]:
    out: list[Finding] = []
    for view in {id(t.view): t.view for t in ex.targets}.values():
        claim = _ALL_MET.search(view.before)
        if not claim:
            continue
        missed = []
        for t in (x for x in ex.targets if x.view is view):
            target, actual = parse_value(t.target), parse_value(t.actual)
            if target is None or actual is None or target[2] != actual[2]:
                continue
            op = row_direction(t, target)
            if (op == ">=" and actual[1] < target[1]) or (op == "<=" and actual[1] > target[1]) or (op == "=" and actual[1] != target[1]):
                missed.append(t)
        if missed:
            t = missed[0]
            names = "、".join(f"“{norm(m.name)[:24]}”（指标值 {norm(m.target)}，实际 {norm(m.actual)}）" for m in missed[:3])
            out.append(finding(Severity.WARNING, "targets_not_all_met", f"表前称绩效目标“{claim.group(0)}”，但表中 {len(missed)} 项未达到指标值：{names}", _row_ev(t)))
    return out


def _row_ev(t: TargetRow) -> Evidence:
    return Evidence.of(t.row.loc(0), " ".join(c for c in t.row.cells if c))
