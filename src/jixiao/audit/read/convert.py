"""Old and WPS formats (.doc, .wps, .rtf, .odt → .docx; .et → .xlsx) through LibreOffice.

Each conversion runs ``soffice --headless`` with its own profile directory
(``-env:UserInstallation``: parallel conversions sharing one profile lose output), in its own temporary directory, under a timeout that kills the whole process
group. The converted file is then read by the .docx/.xlsx reader and the document's kind
stays that of the original (``doc``, ``wps`` …), with a note saying it was converted.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from .model import Document, ReadError

TIMEOUT_SECONDS = 90
_TARGET = {
    ".doc": ("docx:MS Word 2007 XML", ".docx"),
    ".wps": ("docx:MS Word 2007 XML", ".docx"),
    ".rtf": ("docx:MS Word 2007 XML", ".docx"),
    ".odt": ("docx:MS Word 2007 XML", ".docx"),
    ".et": ("xlsx:Calc MS Excel 2007 XML", ".xlsx"),
}


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        exe = shutil.which(name)
        if exe:
            return exe
    for candidate in ("/usr/lib/libreoffice/program/soffice", "/opt/libreoffice/program/soffice"):
        if os.path.exists(candidate):
            return candidate
    return None


def read_converted(path: Path, suffix: str) -> Document:
    if suffix == ".dps":
        raise ReadError(f"{path}：.dps 是 WPS 演示文稿，不是报告文档；请提交 .docx、.pdf 或 .xlsx")
    target = _TARGET.get(suffix)
    if target is None:
        raise ReadError(f"{path}：不支持的文件格式（{suffix}）")
    _check_signature(path, suffix)
    exe = find_soffice()
    if not exe:
        raise ReadError(
            f"{path}：读取 {suffix} 文件需要安装 LibreOffice（soffice），本机未安装；"
            f"请在 WPS 或 Word 中另存为 {target[1]} 或 PDF 后再提交"
        )
    filt, out_suffix = target
    with tempfile.TemporaryDirectory(prefix="jixiao-convert-") as tmp:
        work = Path(tmp)
        src = work / f"input{suffix}"
        shutil.copyfile(path, src)
        outdir = work / "out"
        cmd = [
            exe, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
            "--nologo", "--nodefault", "--nolockcheck", "--convert-to", filt, "--outdir", str(outdir), str(src),
        ]
        try:
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True, cwd=tmp)
        except OSError as exc:
            raise ReadError(f"{path}：无法启动 LibreOffice 转换（{exc.strerror}）") from None
        try:
            _, err = proc.communicate(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                pass
            proc.communicate()
            raise ReadError(f"{path}：LibreOffice 转换超时（{TIMEOUT_SECONDS} 秒），文件可能已损坏或过于复杂") from None
        out = outdir / f"input{out_suffix}"
        if proc.returncode != 0 or not out.exists() or out.stat().st_size == 0:
            raise ReadError(f"{path}：LibreOffice 无法转换该 {suffix} 文件（文件已损坏或不是 {suffix} 格式）")
        if out_suffix == ".docx":
            from .docx import read_docx

            doc = read_docx(out)
        else:
            from .sheet import read_xlsx

            doc = read_xlsx(out)
    doc.source = str(path)
    doc.kind = suffix.lstrip(".")
    doc.notes.insert(0, f"{suffix} 文件已用 LibreOffice 转换为 {out_suffix} 后读取")
    return doc


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _check_signature(path: Path, suffix: str) -> None:
    """LibreOffice imports any bytes as text, so check the format's signature first."""
    try:
        with path.open("rb") as fh:
            head = fh.read(512)
        size = path.stat().st_size
    except OSError as exc:
        raise ReadError(f"{path}：无法读取（{exc.strerror}）") from None
    if suffix in (".doc", ".wps", ".et"):
        ok = (head.startswith(_OLE) and size >= 1536) or head.lstrip().startswith(b"<?xml")
    elif suffix == ".rtf":
        ok = head.lstrip().startswith(b"{\\rtf")
    else:  # .odt
        ok = head.startswith(b"PK\x03\x04")
    if not ok:
        raise ReadError(f"{path}：不是有效的 {suffix} 文件（文件头不符，可能已损坏或扩展名不对）")
