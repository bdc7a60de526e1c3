"""What users read instead of internal names: input paths and field keys in Chinese.

The core and the loaders name a problem's place by its input path (``projects[6].name``,
``judgements.asset_safety.checks.items.custody``) and a few messages name a key
(``（reason）``): right for the YAML file a developer writes, wrong in a page a department
reads. Everything the web app shows about a problem goes through :func:`place` and
:func:`message` here.
"""

from __future__ import annotations

import re

from jixiao.core.framework import Framework
from jixiao.io import excel_layout as L

_LISTS = {"projects": ("二级项目", L.PROJECT_FIELDS), "key_tasks": ("重点工作", L.TASK_FIELDS),
          "targets": ("绩效指标", L.TARGET_FIELDS)}

# A key named inside a message → its label (the same words as the form and the Excel template).
KEY_LABELS = {
    "reason": "理由", "score": "得分", "level": "档次", "triggered": "是否发生", "count": "数量",
    "direction": "方向", "target": "目标值", "actual": "实际值", "weight": "权重", "category": "类别",
    "adjusted_score": "复核调整得分", "adjustment_reason": "调整理由", "items": "清单项", "override": "整项评定",
    "kind": "类型", "name": "名称", "unit": "单位", "true/false": "是/否", "quarterly": "季度进度",
}
_TOP = {
    "department": "部门", "year": "年度", "district": "所属区", "unit": "金额单位", "budget": "部门预算",
    "quarterly": "季度进度", "three_public": "“三公”经费", "public_funds": "日常公用经费", "procurement": "政府采购",
    "assets": "固定资产", "staffing": "人员编制", "projects": "二级项目", "project_completion": "项目完成数",
    "key_tasks": "重点工作", "petitions": "群众信访", "satisfaction_pct": "满意度", "targets": "绩效指标",
    "judgements": "评判项", "narrative": "报告文字", "prior_year": "上年度数字", "framework": "指标体系",
}
_BASIC = {".".join(map(str, f.key)): f.label for s in L.BASIC_SECTIONS for f in s.fields}
_BASIC.update({".".join(map(str, f.key)): f.label for f in L.TEXT_FIELDS})
_STEP = re.compile(r"\[(\d+)\]")


def _steps(path: str) -> list[str | int]:
    out: list[str | int] = []
    for part in path.split("."):
        head, *rest = _STEP.split(part)
        if head:
            out.append(head)
        out += [int(x) for x in rest if x]
    return out


def place(path: str, fw: Framework | None = None) -> str:
    """``projects[6].name`` → "二级项目 第 7 行「项目名称」"; unknown paths fall back to their first known part."""
    if not path:
        return ""
    if path in _BASIC:
        return _BASIC[path]
    steps = _steps(path)
    head = steps[0]
    if head in _LISTS and len(steps) >= 2 and isinstance(steps[1], int):
        title, fields = _LISTS[head]
        where = f"{title} 第 {steps[1] + 1} 行"
        rest = tuple(steps[2:])
        for f in fields:
            if rest and (f.key == rest or f.key == rest[:1] and len(f.key) == 1 and f.key[0] == rest[0]):
                return f"{where}「{f.label}」"
        return where
    if head == "quarterly" and len(steps) >= 2 and isinstance(steps[1], int):
        return f"季度进度 第 {steps[1] + 1} 行"
    if head == "judgements" and len(steps) >= 2:
        name = str(steps[1])
        part_label = ""
        if fw is not None:
            leaves = {ind.id: ind for _, ind in fw.leaves()}
            ind = leaves.get(name)
            if ind is not None:
                name = ind.name
                if len(steps) >= 3:
                    part = next((p for p in ind.parts or () if p.id == steps[2]), None)
                    part_label = part.label if part is not None else KEY_LABELS.get(str(steps[2]), "")
        tail = "" if not part_label or part_label == name else f"·{part_label}"
        if len(steps) >= 5 and steps[3] == "items" and fw is not None:
            row = next((r for r in L.judgement_rows(fw) if (r.indicator, r.part, r.item) == tuple(steps[1:3]) + (steps[4],)), None)
            if row is not None:
                return f"评判项“{name}{tail}”：{row.content}"
        return f"评判项“{name}{tail}”"
    for n in range(len(steps), 0, -1):
        key = ".".join(str(s) for s in steps[:n])
        if key in _BASIC:
            return _BASIC[key]
    return _TOP.get(str(head), "填报数据")


_IDENT = re.compile(r"(?<![A-Za-z_])(true/false|[a-z][a-z_]*)(?![A-Za-z_])")


def message(text: str) -> str:
    """A problem message with any key it names in Chinese: "须写明理由（reason）" → "须写明理由".

    What the user typed (quoted '…' in messages) is left as it is."""
    pieces = re.split(r"('[^']*')", text)
    out = "".join(p if p.startswith("'") else _IDENT.sub(lambda m: KEY_LABELS.get(m.group(1), m.group(1)), p)
                  for p in pieces)
    out = re.sub(r"([\u4e00-\u9fff]+)（\1）", r"\1", out)  # 理由（理由） → 理由
    return re.sub(r"(?<=[\u4e00-\u9fff]), (?=[\u4e00-\u9fff])", "、", out)


def problem(path: str, text: str, fw: Framework | None = None) -> str:
    """One line for a problem no single field holds: "二级项目 第 7 行「项目名称」：不能为空"."""
    where = place(path, fw)
    return f"{where}：{message(text)}" if where else message(text)
