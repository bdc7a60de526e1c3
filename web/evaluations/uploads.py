"""Upload limits, applied before an uploaded file is written anywhere.

Two kinds of upload: a department's filled workbook (``/evaluations/<id>/upload/``: one .xlsx, at
most ``JIXIAO_MAX_UPLOAD_BYTES``, kept in memory) and everything else (the batch jobs' reports: each
file at most ``JOBS_MAX_UPLOAD_BYTES``, a request at most ``JIXIAO_MAX_REQUEST_BYTES``).

``UploadLimitMiddleware`` answers 413 to a request whose declared size is past its limit without
reading its body. ``LimitedUploadHandler`` (first in ``FILE_UPLOAD_HANDLERS``) counts the bytes as
they stream in — for bodies sent without a size — and stops at the limit; for a workbook it also
refuses a file that is not an .xlsx by its name and its first bytes (a zip). What it refused is
left on the request (``request.upload_refused``) for the view to say.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile, StopUpload
from django.shortcuts import render

_ZIP_MAGIC = b"PK\x03\x04"
_FORM_SLACK = 64 * 1024  # the other fields of a multipart form posted with the file
_WORKBOOK = re.compile(r"^/evaluations/\d+/upload/$")


def is_workbook_upload(request) -> bool:
    return bool(_WORKBOOK.match(request.path_info or ""))


def request_limit(request) -> int:
    if is_workbook_upload(request):
        return settings.JIXIAO_MAX_UPLOAD_BYTES + _FORM_SLACK
    return settings.JIXIAO_MAX_REQUEST_BYTES


def file_limit(request) -> int:
    if request is not None and is_workbook_upload(request):
        return settings.JIXIAO_MAX_UPLOAD_BYTES
    return getattr(settings, "JOBS_MAX_UPLOAD_BYTES", settings.JIXIAO_MAX_REQUEST_BYTES)


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


def limit_text() -> str:
    return _mb(settings.JIXIAO_MAX_UPLOAD_BYTES)


class UploadLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.content_type == "multipart/form-data":
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            limit = request_limit(request)
            if length > limit:
                return render(request, "upload_too_large.html", {
                    "size": f"{length / (1024 * 1024):.1f} MB", "limit": _mb(limit),
                }, status=413)
        return self.get_response(request)


def refuse(request, message: str) -> None:
    if request is not None and not getattr(request, "upload_refused", None):
        request.upload_refused = message


class LimitedUploadHandler(FileUploadHandler):
    """Passes chunks on to the next handler, counting them; refuses past the limit, or a workbook
    upload that is not an .xlsx."""

    def new_file(self, field_name, file_name, content_type, content_length, charset=None, content_type_extra=None):
        super().new_file(field_name, file_name, content_type, content_length, charset, content_type_extra)
        self.received = 0
        self.workbook = self.request is not None and is_workbook_upload(self.request)
        if self.workbook and not str(file_name or "").lower().endswith(".xlsx"):
            refuse(self.request, f"只接受 .xlsx 文件（Excel 工作簿），“{str(file_name)[:60]}”不是")
            raise SkipFile()

    def receive_data_chunk(self, raw_data, start):
        if self.workbook and start == 0 and not raw_data.startswith(_ZIP_MAGIC):
            refuse(self.request, f"“{str(self.file_name)[:60]}”不是 .xlsx 文件（内容不是 Excel 工作簿）")
            raise SkipFile()
        self.received += len(raw_data)
        limit = file_limit(self.request)
        if self.received > limit:
            refuse(self.request, f"上传的文件“{str(self.file_name)[:60]}”超过 {_mb(limit)}，未接收")
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler (in memory) builds the file
