"""Word fixtures made by hand with python-docx (merged cells as Word writes them: vMerge and gridSpan),
and their PDFs made by LibreOffice.

Run: .venv/bin/python tests/audit_cases/make_docx.py   (needs `soffice` for the PDFs)

Layouts:
  hunan_docx_*         Hunan 投入/过程/产出/效果: 一级/二级 merged down, weights in the merged names
  national_docx_*      national 部门整体支出绩效自评表 (预算资金 block + 一级/二级/三级 rows); also → PDF
  huadu_docx_*         履职效能/管理效率 with 小计 rows, a table without borders; also → PDF
  three_level_docx_*   一级/二级/三级 side by side, each with its own 分值 and 得分, two-row header,
                       after a label/value info table; also → PDF
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from casekit import D, case_dir, execution, finding, fmt, node, parse_tree, rate, rows_of, soffice_convert, total, write_case

GEN = "make_docx.py"


def new_doc() -> Document:
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2)
    for name in ("Normal", "Table Grid"):
        try:
            st = doc.styles[name]
        except KeyError:
            continue
        st.font.name = "Times New Roman"
        st.font.size = Pt(9)
        rpr = st.element.get_or_add_rPr()
        rfonts = rpr.find(qn("w:rFonts"))
        if rfonts is None:
            rfonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(rfonts)
        rfonts.set(qn("w:eastAsia"), "Noto Serif CJK SC")
    return doc


def set_widths(table, cms: list[float]) -> None:
    """Real column widths (Word and WPS read gridCol; LibreOffice the cell widths)."""
    table.autofit = False
    for col, w in zip(table.columns, cms):
        col.width = Cm(w)
        for cell in col.cells:
            cell.width = Cm(w)


def write(cell, text: str) -> None:
    cell.text = text


def merge_down(table, col: int, r0: int, r1: int, text: str) -> None:
    cell = table.cell(r0, col)
    if r1 > r0:
        cell = cell.merge(table.cell(r1, col))
    write(cell, text)


def merge_across(table, row: int, c0: int, c1: int, text: str) -> None:
    cell = table.cell(row, c0)
    if c1 > c0:
        cell = cell.merge(table.cell(row, c1))
    write(cell, text)


def save(doc: Document, case_id: str, name: str) -> Path:
    path = case_dir(case_id) / name
    doc.save(path)
    return path


def to_pdf(docx_path: Path, case_id: str, fmt: str = "pdf") -> str:
    """Convert with LibreOffice (to .pdf or to Word 97 .doc) and store the result under case_id."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / f"{case_id}.docx"
        src.write_bytes(docx_path.read_bytes())
        made = soffice_convert(src, Path(tmp), fmt)
        out = case_dir(case_id) / f"{case_id}.{fmt}"
        out.write_bytes(made.read_bytes())
    return out.name


def repeat_header(row) -> None:
    """Mark a table row as the header Word and LibreOffice repeat at the top of every page."""
    from docx.oxml import OxmlElement

    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


# ---------------------------------------------------------------- B. Hunan 投入/过程/产出/效果

