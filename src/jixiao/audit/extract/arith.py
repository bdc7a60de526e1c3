"""Arithmetic the prose states in passing: "X 万元，其中 A 万元；B 万元" (parts add up),
"A 万元，占总支出的 P%" (a share), "较上年增加 A 万元，增长 P%" (a growth rate).

"A 万元、B 万元，合计 T 万元，分别占 P%、Q%" (also 占比分别为 …, 分别占总支出的 …) gives the
percents to the listed parts in order; the total stated alongside is their denominator, not a part.

Money (元/万元/亿元) is summed wherever its parts are listed. Head counts only in the two forms
"N人（A人、B人）" and "N人，其中：A人、B人" and only when no part is named by an attribute that overlaps
others (党员, 女, 学历 …: ``audit/data/headcount.yaml``): 编制 and people mix in other sentences.
Amounts inside a closed parenthesis are details of the amount before it; amounts of change
(增加/减少 …) are not parts.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from .claims import GrowthClaim, ShareClaim, SumClaim
from .numbers import Num, find_numbers
from .paras import Para

_CHANGE_BEFORE = re.compile(r"(增加|减少|增长|下降|节约|超支|提高|降低|高|低|多|少|增|减)\s*$")
_SHARE = re.compile(r"占(?P<of>[^，。；%\d]{0,14}?)(?:的|比)?(?:比例|比重)?(?:为|是|达)?\s*$")
# "占总支出 1,254.58 万元的比重分别为": the denominator may be printed inside the phrase
_SHARE_EACH = re.compile(r"占(?P<of>[^，。；%]{0,30}?)(?:的)?(?:比例|比重|比)?(?:分别|依次)(?:为|是|达)?\s*$")
_EACH = re.compile(r"(?:分别|依次)\s*$")
_PCT_GAP = re.compile(r"\s*(?:、|，|,|和|及|与|以及)\s*")
_TOTAL_LABEL = re.compile(r"合计|总计|共计|小计|总额|总数|共\s*(?:为|有|是)?\s*$")
HEADCOUNT_FILE = Path(__file__).resolve().parent.parent / "data" / "headcount.yaml"
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


class HeadcountWords(BaseModel):
    """``audit/data/headcount.yaml``: the units of a head count, and the words that mark parts which may overlap."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    overlapping: tuple[str, ...] = Field(min_length=1)
    units: tuple[str, ...] = Field(min_length=1)


@lru_cache(maxsize=None)
def headcount_words(path: Path = HEADCOUNT_FILE) -> HeadcountWords:
    from ...core.data import read_strict

    return read_strict(HeadcountWords, path)


def _headcount_sums(para: Para, nums: tuple[Num, ...], depth: list[int]) -> list[SumClaim]:
    """"N人（A人、B人、C人）" and "N人，其中：A人，B人" (to the end of the sentence): the parts of a head
    count, when all are in the same unit and none is named by a word of an attribute that overlaps."""
    words = headcount_words()
    text = para.text
    people = [n for n in nums if n.unit in words.units and n.kind == "count" and not _is_change(text, n)]
    if len(people) < 3:
        return []
    out: list[SumClaim] = []

    def add(total: Num, parts: list[Num], start: int, end: int) -> None:
        if len(parts) < 2 or any(p.unit != total.unit for p in parts):
            return
        if any(w in text[start:end] for w in words.overlapping):
            return
        out.append(SumClaim(total, tuple(parts), para.evidence(total.start, end)))

    for open_at in (i for i, ch in enumerate(text) if ch in "（("):
        close = _close(text, open_at)
        before = next((n for n in reversed(people) if n.end <= open_at), None)
        if before is None or text[before.end : open_at].strip():
            continue
        inner = [n for n in people if open_at < n.start < close and depth[n.start] == depth[open_at]]
        add(before, inner, open_at, close)
    for m in re.finditer(r"其中[:：]?", text):
        total = next((n for n in reversed(people) if n.end <= m.start()), None)
        if total is None or re.search(r"[。；;（(]", text[total.end : m.start()]):
            continue
        end = min([i for i in (text.find(c, m.end()) for c in "。；;") if i >= 0] or [len(text)])
        parts = [n for n in people if m.end() <= n.start < end and depth[n.start] == depth[total.start]]
        add(total, parts, total.end, end)
    return out


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
    sums += _headcount_sums(para, nums, depth)
    done: set[int] = set()
    for i, n in enumerate(nums):
        if n.kind != "pct" or i in done:
            continue
        each = _respective(text, depth, nums, money, i)
        if each is not None:
            listed = [part for _, part, _, _ in each if part is not None]
            whole = _sum_of(listed)
            for j, part, label, ev_start in each:
                done.add(j)
                if part is not None:
                    pct = nums[j]
                    cands = tuple(x for x in money if x is not part) + ((whole,) if whole is not None else ())
                    shares.append(ShareClaim(part, pct, cands, para.evidence(ev_start, pct.end), label, para.index))
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


