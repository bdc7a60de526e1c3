"""Checks that need no framework, on every score table the table model read: scores within 0 … 分值,
parents against the sums of their children (得分 and 分值), the total against the rows and the
level-1 subtotals, the prose total against the table's, grades against the bands the report states,
执行率 and its score, target rows (met/not met against full marks, 得分系数 × 权重), qualitative
targets scored in full with nothing to show, and lists against the counts stated with them."""

from __future__ import annotations

import re
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from ..extract import Extraction
from ..extract.numbers import Num, cell_number, find_numbers
from ..extract.scoremodel import ScoreItem, TableRead
from ..extract.text import key, norm
from ..model import Evidence, Finding, Severity
from .common import d, default_direction, direction_suffix, finding, q

HUNDRED = Decimal(100)
ZERO = Decimal(0)
_GE = re.compile(r"^(?:≥|>=|>|＞|不低于|不少于|大于|高于|至少|达到)")
_LE = re.compile(r"^(?:≤|<=|<|＜|不高于|不超过|小于|低于|控制在)")
_EQ = re.compile(r"^(?:=|＝|等于)")
_VAGUE = re.compile(r"提升|提高|改善|增强|加强|优化|完善|促进|推动|明显|有效|显著|进一步|稳步|持续")
_BANDS = re.compile(
    r"(?P<lo>\d{2,3}(?:\.\d+)?)\s*分?\s*(?:[(（]含\s*\d*\s*分?[)）])?\s*(?:及|或)?以上(?:\s*[(（]含[)）])?(?:的)?\s*(?:为|评为|定为|属于)?\s*[“\"「]?(?P<g>优秀|优|良好|良|中等|中|合格|及格|差|不合格)"
)
_GRADE_ORDER = {"优": 0, "良": 1, "中": 2, "合": 2, "及": 2, "差": 3, "不": 3}


def _fmt(n: Num | None) -> str:
    return "—" if n is None else d(n.value)


def _places(*nums: Num | None) -> int:
    return max([n.places for n in nums if n is not None] or [0])


def _same(a: Decimal, b: Decimal, places: int) -> bool:
    """Equal at the printed precision (half-up or cut)."""
    if a == b:
        return True
    step = Decimal(1).scaleb(-places)
    return any(a.quantize(step, rounding=r) == b.quantize(step, rounding=r) for r in (ROUND_HALF_UP, ROUND_DOWN))


def check_generic(ex: Extraction) -> list[Finding]:
    out: list[Finding] = []
    recognised = {id(r.view.table) for r in ex.reads if r.kind != "unrecognised"}
    for read in ex.reads:
        if read.kind == "unrecognised" and id(read.view.table) not in recognised and read.header and any(read.header) and read.rows:
            shown = " | ".join(h for h in read.header if h)[:80]
            out.append(finding(Severity.INFO, "table_unrecognised", f"表格未能对应已知版式，表头：{shown}", Evidence.of(read.loc, shown)))
    reads = [r for r in ex.score_reads if not r.garbled]
    if not any(i.max is not None or i.score is not None for r in ex.score_reads for i in r.items):
        out.append(finding(Severity.INFO, "no_score_table", "未读到评分表：未对评分表作复算，仅核对正文与其他表格中的数字", _first_ev(ex)))
    for read in reads:
        out += _ranges(read)
        out += _sums(read)
        out += _execution(read)
        out += _targets(read)
    out += _totals(ex, reads)
    out += _grade(ex)
    out += _lists(ex)
    out += _breakdowns(ex)
    out += _prose_rates(ex)
    return out


def _first_ev(ex: Extraction) -> Evidence | None:
    if ex.paras:
        return ex.paras[0].evidence(0, min(20, len(ex.paras[0].text)))
    return None


