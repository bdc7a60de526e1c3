"""The layout of the Excel input template, shared by the writer and the importer.

Every sheet that holds figures has a hidden key column (the input field, or the
indicator/part/item ids on 评判), so rows are found by key, not by position.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..core.framework import Framework
from ..core.numbers import fmt_score
from ..core.rules import Checklist, Judgement, TargetsRule
from ..core.rules.deduction import Deduction

GUIDE = "说明"
BASIC = "基本数据"
QUARTERS = "季度进度"
PROJECTS = "项目"
TASKS = "重点工作"
TARGETS = "绩效指标"
PROJECT_TARGETS = "项目绩效指标"  # one row per target of a 二级项目 (项目支出绩效自评表)
JUDGEMENTS = "评判"
TEXT = "报告文字"
LISTS = "选项"  # hidden: the framework's dropdown lists
SHEET_ORDER = (GUIDE, BASIC, QUARTERS, PROJECTS, TASKS, TARGETS, PROJECT_TARGETS, JUDGEMENTS, TEXT, LISTS)


@dataclass(frozen=True)
class Field:
    """One figure: a row of 基本数据 / 报告文字, or a column of a list sheet."""

    key: tuple[str | int, ...]  # path in the input (inside the list item for list sheets)
    label: str
    kind: str  # text year unit money pct count number weight bool bool_default kind direction category level
    unit: str = ""  # "money" rows show the 金额单位 cell instead
    note: str = ""
    width: float = 14


@dataclass(frozen=True)
class Section:
    title: str
    fields: tuple[Field, ...]


def _money(key: str, label: str, note: str = "") -> Field:
    return Field(tuple(key.split(".")), label, "money", note=note)


def _pct(key: str, label: str, note: str = "") -> Field:
    return Field(tuple(key.split(".")), label, "pct", "%", note)


def _count(key: str, label: str, unit: str, note: str = "") -> Field:
    return Field(tuple(key.split(".")), label, "count", unit, note)


RATE_NOTE = "只知道比率时填写；填了金额时以金额计算为准"


def _budget(prefix: str, head: str) -> tuple[Field, ...]:
    return (
        _money(f"{prefix}budget.initial", f"{head}年初预算数", "年初部门预算支出"),
        _money(f"{prefix}budget.adjusted", f"{head}调整后预算数（全年预算数）"),
        _money(f"{prefix}budget.executed", f"{head}执行数（全年实际支出）"),
        _money(f"{prefix}budget.basic_budget", f"{head}基本支出预算"),
        _money(f"{prefix}budget.basic_actual", f"{head}基本支出执行数"),
        _money(f"{prefix}budget.project_budget", f"{head}项目支出预算"),
        _money(f"{prefix}budget.project_actual", f"{head}项目支出执行数"),
        _money(f"{prefix}budget.adjustment", f"{head}预算调整、调剂累计金额", "用于资金调整、调剂规范性"),
    )


def _budget_actual(prefix: str, head: str, rate: str) -> tuple[Field, ...]:
    return (
        _money(f"{prefix}.budget", f"{head}预算数（调整后）"),
        _money(f"{prefix}.actual", f"{head}实际支出数（决算数）"),
        _pct(f"{prefix}.rate_pct", f"{head}{rate}", RATE_NOTE),
    )


def _staffing(prefix: str, head: str) -> tuple[Field, ...]:
    return (
        _count(f"{prefix}staffing.authorized", f"{head}核定编制数（含工勤）", "人"),
        _count(f"{prefix}staffing.on_payroll", f"{head}实有在编人数（含工勤）", "人"),
        _count(f"{prefix}staffing.contract", f"{head}编外人员数（劳务派遣+直接聘用）", "人"),
    )


BASIC_SECTIONS: tuple[Section, ...] = (
    Section("一、基本信息", (
        Field(("department",), "部门（单位）名称", "text", note="必填"),
        Field(("year",), "预算年度", "year", "年", "必填，如 2024"),
        Field(("district",), "所属区（县）", "text"),
        Field(("framework",), "指标体系", "text", note="本表按此指标体系制作，请勿修改"),
        Field(("unit",), "金额单位", "unit", note="本文件所有金额的单位，下拉选择 万元 或 元"),
    )),
    Section("二、部门预算", _budget("", "")),
    Section("三、“三公”经费", _budget_actual("three_public", "“三公”经费", "控制率")),
    Section("四、日常公用经费", _budget_actual("public_funds", "日常公用经费", "控制率")),
    Section("五、政府采购", (
        _money("procurement.plan", "政府采购计划（预算）金额"),
        _money("procurement.actual", "实际采购金额"),
        _pct("procurement.rate_pct", "政府采购执行率", RATE_NOTE),
    )),
    Section("六、固定资产", (
        _money("assets.fixed_in_use", "实际在用固定资产总额"),
        _money("assets.fixed_total", "所有固定资产总额"),
        _pct("assets.utilization_pct", "固定资产利用率", RATE_NOTE),
    )),
    Section("七、人员编制", _staffing("", "")),
    Section("八、项目完成数（“项目”表未逐项列出项目时填写）", (
        _count("project_completion.planned", "计划本年完成的项目数", "个", "填写后以此为准，不再按“项目”表计算"),
        _count("project_completion.completed_on_time", "按时完成的项目数", "个"),
    )),
    Section("九、群众信访", (
        _count("petitions.received", "当年受理信访件数", "件"),
        _count("petitions.replied", "已办理回复件数", "件"),
        _count("petitions.replied_on_time", "按时办理回复件数", "件"),
        _count("petitions.overdue", "超期件数", "件"),
    )),
    Section("十、满意度", (_pct("satisfaction_pct", "公众或服务对象满意度", "填百分号前的数字，98.5 表示 98.5%"),)),
    Section("十一、上年度可比数字（可选，用于同比）", (
        *_budget("prior_year.", "上年"),
        *_budget_actual("prior_year.three_public", "上年“三公”经费", "控制率"),
        *_budget_actual("prior_year.public_funds", "上年日常公用经费", "控制率"),
        *_staffing("prior_year.", "上年"),
    )),
)

QUARTER_NAMES = ("第一季度", "第二季度", "第三季度", "第四季度")
QUARTER_FIELDS = (
    Field(("progress_pct",), "累计支出进度（%）", "pct", "%", width=18),
    Field(("cumulative_spent",), "累计支出金额", "money", width=18),
    Field(("base",), "计算基数（指标金额）", "money", width=20),
)

PROJECT_FIELDS = (
    Field(("name",), "项目名称", "text", width=44),
    Field(("budget",), "预算（调整后）", "money", width=16),
    Field(("spent",), "支出", "money", width=16),
    Field(("planned_completion",), "是否计划本年完成", "bool_default", note="是/否；空白按“是”", width=12),
    Field(("completed_on_time",), "是否按时完成", "bool", note="是/否；未知留空", width=12),
    *(Field(("quarterly_spent", i), f"{q[1]}季度末累计支出", "money", width=15) for i, q in enumerate(QUARTER_NAMES)),
    Field(("initial_budget",), "年初预算数", "money", note="项目支出绩效自评表用", width=14),
    Field(("key",), "是否重点项目", "bool", note="是/否；重点支出安排率用", width=12),
)

TASK_FIELDS = (
    Field(("name",), "重点工作名称", "text", width=50),
    Field(("completed",), "是否完成", "bool", note="是/否，必填", width=12),
    Field(("note",), "备注", "text", width=50),
)

TARGET_FIELDS = (
    Field(("name",), "指标名称", "text", width=30),
    Field(("category",), "类别", "category", width=16),
    Field(("weight",), "权重（分值）", "weight", width=10),
    Field(("kind",), "类型", "kind", note="定量/定性；空白按定量", width=8),
    Field(("direction",), "方向", "direction", note="≥ 正向；≤ 反向；= 等于（定量必填）", width=8),
    Field(("target",), "目标值", "number", width=12),
    Field(("actual",), "实际值", "number", width=12),
    Field(("unit",), "单位", "text", width=10),
    Field(("level",), "档次", "level", note="定性指标选择档次", width=16),
    Field(("score",), "得分", "number", note="定性指标在档内选定的得分，可空", width=8),
    Field(("reason",), "理由", "text", note="定性指标必填", width=36),
    Field(("target_text",), "目标值原文", "text", width=20),
    Field(("actual_text",), "完成值原文", "text", width=20),
    Field(("last_year_actual",), "上年实际值", "number", width=12),
    Field(("adjusted_score",), "复核调整得分", "number", note="可空；复核人对单个指标调整得分时填写", width=10),
    Field(("adjustment_reason",), "调整理由", "text", note="填写复核调整得分时必填", width=30),
    Field(("adjusted_target",), "调整指标值", "number", note="年中调整了目标值时填写，按调整后的值计分", width=12),
    Field(("core",), "是否核心指标", "bool", note="是/否", width=10),
    Field(("deviation_reason",), "偏差原因分析及改进措施", "text", note="未完成的项目指标必填", width=36),
)

#: 项目绩效指标: the project's name, then the same columns as 绩效指标.
PROJECT_TARGET_FIELDS = (
    Field(("project",), "项目名称", "text", note="与“项目”表中的项目名称一致", width=30),
    *TARGET_FIELDS,
)
#: 项目支出绩效自评表的二级指标（类别）.
PROJECT_CATEGORIES = ("数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标", "社会效益指标",
                      "生态效益指标", "可持续影响指标", "服务对象满意度指标")
PROJECT_LEVELS = ("达成年度指标", "部分达成年度指标并具有一定效果", "未达成年度指标且效果较差")

TEXT_FIELDS = (
    Field(("narrative", "functions"), "部门职能", "text"),
    Field(("narrative", "annual_work"), "年度总体工作和重点工作任务", "text"),
    Field(("narrative", "performance"), "履职绩效情况", "text"),
    Field(("narrative", "problems"), "存在问题", "text"),
    Field(("narrative", "measures"), "改进措施", "text"),
)

UNITS = ("万元", "元")
KINDS = {"定量": "quantitative", "定性": "qualitative", "quantitative": "quantitative", "qualitative": "qualitative"}
KIND_LABELS = {"quantitative": "定量", "qualitative": "定性"}
DIRECTIONS = {"≥": ">=", "≤": "<=", "=": "=", ">=": ">=", "<=": "<=", "＝": "=", "＞＝": ">=", "＜＝": "<="}
DIRECTION_LABELS = {">=": "≥", "<=": "≤", "=": "="}


# ---------------------------------------------------------------- 评判

# Columns of 评判 (1-based): hidden ids, labels, then the three answer cells.
J_IND, J_PART, J_ITEM, J_NAME, J_PART_LABEL, J_CONTENT, J_GUIDE, J_ANSWER, J_VALUE, J_REASON = range(1, 11)
J_HEADERS = ("指标编号", "细项编号", "清单项编号", "三级指标", "评分细项", "评判内容", "填写说明", "评判结果", "得分/数量", "理由")
J_WIDTHS = (10, 10, 10, 18, 24, 46, 34, 26, 10, 48)


@dataclass(frozen=True)
class JRow:
    """One row of 评判.

    kind: level (pick a level), score (free score), checklist (the part: its reason),
    item (one checklist item: 是/否), count (number found), veto (是/否 happened),
    override (a formula part: optional judged score in place of the formula).
    """

    kind: str
    indicator: str
    part: str
    item: str | None
    indicator_label: str
    part_label: str
    content: str
    guide: str
    points: Decimal
    options: tuple[tuple[str, str], ...] = field(default=())  # (text in the dropdown, level id)

    @property
    def answer_cell(self) -> str | None:
        """Which cell holds this row's answer: 'answer' (H), 'value' (I) or None (reason only)."""
        return {"level": "answer", "item": "answer", "veto": "answer", "score": "value",
                "count": "value", "override": "value"}.get(self.kind)


