"""Prose as paragraphs: physical lines joined back into sentences, with a map to their source.

Converted reports break sentences at page ends ("调整金额为 366.34" / "万元。其中…") and PDFs
wrap every line. A line joins the one before it unless that one ends a sentence (。；：…) or
either is a heading. Every offset in a paragraph maps back to the line it came from.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from ..model import Evidence, Loc
from ..read.model import Document, Line, Table
from .text import ends_sentence, is_heading, norm


@dataclass
class Para:
    index: int
    text: str  # normalised
    starts: list[int] = field(default_factory=list)  # offset where each source line starts
    locs: list[Loc] = field(default_factory=list)
    heading: str = ""  # the nearest heading above (itself, for a heading)
    is_heading: bool = False
    after_table: int | None = None  # index of the table block this paragraph follows, if any

    def loc_at(self, offset: int) -> Loc:
        i = max(0, bisect.bisect_right(self.starts, offset) - 1)
        return self.locs[i]

    def evidence(self, start: int, end: int | None = None, width: int = 60) -> Evidence:
        """The text around [start, end) with the location of ``start``."""
        end = end if end is not None else start + 1
        left = max(0, start - 18)
        right = min(len(self.text), max(end + 12, left + width // 2))
        snippet = ("…" if left else "") + self.text[left:right] + ("…" if right < len(self.text) else "")
        return Evidence.of(self.loc_at(start), snippet, width + 4)


def _glue(a: str, b: str) -> str:
    if a and b and a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum():
        return a + " " + b
    return a + b


def paragraphs(doc: Document) -> list[Para]:
    """The document's prose, joined into paragraphs (docx paragraphs and a web page's block
    elements are kept as they are)."""
    out: list[Para] = []
    join = doc.kind not in ("docx", "html", "mht")  # a web page's lines are its block elements
    current: Para | None = None
    heading = ""
    tables_seen = 0
    last_table: int | None = None
    for block in doc.blocks:
        if isinstance(block, Table):
            current = None
            tables_seen += 1
            last_table = block.index
            continue
        assert isinstance(block, Line)
        text = norm(block.text)
        if not text:
            continue
        if is_heading(text):
            heading = text
            current = None
            out.append(Para(len(out), text, [0], [block.loc], heading, True, last_table))
            last_table = None
            continue
        if join and current is not None and not ends_sentence(current.text):
            current.starts.append(len(current.text))
            current.locs.append(block.loc)
            current.text = _glue(current.text, text)
            continue
        current = Para(len(out), text, [0], [block.loc], heading, False, last_table)
        last_table = None
        out.append(current)
    return out