def _ranges(read: TableRead) -> list[Finding]:
    out = []
    for it in read.items:
        if it.score is None:
            continue
        if it.max is not None and it.score.value > it.max.value:
            out.append(finding(Severity.ERROR, "score_above_max", f"“{it.name}”得 {_fmt(it.score)} 分，超过其分值 {_fmt(it.max)} 分", it.score_ev, it.max_ev, indicator=it.name, claimed=it.score.value, recomputed=it.max.value))
        elif it.score.value < 0:
            out.append(finding(Severity.ERROR, "score_below_zero", f"“{it.name}”得分 {_fmt(it.score)} 为负", it.score_ev, indicator=it.name, claimed=it.score.value))
    return out


def _open_at_end(read: TableRead, it: ScoreItem) -> bool:
    """A group the document's end cut off: its children are not all there."""
    if not read.truncated or not read.items:
        return False
    last = read.items[-1]
    return it is last or (last.path[: len(it.path)] == it.path)


def _distinct(kids: list[ScoreItem]) -> list[ScoreItem]:
    """Children less a row printed twice with the same name, 分值 and 得分 (counted once; the
    repetition is reported on its own)."""
    seen: set[tuple] = set()
    out = []
    for k in kids:
        sig = (key(k.name), k.max.value if k.max else None, k.score.value if k.score else None)
        if sig in seen:
            continue
        seen.add(sig)
        out.append(k)
    return out


def _down(item: ScoreItem, what: str) -> Num | None:
    """An item's 分值 or 得分, or, when it prints none, the sum of its children's (all of them known)."""
    value = getattr(item, what)
    if value is not None or not item.children:
        return value
    parts = [_down(k, what) for k in _distinct(item.children)]
    if any(p is None for p in parts):
        return None
    total = sum((p.value for p in parts), ZERO)  # type: ignore[union-attr]
    places = max(p.places for p in parts)  # type: ignore[union-attr]
    return Num(total, "", "bare", places, 0, 0, d(total))


def _sums(read: TableRead) -> list[Finding]:
    out = []
    for it in read.items:
        kids = _distinct(it.children)
        if not kids or _open_at_end(read, it):
            continue
        maxes = [_down(k, "max") for k in kids]
        if it.max is not None and all(m is not None for m in maxes):
            total = sum((m.value for m in maxes), ZERO)  # type: ignore[union-attr]
            if total != it.max.value:
                parts = "+".join(_fmt(m) for m in maxes)
                out.append(finding(Severity.ERROR, "weight_sum", f"“{it.name}”印分值 {_fmt(it.max)}，其下级指标分值合计 {d(total)}（{parts}）", it.max_ev, indicator=it.name, claimed=it.max.value, recomputed=total))
        scores = [_down(k, "score") for k in kids]
        if all(s is not None for s in scores):
            total = sum((s.value for s in scores), ZERO)  # type: ignore[union-attr]
            for label, value, ev in ((None, it.score, it.score_ev), ("小计", it.subtotal[1] if it.subtotal else None, it.subtotal[2] if it.subtotal else None)):
                if value is not None and value.value != total:
                    parts = "+".join(_fmt(s) for s in scores)
                    what = f"“{it.name}”{'小计' if label else ''}得分 {_fmt(value)}"
                    out.append(finding(Severity.ERROR, "score_sum", f"{what}，其下级指标得分合计 {d(total)}（{parts}）", ev, indicator=it.name, claimed=value.value, recomputed=total))
        if it.subtotal and it.subtotal[0] is not None and all(m is not None for m in maxes):
            total = sum((m.value for m in maxes), ZERO)  # type: ignore[union-attr]
            if total != it.subtotal[0].value:
                out.append(finding(Severity.ERROR, "weight_sum", f"“{it.name}”小计分值 {_fmt(it.subtotal[0])}，其下级指标分值合计 {d(total)}", it.subtotal[2], indicator=it.name, claimed=it.subtotal[0].value, recomputed=total))
    return out


def claimed_total(ex: Extraction) -> tuple[Num, Evidence, str] | None:
    """The report's total: a score table's 合计/总分 row, else a label cell (自评总分 | 97.6), else prose."""
    for read in ex.score_reads:
        if read.total is not None and read.total[1] is not None:
            return read.total[1], read.total[2], "table"
    for num, ev, source in ex.meta.totals:
        return num, ev, source
    return None


