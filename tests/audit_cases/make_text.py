"""Plain-text fixtures in the forms tables take when copied out of web pages and PDFs.

Run: .venv/bin/python tests/audit_cases/make_text.py   (rewrites the .txt documents and their expected.yaml)

Layouts and forms:
  sz_tabs_*        Shenzhen-style 评分表, tab-separated, 一级/二级 printed once per group, weights in names
  hunan_cells_*    Hunan 投入/过程/产出/效果, one cell per line with a `|` line after every cell (HTML scrape)
  national_pipes_* national 部门整体支出绩效自评表 as markdown-style `|` rows
  flat_spaces_*    flat 评分表 whose level-1 rows carry subtotals, columns aligned by spaces
  prose_lists_*    prose only: "共N个…，即…" lists, a budget broken down by source and by use, a rate
  cq_runtogether_* Chongqing 部门整体绩效自评表 copied from a document site: cells run together
  cq_units_*       the same form run together, names ending in unit/value words (…场次场, …规范规范规范), garbled unit and sign
  project_blank_*  national 项目支出绩效自评表, one cell per line with blank lines between cells (empty cells gone)
  project_tabs_*   national 项目支出绩效自评表 copied out of a spreadsheet: tab-separated, merged cells empty
  ocr_spaces_*     OCR of a printed 一级/二级/三级 评分表: columns by spaces, stray spaces in numbers, full-width digits
  outline_pipes_*  outline-numbered 评分表 (一、/（一）/1.) as `|` rows without a leading pipe
"""

from __future__ import annotations

import unicodedata

from casekit import D, case_dir, clone, execution, finding, fmt, node, parse_tree, rate, rows_of, total, write_case

GEN = "make_text.py"


def put(case_id: str, name: str, text: str) -> str:
    (case_dir(case_id) / name).write_text(text, encoding="utf-8")
    return name


def width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def pad(s: str, w: int) -> str:
    return s + " " * max(1, w - width(s))


def std(name: str, mx) -> str:
    return f"依据{name}相关资料核实，按完成程度计分。"


# ---------------------------------------------------------------- A. Shenzhen-style 评分表, tabs

SZ_TREE = """
部门决策
 目标设定
  绩效目标合理性|4|4
  绩效指标明确性|4|3.5
 预算配置
  预算编制合理性|6|6
  资金分配合理性|6|5.5
部门管理
 资金管理
  预算执行率|8|7.6
  预算调整率|4|4
  结转结余率|3|3
  政府采购执行率|3|2.8
 资产管理
  资产管理规范性|3|3
  固定资产利用率|3|3
 人员管理
  财政供养人员控制率|3|3
  编外人员控制率|3|2.5
部门绩效
 履职目标实现
  重点工作完成率|10|9.5
  工作任务完成及时性|10|10
  工作质量达标率|10|9
 履职效益
  社会效益|10|9.5
  服务对象满意度|10|9.2
"""


def sz_tabs() -> None:
    dept, year = "某市鹏城区水务局", 2023
    for variant in ("planted", "twin"):
        roots = parse_tree(SZ_TREE)
        weight_sum, score_sum = total(roots)
        assert (weight_sum, score_sum) == (D(100), D("95.1"))
        printed_total = D("95.1")
        if variant == "planted":
            node(roots, "工作质量达标率").max = D(9)  # 履职目标实现 still says 30
            printed_total = D("96.1")  # Σ leaves is 95.1
        lines = [
            f"{dept}{year}年度部门整体支出绩效自评报告",
            "",
            "一、部门基本情况",
            "我局主要负责全区水资源管理、河湖管理保护、水土保持、供排水行业监管和防汛防旱日常工作。",
            "二、绩效目标完成情况",
            "全年完成河道综合整治12公里，城市供水水质综合合格率保持在99%以上，未发生重大水安全事故。",
            "三、自评结论",
            f"按照区财政局的部署，我局对{year}年度部门整体支出开展了绩效自评，自评得分{fmt(printed_total)}分。评分情况见下表。",
            "",
            "部门整体支出绩效评价评分表",
            "\t".join(["一级指标", "二级指标", "三级指标", "分值", "评分标准", "得分"]),
        ]
        for r in roots:
            first1 = True
            for c in r.children:
                first2 = True
                for leaf in c.children:
                    lines.append(
                        "\t".join(
                            [
                                f"{r.name}（{fmt(r.max)}分）" if first1 else "",
                                f"{c.name}（{fmt(c.max)}分）" if first2 else "",
                                leaf.name,
                                fmt(leaf.max),
                                std(leaf.name, leaf.max),
                                fmt(leaf.score),
                            ]
                        )
                    )
                    first1 = first2 = False
        lines.append("\t".join(["总分", "", "", "100", "", fmt(printed_total)]))
        lines += ["", "四、存在的问题及改进措施", "部分项目前期论证不够充分，下一步将加强预算编制与项目储备的衔接。", ""]
        cid = f"sz_tabs_{variant}"
        doc = put(cid, f"{cid}.txt", "\n".join(lines))
        write_case(
            cid,
            document=doc,
            made_with="hand-written text (tab-separated table)",
            layout="shenzhen_score_sheet",
            department=dept,
            year=year,
            claimed_total=fmt(printed_total),
            tables=[{"kind": "score_sheet", "rows": 18}],
            score_rows=rows_of(roots, parents=False),
            findings=[]
            if variant == "twin"
            else [
                finding("weight_sum", "履职目标实现", severity="error", claimed="30", recomputed="29"),
                finding("total_mismatch", None, severity="error", claimed="96.1", recomputed="95.1"),
            ],
            twin_of="sz_tabs_planted" if variant == "twin" else None,
            generator=GEN,
        )


# ---------------------------------------------------------------- C. Hunan, one cell per line with `|` lines

