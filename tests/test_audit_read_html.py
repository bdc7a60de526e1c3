"""Saved web pages: tables with rowspan/colspan, nested tables, <br> in cells, GBK pages."""

from __future__ import annotations

from pathlib import Path

from jixiao.audit.read import read_document
from jixiao.audit.read.model import Line, Table

PAGE = Path(__file__).parent / "audit_read_fixtures" / "score_page.html"

EXPECTED_BLOCKS = [
    ("line", "首页 > 信息公开"),
    ("line", "某局2025年度部门整体支出绩效自评报告"),
    ("line", "一、基本情况"),
    ("line", "本局共有内设机构5个。"),
    ("table", [["一级指标", "二级指标", "分值", "得分"], ["决策\n(20分)", "目标设定", "10", "9"], ["", "资金投入", "10", "10"], ["合计", "", "20", "19"]]),
    ("table", [["内", "1"]]),
    ("line", "二、结论"),
]


def _blocks(doc) -> list:
    return [("line", b.text) if isinstance(b, Line) else ("table", [list(r.cells) for r in b.rows]) for b in doc.blocks]


def test_utf8_page_tables_spans_nested_and_prose() -> None:
    doc = read_document(PAGE)
    assert doc.kind == "html"
    assert _blocks(doc) == EXPECTED_BLOCKS
    outer = next(doc.tables())
    assert outer.caption == "附表 评分表"
    assert [r.spans for r in outer.rows][1:] == [
        ((2, 1), (1, 1), (1, 1), (1, 1)),
        ((0, 0), (1, 1), (1, 1), (1, 1)),
        ((1, 2), (0, 0), (1, 1), (1, 1)),
    ]


def test_gbk_page_declared_by_meta_reads_the_same(tmp_path: Path) -> None:
    text = PAGE.read_text("utf-8").replace("charset=utf-8", "charset=gb2312")
    gbk = tmp_path / "page.htm"
    gbk.write_bytes(text.encode("gb18030"))
    assert _blocks(read_document(gbk)) == EXPECTED_BLOCKS


def test_page_saved_with_a_doc_suffix_is_read_as_html(tmp_path: Path) -> None:
    # Many sites offer "下载" of a page that is really HTML named .doc/.xls
    fake = tmp_path / "报告.doc"
    fake.write_bytes(PAGE.read_bytes())
    doc = read_document(fake)
    assert doc.kind == "html" and _blocks(doc) == EXPECTED_BLOCKS


def test_rowspan_beyond_the_table_and_huge_colspan_are_clamped(tmp_path: Path) -> None:
    page = tmp_path / "odd.html"
    page.write_text(
        "<table><tr><td rowspan=99>甲</td><td colspan=3>乙</td></tr><tr><td>1</td><td>2</td><td>3</td></tr></table>"
        "<table><tr><td colspan=100000>宽</td></tr><tr><td>1</td></tr></table>",
        "utf-8",
    )
    tables: list[Table] = list(read_document(page).tables())
    assert [list(r.cells) for r in tables[0].rows] == [["甲", "乙", "", ""], ["", "1", "2", "3"]]
    assert tables[1].rows[0].cells[0] == "宽" and len(tables[1].rows[0].cells) == 512


def test_page_laid_out_with_tables_reads_its_flow_and_its_data_table(tmp_path: Path) -> None:
    article = "".join(f"<p>第{i}段：本年度各项工作有序推进，预算执行规范。</p>" for i in range(1, 4))
    page = tmp_path / "layout.html"
    page.write_text(
        "<html><body><table width=980><tr><td>网站首页 &gt; 通知公告</td></tr>"
        f"<tr><td><h3>绩效自评报告</h3>{article}"
        "<table border=1><tr><td>指标</td><td>分值</td><td>得分</td></tr><tr><td>决策</td><td>20</td><td>18</td></tr></table>"
        "<p>以上为评分结果。</p></td></tr></table></body></html>",
        "utf-8",
    )
    assert _blocks(read_document(page)) == [
        ("line", "网站首页 > 通知公告"),
        ("line", "绩效自评报告"),
        ("line", "第1段：本年度各项工作有序推进，预算执行规范。"),
        ("line", "第2段：本年度各项工作有序推进，预算执行规范。"),
        ("line", "第3段：本年度各项工作有序推进，预算执行规范。"),
        ("table", [["指标", "分值", "得分"], ["决策", "20", "18"]]),
        ("line", "以上为评分结果。"),
    ]


def test_single_file_web_page_mht(tmp_path: Path) -> None:
    import quopri

    html = PAGE.read_text("utf-8").replace('<meta http-equiv="Content-Type" content="text/html; charset=utf-8">', "")
    body = quopri.encodestring(html.encode("gb18030")).decode("ascii")
    mht = tmp_path / "page.mht"
    mht.write_text(
        "MIME-Version: 1.0\nContent-Type: multipart/related; boundary=\"B\"\n\n--B\n"
        "Content-Type: text/html; charset=\"gb2312\"\nContent-Transfer-Encoding: quoted-printable\n\n"
        + body + "\n--B--\n",
        "ascii",
    )
    doc = read_document(mht)
    assert doc.kind == "mht" and _blocks(doc) == EXPECTED_BLOCKS