def _totals(ex: Extraction, reads: list[TableRead]) -> list[Finding]:
    out: list[Finding] = []
    found = claimed_total(ex)
    table_totals = [(r.total[1], r.total[2]) for r in ex.score_reads if r.total is not None and r.total[1] is not None]
    prose = [(n, e) for n, e, s in ex.meta.totals if s == "prose"]
    if table_totals and prose:
        t, tev = table_totals[0]
        for n, e in prose:
            if n.value != t.value:
                out.append(finding(Severity.WARNING, "total_sources_disagree", f"报告总分前后不一：评分表 {_fmt(t)}，正文 {_fmt(n)}", tev, e, claimed=f"{d(t.value)} / {d(n.value)}"))
                break
    if found is None:
        return out
    total, tev, _ = found
    # Each score table's own 合计 row against its rows; the report's total against the whole scheme.
    for read in reads:
        if read.truncated:
            continue
        if read.total is not None and read.total[0] is not None:
            tops = [i for i in read.items if i.level == 1]
            if tops and all(i.max is not None for i in tops):
                got = sum((i.max.value for i in tops), ZERO)  # type: ignore[union-attr]
                if got != read.total[0].value:
                    out.append(finding(Severity.ERROR, "weight_sum", f"合计分值 {_fmt(read.total[0])}，一级指标分值合计 {d(got)}", read.total[2], indicator="合计", claimed=read.total[0].value, recomputed=got))
    candidates = _schemes(ex, reads)
    if not candidates:
        return out
    for label, items in candidates:
        got = sum((i.score.value for i in items), ZERO)  # type: ignore[union-attr]
        if got == total.value:
            return out
    label, items = candidates[0]
    got = sum((i.score.value for i in items), ZERO)  # type: ignore[union-attr]
    shown = "+".join(_fmt(i.score) for i in items[:12]) + ("+…" if len(items) > 12 else "")
    out.append(finding(Severity.ERROR, "total_mismatch", f"{label}得分合计 {d(got)}（{shown}），与报告总分 {_fmt(total)} 不符（差 {d(total.value - got)}）", tev, claimed=total.value, recomputed=got))
    return out


def _schemes(ex: Extraction, reads: list[TableRead]) -> list[tuple[str, list[ScoreItem]]]:
    """Sets of rows that make up the whole scheme (their 分值 add up to the total's, or to 100), each
    row scored: each table's leaves and its level-1 rows, and all execution rows with all target rows."""
    full = {HUNDRED}
    for r in reads:
        if r.total is not None and r.total[0] is not None:
            full.add(r.total[0].value)
    out: list[tuple[str, list[ScoreItem]]] = []

    def complete(items: list[ScoreItem]) -> bool:
        return bool(items) and all(i.max is not None and i.score is not None for i in items) and sum((i.max.value for i in items), ZERO) in full  # type: ignore[union-attr]

    for r in reads:
        if r.truncated:
            continue
        leaves = r.leaves()
        tops = [i for i in r.items if i.level == 1]
        whole = bool(tops) and all(i.max is not None for i in tops) and sum((i.max.value for i in tops), ZERO) in full  # type: ignore[union-attr]
        if complete(leaves) or (whole and leaves and all(i.score is not None for i in leaves)):
            out.append(("各末级指标", leaves))
        if tops != leaves and complete(tops):
            out.append(("各一级指标", tops))
    if not any(r.truncated for r in reads):
        combined = [i for r in reads if r.kind != "score_sheet" for i in r.leaves() if i.max is not None or i.score is not None]
        if complete(combined) and len({r.view.number for r in reads if r.kind != "score_sheet"}) > 1:
            out.append(("预算执行与各绩效指标", combined))
    return out


def _bands(ex: Extraction) -> list[tuple[Decimal, str]]:
    found: list[tuple[Decimal, str]] = []
    for p in ex.paras:
        for m in _BANDS.finditer(p.text):
            found.append((Decimal(m.group("lo")), m.group("g")[0]))
    return sorted(set(found), reverse=True)


