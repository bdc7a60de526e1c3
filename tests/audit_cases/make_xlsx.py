"""Excel fixtures written with openpyxl: merged cells, numbers stored as numbers and as text,
percent number formats.

Run: .venv/bin/python tests/audit_cases/make_xlsx.py

Layouts:
  sichuan_xlsx_*  Sichuan 部门决策25/综合管理30/部门绩效45 得分表 (一级 merged down with its own 分值/得分)
                  and a second sheet 预算执行情况 whose 执行率 cells are numbers in a 0.00% format
  outline_xlsx_*  one name column with outline numbering (一、/（一）/1.), every number stored as text,
                  after a sheet of label/value cells
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Side

import tempfile
from pathlib import Path

from casekit import D, case_dir, execution, finding, fmt, node, parse_tree, rate, soffice_convert, total, write_case

GEN = "make_xlsx.py"
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def box(ws, rows: range, cols: range) -> None:
    for r in rows:
        for c in cols:
            ws.cell(r, c).border = BOX
            ws.cell(r, c).alignment = Alignment(wrap_text=True, vertical="center")


# ---------------------------------------------------------------- D. Sichuan 得分表

SC_TREE = """
部门决策
 目标设定
  绩效目标合理性|5|5
  绩效指标明确性|5|4.5
 决策过程
  预算编制科学性|8|8
  资金分配合理性|7|6.5
综合管理
 预算执行
  预算执行率|8|7.71
  预算调整率|4|4
  结转结余控制|4|4
 财务管理
  资金使用合规性|4|4
  财务监控有效性|4|3.5
 资产管理
  资产配置合理性|3|3
  资产使用效率|3|3
部门绩效
 产出
  公共文化活动场次完成率|9|9
  文物保护项目完成率|8|7.2
  任务完成及时率|8|8
 效益
  社会效益|10|9.5
  群众满意度|10|9.4