def _respective(text: str, depth: list[int], nums: list[Num], money: list[Num], i: int) -> list[tuple[int, Num | None, str, int]] | None:
    """"…分别占 P%、Q%": (index of each percent, its part or None, label, evidence start), or None
    when percent ``i`` does not open such a list. Parts are the amounts listed before 占 in the
    same sentence, in order, leaving out a total stated with them (by its label, or because it
    is the sum of the amounts before it)."""
    n = nums[i]
    lead = text[max(0, n.start - 40) : n.start]
    ms = _SHARE_EACH.search(lead)
    share_at = None
    label = ""
    if ms:
        share_at = n.start - len(lead) + ms.start()
        label = ms.group("of")
    else:
        short = _SHARE.search(text[max(0, n.start - 18) : n.start])
        if short is not None:
            at = n.start - len(text[max(0, n.start - 18) : n.start]) + short.start()
            if _EACH.search(text[max(0, at - 4) : at]):
                share_at, label = at, short.group("of")
    if share_at is None:
        return None
    run = [i]
    for j in range(i + 1, len(nums)):
        if nums[j].kind != "pct" or not _PCT_GAP.fullmatch(text[nums[j - 1].end : nums[j].start]):
            break
        run.append(j)
    sentence = max(text.rfind(c, 0, share_at) for c in "。；;") + 1
    here = depth[share_at]
    listed = [x for x in money if sentence <= x.start and x.end <= share_at and depth[x.start] == here and not _closed_between(text, depth, x, share_at)]
    parts = [x for x in listed if not _TOTAL_LABEL.search(_label_before(text, x))]
    if len(parts) > len(run) >= 2:
        tail = parts[-len(run) - 1 :]
        if abs(sum((p.value for p in tail[:-1]), Decimal(0)) - tail[-1].value) <= sum((p.half_ulp for p in tail), Decimal(0)):
            parts = parts[:-1]  # the last amount is the sum of those before it: a total
    if len(parts) < len(run):
        return [(j, None, label, share_at) for j in run]  # cannot pair the percents with parts: no claim
    chosen = parts[-len(run) :]
    return [(j, part, re.sub(r"分别|依次", "", label), part.start) for j, part in zip(run, chosen)]


def _sum_of(parts: list[Num]) -> Num | None:
    """The listed parts' sum (their shares may be of it when no total is printed)."""
    if len(parts) < 2:
        return None
    value = sum((p.value for p in parts), Decimal(0))
    places = max(p.places for p in parts)
    return Num(value, "万元", "money", places, parts[0].start, parts[-1].end, f"{value}万元（所列各项之和）")


def _label_before(text: str, num: Num) -> str:
    """The words between the previous separator and ``num``."""
    start = max(text.rfind(c, 0, num.start) for c in "，,、；;。：:") + 1
    return text[start : num.start]


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