def _grade(ex: Extraction) -> list[Finding]:
    if ex.sheet is not None or not ex.meta.grades:
        return []  # the framework's bands are checked with the framework
    bands = _bands(ex)
    total = claimed_total(ex)
    if not bands or total is None:
        return []
    want = next((g for lo, g in bands if total[0].value >= lo), None)
    if want is None:
        return []
    g, gev, _ = ex.meta.grades[0]
    if g != want and _GRADE_ORDER.get(g) != _GRADE_ORDER.get(want):
        return [finding(Severity.WARNING, "grade_mismatch", f"报告等级“{g}”与总分 {_fmt(total[0])} 按报告所述分档（{'、'.join(f'{d(lo)}分以上{x}' for lo, x in bands)}）应得的“{want}”不符", gev, claimed=g, recomputed=want)]
    return []


def _value(item: ScoreItem, role: str, pct: bool = True) -> Num | None:
    cell = item.values.get(role)
    return cell_number(cell, allow_pct=pct) if cell else None


def _percent(rate: Num | None) -> Num | None:
    """A rate printed as a fraction ("0.9902": a workbook read without its percent format) as a percent."""
    if rate is None or rate.unit == "%" or rate.value > Decimal("1.5"):
        return rate
    return Num(rate.value * HUNDRED, "%", "pct", max(rate.places - 2, 0), rate.start, rate.end, rate.text)


def _execution(read: TableRead) -> list[Finding]:
    out: list[Finding] = []
    for it in read.items:
        rate = _percent(_value(it, "rate"))
        executed = _value(it, "executed", False)
        budget = _value(it, "budget_full", False) or _value(it, "budget_initial", False)
        if rate is not None and executed is not None and budget is not None and budget.value > 0:
            exact = executed.value / budget.value * HUNDRED
            lo = max(ZERO, executed.value - executed.half_ulp) / (budget.value + budget.half_ulp) * HUNDRED
            hi = (executed.value + executed.half_ulp) / max(budget.value - budget.half_ulp, Decimal("1e-9")) * HUNDRED
            half = Decimal(1).scaleb(-rate.places) / 2
            if rate.value + half < lo or rate.value - half > hi:
                shown = exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
                out.append(finding(Severity.WARNING, "execution_rate_mismatch", f"“{it.name}”执行率表列 {rate.text}{'' if '%' in rate.text else f'（即 {d(rate.value)}%）'}，按全年执行数/全年预算数 {d(executed.value)}/{d(budget.value)} 为 {shown}%", it.value_ev.get("rate"), indicator=it.name, claimed=f"{d(rate.value)}%", recomputed=f"{shown}%"))
        if it.kind == "execution" and rate is not None and it.max is not None and it.score is not None:
            want = min(rate.value / HUNDRED * it.max.value, it.max.value)
            places = max(it.score.places, 1)
            if not _same(want, it.score.value, places) and abs(want - it.score.value) > Decimal("0.005"):
                shown = want.quantize(Decimal(1).scaleb(-max(places, 2)), rounding=ROUND_HALF_UP).normalize()
                out.append(finding(Severity.WARNING, "execution_score_mismatch", f"“{it.name}”得 {_fmt(it.score)} 分；执行率 {rate.text} × 分值 {_fmt(it.max)}（最高 {_fmt(it.max)}）应得 {d(shown)} 分", it.score_ev, it.value_ev.get("rate"), indicator=it.name, claimed=it.score.value, recomputed=shown))
    return out


def _parse_measure(text: str) -> tuple[str | None, Decimal, str] | None:
    t = norm(text).replace(" ", "")
    op = ">=" if _GE.match(t) else "<=" if _LE.match(t) else "=" if _EQ.match(t) else None
    nums = find_numbers(t)
    if len(nums) != 1:
        return None
    n = nums[0]
    before = t[: n.start]
    if before and op is None:
        return None
    suffix, tail = direction_suffix(t[n.end :])
    op = op or suffix
    if len(tail) > 4:
        return None
    unit = n.unit or tail
    return op, n.value, unit


