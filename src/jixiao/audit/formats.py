"""The file formats the audit reads: the one list every upload path, the CLI and the batch audit use.

Kept free of imports so that settings and forms can use it without loading the readers.
"""

from __future__ import annotations

# suffix → how it is named to the user (the readers are in :mod:`jixiao.audit.read`)
FORMATS: dict[str, str] = {
    ".pdf": "PDF",
    ".docx": "Word",
    ".docm": "Word",
    ".doc": "Word 97-2003（需 LibreOffice）",
    ".wps": "WPS 文字（需 LibreOffice）",
    ".rtf": "RTF（需 LibreOffice）",
    ".odt": "OpenDocument 文本（需 LibreOffice）",
    ".xlsx": "Excel",
    ".xlsm": "Excel",
    ".xls": "Excel 97-2003",
    ".et": "WPS 表格（需 LibreOffice）",
    ".ods": "OpenDocument 表格",
    ".html": "网页",
    ".htm": "网页",
    ".xhtml": "网页",
    ".mht": "网页存档",
    ".mhtml": "网页存档",
    ".txt": "文本",
    ".md": "文本",
    ".csv": "CSV",
}

REPORT_SUFFIXES: tuple[str, ...] = tuple(FORMATS)  # one report each
ARCHIVE_SUFFIXES: tuple[str, ...] = (".zip",)  # a folder of reports, audited one by one
UPLOAD_SUFFIXES: tuple[str, ...] = ARCHIVE_SUFFIXES + REPORT_SUFFIXES


def shown(suffixes: tuple[str, ...] = REPORT_SUFFIXES) -> str:
    """".pdf、.docx、…" for messages and help texts."""
    return "、".join(suffixes)


__all__ = ["ARCHIVE_SUFFIXES", "FORMATS", "REPORT_SUFFIXES", "UPLOAD_SUFFIXES", "shown"]
