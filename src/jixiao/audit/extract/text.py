"""Text clean-up shared by the extractors: converter debris, spaced-out CJK, sentences.

The seeds were converted from PDF/Word by tools that leave ``<p>`` tags, LaTeX
(``$\\geq 95\\%$``), and a space between every character of a table cell. ``norm`` undoes
that without touching the CJK punctuation the patterns rely on (so "，" stays a clause
separator and "21,504.11" keeps its thousands separator).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WIDE = str.maketrans(
    "０１２３４５６７８９％．－＋＜＞＝：～",
    "0123456789%.-+<>=:~",
)
# Kangxi and CJK radical-supplement code points (PDFs printed from browsers with Type 3 fonts give
# "项⽬⽀出" for 项目支出): each to the ideograph NFKC gives, the rest of the text left as it is.
_RADICALS = {cp: unicodedata.normalize("NFKC", chr(cp)) for cp in range(0x2E80, 0x2FE0) if unicodedata.normalize("NFKC", chr(cp)) != chr(cp)}
_RADICALS.update({ord(a): b for a, b in zip("⻓⻚⻔⻅⻋⻢⻥⻛⻜⻝⻩⻬⻮⻰⻳⻉⻆⻄⻨⻘⻣⻤⻧⻪", "长页门见车马鱼风飞食黄齐齿龙龟贝角西麦青骨鬼卤黾")})
_TAGS = re.compile(r"</?[a-zA-Z][^>]*>")
_LATEX = [
    (re.compile(r"\\geq(?:slant)?(?![a-zA-Z])|\\ge(?![a-zA-Z])"), "≥"),
    (re.compile(r"\\leq(?:slant)?(?![a-zA-Z])|\\le(?![a-zA-Z])"), "≤"),
    (re.compile(r"\\times"), "×"),
    (re.compile(r"\\%"), "%"),
    (re.compile(r"\\text\{([^}]*)\}"), r"\1"),
    (re.compile(r"\\(?:left|right)"), ""),
    (re.compile(r"\\frac\{([^}]*)\}\{([^}]*)\}"), r"\1/\2"),
]
_CJK = "\u3400-\u9fff\uf900-\ufaff"
_PUNCT = "，。；：、！？（）《》“”‘’【】"
_SPACED = re.compile(rf"(?<=[{_CJK}{_PUNCT}])[ \u3000]+(?=[{_CJK}{_PUNCT}])")
_WS = re.compile(r"\s+")


@lru_cache(maxsize=32768)
def norm(text: str) -> str:
    """One line of clean text: tags and LaTeX removed, full-width digits folded, spaces
    between CJK characters dropped, whitespace collapsed."""
    if not text:
        return ""
    t = text.translate(_WIDE)
    if any("\u2e80" <= ch <= "\u2fdf" for ch in t):
        t = t.translate(_RADICALS)
    if "<" in t:
        t = _TAGS.sub(" ", t)
    if "$" in t or "\\" in t:
        t = t.replace("$", "")
        for pattern, repl in _LATEX:
            t = pattern.sub(repl, t)
    t = _WS.sub(" ", t).strip()
    t = _SPACED.sub("", t)
    return t


_KEY_DROP = re.compile(rf"[\s{_PUNCT}\"'()\[\]:：,.、·•\-—_/]|等$")


@lru_cache(maxsize=32768)
def key(text: str) -> str:
    """A name reduced for comparison: no spaces, punctuation, quotes or trailing 等."""
    k = _KEY_DROP.sub("", norm(text))
    return k[:-1] if k.endswith("等") else k


@lru_cache(maxsize=32768)
def bigrams(text: str) -> frozenset[str]:
    k = key(text)
    return frozenset(k[i : i + 2] for i in range(len(k) - 1)) if len(k) > 1 else frozenset({k})


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def containment(small: frozenset[str], big: frozenset[str]) -> float:
    """Share of ``small``'s bigrams found in ``big``."""
    return len(small & big) / len(small) if small else 0.0


_SENT_END = re.compile(r"(?<=[。！？!?])")


def sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pieces of a paragraph, split after 。！？."""
    out: list[tuple[int, str]] = []
    pos = 0
    for piece in _SENT_END.split(text):
        if piece.strip():
            out.append((pos, piece))
        pos += len(piece)
    return out


HEADING = re.compile(
    r"^\s*(?:第?[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.．、](?!\d)|附件|附表|附注)"
)


def is_heading(line: str) -> bool:
    s = line.strip().rstrip("。")
    return bool(HEADING.match(s)) and len(s) <= 24 and "。" not in s


def ends_sentence(line: str) -> bool:
    s = line.rstrip()
    return bool(s) and s[-1] in "。！？；：:!?;"