def _direction(item: ScoreItem, target: tuple[str | None, Decimal, str]) -> str | None:
    if target[0]:
        return target[0]
    nature = item.values.get("nature", "")
    if "正向" in nature:
        return ">="
    if "反向" in nature:
        return "<="
    return default_direction(list(item.path[:-1]), item.name, target[2])


def _met(it: ScoreItem) -> tuple[bool, str, str] | None:
    """Whether a quantitative target row's completion meets its target (None when not decidable)."""
    target_text = it.values.get("target") or it.values.get("target_adjusted") or it.values.get("target_initial") or ""
    actual_text = it.values.get("actual", "")
    target, actual = _parse_measure(target_text), _parse_measure(actual_text)
    if target is None or actual is None:
        return None
    op = _direction(it, target)
    if op is None or (target[2] and actual[2] and target[2] != actual[2] and not (target[2] in actual[2] or actual[2] in target[2])):
        return None
    met = actual[1] >= target[1] if op == ">=" else actual[1] <= target[1] if op == "<=" else actual[1] == target[1]
    return met, norm(target_text), norm(actual_text)


def _coefficient(it: ScoreItem, coef: Num) -> list[Finding]:
    """A row with a printed 得分系数: the coefficient follows from the target (met → 100%), the score
    from the coefficient × 权重. One slip, one finding: a coefficient that contradicts a target the
    score agrees with is the coefficient's; a score that contradicts both is the score's."""
    assert it.max is not None and it.score is not None
    want = coef.value / HUNDRED * it.max.value
    places = max(it.score.places, 1)
    score_ok = _same(want, it.score.value, places)
    met = _met(it)
    if met is not None:
        ok, target_text, actual_text = met
        full = it.score.value == it.max.value
        coef_ok = coef.value == HUNDRED if ok else coef.value < HUNDRED
        if not coef_ok and (full == ok or score_ok):  # the score agrees with the target, or follows the wrong coefficient
            return [finding(Severity.WARNING, "target_coefficient_mismatch", f"“{it.name}”指标值 {target_text}，完成值 {actual_text}，{'已达到目标，得分系数应为 100%' if ok else '未达到目标，得分系数却为 100%'}，表列 {coef.text}", it.value_ev.get("coef"), it.score_ev, indicator=it.name, claimed=f"{d(coef.value)}%", recomputed="100%" if ok else None)]
        if coef_ok and full != ok:
            what = f"已达到目标，得分系数 {coef.text}，却只得 {_fmt(it.score)} 分（权重 {_fmt(it.max)}）" if ok else f"未达到目标，却得满分 {_fmt(it.max)} 分"
            return [finding(Severity.WARNING, "target_score_mismatch", f"“{it.name}”指标值 {target_text}，完成值 {actual_text}，{what}", it.score_ev, indicator=it.name, claimed=it.score.value, recomputed=it.max.value if ok else None)]
    if not score_ok:
        return [finding(Severity.WARNING, "target_coefficient_mismatch", f"“{it.name}”得分系数 {coef.text} × 权重 {_fmt(it.max)} = {d(want.normalize())}，表列得分 {_fmt(it.score)}", it.score_ev, it.value_ev.get("coef"), indicator=it.name, claimed=it.score.value, recomputed=want.normalize())]
    return []


