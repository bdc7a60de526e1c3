"""Statements in prose about scores, counts and completion: deductions ("预算执行率扣 0.13 分"),
indicator scores ("管理效率指标 49 分"), counts ("共开展103个二级项目") and flags
("均按时完成", "未发生超期")."""

from __future__ import annotations

import re
from decimal import Decimal

from .claims import CountClaim, Fact, Flag, ProseScore
from .numbers import Num, cn_int, find_numbers
from .paras import Para

_SPLIT = re.compile(r"(?<=[。；;])")
_DEDUCT = re.compile(r"(?P<each>各)?扣(?:了|除)?\s*(?P<num>(?<![\d.])\d{1,15}(?:\.\d{1,6})?)\s*分")
_ZERO = re.compile(r"(?:不达标|未达标|未达到要求)?[，,]?\s*不得分")
_FACTOR = re.compile(r"(?:[×xX*＊]|乘以)\s*$")
_CONDITION_END = re.compile(r"[的者][，,\s]*$")
_NAME_CUT = re.compile(r"[，,。；;：:（）()、]|和|与")
_POINTS = re.compile(r"(?P<num>(?<![\d.])\d{1,15}(?:\.\d{1,6})?)\s*分(?!之)")
_WEIGHT_CUE = re.compile(r"满分|分值|参考分值|权重|总分为|设计总分")
_SCORE_CUE = re.compile(r"得分|得|获得|自评|评分")
_PAREN_POINTS = re.compile(r"[（(]\s*(?<![\d.])\d{1,15}(?:\.\d{1,6})?\s*分\s*[)）]")
_RATE = re.compile(r"得分率(?:为|是|达)?\s*(?P<num>(?<![\d.])\d{1,15}(?:\.\d{1,6})?)\s*%")

FLAGS: list[tuple[str, re.Pattern[str]]] = [
    ("petitions.no_overdue", re.compile(r"(?:没有|未|无)(?:发生)?(?:任何)?超期")),
    ("petitions.all_timely", re.compile(r"均(?:已)?(?:按时|及时)(?:办理)?(?:回复|办结|办理)|(?:按时|及时)(?:办理)?回复率(?:均)?(?:达|为)\s*100\s*%")),
    ("projects.all_on_time", re.compile(r"所有[^，。；]{0,16}项目[^，。；]{0,6}(?:均|皆|都)?[^，。；]{0,6}按(?:计划|期|时|合同)[^，。；]{0,12}完成|项目(?:均|皆|全部|都)(?:能)?按(?:照)?(?:计划|期|时|合同)[^，。；]{0,16}完成")),
    ("key_tasks.all_done", re.compile(r"重点工作(?:任务)?[^，。；]{0,14}(?:均|全部|皆|都)(?:已|能)?(?:按时|按期|如期)?[^，。；]{0,6}完成|各项重点工作(?:任务)?[^。；]{0,20}(?:顺利)?(?:按时|按期)完成")),
]
_UNFINISHED = re.compile(r"(?P<n>(?<!\d)\d{1,6}|[一二两三四五六七八九十]{1,3})\s*(?:项|个)重点工作(?:任务)?(?:未|没有|尚未)完成")
_TASKS_DONE = re.compile(r"重点工作(?:任务)?\s*(?P<n>(?<!\d)\d{1,6})\s*(?:项|个)[，,]?\s*(?:已|均已|其中)?(?:按期)?完成\s*(?P<k>(?<!\d)\d{1,6})\s*(?:项|个)")
_PROJECT_COUNT = re.compile(r"(?:共|开展|实施|安排|设置|有|完成)(?:了|为)?\s*(?P<n>(?<!\d)\d{1,6})\s*个(?:二级|履职类|预算|部门预算)?(?:预算)?项目")
_TASK_COUNT = re.compile(r"(?P<n>(?<!\d)\d{1,6}|[一二两三四五六七八九十]{1,3})\s*(?:个|项)?重点工作(?:任务)?")
_COMPLETION_RATE = re.compile(r"项目(?:整体|总体)?完成率(?:为|达|约|达到)*\s*(?P<num>(?<![\d.])\d{1,15}(?:\.\d{1,6})?)\s*%")


_QUOTED = re.compile(r"“[^”]{0,200}”|\"[^\"]{0,200}\"")


def _unquote(text: str) -> str:
    """Quoted passages are citations of other text: blank them (keeping offsets)."""
    return _QUOTED.sub(lambda m: m.group(0)[0] + "　" * (len(m.group(0)) - 2) + m.group(0)[-1] if len(m.group(0)) > 12 else m.group(0), text)


def _depth_at(text: str) -> list[int]:
    depth, out = 0, []
    for ch in text:
        if ch in "（(":
            depth += 1
        out.append(depth)
        if ch in "）)" and depth:
            depth -= 1
    return out


def _pieces(text: str):
    pos = 0
    for piece in _SPLIT.split(text):
        if piece:
            yield pos, piece
        pos += len(piece)


def _name_before(piece: str, pos: int) -> str:
    """The phrase before ``pos`` back to the nearest separator."""
    cut = -1
    for m in _NAME_CUT.finditer(piece, 0, pos):
        cut = m.end()
    return piece[max(cut, 0) : pos].strip()


def _clause_before(piece: str, pos: int) -> str:
    start = max(piece.rfind(c, 0, pos) for c in "，,。；;") + 1
    return piece[start:pos]


