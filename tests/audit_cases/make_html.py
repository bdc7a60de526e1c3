"""Saved government web pages (.html with the page's chrome around a <table>), and PDFs printed from
such a page by Chromium (`--headless --print-to-pdf`).

Run: .venv/bin/python tests/audit_cases/make_html.py   (needs /usr/bin/chromium for the PDFs)

Layouts:
  cq_html_*        Chongqing 部门整体绩效自评表 (执行率权重/执行率得分, 年初/调整指标值, 得分系数, 指标权重 …)
  project_html_*   national 项目支出绩效自评表 (财预〔2020〕10号); also printed to PDF (project_pdf_*)
  budget_html_*    prose with a budget broken down by use and by source, and a 预算执行情况 table
"""

from __future__ import annotations

import html
import tempfile
from pathlib import Path

from casekit import D, case_dir, chromium_to_pdf, execution, finding, fmt, rate, write_case

GEN = "make_html.py"

PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: "Noto Serif CJK SC", serif; font-size: 12px; margin: 24px; }}
table {{ border-collapse: collapse; width: 100%; }}
td, th {{ border: 1px solid #333; padding: 3px 4px; text-align: center; }}
.nav, .foot {{ color: #666; font-size: 11px; }}
</style></head>
<body>
<div class="nav">首页 &gt; 政务公开 &gt; 财政预决算 &gt; 绩效信息　　<a href="#">无障碍</a> | <a href="#">长者模式</a></div>
<h2>{title}</h2>
<div class="nav">发布日期：{date}　来源：{source}　浏览次数：<span>1024</span></div>
{body}
<div class="foot">【打印本页】【关闭窗口】<br>主办单位：某县人民政府办公室　网站标识码：0000000000</div>
</body></html>
"""


def e(s: str) -> str:
    return html.escape(s, quote=False)


def tr(*cells, tag="td") -> str:
    out = []
    for c in cells:
        if isinstance(c, tuple):  # (text, {"colspan": 2})
            text, attrs = c
            a = "".join(f' {k}="{v}"' for k, v in attrs.items())
        else:
            text, a = c, ""
        out.append(f"<{tag}{a}>{e(text)}</{tag}>")
    return "<tr>" + "".join(out) + "</tr>"


def put(case_id: str, name: str, text: str) -> Path:
    path = case_dir(case_id) / name
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- E. Chongqing 部门整体绩效自评表

CQ_TARGETS = [
    # 名称, 单位, 性质, 年初指标值, 调整指标值, 全年完成值, 得分系数, 权重, 得分, 核心
    ["财政供养人员控制率", "%", "定量", "≤100%", "≤100%", "96%", "100%", "5", "5", "否"],
    ["“三公”经费变动率", "%", "定量", "≤0", "≤0", "-3.2%", "100%", "5", "5", "否"],
    ["结转结余率", "%", "定量", "≤5%", "≤5%", "2.1%", "100%", "5", "5", "否"],
    ["政府采购执行率", "%", "定量", "100%", "100%", "100%", "100%", "5", "5", "否"],
    ["管理制度健全性", "", "定性", "健全", "健全", "健全，全年修订制度6项", "100%", "5", "5", "否"],
    ["道路设施完好率", "%", "定量", "≥95%", "≥95%", "97.2%", "100%", "15", "15", "是"],
    ["路灯亮灯率", "%", "定量", "≥98%", "≥98%", "98.6%", "100%", "10", "10", "是"],
    ["桥梁定期检测数量", "座", "定量", "42", "45", "45", "100%", "10", "10", "是"],
    ["设施维修及时率", "%", "定量", "≥90%", "≥90%", "93.5%", "100%", "10", "10", "否"],
    ["市民投诉办结率", "%", "定量", "100%", "100%", "100%", "100%", "10", "10", "否"],
    ["市民满意度", "%", "定量", "≥85%", "≥85%", "88.4%", "100%", "10", "10", "否"],
]


def cq_html() -> None:
    dept, year = "某区市政设施运行保障中心", 2022
    assert rate("2197.23", "2286.40") == "96.10%"  # × 10 = 9.61
    for variant in ("planted", "twin"):
        targets = [list(t) for t in CQ_TARGETS]
        exec_score = "9.61"
        if variant == "planted":
            exec_score = "9.8"  # 96.10% × 10 = 9.61
            targets[6][8] = "8"  # 路灯亮灯率 98.6% ≥ 98% met, coefficient 100%, yet 8 of 10
            targets[5][6] = "80%"  # 道路设施完好率 97.2% ≥ 95% met, full marks, but its 得分系数 printed 80%
        tot = D(exec_score) + sum(D(t[8]) for t in targets)
        rows = [
            tr((f"{year}年度部门整体绩效自评表", {"colspan": 10}), tag="th"),
            tr("主管部门", (dept, {"colspan": 4}), ("自评总分（分）", {"colspan": 2}), (fmt(tot), {"colspan": 3})),
            tr(("部门预算执行情况（万元）", {"rowspan": 2}), "年初预算数", "全年（调整）预算数", "全年执行数", "执行率（%）",
               "执行率权重", ("执行率得分（分）", {"colspan": 4})),
            tr("2,150.00", "2,286.40", "2,197.23", "96.10%", "10", (exec_score, {"colspan": 4})),
            tr(("当年绩效目标", {"rowspan": 2}), ("年初绩效目标", {"colspan": 3}), ("全年（调整）绩效目标", {"colspan": 3}),
               ("全年目标实际完成情况", {"colspan": 3})),
            tr(("保障城市道路、桥梁、路灯等市政设施安全运行。", {"colspan": 3}), ("同年初目标。", {"colspan": 3}),
               ("市政设施运行安全平稳，完成桥梁定期检测45座。", {"colspan": 3})),
            tr("指标名称", "计量单位", "指标性质", "年初指标值", "调整指标值", "全年完成值", "得分系数（%）", "指标权重（分）",
               "指标得分（分）", "是否核心指标"),
        ]
        rows += [tr(*t) for t in targets]
        body = "<table>" + "\n".join(rows) + "</table>\n<p>填表人：陈某　　联系电话：0000-2233445</p>"
        cid = f"cq_html_{variant}"
        doc = put(cid, f"{cid}.html", PAGE.format(title=f"{dept}{year}年度部门整体绩效自评表", date="2023-04-26", source=dept, body=body))
        write_case(
            cid,
            document=doc.name,
            made_with="hand-written HTML (a saved web page: rowspan/colspan table inside the site's chrome)",
            layout="chongqing_self_eval",
            department=dept,
            year=year,
            claimed_total=fmt(tot),
            tables=[{"kind": "cq_self_eval", "rows": 13}],
            score_rows=[{"name": "执行率", "max": "10", "score": exec_score}] + [{"name": t[0], "max": t[7], "score": t[8]} for t in targets],
            findings=[]
            if variant == "twin"
            else [
                finding("execution_score_mismatch", ["执行率"], claimed="9.8", recomputed="9.61"),
                finding("target_score_mismatch", "路灯亮灯率", claimed="8", recomputed="10"),
                finding("target_coefficient_mismatch", "道路设施完好率", claimed="80%", recomputed="100%"),
            ],
            twin_of="cq_html_planted" if variant == "twin" else None,
            generator=GEN,
        )


# ---------------------------------------------------------------- H. national 项目支出绩效自评表

PROJECT_TARGETS = [
    # 一级, 二级, 三级, 年度指标值, 实际完成值, 分值, 得分, 偏差原因分析及改进措施
    ["产出指标", "数量指标", "新建集中供水工程", "≥8处", "8处", "15", "15", ""],
    ["产出指标", "数量指标", "改造供水管网长度", "≥45公里", "47.6公里", "15", "15", ""],
    ["产出指标", "质量指标", "工程验收合格率", "100%", "100%", "10", "10", ""],
    ["产出指标", "时效指标", "工程完工时间", "11月底前", "11月25日", "10", "10", ""],
    ["产出指标", "成本指标", "单处工程平均造价", "≤70万元", "68.5万元", "10", "10", ""],
    ["效益指标", "社会效益指标", "受益人口", "≥2.6万人", "2.75万人", "10", "10", ""],
    ["效益指标", "生态效益指标", "农村供水水质", "明显改善", "水质检测合格率由91%提高到99%", "10", "10", "依据县疾控中心水质检测报告"],
    ["满意度指标", "服务对象满意度指标", "受益群众满意度", "≥90%", "95%", "10", "10", ""],
]


def project() -> None:
    dept, year = "某县水利局", 2023
    project_name = "农村饮水安全巩固提升工程"
    assert rate("582.00", "600.00") == "97.00%"  # × 10 = 9.7
    for variant in ("planted", "twin"):
        targets = [list(t) for t in PROJECT_TARGETS]
        if variant == "planted":
            targets[2][4] = "96%"  # 100% required, 96% reached, still full marks
            targets[6][4] = "明显改善"  # qualitative, full marks, nothing stated to show it
            targets[6][7] = ""
        tot = D("9.7") + sum(D(t[6]) for t in targets)
        n = len(targets)
        rows = [
            tr(("项目支出绩效自评表", {"colspan": 10}), tag="th"),
            tr((f"（{year}年度）", {"colspan": 10})),
            tr(("项目名称", {"colspan": 2}), (project_name, {"colspan": 8})),
            tr(("主管部门", {"colspan": 2}), (dept, {"colspan": 3}), ("实施单位", {"colspan": 2}), (dept, {"colspan": 3})),
            tr(("项目资金（万元）", {"colspan": 2, "rowspan": 5}), "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率",
               ("得分", {"colspan": 2})),
            tr("年度资金总额", "600.00", "600.00", "582.00", "10", "97.00%", ("9.7", {"colspan": 2})),
            tr("其中：当年财政拨款", "600.00", "600.00", "582.00", "—", "97.00%", ("—", {"colspan": 2})),
            tr("上年结转资金", "—", "—", "—", "—", "—", ("—", {"colspan": 2})),
            tr("其他资金", "—", "—", "—", "—", "—", ("—", {"colspan": 2})),
            tr(("年度总体目标", {"colspan": 2, "rowspan": 2}), ("预期目标", {"colspan": 4}), ("实际完成情况", {"colspan": 4})),
            tr(("新建集中供水工程8处，改造管网45公里以上，提升农村供水保障水平。", {"colspan": 4}),
               ("建成集中供水工程8处，改造管网47.6公里，受益人口2.75万人。", {"colspan": 4})),
            tr(("绩效指标", {"rowspan": n + 1}), "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
               ("偏差原因分析及改进措施", {"colspan": 2})),
        ]
        for t in targets:
            rows.append(tr(*t[:7], (t[7], {"colspan": 2})))
        rows.append(tr(("总分", {"colspan": 7}), "100", fmt(tot), ("", {"colspan": 1})))
        body = "<table>" + "\n".join(rows) + "</table>\n<p>项目负责人：孙某　　财务负责人：钱某</p>"
        title = f"{dept}{year}年度{project_name}项目支出绩效自评表"
        page = PAGE.format(title=title, date="2024-04-12", source=dept, body=body)
        for fmt_ in ("html", "pdf"):
            cid = f"project_{fmt_}_{variant}"
            if fmt_ == "html":
                name = put(cid, f"{cid}.html", page).name
            else:
                with tempfile.TemporaryDirectory() as tmp:
                    src = Path(tmp) / "page.html"
                    src.write_text(page, encoding="utf-8")
                    name = chromium_to_pdf(src, case_dir(cid) / f"{cid}.pdf").name
            write_case(
                cid,
                document=name,
                made_with="hand-written HTML (a saved web page)" if fmt_ == "html" else "hand-written HTML printed by Chromium --print-to-pdf",
                layout="national_project_self_eval",
                department=dept,
                year=year,
                claimed_total=fmt(tot),
                tables=[{"kind": "project_self_eval", "rows": 15}],
                score_rows=[{"name": execution("年度资金总额"), "max": "10", "score": "9.7"}] + [{"name": t[2], "max": t[5], "score": t[6]} for t in targets],
                findings=[]
                if variant == "twin"
                else [
                    finding("target_score_mismatch", "工程验收合格率", claimed="10"),
                    finding("qualitative_full_marks", "农村供水水质", severity="warning"),
                ],
                twin_of=f"project_{fmt_}_planted" if variant == "twin" else None,
                generator=GEN,
            )


# ---------------------------------------------------------------- L. prose + 预算执行情况 table

def budget_html() -> None:
    dept, year = "某县自然资源局", 2022
    rows_data = [
        ("基本支出", "640.00", "12.50", "652.50", "646.40"),
        ("项目支出", "385.00", "-20.00", "365.00", "331.42"),
        ("合计", "1,025.00", "-7.50", "1,017.50", "977.82"),
    ]
    assert [rate(r[4].replace(",", ""), r[3].replace(",", "")) for r in rows_data] == ["99.07%", "90.80%", "96.10%"]
    assert D("967.50") + D("50.00") == D("1017.50")
    for variant in ("planted", "twin"):
        rates = ["99.07%", "90.80%", "96.10%"]
        fund = "50.00"
        if variant == "planted":
            rates[1] = "92.80%"  # 331.42 / 365.00 = 90.80%
            fund = "40.00"  # by source 967.50 + 40.00 = 1,007.50 ≠ 1,017.50
        # a table no layout describes: it must come out as unrecognised (an info finding), not as a check
        staff = [tr("单位", "编制数", "实有人数", "其中：在编", "编外", tag="th")]
        staff += [tr(*r) for r in (("局机关", "30", "31", "28", "3"), ("县不动产登记中心", "12", "14", "11", "3"), ("合计", "42", "45", "39", "6"))]
        table = [tr("项目", "年初预算数", "预算调整数", "全年预算数", "全年执行数", "执行率", tag="th")]
        table += [tr(*r, rates[k]) for k, r in enumerate(rows_data)]
        body = f"""
<p>一、部门概况</p>
<p>我局负责全县自然资源调查监测、国土空间规划、耕地保护和不动产登记等工作，内设机构8个，下属事业单位1个，即县不动产登记中心。</p>
<p style="text-align:center">人员情况表（单位：人）</p>
<table>{"".join(staff)}</table>
<p>二、预算执行情况</p>
<p>{year}年度全年预算数1,017.50万元，其中基本支出652.50万元、项目支出365.00万元；按资金来源分，一般公共预算拨款967.50万元、政府性基金预算拨款{fund}万元。全年执行977.82万元，预算执行率96.10%。</p>
<p style="text-align:center">预算执行情况表（单位：万元）</p>
<table>{"".join(table)}</table>
<p>三、存在的问题</p>
<p>项目支出执行偏慢，主要是耕地保护补偿资金兑付受核查进度影响。</p>
"""
        cid = f"budget_html_{variant}"
        doc = put(cid, f"{cid}.html", PAGE.format(title=f"{dept}{year}年度部门整体支出绩效自评报告", date="2023-05-09", source=dept, body=body))
        write_case(
            cid,
            document=doc.name,
            made_with="hand-written HTML (a saved web page: prose paragraphs and a table)",
            layout="budget_execution",
            department=dept,
            year=year,
            claimed_total=None,
            tables=[{"kind": "unrecognised", "rows": 3}, {"kind": "budget_table", "rows": 3}],
            score_rows=[],
            findings=[finding("no_score_table", None, severity="info"), finding("table_unrecognised", None, severity="info")]
            + ([]
            if variant == "twin"
            else [
                finding("execution_rate_mismatch", execution("项目支出"), claimed="92.80%", recomputed="90.80%"),
                finding("breakdown_mismatch", None, claimed="1017.50", recomputed="1007.50"),
            ]),
            twin_of="budget_html_planted" if variant == "twin" else None,
            generator=GEN,
        )


ALL = [cq_html, project, budget_html]  # every generator of this script: tests/test_audit_cases.py reruns them


if __name__ == "__main__":
    for make in ALL:
        make()
    print("html/pdf fixtures written")