HUNAN_AG_TREE = """
投入
 预算配置
  在职人员控制率|5|5|以100%为标准，在职人员控制率≤100%，计5分；每超过一个百分点扣0.5分。
  “三公经费”变动率|5|5|“三公经费”变动率≤0，计5分；每增长一个百分点扣0.5分。
  重点支出安排率|5|4|重点支出安排率≥90%，计5分；80%（含）-90%，计4分。|重点支出安排率为88%
过程
 预算执行
  预算完成率|5|5|得分=预算完成率×5。
  预算调整率|3|3|预算调整率=0，计3分；每增加一个百分点扣0.5分。
  支付进度率|4|3.5|支付进度率≥95%，计4分；每低一个百分点扣0.5分。|支付进度率94%
  结转结余率|4|4|结转结余率≤5%，计4分。
  公用经费控制率|4|4|公用经费控制率≤100%，计4分。
 预算管理
  管理制度健全性|3|3|制度健全且有效执行，计3分。
  资金使用合规性|5|5|每发现一例不合规扣1分，扣完为止。
  预决算信息公开性|4|4|按规定时限和内容公开的，计4分。
 资产管理
  资产管理安全性|4|4|资产保存完整、处置规范的，计4分。
  固定资产利用率|4|3.6|得分=固定资产利用率×4。|部分农机具闲置
产出
 职责履行
  实际完成率|8|7.5|得分=实际完成率×8。|一项高标准农田任务跨年
  完成及时率|6|6|按计划时间完成的，计6分。
  质量达标率|6|6|质量达标率100%，计6分。
  重点工作办结率|5|5|重点工作全部办结的，计5分。
效果
 履职效益
  经济效益|5|5|农民人均可支配收入增长的，计5分。
  社会效益|5|4.5|粮食生产安全、农产品质量安全目标实现的，计5分。|一起农产品抽检不合格
  可持续影响|5|5|长效机制健全的，计5分。
  服务对象满意度|5|4.8|满意度≥95%，计5分；每低一个百分点扣0.2分。|满意度94%
"""


HUNAN_AG_PROSE = [
    "（一）主要职能。统筹研究和组织实施全县“三农”工作发展战略、中长期规划和重大政策；指导乡村特色产业、农产品加工业和休闲农业发展；"
    "负责种植业、畜牧业、渔业、农业机械化等农业各产业的监督管理；负责农产品质量安全监督管理；组织农业资源区划和生态农业建设。",
    "（二）机构设置。局机关设办公室、计划财务股、农村经营管理股、种植业管理股、畜牧水产股和农业综合执法大队，另有下属事业单位若干。",
    "（三）年度工作重点。稳定粮食播种面积，抓好高标准农田建设和耕地质量提升；推进农村人居环境整治，巩固农村户厕改造成果；"
    "加强动物疫病防控，保障重要农产品稳定供给；深化农村集体产权制度改革，发展壮大村级集体经济。",
    "（四）预算管理情况。我局严格执行部门预算，按照“先有预算、后有支出”的原则安排各项支出，专项资金实行项目化管理、专账核算，"
    "重大支出经局党组会议集体研究决定。全年未发生预算调剂以外的追加事项。",
    "（五）绩效管理情况。年初按要求编报部门整体支出绩效目标和项目绩效目标，年中开展绩效运行监控，年末组织绩效自评，"
    "对自评中发现的问题逐项建立整改台账，自评结果在部门网站公开。",
    "（六）资产管理情况。建立健全资产配置、使用、处置管理制度，定期开展资产清查，做到账账相符、账实相符。"
    "对长期闲置的农机具，已提出调剂使用方案，报县财政局审批后实施。",
]