def _num(text: str, start: int, end: int) -> Num | None:
    found = find_numbers(text[start:end])
    return found[0] if found else None


def prose_statements(para: Para) -> tuple[list[ProseScore], list[Flag], list[CountClaim], list[Fact]]:
    scores: list[ProseScore] = []
    flags: list[Flag] = []
    counts: list[CountClaim] = []
    facts: list[Fact] = []
    text = _unquote(para.text)
    for offset, piece in _pieces(text):
        group = f"{para.index}:{offset}"
        dedu_spans = []
        depth = _depth_at(piece)
        for m in _DEDUCT.finditer(piece):
            num = _num(piece, m.start("num"), m.end("num"))
            if num is None:
                continue
            if depth[m.start()] > 0:
                opened = max(piece.rfind("（", 0, m.start()), piece.rfind("(", 0, m.start()))
                if not piece[opened + 1 : m.start()].strip():
                    continue  # "（扣 0.5 分：…）" explains the figure before it; it is not a claim of its own
            dedu_spans.append((m.start(), m.end()))
            name = _name_before(piece, m.start())
            names = [name]
            if m.group("each"):  # "A和B各扣 1 分"
                names = [n for n in re.split(r"和|及|与|、", _clause_before(piece, m.start())) if n.strip()]
            if not name and not m.group("each"):
                names = [_clause_before(piece, m.start()) or _clause_before(piece, max(0, piece.rfind("，", 0, m.start())))]
            for n in names:
                scores.append(ProseScore(n, "deduction", num, para.evidence(offset + m.start(), offset + m.end()), para.heading, group))
        for m in _ZERO.finditer(piece):
            if _CONDITION_END.search(piece, 0, m.start()):
                continue  # "…评价为差的不得分", "未…者，不得分": a scoring rule quoted, not a score
            name = _clause_before(piece, m.start()) or _name_before(piece, m.start())
            zero = Num(Decimal(0), "分", "points", 0, 0, 0, "不得分")
            scores.append(ProseScore(name, "score", zero, para.evidence(offset + m.start(), offset + m.end()), para.heading, group))
        sentence_scores = bool(_SCORE_CUE.search(piece))
        for m in _POINTS.finditer(piece):
            if any(a <= m.start() < b for a, b in dedu_spans):
                continue
            clause = _clause_before(piece, m.start())
            num = _num(piece, m.start("num"), m.end())
            if num is None or "扣" in clause[-4:] or "（" in clause[-3:] or "(" in clause[-3:]:
                continue
            if _FACTOR.search(clause):
                continue  # "执行率 89.70% × 10 分": the weight in a formula, not a score
            if re.search(r"\d\s*分[）)]", piece[m.start() : m.end() + 2]) and ("（" in clause or "(" in clause):
                continue
            kind = "weight" if _WEIGHT_CUE.search(clause) else "score" if sentence_scores else None
            if kind is None:
                continue
            short = _PAREN_POINTS.sub("", clause)
            short = short[max(short.rfind("："), short.rfind(":")) + 1 :]
            scores.append(ProseScore(short, kind, num, para.evidence(offset + m.start(), offset + m.end()), para.heading, group))
        for m in _RATE.finditer(piece):
            num = _num(piece, m.start("num"), m.end())
            if num is not None:
                scores.append(ProseScore(_clause_before(piece, m.start()), "rate", num, para.evidence(offset + m.start(), offset + m.end()), para.heading, group))
        for key, pattern in FLAGS:
            m = pattern.search(piece)
            if m:
                flags.append(Flag(key, para.evidence(offset + m.start(), offset + m.end())))
        for m in _UNFINISHED.finditer(piece):
            n = int(m.group("n")) if m.group("n").isdigit() else cn_int(m.group("n"))
            if n is not None:
                num = Num(Decimal(n), "项", "count", 0, 0, 0, m.group("n"))
                facts.append(Fact("key_tasks.unfinished", num, para.evidence(offset + m.start(), offset + m.end()), para.index, offset))
        for m in _TASKS_DONE.finditer(piece):
            n, k = int(m.group("n")), int(m.group("k"))
            if k <= n:
                ev = para.evidence(offset + m.start(), offset + m.end())
                facts.append(Fact("key_tasks.unfinished", Num(Decimal(n - k), "项", "count", 0, 0, 0, str(n - k)), ev, para.index, offset))
                counts.append(CountClaim("key_task", Num(Decimal(n), "项", "count", 0, 0, 0, str(n)), ev))
        for m in _PROJECT_COUNT.finditer(piece):
            num = _num(piece, m.start("n"), m.end("n") + 1)
            if num is not None:
                counts.append(CountClaim("project", num, para.evidence(offset + m.start(), offset + m.end())))
        for m in _TASK_COUNT.finditer(piece):
            raw = m.group("n")
            n = int(raw) if raw.isdigit() else cn_int(raw)
            if n is not None and n < 100 and not _UNFINISHED.match(piece, m.start()):
                num = Num(Decimal(n), "个", "count", 0, 0, 0, raw)
                counts.append(CountClaim("key_task", num, para.evidence(offset + m.start(), offset + m.end())))
        for m in _COMPLETION_RATE.finditer(piece):
            num = _num(piece, m.start("num"), m.end())
            if num is not None:
                facts.append(Fact("rate.project_completion", num, para.evidence(offset + m.start(), offset + m.end()), para.index, offset))
    return scores, flags, counts, facts
