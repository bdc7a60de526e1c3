"""Table layouts as data (``audit/data/layouts/*.yaml``): what each kind of table's header says per
column role, which columns are levels, and what identifies it. Loaded strictly: an unknown key, a
role or kind that does not exist, or a value of the wrong type is an error naming file:line.

A table is classified once: every layout maps the header's columns to its roles (the longest header
word wins, so "执行率得分" is a score and "执行率" a rate); a layout fits when its required roles are
there and its forbidden ones are not, and the best-covered fit wins. Adding a province's layout is
one more file here, no code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ...io.yamlio import SourceError, parse_yaml
from .text import key

LAYOUT_DIR = Path(__file__).resolve().parent.parent / "data" / "layouts"

KINDS = ("score_sheet", "dept_self_eval", "project_self_eval", "cq_self_eval", "budget_table", "project_list", "info_table")
# Column roles the table model knows (what a column means, whatever a province calls it).
ROLES = (
    "name", "project", "seq", "max", "score", "standard", "description", "reason", "target", "target_initial",
    "target_adjusted", "actual", "unit", "nature", "coef", "core", "deviation", "budget_initial", "budget_full",
    "executed", "rate", "period",
)
_TOP_KEYS = {"id": str, "kind": str, "name": str, "identify": dict, "columns": dict, "levels": list, "groups": list}
_IDENTIFY_KEYS = ("require", "require_any", "forbid", "caption_any", "caption_not", "labels")
LEVEL_WORDS = {"一级": 1, "二级": 2, "三级": 3, "四级": 4}


class LayoutError(ValueError):
    """A layout file that cannot be used; the message names file:line."""


@dataclass(frozen=True, eq=False)
class Layout:
    id: str
    kind: str
    name: str
    source: str
    columns: dict[str, tuple[str, ...]]  # role → header words
    levels: tuple[str, ...] = ()
    groups: frozenset[str] = frozenset()  # names that are groups (level-1/2 rows), as keys
    require: tuple[str, ...] = ()
    require_any: tuple[str, ...] = ()
    forbid: tuple[str, ...] = ()
    caption_any: tuple[str, ...] = ()
    caption_not: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    words: tuple[tuple[str, str], ...] = field(default=(), repr=False)  # (word key, role), longest first


def _strings(value: Any, where: str, what: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise LayoutError(f"{where}：{what} 应为文字列表")
    return tuple(v.strip() for v in value)


def parse_layout(text: str, path: str) -> Layout:
    try:
        doc = parse_yaml(text, path)
    except SourceError as exc:
        raise LayoutError(str(exc)) from None
    data = doc.data
    if not isinstance(data, dict):
        raise LayoutError(f"{path}:1：版式文件应为映射（id、kind、identify、columns …）")
    for k, v in data.items():
        if k not in _TOP_KEYS:
            raise LayoutError(f"{doc.where((k,))}：未知的键“{k}”（可用：{'、'.join(_TOP_KEYS)}）")
        if not isinstance(v, _TOP_KEYS[k]):
            raise LayoutError(f"{doc.where((k,))}：“{k}”的值类型不对")
    for k in ("id", "kind", "identify", "columns"):
        if k not in data:
            raise LayoutError(f"{path}:1：缺少“{k}”")
    if data["kind"] not in KINDS:
        raise LayoutError(f"{doc.where(('kind',))}：未知的表格类型“{data['kind']}”（可用：{'、'.join(KINDS)}）")
    ident = data["identify"]
    for k in ident:
        if k not in _IDENTIFY_KEYS:
            raise LayoutError(f"{doc.where(('identify', k))}：identify 下未知的键“{k}”（可用：{'、'.join(_IDENTIFY_KEYS)}）")
    columns: dict[str, tuple[str, ...]] = {}
    for role, words in data["columns"].items():
        if role not in ROLES:
            raise LayoutError(f"{doc.where(('columns', role))}：未知的列角色“{role}”（可用：{'、'.join(ROLES)}）")
        columns[role] = _strings(words, doc.where(("columns", role)), f"columns.{role}")
    spec: dict[str, tuple[str, ...]] = {}
    for k in _IDENTIFY_KEYS:
        if k in ident:
            spec[k] = _strings(ident[k], doc.where(("identify", k)), f"identify.{k}")
            if k in ("require", "require_any", "forbid"):
                for role in spec[k]:
                    if role not in ROLES:
                        raise LayoutError(f"{doc.where(('identify', k))}：未知的列角色“{role}”")
                    if k != "forbid" and role not in columns:
                        raise LayoutError(f"{doc.where(('identify', k))}：“{role}”未在 columns 中给出表头用词")
    if not spec.get("require") and not spec.get("require_any") and not spec.get("labels"):
        raise LayoutError(f"{doc.where(('identify',))}：identify 至少要有 require、require_any 或 labels 之一")
    levels = _strings(data.get("levels", []), doc.where(("levels",)), "levels") if data.get("levels") else ()
    for lv in levels:
        if lv not in LEVEL_WORDS:
            raise LayoutError(f"{doc.where(('levels',))}：未知的级次“{lv}”（可用：{'、'.join(LEVEL_WORDS)}）")
    groups = _strings(data.get("groups", []), doc.where(("groups",)), "groups") if data.get("groups") else ()
    words = sorted(((key(w), role) for role, ws in columns.items() for w in ws), key=lambda t: -len(t[0]))
    return Layout(
        id=str(data["id"]), kind=data["kind"], name=str(data.get("name", data["id"])), source=path, columns=columns,
        levels=levels, groups=frozenset(key(g) for g in groups), require=spec.get("require", ()),
        require_any=spec.get("require_any", ()), forbid=spec.get("forbid", ()), caption_any=spec.get("caption_any", ()),
        caption_not=spec.get("caption_not", ()), labels=spec.get("labels", ()), words=tuple(words),
    )


def load_layouts(folder: Path = LAYOUT_DIR) -> tuple[Layout, ...]:
    out: list[Layout] = []
    seen: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        layout = parse_layout(path.read_text(encoding="utf-8"), str(path))
        if layout.id in seen:
            raise LayoutError(f"{path}:1：版式 id“{layout.id}”与 {seen[layout.id]} 重复")
        seen[layout.id] = str(path)
        out.append(layout)
    if not out:
        raise LayoutError(f"{folder}：没有版式文件")
    return tuple(out)


@lru_cache(maxsize=1)
def shipped_layouts() -> tuple[Layout, ...]:
    return load_layouts()


@lru_cache(maxsize=1)
def all_words() -> tuple[tuple[str, str], ...]:
    """Every header word of every layout with its role, longest first (for headers run together)."""
    seen: dict[str, str] = {}
    for layout in shipped_layouts():
        for w, role in layout.words:
            seen.setdefault(w, role)
    return tuple(sorted(seen.items(), key=lambda t: -len(t[0])))


@lru_cache(maxsize=4096)
def global_role(header: str) -> str | None:
    """A column's role by every layout's words (the last header row first, the longest word wins)."""
    for seg in reversed([s for s in header.split("/") if s]):
        k = key(seg)
        for w, role in all_words():
            if w and w in k:
                return role
    return None


@lru_cache(maxsize=4096)
def _role_of(layout: Layout, segment: str) -> tuple[str, int] | None:
    k = key(segment)
    if not k:
        return None
    for w, role in layout.words:
        if w and w in k:
            return role, len(w)
    return None


def column_role(layout: Layout, header: str) -> tuple[str | None, int | None]:
    """(role, level) of a column from its header text ("一级指标/参考分值" → ("max", 1)); the last
    header row's word is preferred, the longest word wins within a row."""
    segments = [s for s in header.split("/") if s]
    role: str | None = None
    best = 0
    for seg in reversed(segments):
        found = _role_of(layout, seg)
        if found and found[1] > best and role is None:
            role, best = found
    level = None
    for seg in reversed(segments):
        for word, lv in LEVEL_WORDS.items():
            if word in seg:
                level = lv
                break
        if level is not None:
            break
    if level is not None and layout.levels and not any(word in header for word in layout.levels):
        level = None
    if not layout.levels:
        level = None
    return role, level


