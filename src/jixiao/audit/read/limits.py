"""Size limits applied wherever a file is read, so no input can hang or exhaust the audit.

Every limit ends in a :class:`ReadError` naming the file and what is too large, or (for
digit runs) in a note: a run of more than ``MAX_DIGIT_RUN`` digits is no figure a report
prints, and later regexes would go quadratic on it.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from .model import Document, Line, ReadError, Row, Table

MAX_FILE_BYTES = 200 * 1024 * 1024  # any input file
MAX_TEXT_CHARS = 1_000_000  # decoded text of a text/HTML file (a 300-page report is ~0.6 M; 1.7 M took 8 s of CPU)
MAX_UNITS = 60_000  # lines + table rows in one document
MAX_CELLS = 600_000  # table cells in one document
MAX_ROWS_PER_TABLE = 5_000  # a score table has < 200 rows, a budget table < 2,000
MAX_COLS = 512
MAX_ZIP_MEMBERS = 5_000
MAX_ZIP_MEMBER_BYTES = 100 * 1024 * 1024  # one decompressed member (document.xml, sheet1.xml)
MAX_ZIP_TOTAL_BYTES = 300 * 1024 * 1024  # all members decompressed
MAX_ZIP_RATIO = 200  # decompressed / compressed for a member larger than 1 MB
MAX_PDF_PAGES = 500
MAX_DIGIT_RUN = 40

_DIGITS = re.compile(r"\d{%d,}" % (MAX_DIGIT_RUN + 1))


def mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB" if n >= 1024 * 1024 else f"{n} 字节"


def check_file_size(path: Path) -> int:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ReadError(f"{path}：无法读取（{exc.strerror}）") from None
    if size == 0:
        raise ReadError(f"{path}：文件是空的")
    if size > MAX_FILE_BYTES:
        raise ReadError(f"{path}：文件过大（{mb(size)}，上限 {mb(MAX_FILE_BYTES)}）")
    return size


def open_zip(path: Path, what: str) -> zipfile.ZipFile:
    """The zip of a .docx/.xlsx/.ods, its sizes checked from ZipInfo before anything is inflated."""
    try:
        zf = zipfile.ZipFile(path)
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise ReadError(f"{path}：不是有效的 {what} 文件（压缩包已损坏：{type(exc).__name__}）") from None
    if len(infos) > MAX_ZIP_MEMBERS:
        zf.close()
        raise ReadError(f"{path}：{what} 压缩包内文件过多（{len(infos)} 个，上限 {MAX_ZIP_MEMBERS}）")
    total = 0
    for info in infos:
        total += info.file_size
        too_big = info.file_size > MAX_ZIP_MEMBER_BYTES
        bomb = info.file_size > 1024 * 1024 and info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1)
        if too_big or bomb:
            zf.close()
            raise ReadError(
                f"{path}：{what} 内的 {info.filename} 解压后过大（{mb(info.file_size)}，"
                f"压缩时 {mb(info.compress_size)}），疑似压缩炸弹，拒绝读取"
            )
    if total > MAX_ZIP_TOTAL_BYTES:
        zf.close()
        raise ReadError(f"{path}：{what} 解压后共 {mb(total)}，超过上限 {mb(MAX_ZIP_TOTAL_BYTES)}")
    return zf


def check_text_size(path: str, text: str) -> None:
    if len(text) > MAX_TEXT_CHARS:
        raise ReadError(f"{path}：文字过多（{len(text):,} 字符，上限 {MAX_TEXT_CHARS:,}），请只提交报告正文")


def _shorten(text: str, counter: list[int]) -> str:
    def repl(m: re.Match[str]) -> str:
        counter[0] += 1
        counter[1] = max(counter[1], len(m.group()))
        return f"{m.group()[:8]}…（{len(m.group())}位数字已省略）"

    return _DIGITS.sub(repl, text)


def finish(doc: Document) -> Document:
    """Check a read document against the limits; refuse one with no text, or no writing."""
    bound(doc)
    if not doc.blocks:
        raise ReadError(f"{doc.source}：文件中没有读到任何文字或表格")
    if gibberish(doc):
        raise ReadError(f"{doc.source}：内容无法识别为中文或英文文字（文件可能已损坏，或编码/格式与扩展名不符）")
    return doc


def bound(doc: Document) -> Document:
    """Check a read document against the unit and cell limits; shorten absurd digit runs."""
    units = cells = 0
    counter = [0, 0]
    out: list = []
    for block in doc.blocks:
        if isinstance(block, Line):
            units += 1
            if len(block.text) > MAX_DIGIT_RUN and _DIGITS.search(block.text):
                block = Line(_shorten(block.text, counter), block.loc, block.run_together)
        else:
            units += len(block.rows)
            if len(block.rows) > MAX_ROWS_PER_TABLE:
                raise ReadError(f"{doc.source}：表{block.index}行数过多（{len(block.rows):,} 行，上限 {MAX_ROWS_PER_TABLE:,}）")
            rows = []
            for row in block.rows:
                cells += len(row.cells)
                if any(len(c) > MAX_DIGIT_RUN and _DIGITS.search(c) for c in row.cells):
                    row = Row(tuple(_shorten(c, counter) for c in row.cells), row.loc, row.spans)
                rows.append(row)
            block.rows = rows
        out.append(block)
        if units > MAX_UNITS:
            raise ReadError(f"{doc.source}：内容过多（超过 {MAX_UNITS:,} 行/表格行），请只提交报告正文")
        if cells > MAX_CELLS:
            raise ReadError(f"{doc.source}：表格单元格过多（超过 {MAX_CELLS:,} 个）")
    doc.blocks = out
    if counter[0]:
        doc.notes.append(f"有 {counter[0]} 串超过 {MAX_DIGIT_RUN} 位的数字（最长 {counter[1]} 位），已省略，不作数字读取")
    return doc


def _plausible(ch: str) -> bool:
    o = ord(ch)
    return (
        o < 0x250  # ASCII and Latin
        or 0x2000 <= o <= 0x27BF  # punctuation, symbols (≥ ≤ ①), arrows
        or 0x3000 <= o <= 0x30FF  # CJK punctuation, kana
        or 0x3200 <= o <= 0x33FF
        or 0x4E00 <= o <= 0x9FFF  # CJK unified ideographs
        or 0xFF00 <= o <= 0xFFEF  # full-width forms
        or 0x3400 <= o <= 0x4DBF
    )


def gibberish(doc: Document) -> bool:
    """True when most of the text is no writing at all (random bytes decoded as text)."""
    seen = bad = 0
    for block in doc.blocks:
        texts = [block.text] if isinstance(block, Line) else [c for r in block.rows[:50] for c in r.cells]
        for text in texts:
            for ch in text:
                if ch.isspace():
                    continue
                seen += 1
                bad += not _plausible(ch)
        if seen > 20_000:
            break
    return seen >= 40 and bad > 0.3 * seen
