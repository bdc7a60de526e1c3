"""Tables against themselves and the prose around them: 合计 rows, columns that are the difference
of two others, 序号 that repeat, row counts the text states, 执行率 against 支出/预算 (allowing
for the rounding of the printed amounts), and the quarterly execution table's own arithmetic."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

from ..extract import Extraction
from ..extract.numbers import Num, cell_number, is_dash
from ..extract.scoretable import is_score_table
from ..extract.tabledata import ProjectTable, is_target_table
from ..extract.tables import TView
from ..extract.text import norm
from ..model import Evidence, Finding, Severity
from .common import d, finding, q

HUNDRED = Decimal(100)
ZERO = Decimal(0)
_THRESHOLD = re.compile(r"(?:执行率|完成率|支出进度)\s*(\d+(?:\.\d+)?)\s*%\s*(以上|及以上|以下|低于)?\s*(?:[（(]含[)）])?\s*(?:的项目)?\s*(\d+)\s*个")
_BELOW = re.compile(r"(?:执行率|完成率)\s*(?:低于|不足|小于)\s*(\d+(?:\.\d+)?)\s*%\s*的?项目\s*(\d+)\s*个")


def _rate_bounds(p_budget: Num, p_spent: Num) -> tuple[Decimal, Decimal]:
    hb, hs = p_budget.half_ulp, p_spent.half_ulp
    lo_den = p_budget.value + hb
    hi_den = max(p_budget.value - hb, Decimal("1e-9"))
    return max(ZERO, p_spent.value - hs) / lo_den * HUNDRED, (p_spent.value + hs) / hi_den * HUNDRED


def check_projects(ex: Extraction) -> list[Finding]:
    out: list[Finding] = []
    for table in ex.projects:
        out.extend(_sequence(ex, table))
        out.extend(_project_rates(table))
        out.extend(_thresholds(ex, table))
    return out


def _sequence(ex: Extraction, table: ProjectTable) -> list[Finding]:
    out: list[Finding] = []
    rows = table.rows
    seqs = [r.seq.strip() for r in rows if r.seq.strip().isdigit()]
    dupes = sorted({s for s, n in Counter(seqs).items() if n > 1}, key=int)
    first_ev = Evidence.of(rows[0].row.loc(0), " ".join(c for c in rows[0].row.cells if c))
    if dupes:
        where = [Evidence.of(r.row.loc(0), f"{r.seq} {r.name}") for r in rows if r.seq.strip() in dupes][:4]
        out.append(finding(Severity.WARNING, "sequence_repeated", f"项目表序号 {'、'.join(dupes)} 各出现不止一次：表中实有 {len(rows)} 行，最大序号 {max(int(s) for s in seqs)}", *where))
    claims = [c for c in ex.counts if c.what == "project"]
    stated = {c.num.value for c in claims}
    if claims and len(rows) not in stated and len(stated) == 1:
        c = claims[0]
        extra = f"（最大序号为 {max(int(s) for s in seqs)}，序号有重复）" if dupes and max(int(s) for s in seqs) == c.num.value else ""
        out.append(finding(Severity.WARNING, "count_vs_table", f"正文称 {d(c.num.value)} 个项目，所附项目表列 {len(rows)} 行{extra}", c.ev, first_ev, claimed=c.num.value, recomputed=Decimal(len(rows))))
    return out


def _project_rates(table: ProjectTable) -> list[Finding]:
    beyond: list[tuple] = []
    near: list[tuple] = []
    for r in table.rows:
        if r.budget is None or r.spent is None or r.rate is None or r.budget.value <= 0:
            continue
        lo, hi = _rate_bounds(r.budget, r.spent)
        half = Decimal(1).scaleb(-r.rate.places) / 2
        point = r.spent.value / r.budget.value * HUNDRED
        if r.rate.value + half < lo or r.rate.value - half > hi:
            beyond.append((r, point))
        elif q(point, r.rate.places) != r.rate.value:
            near.append((r, point))
    out: list[Finding] = []
    if beyond:
        shown = "；".join(f"{norm(r.seq)} {norm(r.name)[:14]} {d(r.spent.value)}/{d(r.budget.value)} = {q(p, 2)}%，表列 {r.rate.text}" for r, p in beyond[:6])
        more = f" 等 {len(beyond)} 行" if len(beyond) > 6 else ""
        out.append(finding(Severity.WARNING, "project_rate_mismatch", f"项目执行率与支出/预算不符（超出所列金额的尾数误差）：{shown}{more}",
                           *[Evidence.of(r.row.loc(table.rate_col or 0), f"{r.seq} {r.name[:16]} {r.rate.text}") for r, _ in beyond[:4]]))
    if near:
        shown = "；".join(f"{norm(r.seq)} {d(r.spent.value)}/{d(r.budget.value)} = {q(p, 2)}%，表列 {r.rate.text}" for r, p in near[:5])
        out.append(finding(Severity.INFO, "project_rate_rounding", f"{len(near)} 行执行率与所列支出/预算直接相除不同，但在金额尾数误差之内（如 {shown}）",
                           *[Evidence.of(r.row.loc(table.rate_col or 0), f"{r.seq} {r.name[:16]} {r.rate.text}") for r, _ in near[:2]]))
    return out


def _thresholds(ex: Extraction, table: ProjectTable) -> list[Finding]:
    out: list[Finding] = []
    rates = [(r, r.rate.value if r.rate is not None else (r.spent.value / r.budget.value * HUNDRED if r.budget and r.spent and r.budget.value else None)) for r in table.rows]
    for p in ex.paras:
        for m in _THRESHOLD.finditer(p.text):
            level, how, n = Decimal(m.group(1)), m.group(2) or "以上", int(m.group(3))
            below = how in ("以下", "低于")
            def count(rows: list) -> int:
                return sum(1 for _, v in rows if v is not None and ((v < level) if below else (v >= level)))

            got = count(rates)
            if got != n:
                hint = _without_repeats(rates, count, n)
                out.append(finding(Severity.WARNING, "threshold_count_mismatch", f"正文称执行率（完成率）{m.group(1)}%{how} {n} 个，按项目表所列执行率为 {got} 个{hint}", p.evidence(m.start(), m.end()), claimed=Decimal(n), recomputed=Decimal(got)))
        for m in _BELOW.finditer(p.text):
            level, n = Decimal(m.group(1)), int(m.group(2))
            got = sum(1 for _, v in rates if v is not None and v < level)
            if got != n:
                out.append(finding(Severity.WARNING, "threshold_count_mismatch", f"正文称执行率低于 {m.group(1)}% 的项目 {n} 个，按项目表为 {got} 个", p.evidence(m.start(), m.end()), claimed=Decimal(n), recomputed=Decimal(got)))
    return out


def _without_repeats(rates: list, count, n: int) -> str:
    """Does the stated count hold once the rows whose 序号 repeats are left out?"""
    seen: dict[str, int] = {}
    first, second = [], []
    for r, v in rates:
        s = r.seq.strip()
        (second if s in seen else first).append((r, v))
        seen[s] = seen.get(s, 0) + 1
    dup = {s for s, k in seen.items() if k > 1 and s}
    if not dup:
        return ""
    drop_first = [(r, v) for r, v in rates if not (r.seq.strip() in dup and (r, v) in first)]
    drop_second = [(r, v) for r, v in rates if (r, v) not in second]
    for label, rows in (("第一组", drop_first), ("第二组", drop_second)):
        if count(rows) == n:
            return f"；剔除重复序号 {'、'.join(sorted(dup, key=int))} 的{label}后恰为 {n} 个，正文统计似未含这几行"
    return ""


def _numeric_columns(view: TView) -> list[int]:
    width = max((len(r.cells) for r in view.rows), default=0)
    out = []
    for i in range(1, width):
        cells = [r.cells[i] for r in view.rows if i < len(r.cells) and r.cells[i]]
        nums = [c for c in cells if cell_number(c) is not None or is_dash(c)]
        if len(cells) >= 3 and len(nums) >= 0.8 * len(cells) and any(cell_number(c) is not None for c in cells):
            out.append(i)
    return out


def _num(cell: str) -> Num | None:
    if is_dash(cell):
        return Num(ZERO, "", "bare", 2, 0, 0, cell)
    return cell_number(cell)


def check_numeric_tables(ex: Extraction) -> list[Finding]:
    out: list[Finding] = []
    for view in ex.views:
        if is_score_table(view) or is_target_table(view) or not view.rows:
            continue
        cols = _numeric_columns(view)
        if not cols:
            continue
        total_rows = [r for r in view.rows if re.match(r"^(合计|总计|小计)", r.first.replace(" ", ""))]
        body = [r for r in view.rows if r not in total_rows and not r.first.replace(" ", "").startswith(("其中", "其中:", "其中："))
                and not re.match(r"^(第?[一二三四1-4]季度|平均|总得分)", r.first.replace(" ", ""))]
        out.extend(_totals(view, cols, total_rows, body))
        out.extend(_differences(view, cols, total_rows, body))
        names = Counter(norm(r.first) for r in body if r.first and not r.first.replace(" ", "").isdigit())
        for name, n in names.items():
            if n > 1 and len(name) >= 2:
                rows = [r for r in body if norm(r.first) == name]
                out.append(finding(Severity.INFO, "row_repeated", f"表中“{name}”列示 {n} 次", *[Evidence.of(r.loc(0), " ".join(c for c in r.cells if c)) for r in rows][:3]))
    return out


def _totals(view: TView, cols: list[int], totals: list, body: list) -> list[Finding]:
    out: list[Finding] = []
    rounding: list[str] = []
    for trow in totals:
        for i in cols:
            if i >= len(trow.cells) or cell_number(trow.cells[i]) is None or cell_number(trow.cells[i], allow_pct=False) is None:
                continue
            if "%" in view.header[i] if i < len(view.header) else False:
                continue
            total = cell_number(trow.cells[i])
            items = [_num(r.cells[i]) for r in body if i < len(r.cells) and r.cells[i]]
            items = [n for n in items if n is not None]
            if len(items) < 2 or total is None:
                continue
            got = sum((n.value for n in items), ZERO)
            if got == total.value:
                continue
            tol = sum((n.half_ulp for n in items), ZERO) + total.half_ulp
            head = view.header[i] if i < len(view.header) else f"第{i + 1}列"
            if abs(got - total.value) <= tol:
                rounding.append(f"{head}：各行合计 {d(got)}，合计行 {d(total.value)}")
                continue
            out.append(finding(Severity.WARNING, "table_total_mismatch", f"表“{head}”列各行合计 {d(got)}，合计行为 {d(total.value)}（差 {d(total.value - got)}）", Evidence.of(trow.loc(i), trow.cells[i]), claimed=total.value, recomputed=got))
    if rounding:
        out.append(finding(Severity.INFO, "table_total_rounding", "合计行与各行之和有尾差（在四舍五入误差之内）：" + "；".join(rounding[:4]), Evidence.of(totals[0].loc(0), " ".join(c for c in totals[0].cells if c))))
    return out


def _differences(view: TView, cols: list[int], totals: list, body: list) -> list[Finding]:
    out: list[Finding] = []
    for c in sorted(cols, reverse=True):
        for a in cols:
            for b in cols:
                if len({a, b, c}) < 3 or c < max(a, b):
                    continue
                rows = [(r, _num(r.cells[a]) if a < len(r.cells) else None, _num(r.cells[b]) if b < len(r.cells) else None, _num(r.cells[c]) if c < len(r.cells) else None) for r in body + totals]
                full = [(r, x, y, z) for r, x, y, z in rows if x is not None and y is not None and z is not None and r.cells[c]]
                body_full = [t for t in full if t[0] in body]
                if len(body_full) < 4:
                    continue
                hits = sum(1 for _, x, y, z in body_full if x.value - y.value == z.value)
                if hits < 0.8 * len(body_full):
                    continue
                bad = [(r, x, y, z) for r, x, y, z in full if x.value - y.value != z.value]
                if not bad:
                    return _gross(view, c, b if "年初" in _header(view, b) else a, body, totals)
                head = view.header[c] if c < len(view.header) else f"第{c + 1}列"
                shown = "；".join(f"{norm(r.first)[:12]} {d(x.value)}−{d(y.value)} = {d(x.value - y.value)}，表列 {z.text}" for r, x, y, z in bad[:4])
                sev = Severity.INFO if all(abs(x.value - y.value - z.value) <= x.half_ulp + y.half_ulp + z.half_ulp for _, x, y, z in bad) else Severity.WARNING
                out.append(finding(sev, "difference_column_mismatch", f"“{head}”列应为前两列之差，{len(bad)} 行不符：{shown}", *[Evidence.of(r.loc(c), r.cells[c]) for r, _, _, _ in bad[:3]]))
                out.extend(_gross(view, c, b if "年初" in _header(view, b) else a, body, totals))
                return out
    return out


def _header(view: TView, i: int) -> str:
    """Column ``i``'s heading ('' when the heading row is shorter than the table's rows)."""
    return view.header[i] if i < len(view.header) else ""


def _gross(view: TView, c: int, a: int, body: list, totals: list) -> list[Finding]:
    head = view.header[c] if c < len(view.header) else ""
    if not ("调整" in head or "调剂" in head):
        return []
    values = [_num(r.cells[c]) for r in body if c < len(r.cells)]
    values = [v for v in values if v is not None]
    if not any(v.value < 0 for v in values) or not any(v.value > 0 for v in values):
        return []
    net = sum((v.value for v in values), ZERO)
    gross = sum((abs(v.value) for v in values), ZERO)
    base = next((cell_number(t.cells[a]) for t in totals if a < len(t.cells)), None)
    share = f"，占年初 {d(base.value)} 的 {q(gross / base.value * HUNDRED, 2)}%（净额占 {q(net / base.value * HUNDRED, 2)}%）" if base is not None and base.value else ""
    return [finding(Severity.INFO, "adjustment_gross", f"调整、调剂明细有增有减：净额 {d(net)}，按绝对值累计 {d(gross)}{share}；评分标准“调整、调剂资金累计”若按累计额计，结果可能不同", Evidence.of(body[0].loc(c), body[0].cells[c]))]


def check_quarter_table(ex: Extraction) -> list[Finding]:
    out: list[Finding] = []
    rows = {r.quarter: r for r in ex.quarter_rows}
    schedule = {1: Decimal(25), 2: Decimal(50), 3: Decimal(75), 4: Decimal(100)}
    ratios: list[Decimal] = []
    scores: list[Decimal] = []
    for qn in (1, 2, 3, 4):
        r = rows.get(qn)
        if r is None:
            continue
        if r.spent is not None and r.base is not None and r.progress is not None and r.base.value:
            lo, hi = _rate_bounds(r.base, r.spent)
            half = Decimal(1).scaleb(-r.progress.places) / 2
            if r.progress.value + half < lo or r.progress.value - half > hi:
                out.append(finding(Severity.WARNING, "quarter_progress_mismatch", f"第{qn}季度进度表列 {r.progress.text}，按 {d(r.spent.value)}/{d(r.base.value)} 为 {q(r.spent.value / r.base.value * HUNDRED, 2)}%", r.ev))
        if r.progress is not None:
            ratio = r.progress.value / schedule[qn] * HUNDRED
            ratios.append(ratio)
            if r.ratio is not None and abs(ratio - r.ratio.value) > Decimal("0.02"):
                out.append(finding(Severity.WARNING, "quarter_ratio_mismatch", f"第{qn}季度序时执行率表列 {r.ratio.text}，按进度 {r.progress.text}/{schedule[qn]}% 为 {q(ratio, 2)}%", r.ev))
            if r.score is not None:
                want = min(ratio / HUNDRED, Decimal(1))
                scores.append(r.score.value)
                if abs(want - r.score.value) > Decimal("0.01"):
                    out.append(finding(Severity.WARNING, "quarter_score_mismatch", f"第{qn}季度得分表列 {r.score.text}，按序时执行率 {q(ratio, 2)}% 应为 {q(want, 2)}", r.ev))
    avg = rows.get(0)
    if avg is not None and avg.score is not None:
        scores.append(avg.score.value)
    total = rows.get(5)
    if total is not None and total.score is not None and len(scores) == 5 and sum(scores, ZERO) != total.score.value:
        out.append(finding(Severity.WARNING, "quarter_total_mismatch", f"季度执行表各项得分合计 {d(sum(scores, ZERO))}，总得分列 {total.score.text}", total.ev))
    return out
