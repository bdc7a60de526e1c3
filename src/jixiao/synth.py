"""Realistic random department-years, for property tests, benchmarks and demo data.

Everything is driven by a seed (``random.Random``), so the same call always gives the
same department-year. Every number in the output is a :class:`~decimal.Decimal` (or an
``int`` for counts): amounts in 万元 with 2 decimals, percentages with 2 decimals.

The generator reads the framework to know which judgement answers it must give
(judgement levels or scores, checklists, counted findings, vetoes) and how many
points the 个性指标 (targets) parts carry, so the result is complete for that
framework: it scores without a single *missing* indicator. Now and then it picks edge
values on purpose: rates of exactly 60/75/90/95/100%, zero budgets (0/0 rates), no
procurement plan, cumulative progress above 100%, a quarter exactly on schedule.

API::

    generate(fw, seed=1)                 -> DepartmentYear
    generate_raw(fw, seed=1)             -> dict (load_input_data(raw) == generate(fw, seed=1))
    generate_many(fw, departments=200, years=(2022, 2023, 2024), seed=0)
                                         -> iterator of DepartmentYear (or raw dicts)
    department_names(200, seed=0)        -> 200 distinct department names
    jsonable(raw)                        -> the raw dict with Decimals as strings (for JSON)

``framework`` may be a :class:`Framework` or a shipped framework id.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any, Iterator

from .core.framework import Framework
from .core.data import plausibility_words
from .core.inputs import DepartmentYear
from .core.plausibility import is_share
from .core.rules.checklist import Checklist
from .core.rules.deduction import Deduction
from .core.rules.judgement import Judgement
from .core.rules.targets import TargetsRule

__all__ = ["generate", "generate_raw", "generate_many", "department_names", "jsonable"]

# --------------------------------------------------------------------------- vocabularies

DISTRICTS = (
    "深圳市福田区", "深圳市罗湖区", "深圳市南山区", "深圳市盐田区", "深圳市宝安区", "深圳市龙岗区",
    "深圳市龙华区", "深圳市坪山区", "深圳市光明区", "深圳市大鹏新区", "深圳市深汕特别合作区",
)
AGENCIES = (
    "发展和改革局", "教育局", "科技创新局", "工业和信息化局", "公安分局", "民政局", "司法局", "财政局",
    "人力资源局", "规划和自然资源局", "生态环境分局", "住房和建设局", "交通运输局", "水务局", "商务局",
    "文化广电旅游体育局", "卫生健康局", "退役军人事务局", "应急管理局", "审计局", "国有资产监督管理局",
    "市场监督管理局", "统计局", "医疗保障局", "城市管理和综合执法局", "政务服务数据管理局", "信访局",
    "机关事务管理局", "档案馆", "图书馆", "文化馆", "疾病预防控制中心", "妇幼保健院", "人民医院",
    "融媒体中心", "建筑工务署", "土地整备中心", "城市更新和土地整备局", "委组织部", "委宣传部",
    "委统战部", "委政法委员会", "委办公室", "人大常委会办公室", "政府办公室", "政协办公室",
    "纪委监委", "总工会", "团委", "妇女联合会", "残疾人联合会", "科学技术协会", "红十字会",
    "工商业联合会", "人民法院", "人民检察院", "投资推广服务中心", "公共资源交易中心", "网格管理中心",
    "社会保险服务中心",
)
PROJECT_OBJECTS = (
    "道路", "公园", "社区", "学校", "河道", "绿地", "公共厕所", "老旧小区", "城中村", "消防设施",
    "政务大厅", "智慧城市平台", "档案库房", "图书馆", "卫生站", "体育场馆", "污水管网", "边坡", "桥梁",
    "停车场", "网格", "出租屋", "养老服务中心", "文化站", "信息系统",
)
PROJECT_SERVICES = (
    "保洁服务", "维修改造", "运营维护", "安全巡查", "信息化建设", "绿化养护", "设备购置", "第三方评估",
    "宣传推广", "专项整治", "购买服务", "培训", "监测", "物业管理", "应急保障", "课题研究",
)
KEY_TASKS = (
    "推进重点项目建设", "完成年度民生实事", "深化营商环境改革", "开展安全生产专项整治", "推进数字政府建设",
    "完成人大代表建议和政协提案办理", "推进城市更新项目", "开展基层治理试点", "做好防汛防风工作",
    "落实减税降费政策", "推进垃圾分类", "完成审计整改", "推动产业园区建设", "开展文明城市创建",
    "完成年度招商引资任务", "推进学位建设", "做好疫情防控收尾工作", "开展扫黑除恶常态化工作",
    "推进“放管服”改革", "完成专项债券项目支出",
)

#: (name, category, unit, direction, low, high, decimals) for quantitative targets.
QUANT_TARGETS = (
    ("群众满意率", "社会效益", "%", ">=", 85, 98, 2),
    ("服务覆盖人次", "社会效益", "人次", ">=", 1000, 50000, 0),
    ("事项按时办结率", "社会效益", "%", ">=", 90, 100, 2),
    ("投诉率", "社会效益", "%", "<=", 1, 5, 2),
    ("带动社会投资", "经济效益", "万元", ">=", 500, 20000, 2),
    ("新增市场主体", "经济效益", "户", ">=", 50, 3000, 0),
    ("单位成本", "经济效益", "万元", "<=", 10, 500, 2),
    ("空气质量优良天数比例", "生态效益", "%", ">=", 85, 97, 2),
    ("污水处理率", "生态效益", "%", ">=", 90, 99, 2),
    ("能耗下降率", "生态效益", "%", ">=", 1, 5, 2),
    ("设施完好率", "可持续影响", "%", ">=", 90, 100, 2),
    ("办结平均时长", "可持续影响", "天", "<=", 3, 30, 0),
    ("年度检查次数", "产出数量", "次", "=", 4, 24, 0),
    ("完成项目数", "产出数量", "个", ">=", 5, 60, 0),
)
QUAL_TARGETS = (
    ("长效管理机制", "可持续影响"),
    ("社会公众认可度", "社会效益"),
    ("对区域经济发展的带动作用", "经济效益"),
    ("生态环境改善情况", "生态效益"),
    ("制度建设成效", "可持续影响"),
)
TARGET_CATEGORIES = ("社会效益", "经济效益", "生态效益", "可持续影响")

EVIDENCE = (
    "经查阅会议纪要、预算批复及相关台账",
    "根据财政一体化系统数据及部门提供的佐证材料",
    "经抽查凭证和合同资料",
    "对照年度工作计划和总结",
    "经现场核查及访谈",
    "依据部门自评材料和第三方审核意见",
)

# --------------------------------------------------------------------------- number helpers

_CENTS = Decimal("0.01")


def _money(cents: int) -> Decimal:
    """An integer number of cents (of 万元) as a 2-decimal amount."""
    return Decimal(cents).scaleb(-2)


def _pct(bp: int) -> Decimal:
    """Basis points of a percent (9850 → 98.50)."""
    return Decimal(bp).scaleb(-2)


def _share(cents: int, bp: int) -> int:
    """cents × bp / 10000, rounded half up, as an integer number of cents."""
    return (cents * bp + 5000) // 10000


def _chance(rng: random.Random, p_permille: int) -> bool:
    return rng.randrange(1000) < p_permille


# --------------------------------------------------------------------------- department profile



def _is_share(name: str, unit: str) -> bool:
    return is_share(name, unit, plausibility_words())

@dataclass(frozen=True)
class _Profile:
    """What stays the same across a department's years."""

    name: str
    district: str
    scale_cents: int  # a typical annual budget
    authorized: int  # 核定编制数
    quality: int  # 600..1000: how well the department is run (per mille)
    procurement_heavy: bool