def hunan_docx() -> None:
    dept, year = "某县农业农村局", 2022
    for variant in ("planted", "twin"):
        roots = parse_tree(HUNAN_AG_TREE)
        assert total(roots) == (D(100), D("96.9"))
        prose_total = "96.9"
        if variant == "planted":
            node(roots, "质量达标率").score = D(7)  # above its 6; 完成及时率 −1 keeps every sum
            node(roots, "完成及时率").score = D(5)
            prose_total = "97.9"  # the table says 96.9
        doc = new_doc()
        doc.add_paragraph(f"{dept}{year}年度部门整体支出绩效自评报告")
        doc.add_paragraph("一、部门基本情况")
        doc.add_paragraph("我局负责全县农业农村发展规划、粮食生产、农产品质量安全监管、农村人居环境整治等工作。")
        for text in HUNAN_AG_PROSE:  # enough text before the table that it runs over onto a second page
            doc.add_paragraph(text)
        doc.add_paragraph("二、自评结论")
        doc.add_paragraph(f"根据部门整体支出绩效评价指标体系，我局{year}年度部门整体支出绩效自评得分为{prose_total}分，评分情况见下表。")
        leaves = [l for r in roots for l in r.leaves()]
        table = doc.add_table(rows=1 + len(leaves) + 1, cols=7)
        table.style = "Table Grid"
        set_widths(table, [1.8, 2.0, 2.8, 5.2, 1.2, 1.4, 2.6])
        for i, h in enumerate(["一级指标", "二级指标", "三级指标", "评分标准", "分值", "自评得分", "扣分原因"]):
            write(table.cell(0, i), h)
        repeat_header(table.rows[0])  # the table runs over a page: the PDF prints the header again
        r_i = 1
        for r in roots:
            start1 = r_i
            for c in r.children:
                start2 = r_i
                for leaf in c.children:
                    for col, text in ((2, leaf.name), (3, leaf.standard), (4, fmt(leaf.max)), (5, fmt(leaf.score)), (6, leaf.reason)):
                        write(table.cell(r_i, col), text)
                    r_i += 1
                merge_down(table, 1, start2, r_i - 1, f"{c.name}\n（{fmt(c.max)}分）")
            merge_down(table, 0, start1, r_i - 1, f"{r.name}\n（{fmt(r.max)}分）")
        merge_across(table, r_i, 0, 3, "合计")
        write(table.cell(r_i, 4), "100")
        write(table.cell(r_i, 5), "96.9")
        doc.add_paragraph("三、存在的问题和改进措施")
        doc.add_paragraph("个别项目支付进度偏慢，下一步将加强项目调度，提高资金使用效益。")
        for fmt_ in ("docx", "pdf", "doc"):
            cid = f"hunan_{fmt_}_{variant}"
            if fmt_ == "docx":
                name = save(doc, cid, f"{cid}.docx").name
                docx_path = case_dir(cid) / name
            else:
                name = to_pdf(docx_path, cid, fmt_)
            write_case(
                cid,
                document=name,
                made_with={"docx": "python-docx by hand (vMerge for 一级/二级, gridSpan for 合计, header row repeated on each page)",
                           "pdf": "python-docx by hand, then LibreOffice to PDF (two pages, header repeated)",
                           "doc": "python-docx by hand, then LibreOffice to Word 97 .doc"}[fmt_],
                layout="hunan_four_part",
                department=dept,
                year=year,
                claimed_total="96.9",
                tables=[{"kind": "score_sheet", "rows": 22}],
                score_rows=rows_of(roots, parents=False),
                findings=[]
                if variant == "twin"
                else [
                    finding("score_above_max", "质量达标率", severity="error", claimed="7"),
                    finding("total_sources_disagree", None),
                ],
                twin_of=f"hunan_{fmt_}_planted" if variant == "twin" else None,
                generator=GEN,
            )


# ---------------------------------------------------------------- G. national 部门整体支出绩效自评表

HRSS_TARGETS = [
    ("产出指标", "数量指标", "城镇新增就业人数", "≥3000人", "3215人", "15", "15", ""),
    ("产出指标", "数量指标", "职业技能培训人次", "≥2500人次", "2610人次", "10", "10", ""),
    ("产出指标", "质量指标", "劳动保障监察案件结案率", "≥95%", "98.2%", "10", "10", ""),
    ("产出指标", "时效指标", "社会保险待遇按时发放率", "100%", "100%", "10", "10", ""),
    ("效益指标", "社会效益指标", "城镇登记失业率", "≤4.5%", "3.8%", "15", "15", ""),
    ("效益指标", "可持续影响指标", "基层就业服务站点正常运行数", "≥30个", "31个", "10", "10", ""),
    ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%", "94.6%", "20", "20", ""),
]