@dataclass
class Fit:
    layout: Layout | None
    score: float
    reason: str
    roles: list[tuple[str | None, int | None]]  # per column


def classify(header: list[str], caption: str, first_cells: list[str]) -> Fit:
    """The layout that fits a table's header best, with a score and a reason; an unfitting header
    gives ``Fit(None, 0, …)``."""
    best: Fit | None = None
    labels_seen = {key(c) for c in first_cells if c}
    global_present = {global_role(h) for h in header} - {None}
    for layout in shipped_layouts():
        if layout.labels:
            hits = [lab for lab in layout.labels if key(lab) in labels_seen]
            if hits and not any(h for h in header if _role_of(layout, h)):
                fit = Fit(layout, 0.5 + 0.05 * len(hits), f"标签单元格：{'、'.join(hits[:4])}", [(None, None)] * len(header))
                if best is None or fit.score > best.score:
                    best = fit
            continue
        roles = [column_role(layout, h) for h in header]
        present = {r for r, _ in roles if r}
        if any(r not in present for r in layout.require):
            continue
        if layout.require_any and not any(r in present for r in layout.require_any):
            continue
        if any(r in global_present for r in layout.forbid):
            continue
        if layout.caption_any and not any(w in caption for w in layout.caption_any):
            continue
        if layout.caption_not and any(w in caption for w in layout.caption_not):
            continue
        filled = [h for h in header if h]
        covered = sum(1 for (r, _), h in zip(roles, header) if r and h)
        score = covered / max(1, len(filled)) + 0.02 * len(present) + (0.2 if layout.levels and any(lv for _, lv in roles) else 0)
        names = "、".join(dict.fromkeys(_ROLE_LABEL.get(r, r) for r, _ in roles if r))
        fit = Fit(layout, round(score, 3), f"表头列：{names}（{covered}/{len(filled)} 列识别）", roles)
        if best is None or fit.score > best.score:
            best = fit
    return best or Fit(None, 0.0, "表头与已知版式均不符", [(None, None)] * len(header))


_ROLE_LABEL = {
    "name": "指标名称", "project": "项目名称", "seq": "序号", "max": "分值", "score": "得分", "standard": "评分标准",
    "description": "指标说明", "reason": "扣分说明", "target": "指标值", "target_initial": "年初指标值",
    "target_adjusted": "调整指标值", "actual": "完成值", "unit": "计量单位", "nature": "指标性质", "coef": "得分系数",
    "core": "是否核心指标", "deviation": "偏差原因", "budget_initial": "年初预算数", "budget_full": "全年预算数",
    "executed": "全年执行数", "rate": "执行率", "period": "季度",
}