def _profile(rng: random.Random, name: str | None = None, district: str | None = None) -> _Profile:
    if name is None or district is None:
        d, a = rng.choice(DISTRICTS), rng.choice(AGENCIES)
        district = district or d
        name = name or f"{d}{a}"
    size = rng.choice(("small", "medium", "medium", "large"))
    lo, hi = {"small": (300, 2_000), "medium": (2_000, 15_000), "large": (15_000, 80_000)}[size]
    staff = {"small": (8, 40), "medium": (30, 150), "large": (100, 600)}[size]
    return _Profile(
        name=name,
        district=district,
        scale_cents=rng.randint(lo * 100, hi * 100),
        authorized=rng.randint(*staff),
        quality=rng.choice((650, 750, 850, 900, 950, 950, 980, 1000)),
        procurement_heavy=_chance(rng, 400),
    )


def department_names(n: int, *, seed: int = 0) -> list[str]:
    """``n`` distinct department names (district + agency), in a seed-determined order."""
    pool = [f"{d}{a}" for d in DISTRICTS for a in AGENCIES]
    if n > len(pool):
        raise ValueError(f"at most {len(pool)} distinct department names")
    return random.Random(f"jixiao-synth-names/{seed}").sample(pool, n)


# --------------------------------------------------------------------------- the year


