"""佐证材料: evidence files attached to an indicator — what is accepted, stored and shown.

Accepted: PDF, images (JPEG, PNG) and Office files (Word, Excel, PowerPoint; the OOXML formats and
the older binary ones), each recognised by its first bytes, not only by its name; at most
``MAX_BYTES``. Stored through Django's storage API under a random name outside the web root
(models.evidence_storage); the original name is kept for the download.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

MAX_BYTES = 10 * 1024 * 1024  # within the site-wide upload limit (settings.JIXIAO_MAX_UPLOAD_BYTES)
# extension → (kind shown, the first bytes a real file of that kind starts with)
KINDS = {
    ".pdf": ("PDF", (b"%PDF-",)),
    ".jpg": ("图片", (b"\xff\xd8\xff",)), ".jpeg": ("图片", (b"\xff\xd8\xff",)),
    ".png": ("图片", (b"\x89PNG\r\n\x1a\n",)),
    ".docx": ("Word", (b"PK\x03\x04",)), ".xlsx": ("Excel", (b"PK\x03\x04",)), ".pptx": ("PPT", (b"PK\x03\x04",)),
    ".doc": ("Word", (b"\xd0\xcf\x11\xe0",)), ".xls": ("Excel", (b"\xd0\xcf\x11\xe0",)), ".ppt": ("PPT", (b"\xd0\xcf\x11\xe0",)),
}
ACCEPT = ",".join(KINDS)


def size_text(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, round(n / 1024))} KB"


def check(upload) -> tuple[str, list[str]]:
    """(kind, problems in Chinese) for an uploaded file; problems empty when it is accepted."""
    name = PurePath(upload.name or "").name
    ext = PurePath(name).suffix.lower()
    if ext not in KINDS:
        return "", [f"“{name}”的类型不能作为佐证材料：只接受 PDF、图片（JPG、PNG）和 Office 文件（Word、Excel、PPT）"]
    if upload.size > MAX_BYTES:
        return "", [f"“{name}”有 {size_text(upload.size)}，超过 {size_text(MAX_BYTES)} 的上限"]
    if upload.size == 0:
        return "", [f"“{name}”是空文件"]
    kind, magics = KINDS[ext]
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(m) for m in magics):
        return "", [f"“{name}”的内容不是 {kind} 文件（文件名为 {ext}），请上传原始文件"]
    return kind, []


def stored_name(original: str) -> str:
    """A random name with the original extension: nothing of the user's file name reaches the disk."""
    return f"{uuid.uuid4().hex}{PurePath(original).suffix.lower()}"