def _targets(read: TableRead) -> list[Finding]:
    out: list[Finding] = []
    has_coef = read.col("coef") is not None
    for it in read.leaves():
        if it.max is None or it.score is None or it.values.get("truncated"):
            continue
        coef = _value(it, "coef")
        if coef is not None:
            out += _coefficient(it, coef)
            continue
        if has_coef:
            continue
        target_text = it.values.get("target") or it.values.get("target_adjusted") or it.values.get("target_initial") or ""
        actual_text = it.values.get("actual", "")
        if not target_text or not actual_text:
            continue
        target, actual = _parse_measure(target_text), _parse_measure(actual_text)
        if target is None or actual is None:
            if target is None and actual is None and _VAGUE.search(target_text) and it.score.value == it.max.value:
                if not re.search(r"\d", actual_text) and (key(actual_text) == key(target_text) or _VAGUE.search(actual_text)) and not it.values.get("deviation"):
                    out.append(finding(Severity.WARNING, "qualitative_full_marks", f"“{it.name}”为定性目标（{norm(target_text)[:16]}），完成情况“{norm(actual_text)[:16]}”未列任何佐证，却得满分 {_fmt(it.max)} 分", it.score_ev, indicator=it.name, claimed=it.score.value))
            continue
        op = _direction(it, target)
        if op is None or (target[2] and actual[2] and target[2] != actual[2] and not (target[2] in actual[2] or actual[2] in target[2])):
            continue
        met = actual[1] >= target[1] if op == ">=" else actual[1] <= target[1] if op == "<=" else actual[1] == target[1]
        full = it.score.value == it.max.value
        if met and not full:
            out.append(finding(Severity.WARNING, "target_score_mismatch", f"“{it.name}”指标值 {norm(target_text)}，完成值 {norm(actual_text)}，已达到目标，却只得 {_fmt(it.score)} 分（分值 {_fmt(it.max)}）", it.score_ev, indicator=it.name, claimed=it.score.value, recomputed=it.max.value))
        elif not met and full and not _rounds_to_full(it, op, target[1], actual[1]):
            out.append(finding(Severity.WARNING, "target_score_mismatch", f"“{it.name}”指标值 {norm(target_text)}，完成值 {norm(actual_text)}，未达到目标，却得满分 {_fmt(it.max)} 分", it.score_ev, indicator=it.name, claimed=it.score.value))
    return out


def _rounds_to_full(it: ScoreItem, op: str, target: Decimal, actual: Decimal) -> bool:
    """A target missed by so little that the proportional score rounds to full marks (≤3.23% with
    3.26%: 0.5 × 99.08% = 0.4954 → 0.50)."""
    assert it.max is not None and it.score is not None
    if op == ">=" and target > 0:
        ratio = actual / target
    elif op == "<=" and actual > 0:
        ratio = target / actual
    else:
        return False
    return q(it.max.value * ratio, max(2, it.score.places)) == it.max.value


def _lists(ex: Extraction) -> list[Finding]:
    out = []
    for c in ex.lists:
        seen: dict[str, int] = {}
        for x in c.items:
            seen[key(x)] = seen.get(key(x), 0) + 1
        dupes = [x for x, n in seen.items() if n > 1]
        distinct = len(seen)
        if distinct != c.count or dupes:
            extra = f"（其中“{'、'.join(dupes)}”重复，不重复的 {distinct} 个）" if dupes else ""
            out.append(finding(Severity.WARNING, "list_count_mismatch", f"正文称{c.what or '共有'} {c.count} 个，随后列出 {len(c.items)} 个{extra}", c.ev, claimed=Decimal(c.count), recomputed=Decimal(distinct)))
    return out


_BY = re.compile(r"按(?:资金)?(?:来源|用途|支出用途|支出功能|经济分类|功能分类|支出性质|资金性质|性质)[^，。；,]{0,4}?(?:分|划分|统计)?[，,：:]")


_AMONG = re.compile(r"(?<=万元)[，,]?\s*其中[，,：:]?")