class _Year:
    def __init__(self, fw: Framework, profile: _Profile, rng: random.Random, year: int, projects: int):
        self.fw = fw
        self.p = profile
        self.rng = rng
        self.year = year
        self.n_projects = projects

    def ok(self) -> bool:
        """True with the department's quality as probability."""
        return self.rng.randrange(1000) < self.p.quality

    def reason(self, text: str) -> str:
        return f"{self.rng.choice(EVIDENCE)}，{text}"

    # -- the whole dict -------------------------------------------------------------
    def build(self) -> dict[str, Any]:
        rng = self.rng
        raw: dict[str, Any] = {
            "schema_version": 1,
            "department": self.p.name,
            "year": self.year,
            "district": self.p.district,
            "framework": self.fw.id,
            "unit": "万元",
        }
        budget, quarterly, project_share_bp = self._budget()
        raw["budget"] = budget
        raw["quarterly"] = quarterly
        raw["three_public"] = self._controlled(rng.randint(5_00, 300_00), small=True)
        raw["public_funds"] = self._controlled(
            _share(self._adjusted, rng.randint(300, 1200)), small=False
        )
        raw["procurement"] = self._procurement()
        raw["assets"] = self._assets()
        raw["staffing"] = self._staffing()
        projects = self._projects(project_share_bp)
        raw["projects"] = projects
        proj_budget = sum(int(p["budget"].scaleb(2)) for p in projects)
        proj_spent = sum(int(p["spent"].scaleb(2)) for p in projects)
        budget["project_budget"] = _money(proj_budget)
        budget["project_actual"] = _money(proj_spent)
        budget["basic_budget"] = _money(self._adjusted - proj_budget)
        budget["basic_actual"] = _money(self._executed - proj_spent)
        raw["key_tasks"] = self._key_tasks()
        raw["petitions"] = self._petitions()
        raw["satisfaction_pct"] = self._satisfaction()
        targets, judgements = self._targets_and_judgements()
        if targets:
            raw["targets"] = targets
        raw["judgements"] = judgements
        self._year_on_year_and_key(raw)
        raw["narrative"] = {
            "functions": f"{self.p.name}负责本领域政策执行、公共服务供给和行业监管等职能。",
            "annual_work": "；".join(t["name"] for t in raw["key_tasks"][:5]) + "。",
        }
        return raw

    def _year_on_year_and_key(self, raw: dict[str, Any]) -> None:
        """Last year's 三公 and each project's 重点 flag, only for frameworks that read them
        (变动率, 重点支出安排率), from a stream of their own so other frameworks' data stay as they were.
        A part that still cannot be computed (no projects; 三公 known only as a rate) is judged."""
        parts = [(ind.id, part) for _, ind in self.fw.leaves() for part in ind.parts or ()]
        extra = random.Random(f"{self.p.name}|{self.year}|year-on-year")
        uncomputable: list[tuple[str, Any]] = []
        for ind_id, part in parts:
            used = set(part.rule.facts_used())
            if any(f.startswith("prior.three_public.") for f in used):
                current = raw["three_public"].get("actual")
                if current is None:
                    uncomputable.append((ind_id, part))
                else:
                    cents = int(current.scaleb(2))
                    prior = max(1, cents * extra.randint(90, 112) // 100) if cents else 0
                    raw.setdefault("prior_year", {})["three_public"] = {"actual": _money(prior)}
            if "projects.key_budget" in used:
                if raw["projects"] and any(p["budget"] > 0 for p in raw["projects"]):
                    for p in raw["projects"]:
                        p["key"] = extra.randrange(100) < 80
                else:
                    uncomputable.append((ind_id, part))
        for ind_id, part in uncomputable:
            raw["judgements"].setdefault(ind_id, {})[part.id] = {
                "score": part.points, "reason": "缺少计算所需数据，按人工评定（合成数据）"}

    # -- budget and quarterly progress ---------------------------------------------------
    def _budget(self) -> tuple[dict[str, Any], list[dict[str, Any]], int]:
        rng = self.rng
        initial = self.p.scale_cents * rng.randint(85, 115) // 100
        edge = rng.randrange(100)
        if edge < 5:  # adjustments exactly 10% of the initial budget
            initial -= initial % 10
            adjustment = initial // 10
        elif edge < 8:
            adjustment = 0
        else:
            adjustment = _share(initial, rng.choice((rng.randint(0, 800), rng.randint(0, 2500))))
        net = rng.randint(-adjustment // 2, adjustment) if adjustment else 0
        adjusted = max(initial + net, 1_00)
        self._adjusted = adjusted

        # Quarterly cumulative progress in basis points of a percent; q4 is the year's execution.
        e = rng.randrange(100)
        if e < 6:
            q4 = 10000  # exactly 100%
        elif e < 10:
            q4 = rng.randint(10001, 10500)  # progress above 100%
        elif e < 15:
            q4 = rng.randint(6000, 8500)
        else:
            q4 = rng.randint(8500, 9999)
        q = [0, 0, 0, q4]
        on_schedule = rng.randrange(100) < 10
        for i, (lo, hi, sched) in enumerate(((500, 3500, 2500), (2000, 6000, 5000), (4500, 8500, 7500))):
            v = sched if on_schedule and _chance(rng, 500) else rng.randint(lo, hi)
            q[i] = v
        q[1] = max(q[1], q[0])
        q[2] = max(q[2], q[1])
        q[2] = min(q[2], q4)
        q[1] = min(q[1], q[2])
        q[0] = min(q[0], q[1])
        executed = _share(adjusted, q4)
        self._executed = executed

        quarterly: list[dict[str, Any]] = []
        as_amounts = rng.randrange(100) < 30
        for i, bp in enumerate(q, 1):
            if as_amounts:
                spent = executed if i == 4 else _share(adjusted, bp)
                quarterly.append({"quarter": i, "cumulative_spent": _money(spent)})
            else:
                quarterly.append({"quarter": i, "progress_pct": _pct(bp)})
        budget = {
            "initial": _money(initial),
            "adjusted": _money(adjusted),
            "executed": _money(executed),
            "adjustment": _money(adjustment),
        }
        # Projects take at most 55% of the budget and at least 60% is spent, so basic ≥ 0.
        return budget, quarterly, rng.randint(1500, 5500)

    def _rate_bp(self, edges: tuple[int, ...], lo: int, hi: int) -> int:
        rng = self.rng
        if rng.randrange(100) < 20:
            return rng.choice(edges)
        return rng.randint(lo, hi)

    def _controlled(self, budget: int, *, small: bool) -> dict[str, Any]:
        """三公 / 日常公用经费: budget and actual (control rate mostly below 100%)."""
        rng = self.rng
        r = rng.randrange(100)
        if small and r < 5:  # no 三公 budget at all
            return {"budget": _money(0), "actual": _money(0)}
        if r < 12:  # only the rate is known, as in many reports
            return {"rate_pct": _pct(self._rate_bp((9000, 10000), 5000, 10300))}
        bp = self._rate_bp((9000, 10000, 10001), 5000, 10200)
        if bp == 9000:
            budget -= budget % 10  # so that 90% of it is a whole number of cents
        actual = _share(budget, bp)
        if bp > 10000:
            actual = max(actual, budget + 1)  # overspent, however small the budget
        return {"budget": _money(budget), "actual": _money(actual)}

    def _procurement(self) -> dict[str, Any]:
        rng = self.rng
        r = rng.randrange(100)
        if r < 8:  # no procurement plan, nothing bought
            return {"plan": _money(0), "actual": _money(0)}
        if r < 12:
            return {"rate_pct": _pct(self._rate_bp((10000,), 7000, 10000))}
        share = rng.randint(1000, 3000) if self.p.procurement_heavy else rng.randint(100, 1000)
        plan = max(_share(self._adjusted, share), 1)
        bp = self._rate_bp((10000, 10000, 10050), 7000, 9999)
        return {"plan": _money(plan), "actual": _money(_share(plan, bp))}

    def _assets(self) -> dict[str, Any]:
        rng = self.rng
        total = self.p.scale_cents * rng.randint(20, 300) // 100 + 1
        if rng.randrange(100) < 8:
            return {"utilization_pct": _pct(self._rate_bp((9000, 7500, 6000), 5000, 10000))}
        bp = self._rate_bp((9000, 7500, 6000, 10000), 5500, 10000)
        if bp in (9000, 7500, 6000):
            total -= total % 20  # exact: 60%, 75%, 90% of a multiple of 20 cents
            total = max(total, 20)
        return {"fixed_in_use": _money(_share(total, bp)), "fixed_total": _money(total)}

    def _staffing(self) -> dict[str, Any]:
        rng = self.rng
        authorized = max(1, self.p.authorized + rng.randint(-2, 2))
        r = rng.randrange(100)
        if r < 10:
            on_payroll = authorized  # exactly 100%
        elif r < 14:
            on_payroll = authorized + rng.randint(1, 3)  # over the quota
        else:
            on_payroll = authorized * rng.randint(80, 100) // 100
        r = rng.randrange(100)
        if r < 6 and on_payroll >= 19:  # exactly 5%: c / (p + c) = 1/20
            contract = on_payroll // 19
            on_payroll = contract * 19
        elif r < 12 and on_payroll >= 9:  # exactly 10%
            contract = on_payroll // 9
            on_payroll = contract * 9
        elif r < 20:
            contract = 0
        else:
            contract = on_payroll * rng.randint(0, 70) // 100
        return {"authorized": authorized, "on_payroll": on_payroll, "contract": contract}

    def _projects(self, share_bp: int) -> list[dict[str, Any]]:
        rng = self.rng
        n = self.n_projects
        if n == 0:
            return []
        total = _share(self._adjusted, share_bp)
        weights = [rng.randint(1, 100) ** 2 for _ in range(n)]
        wsum = sum(weights)
        budgets = [total * w // wsum for w in weights]
        budgets[0] += total - sum(budgets)
        if n > 1 and _chance(rng, 100):  # a project without budget (nothing spent)
            budgets[0] += budgets[-1]
            budgets[-1] = 0
        out: list[dict[str, Any]] = []
        seen: set[str] = set()
        on_time_pm = self.p.quality
        for i, b in enumerate(budgets):
            name = f"{self.year}年{rng.choice(PROJECT_OBJECTS)}{rng.choice(PROJECT_SERVICES)}项目"
            if name in seen:
                name = f"{name}（{i + 1}）"
            seen.add(name)
            r = rng.randrange(100)
            bp = 10000 if r < 25 else 0 if r < 28 else rng.randint(6000, 9999)
            out.append({"name": name, "budget": b, "bp": bp})
        for item in out:
            b, bp = item.pop("budget"), item.pop("bp")
            spent = _share(b, bp)
            item["budget"] = _money(b)
            item["spent"] = _money(spent)
            planned = _chance(rng, 850)
            item["planned_completion"] = planned
            if planned:
                item["completed_on_time"] = rng.randrange(1000) < on_time_pm
            fr = sorted(rng.randint(0, 10000) for _ in range(3))
            item["quarterly_spent"] = [_money(_share(spent, f)) for f in fr] + [_money(spent)]
        return out

    def _key_tasks(self) -> list[dict[str, Any]]:
        rng = self.rng
        tasks = []
        for name in rng.sample(KEY_TASKS, rng.randint(4, 12)):
            done = rng.randrange(1000) < max(self.p.quality, 900)
            task: dict[str, Any] = {"name": name, "completed": done}
            if not done:
                task["note"] = "受客观因素影响，未能按期完成"
            tasks.append(task)
        return tasks

    def _petitions(self) -> dict[str, Any]:
        rng = self.rng
        if rng.randrange(100) < 10:
            return {"received": 0, "replied": 0, "replied_on_time": 0, "overdue": 0}
        received = rng.randint(1, 400)
        replied = received if self.ok() else received - rng.randint(1, max(1, received // 10))
        on_time = replied if self.ok() else replied - rng.randint(0, max(0, replied // 10))
        return {
            "received": received,
            "replied": replied,
            "replied_on_time": on_time,
            "overdue": received - on_time,
        }

    def _satisfaction(self) -> Decimal:
        return _pct(self._rate_bp((8000, 9000, 9500, 10000), 7800, 9990))

    # -- targets and judgements ---------------------------------------------------------
    def _targets_and_judgements(self) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
        rng = self.rng
        judgements: dict[str, dict[str, Any]] = {}
        targets: list[dict[str, Any]] = []
        target_parts = [
            (ind, part) for _, ind in self.fw.leaves() for part in ind.parts or () if isinstance(part.rule, TargetsRule)
        ]
        # Targets can be listed only when each targets part claims its own categories.
        uncategorised = [p for _, p in target_parts if p.rule.categories is None]  # type: ignore[union-attr]
        can_list = not (uncategorised and len(target_parts) > 1)
        for _, ind in self.fw.leaves():
            answers: dict[str, Any] = {}
            for part in ind.parts or ():
                rule = part.rule
                if isinstance(rule, TargetsRule):
                    if can_list and (not rule.allow_judgement or rng.randrange(100) >= 10):
                        targets += self._targets(rule, part.points)
                    else:
                        answers[part.id] = self._judged_score(part.points, rule.criterion)
                elif rule.needs_answer():
                    answers[part.id] = self._answer(rule, part.points)
            if ind.veto is not None:
                if _chance(rng, 15):
                    answers["veto"] = {"triggered": True, "reason": self.reason(f"发现{ind.veto.label}的情况")}
                else:
                    answers["veto"] = {"triggered": False, "reason": self.reason("未发现违规支出情况")}
            if answers:
                judgements[ind.id] = answers
        return targets, judgements

    def _judged_score(self, points: Decimal, criterion: str) -> dict[str, Any]:
        rng = self.rng
        if self.ok():
            return {"score": points, "reason": self.reason(f"{criterion}符合要求")}
        cents = int(points.scaleb(2))
        lost = rng.randint(1, max(1, cents // 2))
        lost -= lost % 10 if lost >= 10 else 0
        return {"score": _money(cents - lost), "reason": self.reason(f"{criterion}存在不足，酌情扣分")}

    def _answer(self, rule: Any, points: Decimal) -> dict[str, Any]:
        rng = self.rng
        if isinstance(rule, Checklist):
            items = {it.id: self.ok() for it in rule.items}
            failed = [it.label for it in rule.items if not items[it.id]]
            why = "；".join(f"{f}方面存在不足" for f in failed) if failed else "各项均达到要求"
            return {"items": items, "reason": self.reason(why)}
        if isinstance(rule, Deduction):
            count = 0 if self.ok() else rng.randint(1, 3)
            why = f"发现{rule.item}{count}项" if count else f"未发现{rule.item}"
            return {"count": count, "reason": self.reason(why)}
        if isinstance(rule, Judgement) and rule.levels:
            level = rule.levels[0] if self.ok() else rng.choice(rule.levels)
            return {"level": level.id, "reason": self.reason(f"{rule.criterion}{level.label}")}
        criterion = getattr(rule, "criterion", "该项")
        return self._judged_score(points, criterion)

    def _weights(self, points: Decimal, k: int) -> list[Decimal]:
        """k positive weights summing exactly to ``points`` (in halves of a point when possible)."""
        rng = self.rng
        unit = Decimal("0.5") if (points * 2) == (points * 2).to_integral_value() else _CENTS
        units = int(points / unit)
        k = max(1, min(k, units))
        cuts = sorted(rng.sample(range(1, units), k - 1)) if k > 1 else []
        bounds = [0, *cuts, units]
        return [unit * (bounds[i + 1] - bounds[i]) for i in range(k)]

    def _targets(self, rule: TargetsRule, points: Decimal) -> list[dict[str, Any]]:
        rng = self.rng
        categories = list(rule.categories) if rule.categories else list(TARGET_CATEGORIES)
        weights = self._weights(points, rng.randint(3, 8))
        out = []
        for i, weight in enumerate(weights):
            # The first targets cover the categories in turn (至少覆盖三个方面), the rest at random.
            category = categories[i] if i < len(categories) else rng.choice(categories)
            if rng.randrange(100) < 20:
                out.append(self._qualitative(rule, weight, category))
            else:
                out.append(self._quantitative(weight, category))
        return out

    def _quantitative(self, weight: Decimal, category: str) -> dict[str, Any]:
        rng = self.rng
        fitting = [t for t in QUANT_TARGETS if t[1] == category] or list(QUANT_TARGETS)
        name, _cat, unit, direction, lo, hi, places = rng.choice(fitting)
        scale = 10**places
        target = rng.randint(lo * scale, hi * scale)
        r = rng.randrange(100)
        if r < 30 or direction == "=" and r < 80:
            actual = target  # exactly on target
        elif direction == "<=":
            actual = target * rng.randint(70, 125) // 100 if self.ok() else target * rng.randint(100, 150) // 100
        else:
            actual = target * rng.randint(95, 120) // 100 if self.ok() else target * rng.randint(60, 100) // 100
        share = _is_share(name, unit)
        if share:  # a 满意率 or 完好率 cannot pass 100% (the input's plausibility rules)
            actual = min(actual, 100 * scale)
        t, a = Decimal(target).scaleb(-places), Decimal(actual).scaleb(-places)
        item: dict[str, Any] = {
            "name": name,
            "category": category,
            "weight": weight,
            "kind": "quantitative",
            "direction": direction,
            "target": t,
            "actual": a,
            "unit": unit,
        }
        if _chance(rng, 300):
            last = actual * rng.randint(85, 105) // 100
            item["last_year_actual"] = Decimal(min(last, 100 * scale) if share else last).scaleb(-places)
        return item

    def _qualitative(self, rule: TargetsRule, weight: Decimal, category: str) -> dict[str, Any]:
        rng = self.rng
        fitting = [t for t in QUAL_TARGETS if t[1] == category] or list(QUAL_TARGETS)
        name, _cat = rng.choice(fitting)
        level = rule.levels[0] if self.ok() else rng.choice(rule.levels)
        item: dict[str, Any] = {
            "name": name,
            "category": category,
            "weight": weight,
            "kind": "qualitative",
            "target_text": "明显提升",
            "actual_text": "基本实现" if level is not rule.levels[0] else "已实现",
            "level": level.id,
            "reason": self.reason(f"{name}{level.id}"),
        }
        # A score inside the band (a one-point band such as 达成 = 100% may go without).
        if level.min_pct != level.max_pct or rng.randrange(100) < 50:
            lo = (level.min_pct * weight * 100).to_integral_value(rounding=ROUND_CEILING)  # in cents
            hi = (level.max_pct * weight * 100).to_integral_value(rounding=ROUND_FLOOR)
            item["score"] = _money(rng.randint(int(lo), int(hi))) if lo <= hi else level.min_pct * weight
        return item


# --------------------------------------------------------------------------- public API


def _framework(framework: Framework | str) -> Framework:
    if isinstance(framework, Framework):
        return framework
    from .frameworks import load_framework

    return load_framework(framework)


def generate_raw(
    framework: Framework | str,
    *,
    seed: int,
    projects: int = 50,
    department: str | None = None,
    year: int | None = None,
    district: str | None = None,
) -> dict[str, Any]:
    """One department-year as a plain dict (Decimals, ints, bools, strings; no floats).

    ``load_input_data(generate_raw(...))`` gives the same model as :func:`generate`.
    The figures depend on the seed only; ``department``, ``year`` and ``district``
    just name them.
    """
    fw = _framework(framework)
    rng = random.Random(seed)
    profile = _profile(rng, department, district)
    chosen_year = rng.randint(2019, 2025)
    return _Year(fw, profile, rng, year if year is not None else chosen_year, projects).build()


def generate(
    framework: Framework | str,
    *,
    seed: int,
    projects: int = 50,
    department: str | None = None,
    year: int | None = None,
    district: str | None = None,
) -> DepartmentYear:
    """One department-year as a validated :class:`DepartmentYear`."""
    raw = generate_raw(framework, seed=seed, projects=projects, department=department, year=year, district=district)
    return DepartmentYear.model_validate(raw)


def generate_many(
    framework: Framework | str,
    *,
    departments: int = 200,
    years: tuple[int, ...] = (2022, 2023, 2024),
    seed: int = 0,
    projects: int = 50,
    raw: bool = False,
) -> Iterator[DepartmentYear] | Iterator[dict[str, Any]]:
    """``departments`` × ``years`` department-years, department by department.

    Each department keeps its name, district, size and staffing quota across its years;
    its yearly figures differ. Deterministic in ``seed``.
    """
    fw = _framework(framework)
    names = department_names(departments, seed=seed)

    def gen() -> Iterator[Any]:
        for index, name in enumerate(names):
            district = next(d for d in DISTRICTS if name.startswith(d))
            profile = _profile(random.Random(f"jixiao-synth/{seed}/{index}"), name, district)
            for y in years:
                rng = random.Random(f"jixiao-synth/{seed}/{index}/{y}")
                item = _Year(fw, profile, rng, y, projects).build()
                yield item if raw else DepartmentYear.model_validate(item)

    return gen()


def jsonable(value: Any) -> Any:
    """A raw dict with every Decimal as its string, ready for ``json.dumps``."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    return value