def national_docx() -> None:
    dept, year = "某县人力资源和社会保障局", 2023
    assert rate("836.77", "905.60") == "92.40%"  # × 10 = 9.24
    units = ["办公室", "就业促进股", "社会保险股", "劳动关系股", "人才开发股"]
    for variant in ("planted", "twin"):
        exec_score = "9.24" if variant == "twin" else "9.5"
        count = "5" if variant == "twin" else "6"  # planted: "共6个" before five names
        score_total = D(exec_score) + sum(D(t[6]) for t in HRSS_TARGETS)
        doc = new_doc()
        doc.add_paragraph(f"{dept}{year}年度部门整体支出绩效自评报告")
        doc.add_paragraph("一、部门基本情况")
        doc.add_paragraph(f"我局内设机构共{count}个，即{'、'.join(units)}。下属事业单位2个，即县就业服务中心、县社会保险服务中心。")
        doc.add_paragraph("二、自评结论")
        doc.add_paragraph(f"经自评，我局{year}年度部门整体支出绩效自评得分{fmt(score_total)}分，自评表附后。")
        doc.add_paragraph(f"部门整体支出绩效自评表（{year}年度）")
        n_t = len(HRSS_TARGETS)
        # rows: 0 单位, 1 budget head, 2-5 budget rows, 6 目标 head, 7 目标 text, 8 指标 head, 9.. targets, last 总分
        nrows = 9 + n_t + 1
        table = doc.add_table(rows=nrows, cols=9)
        table.style = "Table Grid"
        set_widths(table, [1.5, 1.6, 1.6, 3.0, 1.9, 1.9, 1.2, 1.8, 2.5])
        write(table.cell(0, 0), "部门（单位）名称")
        merge_across(table, 0, 1, 8, dept)
        merge_down(table, 0, 1, 5, "预算资金（万元）")
        merge_across(table, 1, 1, 2, "")
        for i, h in enumerate(["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]):
            write(table.cell(1, 3 + i), h)
        budget_rows = [
            ("年度资金总额", "860.00", "905.60", "836.77", "10", "92.40%", exec_score),
            ("其中：当年财政拨款", "820.00", "865.60", "796.77", "—", rate("796.77", "865.60"), "—"),
            ("上年结转资金", "40.00", "40.00", "40.00", "—", "100.00%", "—"),
            ("其他资金", "—", "—", "—", "—", "—", "—"),
        ]
        for k, row in enumerate(budget_rows):
            merge_across(table, 2 + k, 1, 2, row[0])
            for i, v in enumerate(row[1:]):
                write(table.cell(2 + k, 3 + i), v)
        merge_down(table, 0, 6, 7, "年度总体目标")
        merge_across(table, 6, 1, 4, "预期目标")
        merge_across(table, 6, 5, 8, "实际完成情况")
        merge_across(table, 7, 1, 4, "稳定和扩大就业，提升职业技能培训质量，保障社会保险待遇按时足额发放。")
        merge_across(table, 7, 5, 8, "城镇新增就业3215人，培训2610人次，社会保险待遇全部按时发放。")
        merge_down(table, 0, 8, 8 + n_t, "绩效指标")
        for i, h in enumerate(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]):
            write(table.cell(8, 1 + i), h)
        r0 = 9
        groups1: dict[str, list[int]] = {}
        groups2: dict[tuple, list[int]] = {}
        for k, t in enumerate(HRSS_TARGETS):
            groups1.setdefault(t[0], []).append(r0 + k)
            groups2.setdefault((t[0], t[1]), []).append(r0 + k)
            for i, v in enumerate(t[2:]):
                write(table.cell(r0 + k, 3 + i), v)
        for name, rs in groups1.items():
            merge_down(table, 1, rs[0], rs[-1], name)
        for (_, name), rs in groups2.items():
            merge_down(table, 2, rs[0], rs[-1], name)
        last = nrows - 1
        merge_across(table, last, 0, 5, "总分")
        write(table.cell(last, 6), "100")
        write(table.cell(last, 7), fmt(score_total))
        doc.add_paragraph("填表人：赵某    填报日期：2024年3月20日")
        for fmt_ in ("docx", "pdf"):
            cid = f"national_{fmt_}_{variant}"
            if fmt_ == "docx":
                name = save(doc, cid, f"{cid}.docx").name
                docx_path = case_dir(cid) / name
            else:
                name = to_pdf(docx_path, cid)
            write_case(
                cid,
                document=name,
                made_with="python-docx by hand" if fmt_ == "docx" else "python-docx by hand, then LibreOffice (soffice --convert-to pdf)",
                layout="national_dept_self_eval",
                department=dept,
                year=year,
                claimed_total=fmt(score_total),
                tables=[{"kind": "dept_self_eval", "rows": 13}],
                score_rows=[{"name": execution("年度资金总额"), "max": "10", "score": exec_score}]
                + [{"name": t[2], "max": t[5], "score": t[6]} for t in HRSS_TARGETS],
                findings=[]
                if variant == "twin"
                else [
                    finding("execution_score_mismatch", execution("年度资金总额"), claimed="9.5", recomputed="9.24"),
                    finding("list_count_mismatch", None, claimed="6", recomputed="5"),
                ],
                twin_of=f"national_{fmt_}_planted" if variant == "twin" else None,
                generator=GEN,
            )


# ---------------------------------------------------------------- I. 履职效能/管理效率 with 小计 rows

HUADU_TREE = """
履职效能
 重点工作完成
  市容环境整治任务完成率|8|8|按年度整治任务完成比例计分。
  违法建设查处率|7|6.5|查处率100%得满分，每低一个百分点扣0.5分。|查处率99%
  生活垃圾分类覆盖率|5|5|覆盖全部社区的得满分。
 履职效果
  案件办结率|10|9.6|按办结比例计分。|少量案件跨年办结
  市民投诉处理满意度|10|9.2|按满意度调查结果计分。|满意度92%
  城市管理考评成绩|10|9|全市考评前三名得满分，每降一名扣0.5分。|全市第五名
管理效率
 预算管理
  预算执行率|10|9.75|得分=预算执行率×10。|预算执行率97.5%
  预算调整率|5|5|调整率不超过5%的得满分。
  结转结余率|5|5|结转结余率不超过3%的得满分。
 财务资产管理
  资金使用合规性|8|8|未发现违规使用资金的得满分。
  资产管理规范性|7|7|资产账实相符的得满分。
 内部管理
  制度建设|8|8|内控制度健全并有效执行的得满分。
  信息公开|7|6.5|按时公开预决算和绩效信息的得满分。|一项信息公开延迟
"""


def huadu_docx() -> None:
    dept, year = "某区城市管理和综合执法局", 2024
    for variant in ("planted", "twin"):
        roots = parse_tree(HUADU_TREE)
        twin = parse_tree(HUADU_TREE)
        assert total(roots) == (D(100), D("96.55"))
        grade = "优"
        if variant == "planted":
            node(roots, "违法建设查处率").score = D("5.5")  # the 小计 still says 47.3
            grade = "良"  # 96.55 is 优 by the bands the report states
        doc = new_doc()
        doc.add_paragraph(f"{dept}{year}年度部门整体支出绩效自评报告")
        doc.add_paragraph("一、自评结论")
        doc.add_paragraph(
            f"{year}年度部门整体支出绩效评价分为履职效能和管理效率两部分，各50分。我局综合评分96.55分，其中履职效能47.3分、管理效率49.25分。"
            "按照评价办法，得分90分（含）以上为“优”，80分（含）至90分为“良”，60分（含）至80分为“中”，60分以下为“差”。"
            f"我局评价等级为“{grade}”。"
        )
        doc.add_paragraph("二、指标评分情况")
        n_leaf = sum(len(r.leaves()) for r in roots)
        table = doc.add_table(rows=1 + n_leaf + len(roots) + 1, cols=6)  # no style: a table without borders
        set_widths(table, [2.0, 2.6, 4.0, 1.3, 1.3, 5.8])
        for i, h in enumerate(["一级指标", "二级指标", "三级指标", "分值", "得分", "评分说明"]):
            write(table.cell(0, i), h)
        r_i = 1
        for k, r in enumerate(roots):
            start1 = r_i
            for c in r.children:
                start2 = r_i
                for leaf in c.children:
                    for col, text in ((2, leaf.name), (3, fmt(leaf.max)), (4, fmt(leaf.score)), (5, leaf.reason or leaf.standard)):
                        write(table.cell(r_i, col), text)
                    r_i += 1
                merge_down(table, 1, start2, r_i - 1, c.name)
            merge_across(table, r_i, 1, 2, "小计")
            write(table.cell(r_i, 3), fmt(twin[k].max))
            write(table.cell(r_i, 4), fmt(twin[k].score))
            merge_down(table, 0, start1, r_i, r.name)
            r_i += 1
        merge_across(table, r_i, 0, 2, "合计")
        write(table.cell(r_i, 3), "100")
        write(table.cell(r_i, 4), "96.55")
        doc.add_paragraph("三、问题与建议")
        doc.add_paragraph("部分案件办理周期偏长，信息公开的时效性有待提高。")
        rows = []
        for k, r in enumerate(roots):
            rows += [{"name": l.name, "max": fmt(l.max), "score": fmt(l.score)} for l in r.leaves()]
            rows.append({"name": r.name, "max": fmt(twin[k].max), "score": fmt(twin[k].score)})
        for fmt_ in ("docx", "pdf"):
            cid = f"huadu_{fmt_}_{variant}"
            if fmt_ == "docx":
                name = save(doc, cid, f"{cid}.docx").name
                docx_path = case_dir(cid) / name
            else:
                name = to_pdf(docx_path, cid)
            write_case(
                cid,
                document=name,
                made_with="python-docx by hand (no borders)" if fmt_ == "docx" else "python-docx by hand (no borders), then LibreOffice",
                layout="huadu_subtotals",
                department=dept,
                year=year,
                claimed_total="96.55",
                tables=[{"kind": "score_sheet", "rows": 16}],
                score_rows=rows,
                findings=[]
                if variant == "twin"
                else [
                    finding("score_sum", "履职效能", severity="error", claimed="47.3", recomputed="46.3"),
                    finding("grade_mismatch", None, claimed="良", recomputed="优"),
                ],
                twin_of=f"huadu_{fmt_}_planted" if variant == "twin" else None,
                generator=GEN,
            )


# ---------------------------------------------------------------- M. 一级/二级/三级 side by side, own 分值/得分

THREE_TREE = """
部门决策
 目标设定
  绩效目标合理性|3|3|目标依据充分、与职责相符。
  绩效指标明确性|3|2.5|指标细化、量化。
 预算配置
  预算编制科学性|5|5|预算编制经过论证、内容完整。
  资金分配合理性|4|4|资金分配依据充分。
部门管理
 资金管理
  预算执行率|10|9.6|得分=预算执行率×10。
  结转结余率|5|5|结转结余率不超过5%。
  政府采购执行率|5|4.8|得分=政府采购执行率×5。
 资产与人员管理
  资产管理规范性|5|5|资产账实相符、处置规范。
  固定资产利用率|5|4.5|利用率90%以上得满分。
  财政供养人员控制率|5|5|在职人数不超过编制数。
部门绩效
 产出
  农村公路养护里程完成率|10|10|按完成比例计分。
  危桥改造完成数|10|9|每少完成一座扣1分。
  公路安全隐患整治及时率|10|10|按期整治的得满分。
 效益
  群众出行便利度|10|9.5|依据抽样调查计分。
  服务对象满意度|10|9.3|满意度93%。
"""


def three_level_docx() -> None:
    dept, year = "某县交通运输局", 2023
    for variant in ("planted", "twin"):
        roots = parse_tree(THREE_TREE)
        twin = parse_tree(THREE_TREE)
        assert total(roots) == (D(100), D("96.2"))
        if variant == "planted":
            node(roots, "固定资产利用率").score = D(5)  # 资产与人员管理 still says 14.5
            node(roots, "危桥改造完成数").max = D(9)  # 产出 still says 30
        doc = new_doc()
        doc.add_paragraph(f"{dept}部门整体支出绩效自评报告")
        info = doc.add_table(rows=3, cols=2)
        info.style = "Table Grid"
        for k, (a, b) in enumerate([("部门（单位）名称", dept), ("评价年度", f"{year}年度"), ("评价方式", "部门自评")]):
            write(info.cell(k, 0), a)
            write(info.cell(k, 1), b)
        doc.add_paragraph("一、总体评价")
        doc.add_paragraph("经自评，我局部门整体支出绩效自评得分96.2分，各级指标得分见下表。")
        leaves = [l for r in roots for l in r.leaves()]
        table = doc.add_table(rows=2 + len(leaves) + 1, cols=10)
        table.style = "Table Grid"
        set_widths(table, [1.8, 1.2, 1.2, 2.2, 1.2, 1.2, 3.4, 1.2, 1.2, 2.4])
        merge_across(table, 0, 0, 2, "一级指标")
        merge_across(table, 0, 3, 5, "二级指标")
        merge_across(table, 0, 6, 8, "三级指标")
        merge_down(table, 9, 0, 1, "评分依据")
        for g in range(3):
            for i, h in enumerate(["名称", "分值", "得分"]):
                write(table.cell(1, 3 * g + i), h)
        r_i = 2
        for k, r in enumerate(roots):
            start1 = r_i
            for j, c in enumerate(r.children):
                start2 = r_i
                for leaf in c.children:
                    for col, text in ((6, leaf.name), (7, fmt(leaf.max)), (8, fmt(leaf.score)), (9, leaf.standard)):
                        write(table.cell(r_i, col), text)
                    r_i += 1
                tc = twin[k].children[j]
                merge_down(table, 3, start2, r_i - 1, c.name)
                merge_down(table, 4, start2, r_i - 1, fmt(tc.max))
                merge_down(table, 5, start2, r_i - 1, fmt(tc.score))
            merge_down(table, 0, start1, r_i - 1, r.name)
            merge_down(table, 1, start1, r_i - 1, fmt(twin[k].max))
            merge_down(table, 2, start1, r_i - 1, fmt(twin[k].score))
        write(table.cell(r_i, 0), "合计")
        write(table.cell(r_i, 1), "100")
        write(table.cell(r_i, 2), "96.2")
        merge_across(table, r_i, 3, 9, "")
        doc.add_paragraph("二、存在问题")
        doc.add_paragraph("危桥改造受汛期影响，个别项目未能按期完工。")
        rows = []
        for k, r in enumerate(roots):
            rows.append({"name": r.name, "max": fmt(twin[k].max), "score": fmt(twin[k].score)})
            for j, c in enumerate(r.children):
                tc = twin[k].children[j]
                rows.append({"name": c.name, "max": fmt(tc.max), "score": fmt(tc.score)})
                rows += [{"name": l.name, "max": fmt(l.max), "score": fmt(l.score)} for l in c.children]
        for fmt_ in ("docx", "pdf"):
            cid = f"three_level_{fmt_}_{variant}"
            if fmt_ == "docx":
                name = save(doc, cid, f"{cid}.docx").name
                docx_path = case_dir(cid) / name
            else:
                name = to_pdf(docx_path, cid)
            write_case(
                cid,
                document=name,
                made_with="python-docx by hand (two-row header with gridSpan, levels merged down)"
                if fmt_ == "docx"
                else "python-docx by hand, then LibreOffice",
                layout="three_level_columns",
                department=dept,
                year=year,
                claimed_total="96.2",
                tables=[{"kind": "info_table", "rows": 3}, {"kind": "score_sheet", "rows": 16}],
                score_rows=rows,
                findings=[]
                if variant == "twin"
                else [
                    finding("score_sum", "资产与人员管理", severity="error", claimed="14.5", recomputed="15"),
                    finding("weight_sum", "产出", severity="error", claimed="30", recomputed="29"),
                ],
                twin_of=f"three_level_{fmt_}_planted" if variant == "twin" else None,
                generator=GEN,
            )


ALL = [hunan_docx, national_docx, huadu_docx, three_level_docx]  # every generator of this script: tests/test_audit_cases.py reruns them


if __name__ == "__main__":
    for make in ALL:
        make()
    print("docx/pdf fixtures written")