HUNAN_LIN_TREE = """
投入
 目标设定
  绩效目标合理性|4|4|绩效目标与部门职能相符、依据充分的，计4分；每有一项不符扣1分。
  绩效指标明确性|4|4|指标细化量化、可衡量的，计4分；每有一项未量化扣0.5分。
 预算配置
  在职人员控制率|4|4|以100%为标准，在职人员控制率≤100%，计4分；每超过一个百分点扣0.5分。
  “三公经费”变动率|4|4|“三公经费”变动率≤0，计4分；每增长一个百分点扣0.5分。
  重点支出安排率|4|3|重点支出安排率≥90%，计4分；80%（含）-90%，计3分；低于80%不得分。|重点支出安排率为86%
过程
 预算执行
  预算完成率|6|5.5|预算完成率=预算完成数/预算数×100%，得分=预算完成率×6。|部分采购项目跨年实施
  预算调整率|4|4|预算调整率=0，计4分；每增加一个百分点扣0.5分。
  结转结余率|4|4|结转结余率≤5%，计4分；每超过一个百分点扣1分。
  政府采购执行率|4|3.8|得分=政府采购执行率×4。|一个采购项目延至次年
 预算管理
  管理制度健全性|4|4|制度健全且有效执行的，计4分。
  资金使用合规性|4|4|每发现一例不合规扣1分。
  资产管理安全性|4|4|资产保存完整、配置合理、处置规范的，计4分。
产出
 职责履行
  造林绿化任务完成率|10|10|完成年度造林任务的，计10分；按完成比例计分。
  森林防火巡查覆盖率|10|9.5|巡查覆盖全部林区的，计10分；每缺一片区扣0.5分。|一处片区巡查记录缺失
  林木病虫害防治率|10|10|防治率≥85%，计10分。
效果
 履职效益
  生态效益|10|9|森林覆盖率、蓄积量持续增长的，计10分。|蓄积量增幅低于预期
  服务对象满意度|10|9.6|满意度≥95%，计10分；每低一个百分点扣0.5分。|满意度94.2%
"""


def hunan_cells() -> None:
    dept, year = "某县林业局", 2023
    for variant in ("planted", "twin"):
        roots = parse_tree(HUNAN_LIN_TREE)
        assert total(roots) == (D(100), D("96.4"))
        printed_total = D("96.4")
        if variant == "planted":
            node(roots, "森林防火巡查覆盖率").max = D("9.5")  # 职责履行 still says 30
            printed_total = D("97.4")
        head = ["一级指标", "二级指标", "三级指标", "评分标准", "分值", "自评得分", "扣分原因和其他说明"]
        cells: list[str] = list(head)
        for r in roots:
            first1 = True
            for c in r.children:
                first2 = True
                for leaf in c.children:
                    if first1:
                        cells.append(f"{r.name[0]} {r.name[1]}\n({fmt(r.max)}分)")
                    if first2:
                        cells.append(f"{c.name}\n({fmt(c.max)}分)")
                    cells += [leaf.name, leaf.standard, fmt(leaf.max), fmt(leaf.score), leaf.reason]
                    first1 = first2 = False
        cells += ["合计", "100", fmt(printed_total), ""]
        body = "".join(f"{c}\n|\n" if c else "|\n" for c in cells)
        text = (
            f"{dept}{year}年度部门整体支出绩效评价评分表\n\n"
            "发布时间：2024-03-18  来源：本站  字号：大 中 小\n\n" + body + "\n【打印本页】【关闭窗口】\n"
        )
        cid = f"hunan_cells_{variant}"
        doc = put(cid, f"{cid}.txt", text)
        write_case(
            cid,
            document=doc,
            made_with="hand-written text (one cell per line, `|` line after each cell)",
            layout="hunan_four_part",
            department=dept,
            year=year,
            claimed_total=fmt(printed_total),
            tables=[{"kind": "score_sheet", "rows": 18}],
            score_rows=rows_of(roots, parents=False),
            findings=[]
            if variant == "twin"
            else [
                finding("weight_sum", "职责履行", severity="error", claimed="30", recomputed="29.5"),
                finding("total_mismatch", None, severity="error", claimed="97.4", recomputed="96.4"),
            ],
            twin_of="hunan_cells_planted" if variant == "twin" else None,
            generator=GEN,
        )


# ---------------------------------------------------------------- F. national 部门整体支出绩效自评表, pipes

NAT_HEALTH_TARGETS = [
    # 一级, 二级, 三级, 年度指标值, 实际完成值, 分值, 得分, 偏差原因
    ("产出指标", "数量指标", "家庭医生签约服务人数", "≥12000人", "12680人", "10", "10", ""),
    ("产出指标", "数量指标", "孕产妇系统管理人数", "≥1500人", "1562人", "10", "10", ""),
    ("产出指标", "质量指标", "免疫规划疫苗接种率", "≥95%", "97.3%", "10", "10", ""),
    ("产出指标", "质量指标", "传染病报告及时率", "100%", "100%", "10", "10", ""),
    ("产出指标", "时效指标", "基本公共卫生项目完成时间", "12月底前", "12月20日", "10", "10", ""),
    ("产出指标", "成本指标", "人均基本公共卫生服务经费", "≤89元", "89元", "5", "5", ""),
    ("效益指标", "社会效益指标", "居民健康素养水平", "≥28%", "29.4%", "10", "10", ""),
    ("效益指标", "可持续影响指标", "乡镇卫生院服务能力达标数", "≥5家", "6家", "10", "10", ""),
    ("满意度指标", "服务对象满意度指标", "群众就医满意度", "≥90%", "93.1%", "15", "15", ""),
]


