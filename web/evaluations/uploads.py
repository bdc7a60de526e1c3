"""Upload limits, applied before an uploaded file is written anywhere.

Each place that takes files has an upload rule (``settings.JIXIAO_UPLOAD_RULES``: a URL prefix,
the file types it accepts and a size limit; the first rule whose prefix matches the request path
applies, else the default: Excel workbooks up to ``JIXIAO_MAX_UPLOAD_BYTES``).
``UploadLimitMiddleware`` answers 413 to a request whose declared size is past its rule's limit
without reading the body. ``LimitedUploadHandler`` (first in ``FILE_UPLOAD_HANDLERS``) refuses a
file whose name or first bytes are not of an accepted type, and counts the bytes as they stream in
(for bodies sent without a size), stopping at the limit. What it refused is left on the request
(``request.upload_refused``) for the view to say.
"""

from __future__ import annotations

import re

from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile, StopUpload
from django.shortcuts import render

# File types by extension: the label users see and the bytes such a file starts with (None: any).
_ZIP, _PDF, _OLE = b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0"
FILE_TYPES: dict[str, tuple[str, tuple[bytes, ...] | None]] = {
    ".xlsx": ("Excel 工作簿", (_ZIP,)), ".xlsm": ("Excel 工作簿", (_ZIP,)), ".xls": ("Excel 97-2003 工作簿", (_OLE,)),
    ".docx": ("Word 文档", (_ZIP,)), ".doc": ("Word 97-2003 文档", (_OLE,)), ".wps": ("WPS 文字文档", (_OLE,)),
    ".et": ("WPS 表格", (_OLE,)), ".pdf": ("PDF", (_PDF,)), ".zip": ("zip 压缩包", (_ZIP,)),
    ".ods": ("OpenDocument 表格", (_ZIP,)), ".odt": ("OpenDocument 文档", (_ZIP,)),
    ".html": ("网页", None), ".htm": ("网页", None), ".txt": ("文本", None), ".md": ("文本", None),
    ".png": ("图片", (b"\x89PNG",)), ".jpg": ("图片", (b"\xff\xd8",)), ".jpeg": ("图片", (b"\xff\xd8",)),
}
_FORM_SLACK = 64 * 1024  # the other fields of a multipart form posted with the file


@dataclass(frozen=True)
class UploadRule:
    prefix: str
    extensions: tuple[str, ...]
    max_bytes: int

    def accepts(self) -> str:
        return "、".join(dict.fromkeys(e for e in self.extensions))


def rule_for(path: str) -> UploadRule:
    for entry in getattr(settings, "JIXIAO_UPLOAD_RULES", ()):
        if re.match(entry["prefix"], path):  # a plain prefix, or a pattern (/evaluations/\d+/evidence/)
            return UploadRule(entry["prefix"], tuple(entry["extensions"]), int(entry["max_bytes"]))
    return UploadRule("/", (".xlsx",), settings.JIXIAO_MAX_UPLOAD_BYTES)


def limit_text(max_bytes: int | None = None) -> str:
    size = settings.JIXIAO_MAX_UPLOAD_BYTES if max_bytes is None else max_bytes
    return f"{size / (1024 * 1024):.0f} MB"


class UploadLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.content_type == "multipart/form-data":
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            limit = rule_for(request.path).max_bytes
            if length > limit + _FORM_SLACK:
                return render(request, "upload_too_large.html", {
                    "size": f"{length / (1024 * 1024):.1f} MB", "limit": limit_text(limit),
                }, status=413)
        return self.get_response(request)


def refuse(request, message: str) -> None:
    if request is not None and not getattr(request, "upload_refused", None):
        request.upload_refused = message


class LimitedUploadHandler(FileUploadHandler):
    """Passes chunks on to the next handler, counting them; refuses past the limit or a file of another type."""

    def new_file(self, field_name, file_name, content_type, content_length, charset=None, content_type_extra=None):
        super().new_file(field_name, file_name, content_type, content_length, charset, content_type_extra)
        self.received = 0
        self.rule = rule_for(self.request.path if self.request is not None else "/")
        name = str(file_name or "")
        self.extension = next((e for e in self.rule.extensions if name.lower().endswith(e)), None)
        if self.extension is None:
            if self.rule.extensions == (".xlsx",):
                refuse(self.request, f"只接受 .xlsx 文件（Excel 工作簿），“{name[:60]}”不是")
            else:
                refuse(self.request, f"“{name[:60]}”的类型不能上传到这里（可上传：{self.rule.accepts()}）")
            raise SkipFile()

    def receive_data_chunk(self, raw_data, start):
        if start == 0:
            label, magics = FILE_TYPES.get(self.extension, ("", None))
            if magics is not None and not raw_data.startswith(magics):
                what = "Excel 工作簿" if self.extension == ".xlsx" else label
                refuse(self.request, f"“{str(self.file_name)[:60]}”不是 {self.extension} 文件（内容不是{what}）")
                raise SkipFile()
        self.received += len(raw_data)
        if self.received > self.rule.max_bytes:
            refuse(self.request, f"上传的文件超过 {limit_text(self.rule.max_bytes)}，未接收")
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler (in memory, or a temporary file past FILE_UPLOAD_MAX_MEMORY_SIZE) builds the file
