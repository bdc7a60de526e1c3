"""Arithmetic the prose states in passing: "X 万元，其中 A 万元；B 万元" (parts add up),
"A 万元，占总支出的 P%" (a share), "较上年增加 A 万元，增长 P%" (a growth rate).

Only money (元/万元/亿元) is summed: head counts mix 编制 with people. Amounts inside a closed
parenthesis are details of the amount before it; amounts of change (增加/减少 …) are not parts.
"""

from __future__ import annotations

import re

from .claims import GrowthClaim, ShareClaim, SumClaim
from .numbers import Num, find_numbers
from .paras import Para

_CHANGE_BEFORE = re.compile(r"(增加|减少|增长|下降|节约|超支|提高|降低|高|低|多|少|增|减)\s*$")
_SHARE = re.compile(r"占(?P<of>[^，。；%\d]{0,14}?)(?:的|比)?(?:比例|比重)?(?:为|是|达)?\s*$")
_GROWTH_PCT = re.compile(r"(增长|下降|增加|减少|提高|降低)(?:了)?\s*$")


def _depths(text: str) -> list[int]:
    depth, out = 0, []
    for ch in text:
        if ch in "（(":
            depth += 1
        out.append(depth)
        if ch in "）)" and depth > 0:
            depth -= 1
    return out


def _is_change(text: str, num: Num) -> bool:
    return bool(_CHANGE_BEFORE.search(text[max(0, num.start - 6) : num.start]))


def arithmetic(para: Para) -> tuple[list[SumClaim], list[ShareClaim], list[GrowthClaim]]:
    text = para.text
    nums = find_numbers(text)
    depth = _depths(text)
    money = [n for n in nums if n.kind == "money" and not _is_change(text, n)]
    sums: list[SumClaim] = []
    shares: list[ShareClaim] = []
    growths: list[GrowthClaim] = []
    for m in re.finditer(r"其中", text):
        here = depth[m.start()] if m.start() < len(depth) else 0
        total = next((n for n in reversed(money) if n.end <= m.start() and depth[n.start] <= here), None)
        if total is None:
            continue
        end = text.find("。", m.end())
        end = len(text) if end < 0 else end
        parts = [n for n in money if m.end() <= n.start < end and depth[n.start] == here]
        if len(parts) >= 2 or (len(parts) == 1 and parts[0].value != total.value and "其中" not in text[parts[0].end : end]):
            if len(parts) >= 2:
                sums.append(SumClaim(total, tuple(parts), para.evidence(total.start, parts[-1].end)))
    for open_at in (i for i, ch in enumerate(text) if ch in "（("):
        close = _close(text, open_at)
        inner = [n for n in money if open_at < n.start < close and depth[n.start] == depth[open_at]]
        before = next((n for n in reversed(money) if n.end <= open_at and depth[n.start] < depth[open_at]), None)
        if len(inner) >= 2 and before is not None and text[before.end : open_at].strip() == "":
            sums.append(SumClaim(before, tuple(inner), para.evidence(before.start, close)))
    for n in nums:
        if n.kind != "pct":
            continue
        lead = text[max(0, n.start - 18) : n.start]
        ms = _SHARE.search(lead)
        if ms:
            start = n.start - len(lead) + ms.start()
            here = depth[start]
            part = next((x for x in reversed(money) if x.end <= start and depth[x.start] <= here and not _closed_between(text, depth, x, start)), None)
            if part is None:
                continue
            cands = tuple(x for x in money if x is not part)
            shares.append(ShareClaim(part, n, cands, para.evidence(part.start, n.end), ms.group("of"), para.index))
            continue
        mg = _GROWTH_PCT.search(lead)
        if mg:
            gstart = n.start - len(lead) + mg.start()
            clause_start = max(text.rfind(c, 0, gstart) for c in "。；") + 1
            window = [x for x in nums if x.kind == "money" and clause_start <= x.start < gstart]
            if not window:
                continue
            decrease = mg.group(1) in ("下降", "减少", "降低")
            changes = [x for x in window if _is_change(text, x)]
            levels = [x for x in window if not _is_change(text, x)]
            if changes and not levels:  # "…5,000 万元。…比上年增加 300 万元，增长 7%": the level is stated just before
                earlier = [x for x in nums if x.kind == "money" and x.end <= clause_start and not _is_change(text, x) and depth[x.start] == 0]
                levels = earlier[:1]
            if changes and levels:
                growths.append(GrowthClaim(levels[-1], changes[-1], None, n, decrease, para.evidence(levels[-1].start, n.end)))
            elif len(levels) >= 2 and re.search(r"较|比", text[levels[0].end : levels[1].start]):
                growths.append(GrowthClaim(levels[0], None, levels[1], n, decrease, para.evidence(levels[0].start, n.end)))
    return sums, shares, growths


def _close(text: str, open_at: int) -> int:
    depth = 0
    for i in range(open_at, len(text)):
        if text[i] in "（(":
            depth += 1
        elif text[i] in "）)":
            depth -= 1
            if depth == 0:
                return i
    return len(text)


def _closed_between(text: str, depth: list[int], num: Num, pos: int) -> bool:
    """True when ``num`` sits in a parenthesis that closes before ``pos``."""
    return depth[num.start] > (depth[pos] if pos < len(depth) else 0)
