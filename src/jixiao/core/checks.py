"""Checks of an input against the framework it will be scored with.

User-data problems are values: a list of :class:`jixiao.problems.Problem` located by their field
path (``Problem.at``), all of them at once.
Scoring refuses an input that has any.
"""

from __future__ import annotations

from ..problems import Problem
from .framework import Framework
from .inputs import DepartmentYear
from .numbers import ZERO, fmt_score
from .rules.targets import TargetsRule


def _index(fw: Framework) -> tuple[dict[str, tuple], list]:
    """What the checks look up, worked out once per framework (a frozen model): each leaf by id
    with its parts by id (and whether each takes an answer), and the parts scored by 个性指标."""
    cached = fw.__dict__.get("_check_index")
    if cached is None:
        leaves = {}
        for _, ind in fw.leaves():
            parts = {p.id: (p, p.rule.accepts_answer(), isinstance(p.rule, TargetsRule)) for p in ind.parts or ()}
            leaves[ind.id] = (ind, parts)
        targeted = [(ind, p) for _, ind in fw.leaves() for p in ind.parts or () if isinstance(p.rule, TargetsRule)]
        cached = fw.__dict__["_check_index"] = (leaves, targeted)
    return cached


def check_input(fw: Framework, data: DepartmentYear) -> list[Problem]:
    problems: list[Problem] = []
    leaves, _ = _index(fw)
    for ind_id, answers in data.judgements.items():
        entry = leaves.get(ind_id)
        if entry is None:
            problems.append(Problem.at(f"judgements.{ind_id}", f"指标体系 {fw.id} 中没有末级指标 '{ind_id}'"))
            continue
        ind, parts = entry
        for part_id, answer in answers.items():
            found = parts.get(part_id)
            if found is not None:
                part, takes_answer, targeted = found
                if takes_answer and not targeted:
                    for msg in part.rule.check_answer(answer, part.points):
                        problems.append(Problem.at(f"judgements.{ind_id}.{part_id}", msg))
                    continue
            where = f"judgements.{ind_id}.{part_id}"
            if part_id == "override":
                if answer.score is None:
                    problems.append(Problem.at(where, "整项人工评定应给出 score 及理由"))
                elif not ZERO <= answer.score <= ind.weight:
                    problems.append(Problem.at(where, f"评定得分 {fmt_score(answer.score)} 超出范围 0～{fmt_score(ind.weight)}"))
                continue
            if part_id == "veto":
                if ind.veto is None:
                    problems.append(Problem.at(where, f"指标“{ind.name}”没有否决项"))
                elif answer.triggered is None:
                    problems.append(Problem.at(where, "否决项应给出 triggered: true/false"))
                continue
            if found is None:
                allowed = [p.id for p in ind.parts or ()] + (["veto"] if ind.veto else [])
                problems.append(Problem.at(where, f"指标“{ind.name}”没有细项 '{part_id}'（可填：{', '.join(allowed)}）"))
                continue
            if not takes_answer:
                # A formula part takes only a scored override, which must stay within its points.
                if answer.score is None:
                    problems.append(Problem.at(where, f"细项“{part.label}”按数据计算；人工评定须给出 score 及理由"))
                elif not ZERO <= answer.score <= part.points:
                    problems.append(
                        Problem.at(where, f"评定得分 {fmt_score(answer.score)} 超出范围 0～{fmt_score(part.points)}")
                    )
                continue
            if any(part.rule.matches(t.category) for t in data.targets or ()):
                problems.append(Problem.at(where, f"已列出计入“{ind.name}”的个性指标，不能再给出整体评判"))
                continue
            for msg in part.rule.check_answer(answer, part.points):
                problems.append(Problem.at(where, msg))
    if data.targets:
        problems += _check_targets(fw, data)
    return problems


def _check_targets(fw: Framework, data: DepartmentYear) -> list[Problem]:
    if not data.targets:
        return []
    problems: list[Problem] = []
    rules = _index(fw)[1]
    claimed = [False] * len(data.targets)
    for ind, part in rules:
        rule: TargetsRule = part.rule  # type: ignore[assignment]
        idx = [i for i, t in enumerate(data.targets) if rule.matches(t.category)]
        for i in idx:
            claimed[i] = True
        if not idx:
            continue
        weight = sum((data.targets[i].weight for i in idx), ZERO)
        if weight != part.points:
            names = "+".join(fmt_score(data.targets[i].weight) for i in idx)
            problems.append(
                Problem.at(
                    "targets",
                    f"计入“{ind.name}”的个性指标权重合计 {fmt_score(weight)}（{names}）与该项分值 {fmt_score(part.points)} 不符",
                )
            )
        for i in idx:
            t = data.targets[i]
            if t.kind != "qualitative" or t.level is None:
                continue
            level = rule.level(t.level)
            where = f"targets[{i}]"
            if level is None:
                problems.append(Problem.at(f"{where}.level", f"档次 '{t.level}' 不存在（可选：{'、'.join(lv.id for lv in rule.levels)}）"))
            elif t.score is None and level.min_pct != level.max_pct:
                problems.append(Problem.at(f"{where}.score", f"“{t.level}”档为 {level.band(t.weight)} 分，应在档内给出得分"))
            elif t.score is not None and not level.holds(t.score, t.weight):
                problems.append(
                    Problem.at(f"{where}.score", f"得分 {fmt_score(t.score)} 不在“{t.level}”档 {level.band(t.weight)} 分之内")
                )
    if rules:
        for i, ok in enumerate(claimed):
            if not ok:
                cats = sorted({c for _, p in rules for c in (p.rule.categories or [])})  # type: ignore[union-attr]
                problems.append(
                    Problem.at(f"targets[{i}].category", f"类别 '{data.targets[i].category}' 不属于任何计分指标（可选：{'、'.join(cats)}）")
                )
    return problems