def _stated_breakdowns(ex: Extraction) -> list[Finding]:
    """'X 万元。按资金来源分，A、B、C；按支出用途分，D、E。': each breakdown against X and the other."""
    out = []
    for p in ex.paras:
        marks: list = list(_BY.finditer(p.text))
        if len(marks) == 1:  # "X 万元，其中 A、B；按资金来源分，C、D": the 其中 is the first breakdown
            start = max(p.text.rfind(c, 0, marks[0].start()) for c in "。") + 1
            among = [m for m in _AMONG.finditer(p.text, start, marks[0].start())]
            marks = among[-1:] + marks
        if len(marks) < 2:
            continue
        nums = [n for n in find_numbers(p.text) if n.kind == "money"]
        before = [n for n in nums if n.end <= marks[0].start()]
        total = before[-1] if before else None
        sums = []
        for i, m in enumerate(marks):
            end = marks[i + 1].start() if i + 1 < len(marks) else len(p.text)
            stop = p.text.find("。", m.end())
            end = min(end, stop if stop >= 0 else end)
            parts = [n for n in nums if m.end() <= n.start < end]
            if len(parts) >= 2:
                sums.append((m, sum((n.value for n in parts), ZERO), sum((n.half_ulp for n in parts), ZERO)))
        if len(sums) < 2:
            continue
        ref = total.value if total is not None else sums[0][1]
        for m, got, tol in sums if total is not None else sums[1:]:
            if abs(got - ref) > tol + (total.half_ulp if total is not None else ZERO):
                label = p.text[m.start() : m.end()].rstrip("，,：:")
                out.append(finding(Severity.WARNING, "breakdown_mismatch", f"{'金额 ' + d(ref) + ' 万元' if total is not None else '同一金额'}{label}合计 {d(got)}，与{'该金额' if total is not None else '另一种分解'}不符（差 {d(ref - got)}）",
                                   p.evidence(m.start(), m.end()), claimed=ref, recomputed=got))
    return out


def _breakdowns(ex: Extraction) -> list[Finding]:
    """One amount broken down twice (by source and by use) into parts that give different sums."""
    out = _stated_breakdowns(ex)
    sums = [s for s in ex.sums if s.total.kind == "money" and len(s.parts) >= 2]
    done: set[int] = set()
    for i, a in enumerate(sums):
        for j in range(i + 1, len(sums)):
            b = sums[j]
            if j in done or a.total.value != b.total.value:
                continue
            sa = sum((p.value for p in a.parts), ZERO)
            sb = sum((p.value for p in b.parts), ZERO)
            tol = sum((p.half_ulp for p in a.parts + b.parts), ZERO)
            if abs(sa - sb) > tol:
                done.add(j)
                out.append(finding(Severity.WARNING, "breakdown_mismatch", f"同一金额 {d(a.total.value)} 万元的两种分解不一致：一处合计 {d(sa)}，另一处合计 {d(sb)}", a.ev, b.ev, claimed=a.total.value, recomputed=f"{d(sa)} / {d(sb)}"))
    return out


_RATE_SENTENCE = re.compile(r"分值\s*(?P<w>\d{1,3}(?:\.\d{1,2})?)\s*分[，,]?\s*(?:实际)?得分\s*(?P<s>\d{1,3}(?:\.\d{1,2})?)\s*分[，,]?\s*得分率(?:为|是|达)?\s*(?P<p>\d{1,3}(?:\.\d{1,2})?)\s*%")


def _prose_rates(ex: Extraction) -> list[Finding]:
    """'分值 50 分，得分 49 分，得分率为 99%' in one sentence (with no framework to name the indicator)."""
    if ex.sheet is not None:
        return []
    out = []
    for p in ex.paras:
        for m in _RATE_SENTENCE.finditer(p.text):
            w, s, pct = Decimal(m.group("w")), Decimal(m.group("s")), Decimal(m.group("p"))
            if w <= 0:
                continue
            places = len(m.group("p").split(".")[1]) if "." in m.group("p") else 0
            got = (s / w * HUNDRED).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
            if got != pct:
                start = max(p.text.rfind(c, 0, m.start()) for c in "。；") + 1
                name = re.sub(r"(?:指标)?$", "", p.text[start : m.start()].strip("，, "))[:16] or None
                out.append(finding(Severity.WARNING, "score_rate_mismatch", f"“{name or '该项'}”得分 {d(s)}/分值 {d(w)} = {d(got)}%，报告写得分率 {d(pct)}%", p.evidence(m.start(), m.end()), indicator=name, claimed=f"{d(pct)}%", recomputed=f"{d(got)}%"))
    return out