def national_pipes() -> None:
    dept, year = "某县卫生健康局", 2023
    budget = ("1,520.00", "1,602.50", "1,618.53")
    assert rate("1618.53", "1602.50") == "101.00%" and rate("1518.53", "1502.50") == "101.07%"
    for variant in ("planted", "twin"):
        targets = [list(t) for t in NAT_HEALTH_TARGETS]
        exec_rate = "101.00%"
        if variant == "planted":
            exec_rate = "100.10%"  # 1,618.53 / 1,602.50 = 101.00%; the score (10) is the same either way
            targets[0][6] = "8"  # 12680 ≥ 12000 met, yet marked down
        score_total = D(10) + sum(D(t[6]) for t in targets)
        rows = [
            "| 部门整体支出绩效自评表 | | | | | | | | |",
            f"| （{year}年度） | | | | | | | | |",
            f"| 部门名称 | {dept} | | | | | | | |",
            "| 预算资金（万元） | | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 | |",
            f"| | 年度资金总额 | {budget[0]} | {budget[1]} | {budget[2]} | 10 | {exec_rate} | 10 | |",
            "| | 其中：当年财政拨款 | 1,420.00 | 1,502.50 | 1,518.53 | — | 101.07% | — | |",
            "| | 上年结转资金 | 100.00 | 100.00 | 100.00 | — | 100.00% | — | |",
            "| | 其他资金 | — | — | — | — | — | — | |",
            "| 年度总体目标 | 预期目标 | | | | 实际完成情况 | | | |",
            "| | 做实家庭医生签约服务，提高免疫规划接种率，提升居民健康素养。 | | | | 签约服务和免疫规划任务全面完成，居民健康素养水平达到29.4%。 | | | |",
            "| 绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |",
        ]
        for t in targets:
            rows.append("| | " + " | ".join(t) + " |")
        rows.append(f"| 总分 | | | | | | 100 | {fmt(score_total)} | |")
        text = (
            f"{dept}{year}年度部门整体支出绩效自评报告\n\n"
            "一、部门概况\n我局承担全县医疗卫生、疾病预防控制、妇幼保健和计划生育服务管理等职责。\n\n"
            "二、自评情况\n"
            f"{year}年度部门整体支出绩效自评得分{fmt(score_total)}分，自评表如下。\n\n" + "\n".join(rows) + "\n\n填表人：李某  联系电话：0000-1234567\n"
        )
        cid = f"national_pipes_{variant}"
        doc = put(cid, f"{cid}.txt", text)
        score_rows = [{"name": execution("年度资金总额"), "max": "10", "score": "10"}] + [
            {"name": t[2], "max": t[5], "score": t[6]} for t in targets
        ]
        write_case(
            cid,
            document=doc,
            made_with="hand-written text (markdown-style pipe rows)",
            layout="national_dept_self_eval",
            department=dept,
            year=year,
            claimed_total=fmt(score_total),
            tables=[{"kind": "dept_self_eval", "rows": 15}],
            score_rows=score_rows,
            findings=[]
            if variant == "twin"
            else [
                finding("execution_rate_mismatch", execution("年度资金总额"), claimed="100.10%", recomputed="101.00%"),
                finding("target_score_mismatch", "家庭医生签约服务人数", claimed="8", recomputed="10"),
            ],
            twin_of="national_pipes_planted" if variant == "twin" else None,
            generator=GEN,
        )


# ---------------------------------------------------------------- J. flat 评分表 with level-1 subtotals, spaces

FLAT_TREE = """
部门决策
 绩效目标合理性|5|5
 绩效指标明确性|5|4.5
 预算编制合理性|5|5
 资金分配合理性|5|4.5
部门管理
 预算执行率|10|9.6
 预算调整率|5|5
 公用经费控制率|5|5
 管理制度健全性|5|4.5
 资产管理规范性|5|4.5
部门绩效
 统计调查任务完成率|15|15
 统计数据发布及时率|10|10
 数据质量抽查合格率|10|9
 统计服务满意度|15|13.5
"""


def flat_spaces() -> None:
    dept, year = "某县统计局", 2023
    numerals = "一二三"
    for variant in ("planted", "twin"):
        roots = parse_tree(FLAT_TREE)
        assert total(roots) == (D(100), D("95.1"))
        if variant == "planted":
            node(roots, "公用经费控制率").score = D(4)  # 部门管理 still prints 28.6
            node(roots, "数据质量抽查合格率").max = D(9)  # 部门绩效 still prints 50
        table = [("序号", "指标名称", "分值", "得分")]
        k = 0
        # parents print the twin's sums: recompute them from the twin tree
        twin = parse_tree(FLAT_TREE)
        for i, r in enumerate(roots):
            t = twin[i]
            table.append((numerals[i], r.name, fmt(t.max), fmt(t.score)))
            for leaf in r.children:
                k += 1
                table.append((str(k), leaf.name, fmt(leaf.max), fmt(leaf.score)))
        table.append(("", "总分", "100", "95.1"))
        widths = [6, 26, 8, 8]
        lines = []
        for row in table:
            if row[1] == "部门绩效":  # the page ends here: footer, form feed, the header again
                lines += ["", "                                   - 1 -", "\f" + "".join(pad(c, w) for c, w in zip(table[0], widths)).rstrip()]
            if row[1] == "统计数据发布及时率":  # a name too long for its column, wrapped as pdftotext keeps it
                lines.append("".join(pad(c, w) for c, w in zip((row[0], "统计数据发布", row[2], row[3]), widths)).rstrip())
                lines.append(" " * widths[0] + "及时率")
                continue
            lines.append("".join(pad(c, w) for c, w in zip(row, widths)).rstrip())
        text = (
            f"{dept}\n{year}年度部门整体支出绩效自评报告\n\n"
            "一、基本情况\n    我局负责全县统计调查、统计数据发布和统计执法检查工作。\n\n"
            f"二、自评结果\n    经自评，{year}年度部门整体支出绩效得分95.1分。\n\n"
            "                        部门整体支出绩效自评评分表\n\n" + "\n".join(lines) + "\n\n"
            "三、下一步工作\n    进一步提高统计数据质量，加强基层统计队伍建设。\n\n                                   - 2 -\n"
        )
        cid = f"flat_spaces_{variant}"
        doc = put(cid, f"{cid}.txt", text)
        rows = []
        for i, r in enumerate(roots):
            rows.append({"name": r.name, "max": fmt(twin[i].max), "score": fmt(twin[i].score)})
            rows += [{"name": c.name, "max": fmt(c.max), "score": fmt(c.score)} for c in r.children]
        write_case(
            cid,
            document=doc,
            made_with="hand-written text (columns aligned by spaces, as pdftotext -layout gives them)",
            layout="flat_level1_subtotals",
            department=dept,
            year=year,
            claimed_total="95.1",
            tables=[{"kind": "score_sheet", "rows": 17}],
            score_rows=rows,
            findings=[]
            if variant == "twin"
            else [
                finding("score_sum", "部门管理", severity="error", claimed="28.6", recomputed="27.6"),
                finding("weight_sum", "部门绩效", severity="error", claimed="50", recomputed="49"),
            ],
            twin_of="flat_spaces_planted" if variant == "twin" else None,
            generator=GEN,
        )