def level_options(rule: Judgement) -> tuple[tuple[str, str], ...]:
    """Dropdown texts for a rule's levels: "label（1.5分）", made unique with the id if needed."""
    texts = [f"{lv.label}（{fmt_score(lv.score)}分）" for lv in rule.levels or ()]
    out = []
    for text, lv in zip(texts, rule.levels or ()):
        out.append((text if texts.count(text) == 1 else f"{text}[{lv.id}]", lv.id))
    return tuple(out)


def judgement_rows(fw: Framework) -> list[JRow]:
    rows: list[JRow] = []
    for _, ind in fw.leaves():
        name = f"{ind.name}（{fmt_score(ind.weight)}分）"
        for part in ind.parts or ():
            rule = part.rule
            plabel = f"{part.label}（{fmt_score(part.points)}分）"
            base = dict(indicator=ind.id, part=part.id, indicator_label=name, part_label=plabel, points=part.points)
            rng = f"0～{fmt_score(part.points)}分"
            if isinstance(rule, Checklist):
                rows.append(JRow("checklist", item=None, content=rule.criterion,
                                 guide="在下面各项选择 是（达到）/否（未达到），理由写在本行", **base))
                for it in rule.items:
                    rows.append(JRow("item", item=it.id, content=f"{it.label}（{fmt_score(it.points)}分）",
                                     guide="是＝达到；否＝未达到", **base))
            elif isinstance(rule, Judgement) and rule.levels:
                rows.append(JRow("level", item=None, content=rule.criterion, guide="从下拉列表选择档次，并写明理由",
                                 options=level_options(rule), **base))
            elif isinstance(rule, Deduction) and rule.needs_answer():
                rows.append(JRow("count", item=None, content=f"{rule.item}的数量（每项扣{fmt_score(rule.per_item)}分）",
                                 guide="填写发现的数量（无则填 0），并写明理由", **base))
            elif isinstance(rule, TargetsRule):
                if rule.allow_judgement:
                    rows.append(JRow("override", item=None, content=f"{rule.criterion}：整体评判",
                                     guide=f"已在“绩效指标”表逐项列出时不填；未列出时填写整体得分（{rng}）和理由", **base))
            elif rule.needs_answer():
                criterion = getattr(rule, "criterion", part.label)
                rows.append(JRow("score", item=None, content=criterion,
                                 guide=f"填写评定得分（{rng}），并写明理由", **base))
            else:
                rows.append(JRow("override", item=None, content=f"{part.label}：按数据自动计算",
                                 guide=f"一般不填；缺少数据或复核更正时，填写人工评定得分（{rng}）和理由", **base))
        if ind.veto is not None:
            rows.append(JRow("veto", indicator=ind.id, part="veto", item=None, indicator_label=name,
                             part_label="否决项", content=ind.veto.label,
                             guide="是＝发生（本指标得 0 分）；否＝未发生；并写明理由", points=ind.weight))
    return rows


def target_rules(fw: Framework) -> list[TargetsRule]:
    return [p.rule for _, ind in fw.leaves() for p in ind.parts or () if isinstance(p.rule, TargetsRule)]


def target_categories(fw: Framework) -> list[str]:
    """Categories the framework's targets rules accept (empty: any category)."""
    cats: list[str] = []
    for rule in target_rules(fw):
        if rule.categories is None:
            return []
        cats += [c for c in rule.categories if c not in cats]
    return cats


def target_levels(fw: Framework) -> list[str]:
    levels: list[str] = []
    for rule in target_rules(fw):
        levels += [lv.id for lv in rule.levels if lv.id not in levels]
    return levels