"""


def sichuan_xlsx() -> None:
    dept, year = "某县文化广播电视和旅游局", 2023
    budget = [
        ("基本支出", "820.00", "846.50", "838.20"),
        ("项目支出", "410.00", "452.30", "413.85"),
        ("合计", "1230.00", "1298.80", "1252.05"),
    ]
    assert [rate(b[3], b[2]) for b in budget] == ["99.02%", "91.50%", "96.40%"]
    for variant in ("planted", "twin"):
        roots = parse_tree(SC_TREE)
        twin = parse_tree(SC_TREE)
        assert total(roots) == (D(100), D("96.31"))
        rates = {"基本支出": "0.9902", "项目支出": "0.9150", "合计": "96.40%"}
        if variant == "planted":
            node(roots, "文物保护项目完成率").score = D("7.6")  # 部门绩效 still says 43.1
            rates["项目支出"] = "0.9250"  # 413.85 / 452.30 = 91.50%
        wb = Workbook()
        ws = wb.active
        ws.title = "得分表"
        ws.merge_cells("A1:G1")
        ws["A1"] = f"{dept}{year}年度部门整体支出绩效评价得分表"
        for i, h in enumerate(["一级指标", "分值", "得分", "二级指标", "三级指标", "分值", "得分"], start=1):
            ws.cell(2, i, h)
        r_i = 3
        k = 0
        for n1, r in enumerate(roots):
            start1 = r_i
            for c in r.children:
                start2 = r_i
                for leaf in c.children:
                    ws.cell(r_i, 5, leaf.name)
                    # alternate numbers and text, as sheets typed by hand do
                    ws.cell(r_i, 6, int(leaf.max) if k % 2 == 0 else fmt(leaf.max))
                    ws.cell(r_i, 7, float(leaf.score) if k % 3 else fmt(leaf.score))
                    r_i += 1
                    k += 1
                ws.cell(start2, 4, c.name)
                if r_i - 1 > start2:
                    ws.merge_cells(start_row=start2, start_column=4, end_row=r_i - 1, end_column=4)
            ws.cell(start1, 1, r.name)
            ws.cell(start1, 2, int(twin[n1].max))
            ws.cell(start1, 3, float(twin[n1].score))
            for col in (1, 2, 3):
                ws.merge_cells(start_row=start1, start_column=col, end_row=r_i - 1, end_column=col)
        ws.cell(r_i, 1, "合计")
        ws.merge_cells(start_row=r_i, start_column=1, end_row=r_i, end_column=5)
        ws.cell(r_i, 6, 100)
        ws.cell(r_i, 7, float(D("96.31")))
        box(ws, range(2, r_i + 1), range(1, 8))
        for col, w in zip("ABCDEFG", (12, 7, 7, 12, 24, 7, 7)):
            ws.column_dimensions[col].width = w

        wb2 = wb.create_sheet("预算执行情况")
        wb2["A1"] = "预算执行情况表（单位：万元）"
        wb2.merge_cells("A1:E1")
        for i, h in enumerate(["项目", "年初预算数", "全年预算数", "全年执行数", "执行率"], start=1):
            wb2.cell(2, i, h)
        for j, (name, a, b, c) in enumerate(budget, start=3):
            wb2.cell(j, 1, name)
            for i, v in enumerate((a, b, c), start=2):
                cell = wb2.cell(j, i, float(D(v)))
                cell.number_format = "#,##0.00"
            rv = rates[name]
            cell = wb2.cell(j, 5, rv if rv.endswith("%") else float(D(rv)))
            if not rv.endswith("%"):
                cell.number_format = "0.00%"
        box(wb2, range(2, 6), range(1, 6))
        rows = []
        for n1, r in enumerate(roots):
            rows.append({"name": r.name, "max": fmt(twin[n1].max), "score": fmt(twin[n1].score)})
            rows += [{"name": l.name, "max": fmt(l.max), "score": fmt(l.score)} for l in r.leaves()]
        for ext in ("xlsx", "xls"):
            cid = f"sichuan_{ext}_{variant}"
            name = f"{cid}.{ext}"
            if ext == "xlsx":
                wb.save(case_dir(cid) / name)
            else:  # Excel 97 .xls, as LibreOffice Calc saves it
                with tempfile.TemporaryDirectory() as tmp:
                    src = Path(tmp) / f"{cid}.xlsx"
                    wb.save(src)
                    (case_dir(cid) / name).write_bytes(soffice_convert(src, Path(tmp), "xls").read_bytes())
            write_case(
                cid,
                document=name,
                made_with="openpyxl (merged cells, numbers as numbers and as text, 0.00% formats)"
                + ("" if ext == "xlsx" else ", then LibreOffice to Excel 97 .xls"),
                layout="sichuan_three_part",
                department=dept,
                year=year,
                claimed_total="96.31",
                tables=[{"kind": "score_sheet", "rows": 17}, {"kind": "budget_table", "rows": 3}],
                score_rows=rows,
                findings=[]
                if variant == "twin"
                else [
                    finding("score_sum", "部门绩效", severity="error", claimed="43.1", recomputed="43.5"),
                    finding("execution_rate_mismatch", execution("项目支出"), claimed="92.50%", recomputed="91.50%"),
                ],
                twin_of=f"sichuan_{ext}_planted" if variant == "twin" else None,
                generator=GEN,
            )


# ---------------------------------------------------------------- O. outline-numbered 评分表, numbers as text

OUTLINE_TREE = """
部门决策
 目标设定
  绩效目标合理性|4|4|目标与职责、规划相符。
  绩效指标明确性|4|3.5|指标细化、量化、可衡量。
 预算配置
  预算编制规范性|6|6|按规定程序编制预算。
  重点支出保障率|6|5.5|重点支出保障率≥95%得满分。
部门管理
 预算执行
  预算执行率|8|7.8|得分=预算执行率×8。
  结转结余率|4|4|结转结余率≤5%得满分。
  预算调整率|3|3|调整率≤5%得满分。
 综合管理
  管理制度健全性|5|5|制度健全并有效执行。
  信息公开规范性|5|4.5|按时公开预决算和绩效信息。
  资产管理规范性|5|5|资产账实相符。
部门绩效
 履职产出
  优抚对象抚恤金按时发放率|10|10|按时足额发放得满分。
  退役军人就业培训人数完成率|10|9.2|按完成比例计分。
  军休服务保障任务完成率|10|10|全部完成得满分。
 履职效果
  优抚对象满意度|10|9.4|按调查满意度计分。
  社会效益|10|9.5|拥军优属氛围良好。