# ---------------------------------------------------------------- K. prose: lists, breakdowns, a rate

def prose_lists() -> None:
    dept, year = "某县市场监督管理局", 2023
    assert D("1180.20") + D("76.20") + D("30.00") == D("1286.40") == D("905.35") + D("381.05")
    assert rate("1247.81", "1286.40") == "97.00%" and rate("19.80", "24.00") == "82.50%"
    for variant in ("planted", "twin"):
        units = ["办公室", "综合执法大队", "食品安全监管股", "药品医疗器械监管股", "特种设备安全监管股", "登记注册股", "质量发展股"]
        project, control = "381.05", "82.50%"
        if variant == "planted":
            units = units[:-1]  # "共7个" with six names
            project = "371.05"  # by use: 905.35 + 371.05 = 1,276.40 ≠ 1,286.40 by source
            control = "85.00%"  # 19.80 / 24.00 = 82.50%
        text = f"""{dept}{year}年度部门整体支出绩效自评报告

一、部门基本情况
（一）机构设置
我局内设机构共7个，即{"、".join(units)}。下设派出机构4个，即城关市场监管所、东关市场监管所、南河市场监管所、北岭市场监管所。
（二）人员情况
年末实有在职人员96人，其中行政编制58人、事业编制38人。

二、部门预算及执行情况
{year}年度部门预算1,286.40万元。按资金来源分，财政拨款收入1,180.20万元、事业收入76.20万元、其他收入30.00万元；按支出用途分，基本支出905.35万元、项目支出{project}万元。
全年实际支出1,247.81万元，预算执行率97.00%。
“三公”经费预算24.00万元，实际支出19.80万元，“三公”经费控制率为{control}。

三、绩效目标完成情况
全年完成食品安全抽检2,860批次，办结投诉举报1,315件，新增市场主体4,207户。

四、存在问题及改进措施
部分专项资金下达较晚，支出进度前慢后快。下一步将加快项目前期工作，均衡支出进度。
"""
        cid = f"prose_lists_{variant}"
        doc = put(cid, f"{cid}.txt", text)
        write_case(
            cid,
            document=doc,
            made_with="hand-written text (prose only)",
            layout="prose_lists_breakdown",
            department=dept,
            year=year,
            claimed_total=None,
            tables=[],
            score_rows=[],
            findings=[finding("no_score_table", None, severity="info")]  # says "未读到评分表", never a total of 0
            + ([]
            if variant == "twin"
            else [
                finding("list_count_mismatch", None, claimed="7", recomputed="6"),
                finding("breakdown_mismatch", None, claimed="1286.40", recomputed="1276.40"),
                finding("rate_mismatch", None, claimed="85.00%", recomputed="82.50%"),
            ]),
            twin_of="prose_lists_planted" if variant == "twin" else None,
            generator=GEN,
        )


# ---------------------------------------------------------------- N. Chongqing 自评表, cells run together

CQ_SCI_TARGETS = [
    # 名称, 单位, 性质, 年初值, 调整值, 完成值, 系数, 权重, 得分, 核心
    ("科技型中小企业入库数", "家", "定量", "≥120家", "≥120家", "136家", "100%", "15", "15", "是"),
    ("高新技术企业认定数", "家", "定量", "≥25家", "≥28家", "31家", "100%", "15", "15", "是"),
    ("科技成果转化项目数", "项", "定量", "≥10项", "≥10项", "12项", "100%", "10", "10", "否"),
    ("科技特派员服务村数", "个", "定量", "≥40个", "≥40个", "44个", "100%", "10", "10", "否"),
    ("研发投入强度", "%", "定量", "≥2.1%", "≥2.1%", "2.3%", "100%", "10", "10", "是"),
    ("项目资金拨付及时率", "%", "定量", "100%", "100%", "100%", "100%", "10", "10", "否"),
    ("管理制度健全性", "", "定性", "健全", "健全", "健全，修订内控制度5项", "100%", "10", "10", "否"),
    ("服务对象满意度", "%", "定量", "≥90%", "≥90%", "94%", "100%", "10", "10", "否"),
]


