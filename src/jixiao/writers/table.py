"""The 评分表 as plain text (terminal) and Markdown."""

from __future__ import annotations

import unicodedata

from ..core.numbers import fmt_score
from ..core.scorecard import GroupResult, IndicatorResult, Scorecard, Status


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def rows(card: Scorecard) -> list[tuple[str, str, str, str, str, str, str]]:
    """(一级, 二级, 三级, 分值, 得分, 状态, 扣分说明) per 三级指标, group names only on their first row."""
    out = []
    for top in card.groups:
        first_top = True
        for mid in top.children:
            leaves = mid.children if isinstance(mid, GroupResult) else (mid,)
            first_mid = True
            for leaf in leaves:
                assert isinstance(leaf, IndicatorResult)
                out.append(
                    (
                        f"{top.name}（{fmt_score(top.max)}）" if first_top else "",
                        f"{mid.name}（{fmt_score(mid.max)}）" if first_mid and isinstance(mid, GroupResult) else "",
                        leaf.name,
                        fmt_score(leaf.max),
                        fmt_score(leaf.score),
                        leaf.status.label,
                        leaf.explanation if leaf.score != leaf.max or leaf.status is Status.MISSING else "",
                    )
                )
                first_top = first_mid = False
    return out


def header_lines(card: Scorecard) -> list[str]:
    total = fmt_score(card.total)
    if card.complete:
        summary = f"总分 {total} / {fmt_score(card.max_total)}，等级 {card.grade}"
    else:
        summary = (
            f"总分（不完整）{total} / {fmt_score(card.max_total)}：{len(card.missing)} 项指标缺数据，未评定等级"
        )
    return [
        f"{card.department} {card.year} 年度部门整体支出绩效评价评分表",
        f"指标体系：{card.framework_name}（{card.framework_id}）",
        f"计算口径：{card.options.describe()}",
        summary,
    ]


_HEAD = ("一级指标", "二级指标", "三级指标", "分值", "得分", "状态", "扣分说明")


def render_text(card: Scorecard, *, full: bool = False) -> str:
    """Fixed-width table. ``full`` shows the explanation of full-mark indicators too."""
    body = rows(card)
    if full:
        leaves = card.leaves()
        body = [r[:6] + (leaf.explanation,) for r, leaf in zip(body, leaves)]
    widths = [max(_width(r[i]) for r in [_HEAD, *body]) for i in range(6)]
    lines = header_lines(card) + [""]
    lines.append("  ".join(_pad(h, w) for h, w in zip(_HEAD[:6], widths)) + "  " + _HEAD[6])
    lines.append("-" * (sum(widths) + 2 * 6 + 8))
    for r in body:
        lines.append("  ".join(_pad(c, w) for c, w in zip(r[:6], widths)) + "  " + r[6])
    lines.append("-" * (sum(widths) + 2 * 6 + 8))
    for top in card.groups:
        lines.append(f"{top.name}：{fmt_score(top.score)} / {fmt_score(top.max)}{'' if top.complete else '（不完整）'}")
    lines.append(f"合计：{fmt_score(card.total)} / {fmt_score(card.max_total)}")
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(card: Scorecard) -> str:
    head = header_lines(card)
    lines = [f"# {head[0]}", "", *(f"- {h}" for h in head[1:]), ""]
    lines.append("| " + " | ".join(_HEAD) + " |")
    lines.append("|" + "---|" * 3 + "---:|---:|---|---|")
    leaves = card.leaves()
    for r, leaf in zip(rows(card), leaves):
        lines.append("| " + " | ".join(_md(c) for c in r[:6] + (leaf.explanation,)) + " |")
    lines.append(f"| **合计** | | | {fmt_score(card.max_total)} | **{fmt_score(card.total)}** | | |")
    return "\n".join(lines) + "\n"
