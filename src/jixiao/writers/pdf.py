"""PDF of a .docx through LibreOffice headless, where it is installed.

Each conversion gets its own LibreOffice profile (parallel conversions sharing one lose
output), runs under a timeout, and uses our fontconfig file so the 公文 fonts named in
the report map to Noto CJK (``fonts.conf`` beside this module).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

FONTS_CONF = Path(__file__).parent / "fonts.conf"


class PdfUnavailable(RuntimeError):
    """LibreOffice is not installed, or the conversion failed."""


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        path = shutil.which(name)
        if path:
            return path
    return None


def docx_to_pdf(docx: Path, out_dir: Path, *, timeout: float = 120) -> Path:
    soffice = find_soffice()
    if soffice is None:
        raise PdfUnavailable(
            "未找到 LibreOffice（soffice），无法生成 PDF。请安装：apt-get install -y libreoffice-writer-nogui fonts-noto-cjk；"
            "或改用 --format docx，在 Word/WPS 中另存为 PDF。"
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="jixiao-lo-") as profile:
        env = dict(os.environ, FONTCONFIG_FILE=str(FONTS_CONF), HOME=profile)
        cmd = [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(docx),
        ]
        try:
            result = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise PdfUnavailable(f"LibreOffice 转换 {docx.name} 超时（{timeout:.0f} 秒）") from None
    pdf = out_dir / (docx.stem + ".pdf")
    if result.returncode != 0 or not pdf.exists():
        raise PdfUnavailable(f"LibreOffice 未能转换 {docx.name}：{(result.stderr or result.stdout).strip()[:300]}")
    return pdf