def cq_runtogether() -> None:
    dept, year = "某区科学技术局", 2022
    assert rate("853.13", "875.00") == "97.50%"
    for variant in ("planted", "twin"):
        exec_score = "9.75" if variant == "twin" else "9.95"  # 97.50% × 10 = 9.75
        tot = D(exec_score) + sum(D(t[8]) for t in CQ_SCI_TARGETS)
        head = "指标名称计量单位指标性质年初指标值调整指标值全年完成值得分系数(%)指标权重(分)指标得分(分)是否核心指标"
        rows = "".join("".join(t) for t in CQ_SCI_TARGETS)
        text = (
            f"《{dept}{year}年度部门整体绩效自评表.docx》由会员分享，可在线阅读，更多相关文档请在本站搜索。\n"
            f"1、{year}年度部门整体绩效自评表主管部门{dept}财政处室自评总分(分){fmt(tot)}部门联系人王某联系电话"
            "部门预算执行情况年初预算数全年(调整)预算数全年执行数执行率(%)执行率权重执行率得分(分)"
            f"860.00875.00853.1397.50%10{exec_score}"
            "当年绩效目标年初绩效目标全年(调整)绩效目标全年目标实际完成情况"
            "培育科技型企业，推动科技成果转化，提高全社会研发投入。同年初目标。全年新增入库科技型中小企业136家，认定高新技术企业31家。\n"
            f"2、{head}{rows}\n"
        )
        cid = f"cq_runtogether_{variant}"
        doc = put(cid, f"{cid}.txt", text)
        score_rows = [{"name": "执行率", "max": "10", "score": exec_score}] + [
            {"name": t[0], "max": t[7], "score": t[8]} for t in CQ_SCI_TARGETS
        ]
        write_case(
            cid,
            document=doc,
            made_with="hand-written text (cells run together, as a document site's copy gives them)",
            layout="chongqing_self_eval",
            department=dept,
            year=year,
            claimed_total=fmt(tot),
            tables=[{"kind": "cq_self_eval", "rows": 10}],
            score_rows=score_rows,
            findings=[]
            if variant == "twin"
            else [finding("execution_score_mismatch", ["执行率"], claimed="9.95", recomputed="9.75")],
            twin_of="cq_runtogether_planted" if variant == "twin" else None,
            generator=GEN,
        )


# ---------------------------------------------------------------- N+1. Chongqing 自评表, cells run together, units in names

# 名称, 单位, 性质, 年初值, 调整值, 完成值, 系数, 权重, 得分, 核心. Names that end in a unit word (…场次 + 场,
# …人次 + 万人次, …人数 + 人), a name that ends in its own qualitative value (…规范 + 规范规范), an OCR-garbled
# unit ("l卌" for 册) and sign ("》" for ≥), a ≤ target; empty cells (调整值, 单位) are left out of the copy.
CQ_CULTURE_TARGETS = [
    ("公益演出惠民场次", "场", "定量指标", "≥120场", "", "112场", "100%", "10", "10", "是"),
    ("图书馆接待读者人次", "万人次", "定量指标", "≥35万人次", "≥36万人次", "38.6万人次", "100%", "10", "10", "是"),
    ("非遗保护传承培训人数", "人", "定量指标", "≥200人", "", "236人", "100%", "10", "10", "否"),
    ("农家书屋图书更新册数", "l卌", "定量指标", "≥4800册", "", "5160册", "100%", "10", "10", "否"),
    ("乡镇综合文化站免费开放率", "%", "定量指标", "》95%", "", "98.2%", "100%", "10", "10", "否"),
    ("档案管理规范", "", "", "规范", "", "规范", "100%", "5", "5", "否"),
    ("文化市场执法检查及时性", "", "定性指标", "及时", "", "及时", "100%", "5", "5", "否"),
    ("文旅惠民资金拨付及时率", "%", "定量指标", "100%", "", "100%", "100%", "10", "10", "否"),
    ("公共文化服务满意度", "%", "定量指标", "≥90%", "", "93.4%", "100%", "10", "10", "是"),
    ("文化场馆安全事故起数", "起", "定量指标", "≤1起", "", "0起", "100%", "10", "10", "否"),
]


def cq_units() -> None:
    dept, year = "某县文化和旅游局", 2023
    assert rate("1286.25", "1312.50") == "98.00%"  # × 10 = 9.8
    for variant in ("planted", "twin"):
        targets = [list(t) for t in CQ_CULTURE_TARGETS]
        if variant == "twin":
            targets[0][6], targets[0][8] = "90%", "9"  # 112 of ≥120 场 not met: 90% × 10 = 9
        # planted: 112场 < 120场, yet 得分系数 100% and the full 10
        tot = D("9.8") + sum(D(t[8]) for t in targets)
        head = "指标名称计量单位指标性质年初指标值调整指标值全年完成值得分系数(%)指标权重(分)指标得分(分)是否核心指标"
        rows = ["".join(t) for t in targets]
        text = (
            f"{dept}{year}年度部门整体绩效自评表（网页文档，仅供在线预览，下载请登录）\n"
            f"1、{year}年度部门整体绩效自评表主管部门{dept}财政处室自评总分(分){fmt(tot)}部门联系人张某联系电话"
            "部门预算执行情况年初预算数全年(调整)预算数全年执行数执行率(%)执行率权重执行率得分(分)"
            "1240.001312.501286.2598.00%109.8"
            "当年绩效目标年初绩效目标全年(调整)绩效目标全年目标实际完成情况"
            "丰富群众文化生活，推进公共文化服务均等化。同年初目标。全年开展公益演出112场，图书馆接待读者38.6万人次。\n"
            f"2、{head}{''.join(rows[:5])}\n"
            f"3、{''.join(rows[5:])}\n"
        )
        cid = f"cq_units_{variant}"
        doc = put(cid, f"{cid}.txt", text)
        score_rows = [{"name": "执行率", "max": "10", "score": "9.8"}] + [{"name": t[0], "max": t[7], "score": t[8]} for t in targets]
        write_case(
            cid,
            document=doc,
            made_with="hand-written text (cells run together; names ending in unit and value words, garbled unit and sign)",
            layout="chongqing_self_eval",
            department=dept,
            year=year,
            claimed_total=fmt(tot),
            tables=[{"kind": "cq_self_eval", "rows": 12}],
            score_rows=score_rows,
            findings=[]
            if variant == "twin"
            else [finding("target_coefficient_mismatch", "公益演出惠民场次", severity="warning", claimed="100%")],
            twin_of="cq_units_planted" if variant == "twin" else None,
            generator=GEN,
        )


