"""The 评分表 as one standalone HTML page (inline CSS, no scripts, nothing fetched)."""

from __future__ import annotations

from html import escape

from ..core.numbers import fmt_score
from ..core.scorecard import Scorecard, Status
from .docx_report import _leaf_rows
from .table import header_lines

_CSS = """
body{font-family:"Noto Serif CJK SC","Songti SC","SimSun",serif;margin:2em auto;max-width:1100px;color:#111}
h1{font-size:1.4em;text-align:center}
ul.meta{list-style:none;padding:0;color:#444}
table{border-collapse:collapse;width:100%;font-size:0.95em}
th,td{border:1px solid #444;padding:4px 6px;vertical-align:middle}
th{background:#ddebf7}
td.n{text-align:center;white-space:nowrap}
tr.lost td.s{color:#b00020;font-weight:bold}
tr.missing td{background:#fff4e5}
tfoot td{font-weight:bold}
"""


def render_html(card: Scorecard) -> str:
    head = header_lines(card)
    leaves = _leaf_rows(card)
    spans: dict[tuple[int, int], int] = {}
    for col, key in ((0, lambda r: r[0]), (2, lambda r: r[1])):
        start = 0
        while start < len(leaves):
            end = start
            while end + 1 < len(leaves) and key(leaves[end + 1]) is key(leaves[start]):
                end += 1
            spans[(start, col)] = end - start + 1
            for i in range(start + 1, end + 1):
                spans[(i, col)] = 0
            start = end + 1
    body = []
    for i, (top, mid, leaf) in enumerate(leaves):
        cls = "missing" if leaf.status is Status.MISSING else ("lost" if leaf.score != leaf.max else "")
        cells = []
        for col, group in ((0, top), (2, mid)):
            span = spans[(i, col)]
            if span == 0:
                continue
            name = escape(group.name) if group else ""
            weight = fmt_score(group.max) if group else ""
            cells.append(f'<td rowspan="{span}">{name}</td><td class="n" rowspan="{span}">{weight}</td>')
        explanation = leaf.explanation if leaf.score != leaf.max or leaf.status is Status.MISSING else ""
        cells.append(
            f"<td>{escape(leaf.name)}</td><td class=\"n\">{fmt_score(leaf.max)}</td>"
            f"<td class=\"n s\">{fmt_score(leaf.score)}</td><td>{escape(explanation)}</td>"
        )
        body.append(f'<tr class="{cls}">{"".join(cells)}</tr>')
    total_note = f"等级：{card.grade}" if card.complete else f"不完整：{len(card.missing)} 项指标缺数据"
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{escape(head[0])}</title><style>{_CSS}</style></head>
<body>
<h1>{escape(head[0])}</h1>
<ul class="meta">{''.join(f'<li>{escape(h)}</li>' for h in head[1:])}</ul>
<table>
<thead>
<tr><th colspan="2">一级指标</th><th colspan="2">二级指标</th><th colspan="2">三级指标</th><th rowspan="2">得分</th><th rowspan="2">扣分说明</th></tr>
<tr><th>名称</th><th>分值</th><th>名称</th><th>分值</th><th>名称</th><th>分值</th></tr>
</thead>
<tbody>
{chr(10).join(body)}
</tbody>
<tfoot><tr><td colspan="6">合计</td><td class="n">{fmt_score(card.total)}</td><td>{escape(total_note)}</td></tr></tfoot>
</table>
</body></html>
"""