"""

CN = "一二三四五六七八九十"


def outline_xlsx() -> None:
    dept, year = "某县退役军人事务局", 2023
    for variant in ("planted", "twin"):
        roots = parse_tree(OUTLINE_TREE)
        twin = parse_tree(OUTLINE_TREE)
        assert total(roots) == (D(100), D("96.4"))
        if variant == "planted":
            node(roots, "信息公开规范性").score = D("3.5")  # 综合管理 still says 14.5
            node(roots, "重点支出保障率").score = D("6.5")  # above its 6; 预算编制规范性 −1 keeps every sum
            node(roots, "预算编制规范性").score = D(5)
        wb = Workbook()
        info = wb.active
        info.title = "基本信息"
        for j, (a, b) in enumerate([("单位名称", dept), ("评价年度", f"{year}年"), ("联系人", "周某"), ("联系电话", "0000-7654321")], start=1):
            info.cell(j, 1, a)
            info.cell(j, 2, b)
        box(info, range(1, 5), range(1, 3))
        ws = wb.create_sheet("评分表")
        ws.merge_cells("A1:D1")
        ws["A1"] = f"{dept}{year}年度部门整体支出绩效自评评分表"
        for i, h in enumerate(["指标", "分值", "得分", "评分说明"], start=1):
            ws.cell(2, i, h)
        r_i, n2, n3 = 3, 0, 0
        rows = []
        for a, r in enumerate(roots):
            ws.cell(r_i, 1, f"{CN[a]}、{r.name}")
            ws.cell(r_i, 2, fmt(twin[a].max))
            ws.cell(r_i, 3, fmt(twin[a].score))
            rows.append({"name": r.name, "max": fmt(twin[a].max), "score": fmt(twin[a].score)})
            r_i += 1
            for b, c in enumerate(r.children):
                tc = twin[a].children[b]
                ws.cell(r_i, 1, f"（{CN[n2]}）{c.name}")
                ws.cell(r_i, 2, fmt(tc.max))
                ws.cell(r_i, 3, fmt(tc.score))
                rows.append({"name": c.name, "max": fmt(tc.max), "score": fmt(tc.score)})
                n2 += 1
                r_i += 1
                for leaf in c.children:
                    n3 += 1
                    ws.cell(r_i, 1, f"{n3}.{leaf.name}")
                    ws.cell(r_i, 2, fmt(leaf.max))
                    ws.cell(r_i, 3, fmt(leaf.score))
                    ws.cell(r_i, 4, leaf.standard)
                    rows.append({"name": leaf.name, "max": fmt(leaf.max), "score": fmt(leaf.score)})
                    r_i += 1
        ws.cell(r_i, 1, "合计")
        ws.cell(r_i, 2, "100")
        ws.cell(r_i, 3, "96.4")
        box(ws, range(2, r_i + 1), range(1, 5))
        ws.column_dimensions["A"].width = 32
        ws.column_dimensions["D"].width = 30
        cid = f"outline_xlsx_{variant}"
        name = f"{cid}.xlsx"
        wb.save(case_dir(cid) / name)
        write_case(
            cid,
            document=name,
            made_with="openpyxl (outline-numbered names, every number stored as text)",
            layout="outline_rows",
            department=dept,
            year=year,
            claimed_total="96.4",
            tables=[{"kind": "info_table", "rows": 4}, {"kind": "score_sheet", "rows": 25}],
            score_rows=rows,
            findings=[]
            if variant == "twin"
            else [
                finding("score_sum", "综合管理", severity="error", claimed="14.5", recomputed="13.5"),
                finding("score_above_max", "重点支出保障率", severity="error", claimed="6.5"),
            ],
            twin_of="outline_xlsx_planted" if variant == "twin" else None,
            generator=GEN,
        )


ALL = [sichuan_xlsx, outline_xlsx]  # every generator of this script: tests/test_audit_cases.py reruns them


if __name__ == "__main__":
    for make in ALL:
        make()
    print("xlsx fixtures written")
