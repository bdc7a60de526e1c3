"""The report's base .docx: styles with Chinese fonts set properly for Word and WPS.

python-docx's built-in template declares East Asian text as Japanese and uses theme
fonts, so Chinese falls back to a Japanese face. We build our own
base once (``python -m jixiao.writers.docx_style PATH``, shipped as
``templates/report-base.docx``): zh-CN language, explicit ``w:eastAsia`` fonts on every
style we use, Times New Roman for Latin text, no theme fonts. A finance bureau may
restyle that file in Word and pass it with ``--template``; we only use its styles.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

TEMPLATE = Path(__file__).parent / "templates" / "report-base.docx"
LATIN = "Times New Roman"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
TITLE_FONT = "宋体"
TABLE_FONT = "宋体"
TABLE_STYLE = "表格文字"
_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def set_rfonts(rpr, east_asia: str, latin: str = LATIN) -> None:
    """Explicit fonts on an rPr element; theme font references removed."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in _THEME_ATTRS:
        if rfonts.get(qn(attr)) is not None:
            del rfonts.attrib[qn(attr)]
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:cs"), latin)
    rfonts.set(qn("w:eastAsia"), east_asia)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


def _style(doc, name: str, east_asia: str, size: float, *, bold: bool = False, base: str | None = None,
           kind=WD_STYLE_TYPE.PARAGRAPH):
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, kind)
    if base:
        style.base_style = styles[base]
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    set_rfonts(style.element.get_or_add_rPr(), east_asia)
    return style


def build_base() -> "Document":
    doc = Document()
    # Document defaults: zh-CN, explicit fonts (not theme fonts).
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_rfonts(rpr, BODY_FONT)
    settings = doc.settings.element
    lang = settings.find(qn("w:themeFontLang"))
    if lang is None:
        lang = OxmlElement("w:themeFontLang")
        settings.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")

    normal = _style(doc, "Normal", BODY_FONT, 16)
    normal.paragraph_format.first_line_indent = Pt(32)  # two characters of 三号
    normal.paragraph_format.line_spacing = Pt(28)
    normal.paragraph_format.space_after = Pt(0)

    title = _style(doc, "Title", TITLE_FONT, 22, bold=True)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.first_line_indent = Pt(0)
    title.paragraph_format.space_after = Pt(12)
    title_el = title.element.find(qn("w:pPr"))
    if title_el is not None:  # drop the built-in title's bottom border
        for border in title_el.findall(qn("w:pBdr")):
            title_el.remove(border)

    sub = _style(doc, "Subtitle", BODY_FONT, 16)
    sub.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub.paragraph_format.first_line_indent = Pt(0)

    for name, font, size in (("Heading 1", HEADING_FONT, 16), ("Heading 2", SUBHEADING_FONT, 16)):
        h = _style(doc, name, font, size, bold=False)
        h.paragraph_format.first_line_indent = Pt(32)
        h.paragraph_format.space_before = Pt(6)
        h.paragraph_format.space_after = Pt(0)
        h.paragraph_format.keep_with_next = True

    caption = _style(doc, "Caption", HEADING_FONT, 14)
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.first_line_indent = Pt(0)
    caption.paragraph_format.space_before = Pt(12)
    caption.paragraph_format.keep_with_next = True

    table_text = _style(doc, TABLE_STYLE, TABLE_FONT, 10.5)
    table_text.paragraph_format.first_line_indent = Pt(0)
    table_text.paragraph_format.line_spacing = 1.0
    table_text.paragraph_format.space_after = Pt(0)

    for style_name in ("Table Grid",):
        set_rfonts(doc.styles[style_name].element.get_or_add_rPr(), TABLE_FONT)

    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    return doc


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else TEMPLATE
    build_base().save(out)
    print(f"已写出 {out}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
