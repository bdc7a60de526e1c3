"""Counts stated with the list they count: "共设内设机构5个，即办公室、财务科…", "直属事业单位3个，分别为
A、B、C", "下设4个科室：A、B、C、D". The list is read up to the end of its clause; a list ending in 等
is open and not counted."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Evidence
from .numbers import cn_int
from .paras import Para

_COUNT = re.compile(
    r"(?P<n>\d{1,3}|[一二两三四五六七八九十]{1,3})\s*(?P<unit>个|家|所|名|项|支|类|处|座)"
    r"(?P<what>[^，。；,;:：\d（）()]{0,12}?)\s*[，,]?\s*(?:即|分别为|分别是|包括|具体为|：|:)\s*"
)
_ITEMS_END = re.compile(r"[。；;]|(?:[，,](?:共|其中|合计|总计|均|全部|主要|负责|承担))")
_SEP = re.compile(r"[、，,和及与]")


@dataclass(frozen=True, slots=True)
class ListClaim:
    count: int
    items: tuple[str, ...]
    what: str
    ev: Evidence


def list_claims(paras: list[Para]) -> list[ListClaim]:
    out: list[ListClaim] = []
    for p in paras:
        text = p.text
        if len(text) > 20000:
            continue
        for m in _COUNT.finditer(text):
            raw = m.group("n")
            n = int(raw) if raw.isdigit() else cn_int(raw)
            if n is None or n < 2 or n > 60:
                continue
            rest = text[m.end() : m.end() + 600]
            end = _ITEMS_END.search(rest)
            body = rest[: end.start()] if end else rest
            if not body or body.rstrip().endswith("等") or "等" in body[-3:]:
                continue
            items = tuple(x.strip(" “”\"'（）()") for x in _SEP.split(body) if x.strip(" “”\"'（）()"))
            if len(items) < 2 or any(len(x) > 16 for x in items) or re.match(r"^[一二三四五六七八九十]是", body):
                continue
            if any(re.search(r"\d", x) for x in items):
                continue  # a list of figures, not of names
            out.append(ListClaim(n, items, _what(text, m), p.evidence(m.start(), m.end() + len(body))))
    return out


_NOUN_BEFORE = re.compile(r"[\u4e00-\u9fff]{1,10}$")
_VERB_HEAD = re.compile(r"^(?:共设有|共设|设有|下设|共有|现有|有|共)")


def _what(text: str, m: re.Match[str]) -> str:
    """What is counted, as the message names it: the noun after the count ("5个科室" → 科室), else the one
    before it ("内设股室6个：" → 内设股室), without a leading verb; empty when neither is written."""
    after = m.group("what").strip()
    if after:
        return _VERB_HEAD.sub("", after)
    before = _NOUN_BEFORE.search(text[max(0, m.start() - 12) : m.start()])
    return _VERB_HEAD.sub("", before.group()) if before else ""
