"""The 重点工作 the report lists under its heading (numbered items, in lines or inline)."""

from __future__ import annotations

import re

from ..model import Evidence
from .paras import Para

_ITEM_START = re.compile(r"^\s*(?:\d{1,2}[.．、]|[（(]\d{1,2}[）)])")
_INLINE = re.compile(r"(?:^|[:：;；。\s])(\d{1,2})[.．、](?!\d)")


def listed_tasks(paras: list[Para]) -> tuple[int, Evidence] | None:
    for i, p in enumerate(paras):
        if not (p.is_heading and "重点工作" in p.text):
            continue
        items = 0
        first: Para | None = None
        counting = True
        inline_items = 0
        for q in paras[i + 1 :]:
            if q.is_heading:
                if not _ITEM_START.match(q.text):
                    break
                if "总体工作" in q.text or "重点工作" in q.text:  # a sub-heading: count only under the one about 重点工作
                    counting = "重点" in q.text
                    items, first = (0, None) if counting else (items, first)
                    continue
            if not counting:
                continue
            inline = [int(n) for n in _INLINE.findall(q.text)]
            if len(inline) >= 2 and inline == list(range(inline[0], inline[0] + len(inline))):
                inline_items = max(inline_items, inline[-1])
                first = first or q
            elif _ITEM_START.match(q.text):
                items += 1
                first = first or q
        items = max(items, inline_items)  # the same list may be given inline and again item by item
        if items >= 2 and first is not None:
            return items, first.evidence(0, 20)
        return None
    return None
