"""绩效目标质量, 运行监控 and 年度变化 as text (Chinese) and as JSON-ready dicts.

Used by the `jixiao targets | monitor | trend` commands and by the web app's 监控 page.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..core.monitoring import MonitoringReport, Observation
from ..core.numbers import HUNDRED, fmt_money, fmt_pct, fmt_score, plain
from ..core.target_quality import QualityReport, Severity
from ..core.year_over_year import Series, Trend

_Q = "一二三四"


def _num(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def _pct_num(fraction: Decimal) -> str:
    """A threshold held as a fraction, as the percentage the framework file wrote: 0.6 → "60"."""
    return plain(fraction * HUNDRED)


def _points(delta: Decimal) -> str:
    """A change of a rate in percentage points: +10.65 个百分点."""
    value = delta * HUNDRED
    return f"{'+' if value > 0 else ''}{fmt_score(value.quantize(Decimal('0.01')))} 个百分点"


def _signed(value: Decimal) -> str:
    return f"{'+' if value > 0 else ''}{fmt_score(value)}"


# --------------------------------------------------------------------------- targets


def render_targets(department: str, year: int, report: QualityReport) -> str:
    counts = "、".join(f"{s.label} {report.count(s)}" for s in Severity)
    lines = [f"{department} {year} 年度绩效目标质量检查：{len(report.rows)} 个指标，{counts}"]
    if not report.rows:
        lines.append("输入未列出绩效指标（targets）。")
        return "\n".join(lines)
    lines.append("")
    for r in report.rows:
        cat = f"［{r.category}］" if r.category else ""
        judged = r.status_label
        if r.completion is not None:
            judged += f"（完成 {fmt_pct(r.completion)}）"
        lines.append(f"{r.index + 1}. {cat}{r.name}：指标值 {r.shown_target or '（空）'}；实际 {r.shown_actual or '（空）'}；{judged}")
    if report.findings:
        lines += ["", "问题与建议："]
        for f in report.findings:
            lines.append(f"［{f.severity.label}］{f.field}（{f.target}）：{f.message}")
            lines.append(f"    建议：{f.suggestion}")
    else:
        lines += ["", "未发现问题。"]
    return "\n".join(lines)


# --------------------------------------------------------------------------- monitoring


def _obs_dict(o: Observation) -> dict[str, Any]:
    return {"month": o.month, "progress": _num(o.progress), "schedule": _num(o.schedule), "ratio": _num(o.ratio),
            "spent": _num(o.spent), "base": _num(o.base), "shortfall": _num(o.shortfall)}


def monitoring_dict(r: MonitoringReport) -> dict[str, Any]:
    ye = r.year_end
    return {
        "department": r.department,
        "year": r.year,
        "as_of": r.as_of.isoformat(),
        "cutoff_month": r.cutoff_month,
        "unit": r.unit,
        "problems": list(r.problems),
        "observations": [_obs_dict(o) for o in r.observations],
        "checkpoints": [
            {"month": c.checkpoint.month, "min_pct": _pct_num(c.checkpoint.min_pct),
             "observed_month": c.observed.month, "progress": _num(c.observed.progress), "below": c.below}
            for c in r.checks
        ],
        "unchecked": [{"month": c.month, "min_pct": _pct_num(c.min_pct)} for c in r.unchecked],
        "upcoming": None if r.upcoming is None else {"month": r.upcoming.month, "min_pct": _pct_num(r.upcoming.min_pct)},
        "year_end": None if ye is None else {
            "method": ye.method.value, "method_label": ye.method.label, "indicator": ye.indicator, "name": ye.name,
            "rate": _num(ye.rate), "score": _num(ye.score), "max": _num(ye.max), "explanation": ye.explanation,
            "quarters": [{"quarter": q.quarter, "progress": _num(q.progress), "kind": q.kind} for q in ye.quarters],
        },
        "drag": [
            {"index": p.index, "name": p.name, "budget": _num(p.budget), **_obs_dict(p.observation),
             "below_checkpoint": None if p.below is None else p.below.month}
            for p in r.drag
        ],
        "projects_observed": len(r.projects),
        "projects_without_data": r.projects_without_data,
        "warnings": [{"scope": w.scope, "name": w.name, "message": w.message} for w in r.warnings],
    }


def render_monitoring(r: MonitoringReport) -> str:
    u = r.unit
    head = f"{r.department} {r.year} 年度绩效运行监控（截至 {r.as_of.isoformat()}"
    latest = r.latest
    lines = [head + (f"，部门数据截至 {latest.month} 月末）" if latest else "）")]
    lines += [f"无法监控：{p}" for p in r.problems]
    if latest is not None:
        behind = latest.shortfall
        money = f"累计支出 {fmt_money(latest.spent)}/{fmt_money(latest.base)}{u}，" if latest.spent is not None and latest.base else ""
        lag = f"，落后序时进度 {fmt_money(behind)}{u}" if behind else ""
        lines.append(f"部门支出进度：{money}进度 {fmt_pct(latest.progress)}，序时进度 {fmt_pct(latest.schedule)}，"
                     f"执行率 {fmt_pct(latest.ratio)}{lag}")
        lines.append("各期：" + "；".join(f"{o.month}月末 {fmt_pct(o.progress)}（序时 {fmt_pct(o.schedule)}，{fmt_pct(o.ratio)}）"
                                         for o in r.observations))
    marks = [f"{c.checkpoint.month}月末 {fmt_pct(c.checkpoint.min_pct)}：{'低于' if c.below else '达到'}"
             f"（{c.observed.month}月末{'仅' if c.below else '已'} {fmt_pct(c.observed.progress)}）" for c in r.checks]
    for c in r.unchecked:
        near = [o for o in r.observations if o.month < c.month][-1:] + [o for o in r.observations if o.month > c.month][:1]
        seen = "、".join(f"{o.month}月末 {fmt_pct(o.progress)}" for o in near)
        marks.append(f"{c.month}月末 {fmt_pct(c.min_pct)}：未能判断（" + (f"只有{seen}，" if seen else "") + f"缺{c.month}月末数据）")
    if marks and latest is not None:
        lines.append("预警线：" + "；".join(marks))
    if r.upcoming is not None and latest is not None:
        need = r.upcoming.min_pct - latest.progress
        if need > 0:
            amount = f"，约 {fmt_money(need * latest.base)}{u}" if latest.base else ""
            lines.append(f"下一预警线：{r.upcoming.month}月末 {fmt_pct(r.upcoming.min_pct)}，还差 {_points(need).lstrip('+')}{amount}")
        else:
            lines.append(f"下一预警线：{r.upcoming.month}月末 {fmt_pct(r.upcoming.min_pct)}，已达到")
    ye = r.year_end
    if ye is not None:
        how = f"年末预测（{ye.method.label}）" if any(q.kind == "projected" for q in ye.quarters) else "全年（已有年末数据，无需预测）"
        lines += ["", f"{how}：预算执行率 {fmt_pct(ye.rate)}，{ye.name}得分 {fmt_score(ye.score)} / {fmt_score(ye.max)} 分"]
        lines.append("  " + "；".join(f"{_Q[q.quarter - 1]}季度 {fmt_pct(q.progress)}（{q.label}）" for q in ye.quarters))
        lines.append(f"  按规则：{ye.explanation}")
    if r.projects or r.projects_without_data:
        lines += ["", f"拖后腿的项目（按落后序时进度的金额排序，前 {r.top} 个）："]
        for n, p in enumerate(r.drag, 1):
            o = p.observation
            flag = f"，低于{p.below.month}月末预警线 {fmt_pct(p.below.min_pct)}" if p.below else ""
            lines.append(f"  {n}. {p.name}：预算 {fmt_money(p.budget)}，截至{o.month}月末支出 {fmt_money(o.spent)}"  # type: ignore[arg-type]
                         f"（{fmt_pct(o.progress)}，序时 {fmt_pct(o.schedule)}），落后 {fmt_money(o.shortfall)}{u}{flag}")  # type: ignore[arg-type]
        if not r.drag and r.projects:
            lines.append("  无：各项目均达到序时进度")
        if r.projects_without_data:
            lines.append(f"  另有 {r.projects_without_data} 个项目没有截至 {r.cutoff_month} 月末的支出数据（quarterly_spent）或预算为 0，未能判断")
    lines += ["", f"预警 {len(r.warnings)} 项" + ("：" if r.warnings else "")]
    lines += [f"  - {'部门' if w.scope == 'department' else '项目'} {w.name}：{w.message}" for w in r.warnings]
    return "\n".join(lines)


# --------------------------------------------------------------------------- trend


def _series_dict(s: Series) -> dict[str, Any]:
    return {"key": s.key, "name": s.name, "values": [_num(v) for v in s.values], "changes": [_num(v) for v in s.changes]}


def trend_dict(t: Trend) -> dict[str, Any]:
    return {
        "department": t.department,
        "years": [{"year": y.year, "framework": y.framework_id, "total": _num(y.total), "max": _num(y.max_total),
                   "complete": y.complete, "grade": y.grade} for y in t.years],
        "totals": _series_dict(t.totals),
        "rates": [_series_dict(s) for s in t.rates],
        "groups": [_series_dict(s) for s in t.groups],
        "indicators": [_series_dict(s) for s in t.indicators],
        "streaks": [{"id": s.id, "name": s.name, "years": list(s.years), "lost": [_num(v) for v in s.lost]} for s in t.streaks],
        "budget_advice": t.advice,
        "advice_basis": t.advice_basis,
    }


def _row(values: tuple[Decimal | None, ...], show) -> str:
    return " → ".join("—" if v is None else show(v) for v in values)


def render_trend(t: Trend) -> str:
    first, last = t.years[0].year, t.years[-1].year
    lines = [f"{t.department} {first}–{last} 年度绩效变化", ""]
    for y in t.years:
        lines.append(f"{y.year} 年度：{fmt_score(y.total)} / {fmt_score(y.max_total)} 分，等级 {y.grade or '—（评分不完整）'}（{y.framework_id}）")
    changes = [f"{a.year}→{b.year} {_signed(c)}" for a, b, c in zip(t.years, t.years[1:], t.totals.changes) if c is not None]
    if changes:
        lines.append("总分变化：" + "；".join(changes))
    lines += ["", "比率："]
    for s in t.rates:
        moved = "，".join(_points(c) for c in s.changes if c is not None)
        lines.append(f"  {s.name}：{_row(s.values, fmt_pct)}" + (f"（{moved}）" if moved else ""))
    moved_leaves = [s for s in t.indicators if any(c not in (None, 0) for c in s.changes) or None in s.values]
    lines += ["", "得分有变化的三级指标：" if moved_leaves else "三级指标得分各年相同。"]
    for s in moved_leaves:
        moved = "，".join(_signed(c) for c in s.changes if c is not None)
        lines.append(f"  {s.name}：{_row(s.values, fmt_score)}" + (f"（{moved}）" if moved else ""))
    lines += ["", "连续两年及以上失分的指标：" if t.streaks else "没有连续两年失分的指标。"]
    for s in t.streaks:
        lines.append(f"  {s.name}：" + "，".join(f"{y} 年失 {fmt_score(v)} 分" for y, v in zip(s.years, s.lost)))
    lines += ["", f"{last + 1} 年度预算安排建议：{t.advice or '无'}（{t.advice_basis}）"]
    return "\n".join(lines)


__all__ = ["render_targets", "render_monitoring", "render_trend", "monitoring_dict", "trend_dict"]
