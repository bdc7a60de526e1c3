"""Upload limits, applied before an uploaded file is written anywhere.

``UploadLimitMiddleware`` answers 413 to a request whose declared size is past the limit without
reading its body. ``LimitedUploadHandler`` (first in ``FILE_UPLOAD_HANDLERS``) counts the bytes as
they stream in — for bodies sent without a size — and stops at the limit; it also refuses any file
that is not an .xlsx workbook by its name and its first bytes (a zip). What it refused is left on
the request (``request.upload_refused``) for the view to say.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile, StopUpload
from django.shortcuts import render

_ZIP_MAGIC = b"PK\x03\x04"
_FORM_SLACK = 64 * 1024  # the other fields of a multipart form posted with the file


def limit_text() -> str:
    return f"{settings.JIXIAO_MAX_UPLOAD_BYTES / (1024 * 1024):.0f} MB"


class UploadLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.content_type == "multipart/form-data":
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > settings.JIXIAO_MAX_UPLOAD_BYTES + _FORM_SLACK:
                return render(request, "upload_too_large.html", {
                    "size": f"{length / (1024 * 1024):.1f} MB", "limit": limit_text(),
                }, status=413)
        return self.get_response(request)


def refuse(request, message: str) -> None:
    if request is not None and not getattr(request, "upload_refused", None):
        request.upload_refused = message


class LimitedUploadHandler(FileUploadHandler):
    """Passes chunks on to the next handler, counting them; refuses past the limit or a non-.xlsx file."""

    def new_file(self, field_name, file_name, content_type, content_length, charset=None, content_type_extra=None):
        super().new_file(field_name, file_name, content_type, content_length, charset, content_type_extra)
        self.received = 0
        if not str(file_name or "").lower().endswith(".xlsx"):
            refuse(self.request, f"只接受 .xlsx 文件（Excel 工作簿），“{str(file_name)[:60]}”不是")
            raise SkipFile()

    def receive_data_chunk(self, raw_data, start):
        if start == 0 and not raw_data.startswith(_ZIP_MAGIC):
            refuse(self.request, f"“{str(self.file_name)[:60]}”不是 .xlsx 文件（内容不是 Excel 工作簿）")
            raise SkipFile()
        self.received += len(raw_data)
        if self.received > settings.JIXIAO_MAX_UPLOAD_BYTES:
            refuse(self.request, f"上传的文件超过 {limit_text()}，未接收")
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler (in memory) builds the file