# ---------------------------------------------------------------- project self-eval, blank lines between cells

EDU_TARGETS = [
    ["产出指标", "数量指标", "受益学生人数", "≥18000人", "18426人", "15", "15", ""],
    ["产出指标", "数量指标", "供餐学校数", "≥96所", "96所", "10", "10", ""],
    ["产出指标", "质量指标", "食品安全事故发生次数", "0次", "0次", "10", "10", ""],
    ["产出指标", "时效指标", "补助资金拨付及时率", "100%", "100%", "10", "10", ""],
    ["产出指标", "成本指标", "每生每天膳食补助标准", "≤5元", "5元", "10", "10", ""],
    ["效益指标", "社会效益指标", "学生营养健康状况", "持续改善", "学生体质健康达标率由90.2%提高到92.6%", "10", "10", "依据年度学生体质健康监测结果"],
    ["效益指标", "可持续影响指标", "供餐长效管理机制", "健全", "出台供餐管理办法和学校食堂管理细则", "10", "10", ""],
    ["满意度指标", "服务对象满意度指标", "学生和家长满意度", "≥90%", "94.5%", "15", "15", ""],
]


def project_blank() -> None:
    dept, year = "某县教育局", 2023
    assert rate("1296.90", "1310.00") == "99.00%"  # × 10 = 9.9
    for variant in ("planted", "twin"):
        targets = [list(t) for t in EDU_TARGETS]
        if variant == "planted":
            targets[0][6] = "13"  # 18426 ≥ 18000 met, yet 13 of 15
        tot = D("9.9") + sum(D(t[6]) for t in targets)
        prose_total = tot if variant == "twin" else tot + 1  # planted: the prose says one point more than the table
        cells = ["项目支出绩效自评表", f"（{year}年度）", "项目名称", "义务教育学生营养改善计划", "主管部门", dept, "实施单位", dept,
                 "项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分",
                 "年度资金总额", "1,250.00", "1,310.00", "1,296.90", "10", "99.00%", "9.9",
                 "其中：当年财政拨款", "1,250.00", "1,310.00", "1,296.90", "—", "99.00%", "—",
                 "年度总体目标", "预期目标", "实际完成情况",
                 "保障农村义务教育学生在校用餐，改善学生营养健康状况。", "全县96所学校实现供餐全覆盖，惠及学生18426人。",
                 "绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
        last1 = last2 = None
        for t in targets:
            row = [t[0] if t[0] != last1 else "", t[1] if t[1] != last2 else ""] + t[2:]
            last1, last2 = t[0], t[1]
            cells += [c for c in row if c]  # merged and empty cells leave nothing in the copy
        cells += ["总分", "100", fmt(tot)]
        text = (
            f"{dept}关于{year}年度义务教育学生营养改善计划项目绩效自评情况的报告\n\n"
            f"经对照年初绩效目标逐项自评，本项目{year}年度绩效自评得分{fmt(prose_total)}分，评价等级为“优”。自评表如下：\n\n"
            + "\n\n".join(cells)
            + "\n\n附件下载：自评表.xls\n"
        )
        cid = f"project_blank_{variant}"
        doc = put(cid, f"{cid}.txt", text)
        write_case(
            cid,
            document=doc,
            made_with="hand-written text (one cell per line, blank lines between cells, empty cells gone)",
            layout="national_project_self_eval",
            department=dept,
            year=year,
            claimed_total=fmt(tot),
            # 14 data rows: the copy keeps no row boundaries, so 项目名称, 主管部门 and 实施单位 are a row each
            # with their values (the printed form had 主管部门 and 实施单位 side by side in one row: 13)
            tables=[{"kind": "project_self_eval", "rows": 14}],
            score_rows=[{"name": execution("年度资金总额"), "max": "10", "score": "9.9"}] + [{"name": t[2], "max": t[5], "score": t[6]} for t in targets],
            findings=[]
            if variant == "twin"
            else [
                finding("target_score_mismatch", "受益学生人数", claimed="13", recomputed="15"),
                finding("total_sources_disagree", None),
            ],
            twin_of="project_blank_planted" if variant == "twin" else None,
            generator=GEN,
        )


# ---------------------------------------------------------------- outline rows as `|` rows without a leading pipe

MEDICAL_TREE = """
部门决策
 目标设定
  绩效目标合理性|5|5
  绩效指标明确性|5|4.5
 预算配置
  预算编制规范性|5|5
  资金分配合理性|5|5
部门管理
 资金管理
  预算执行率|8|7.8
  结转结余率|4|4
  政府采购执行率|3|3
 业务管理
  管理制度健全性|5|5
  {public}
  档案管理规范性|5|5
部门绩效
 履职产出
  医保基金监管检查覆盖率|10|10
  异地就医直接结算率|10|9.5
  医保经办服务事项办结率|10|10
 履职效果
  参保群众满意度|10|9.2
  医保基金运行安全性|10|10
"""

CN = "一二三四五六七八九十"


def outline_pipes() -> None:
    dept, year = "某县医疗保障局", 2024
    for variant in ("planted", "twin"):
        # planted: a negative score printed and carried into every sum (so only its sign is wrong)
        public = "信息公开规范性|5|4" if variant == "twin" else "信息公开规范性|5|-0.5"
        roots = parse_tree(MEDICAL_TREE.format(public=public))
        weight_total, score_total = total(roots)
        assert weight_total == 100 and score_total == (D("97") if variant == "twin" else D("92.5"))
        printed = {n.name: (n.max, n.score) for r in roots for n in r.walk()}
        if variant == "planted":
            node(roots, "异地就医直接结算率").max = D("9.5")  # 履职产出 still says 30
        lines = [f"{dept}{year}年度部门整体支出绩效自评评分表", "", "指标 | 分值 | 得分 | 备注 |"]
        n2 = n3 = 0
        rows = []
        for a, r in enumerate(roots):
            lines.append(f"{CN[a]}、{r.name} | {fmt(printed[r.name][0])} | {fmt(printed[r.name][1])} | |")
            rows.append({"name": r.name, "max": fmt(printed[r.name][0]), "score": fmt(printed[r.name][1])})
            for c in r.children:
                lines.append(f"（{CN[n2]}）{c.name} | {fmt(printed[c.name][0])} | {fmt(printed[c.name][1])} | |")
                rows.append({"name": c.name, "max": fmt(printed[c.name][0]), "score": fmt(printed[c.name][1])})
                n2 += 1
                for leaf in c.children:
                    n3 += 1
                    lines.append(f"{n3}.{leaf.name} | {fmt(leaf.max)} | {fmt(leaf.score)} | |")
                    rows.append({"name": leaf.name, "max": fmt(leaf.max), "score": fmt(leaf.score)})
        lines.append(f"合计 | 100 | {fmt(score_total)} | |")
        text = "\n".join(lines) + f"\n\n说明：本表由{dept}财务室填报，自评总分{fmt(score_total)}分。\n"
        cid = f"outline_pipes_{variant}"
        doc = put(cid, f"{cid}.txt", text)
        write_case(
            cid,
            document=doc,
            made_with="hand-written text (`|` rows without a leading pipe, outline-numbered names)",
            layout="outline_rows",
            department=dept,
            year=year,
            claimed_total=fmt(score_total),
            tables=[{"kind": "score_sheet", "rows": 25}],
            score_rows=rows,
            findings=[]
            if variant == "twin"
            else [
                finding("score_below_zero", "信息公开规范性", severity="error", claimed="-0.5"),
                finding("weight_sum", "履职产出", severity="error", claimed="30", recomputed="29.5"),
            ],
            twin_of="outline_pipes_planted" if variant == "twin" else None,
            generator=GEN,
        )


# ---------------------------------------------------------------- national 项目支出绩效自评表 copied out of a spreadsheet: tabs

FARM_TARGETS = [
    # 一级, 二级, 三级, 年度指标值, 实际完成值, 分值, 得分
    ["产出指标", "数量指标", "新建高标准农田面积", "≥2万亩", "2万亩", "15", "15"],
    ["产出指标", "数量指标", "新增高效节水灌溉面积", "≥0.5万亩", "0.6万亩", "10", "10"],
    ["产出指标", "质量指标", "工程验收合格率", "100%", "100%", "10", "10"],
    ["产出指标", "时效指标", "项目完工时间", "11月底前", "11月28日", "10", "10"],
    ["产出指标", "成本指标", "亩均建设成本", "≤1500元", "1480元", "5", "5"],
    ["效益指标", "经济效益指标", "亩均粮食增产", "≥50公斤", "56公斤", "10", "10"],
    ["效益指标", "可持续影响指标", "建后管护机制", "健全", "制定管护办法，落实管护主体", "10", "10"],
    ["满意度指标", "服务对象满意度指标", "项目区农户满意度", "≥90%", "92.3%", "20", "20"],
]


def project_tabs() -> None:
    """Copied from Excel into a text file: one row a line, cells separated by tabs, a merged
    cell's text in its first cell and the cells it covers empty (as Excel copies them)."""
    dept, year = "某县农业农村局", 2023
    assert rate("2232.00", "2400.00") == "93.00%"  # × 10 = 9.3
    assert rate("1862.00", "2000.00") == "93.10%"
    assert rate("370.00", "400.00") == "92.50%"
    for variant in ("planted", "twin"):
        targets = [list(t) for t in FARM_TARGETS]
        own_rate = "93.10%"
        if variant == "planted":
            own_rate = "95.10%"  # 1862.00 / 2000.00 = 93.10%
            targets[2][4] = "98%"  # 工程验收合格率 100% missed, yet full marks
        tot = D("9.3") + sum(D(t[6]) for t in targets)
        printed = tot - 1 if variant == "planted" else tot  # planted: the 总分 row one point short of its rows
        rows = [
            ["项目支出绩效自评表"],
            [f"（{year}年度）"],
            ["项目名称", "高标准农田建设项目", "", "", "", "", "", "", ""],
            ["主管部门", dept, "", "", "实施单位", dept, "", "", ""],
            ["项目资金（万元）", "", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
            ["", "", "年度资金总额", "2,400.00", "2,400.00", "2,232.00", "10", "93.00%", "9.3"],
            ["", "", "其中：当年财政拨款", "2,000.00", "2,000.00", "1,862.00", "—", own_rate, "—"],
            ["", "", "上年结转资金", "400.00", "400.00", "370.00", "—", "92.50%", "—"],
            ["", "", "其他资金", "—", "—", "—", "—", "—", "—"],
            ["年度总体目标", "预期目标", "", "", "", "实际完成情况", "", "", ""],
            ["", "新建高标准农田2万亩，配套灌排设施，提升耕地质量。", "", "", "", "建成高标准农田2万亩，新增高效节水灌溉面积0.6万亩。", "", "", ""],
            ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        ]
        last1 = last2 = None
        for t in targets:
            rows.append(["", t[0] if t[0] != last1 else "", t[1] if t[1] != last2 else ""] + t[2:] + [""])
            last1, last2 = t[0], t[1]
        rows.append(["总分", "", "", "", "", "", "100", fmt(printed), ""])
        text = (
            f"{dept}{year}年度高标准农田建设项目绩效自评报告\n\n"
            f"一、项目概况\n本项目由我局组织实施，资金用于新建高标准农田和配套灌排设施。\n\n"
            f"二、自评结论\n经自评，本项目{year}年度绩效自评得分{fmt(printed)}分。自评表如下（自表格复制）：\n\n"
            + "\n".join("\t".join(r) for r in rows)
            + "\n\n三、存在的问题\n部分地块施工受雨季影响，进度偏慢。\n"
        )
        cid = f"project_tabs_{variant}"
        doc = put(cid, f"{cid}.txt", text)
        findings = [] if variant == "twin" else [
            finding("execution_rate_mismatch", execution("其中：当年财政拨款"), claimed="95.10%", recomputed="93.10%"),
            finding("target_score_mismatch", "工程验收合格率", claimed="10"),
            finding("total_mismatch", None, claimed=fmt(printed), recomputed=fmt(tot)),
        ]
        write_case(
            cid,
            document=doc,
            made_with="hand-written text (a spreadsheet copied as tab-separated rows, merged cells empty)",
            layout="national_project_self_eval_tabs",
            department=dept,
            year=year,
            claimed_total=fmt(printed),
            # data rows: 项目名称, 主管部门/实施单位, the four 资金 rows, the eight indicators and 总分
            tables=[{"kind": "project_self_eval", "rows": 15}],
            score_rows=[{"name": execution("年度资金总额"), "max": "10", "score": "9.3"}] + [{"name": t[2], "max": t[5], "score": t[6]} for t in targets],
            findings=findings,
            twin_of="project_tabs_planted" if variant == "twin" else None,
            generator=GEN,
        )


# ---------------------------------------------------------------- OCR of a printed 评分表: columns by spaces, stray spaces in numbers

OCR_TREE = """
投入
 预算编制
  预算编制科学性|5|5
  绩效目标合理性|5|4.5||目标值偏低
 资金落实
  资金到位率|5|5
过程
 资金管理
  预算执行率|10|9.2||执行率92%
  资金使用合规性|8|8
 组织实施
  管理制度健全性|6|5.5||制度未及时修订
  政府采购规范性|6|6
产出
 数量
  食品抽检批次完成率|10|10
  特种设备检验完成率|10|9.5||部分设备延期检验
 质量
  抽检不合格处置率|10|10
效果
 社会效益
  食品安全事件发生率|10|10
 满意度
  群众满意度|15|14||问卷满意度93%
"""

# What the recogniser did to some cells (the same in both documents): a space inside a number,
# full-width digits, spaces between the characters of a name.
OCR_NOISE = {"10": "1 0", "9.2": "9 .2", "4.5": "4. 5", "15": "１５", "5.5": "5 .5", "预算执行率": "预 算 执 行 率",
             "群众满意度": "群 众 满 意 度"}


def ocr_spaces() -> None:
    dept, year = "某县市场监督管理局", 2023
    for variant in ("planted", "twin"):
        roots = parse_tree(OCR_TREE)
        assert total(roots) == (D(100), D("96.7"))
        if variant == "planted":
            node(roots, "特种设备检验完成率").score = D("10.5")  # above its 分值 10
        printed = sum((leaf.score for r in roots for leaf in r.leaves()), D(0))
        prose_total = D("96.7")  # planted: the prose keeps the total before the slip
        widths = [10, 12, 24, 8, 8, 0]
        lines = ["".join(pad(c, w) if w else c for c, w in zip(("一级指标", "二级指标", "三级指标", "分 值", "得 分", "扣分原因"), widths)).rstrip()]
        seen: set[str] = set()
        for r in roots:
            for mid in r.children:
                for leaf in mid.children:
                    cells = [r.name if r.name not in seen else "", mid.name if mid.name not in seen else "", leaf.name,
                             fmt(leaf.max), fmt(leaf.score), leaf.reason or ""]
                    seen.update((r.name, mid.name))
                    noisy = [OCR_NOISE.get(c, c) if i >= 2 else c for i, c in enumerate(cells)]
                    line = "".join(pad(c, w) if w else c for c, w in zip(noisy, widths)).rstrip()
                    if leaf.name in ("资金使用合规性", "抽检不合格处置率"):  # the recogniser's columns drift by one
                        line = line.replace("  " + noisy[3], " " + noisy[3] + " ", 1)
                    lines.append(line)
        lines.append("".join(pad(c, w) if w else c for c, w in zip(("总分", "", "", "100", fmt(printed), ""), widths)).rstrip())
        text = (
            f"{dept}{year}年度部门整体支出绩效自评报告\n\n"
            "一、部门基本情况\n我局负责全县市场主体登记、食品安全监管、特种设备安全监察和质量监督工作。\n\n"
            f"二、自评得分\n经自评，{year}年度部门整体支出绩效自评得分{fmt(prose_total)}分，评分情况见下表（据纸质文件识别）。\n\n"
            + "\n".join(lines)
            + "\n\n三、存在问题\n部分特种设备检验未按计划完成。\n"
        )
        cid = f"ocr_spaces_{variant}"
        doc = put(cid, f"{cid}.txt", text)
        write_case(
            cid,
            document=doc,
            made_with="hand-written text (OCR of a printed table: columns by spaces, stray spaces inside numbers, full-width digits, spaced names)",
            layout="ocr_three_level_columns",
            department=dept,
            year=year,
            claimed_total=fmt(printed),
            tables=[{"kind": "score_sheet", "rows": 13}],  # twelve indicator rows and 总分
            score_rows=rows_of(roots, parents=False),
            findings=[]
            if variant == "twin"
            else [
                finding("score_above_max", "特种设备检验完成率", severity="error", claimed="10.5"),
                finding("total_sources_disagree", None),
            ],
            twin_of="ocr_spaces_planted" if variant == "twin" else None,
            generator=GEN,
        )


ALL = [project_blank, project_tabs, ocr_spaces, outline_pipes, sz_tabs, hunan_cells, national_pipes, flat_spaces, prose_lists, cq_runtogether, cq_units]  # every generator of this script: tests/test_audit_cases.py reruns them


if __name__ == "__main__":
    for make in ALL:
        make()
    print("text fixtures written")
