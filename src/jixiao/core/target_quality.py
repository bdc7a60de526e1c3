"""绩效目标质量检查: is each 绩效指标 measurable, comparable, met, ambitious enough, unique?

Pure: takes targets and the rules (vague words, suggestion texts, thresholds — data in
``core/data/target_quality.yaml``, loaded by :func:`jixiao.core.data.target_quality_rules`)
and returns rows and findings. Problems are values, never exceptions.

Checks, per target:
- qualitative value without a number → ``vague_wording`` (it holds a vague word) or ``not_quantified``;
  no value at all → ``no_target_value``; a qualitative value that holds a number → ``could_be_quantitative``;
- quantitative: ``no_unit``; ``no_actual``; ``not_met`` with the shortfall; ``far_exceeded``;
  a target not beyond last year's actual → ``set_too_low`` (≥) / ``set_too_loose`` (≤);
- across the list: ``duplicate_name`` (same name) and ``duplicate_similar`` (same normalised name).
"""

from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any, Sequence

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .inputs import Target
from .numbers import HUNDRED, ONE, ZERO, fmt_pct, plain
from .rules.rates import PctParam

_SIGN = {">=": "≥", "<=": "≤", "=": "="}


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


#: Every finding code, its severity and the placeholders its suggestion may use.
CODES: dict[str, Severity] = {
    "vague_wording": Severity.WARNING,
    "not_quantified": Severity.WARNING,
    "no_target_value": Severity.ERROR,
    "could_be_quantitative": Severity.WARNING,
    "no_unit": Severity.WARNING,
    "no_actual": Severity.WARNING,
    "not_met": Severity.WARNING,
    "far_exceeded": Severity.INFO,
    "set_too_low": Severity.WARNING,
    "set_too_loose": Severity.WARNING,
    "duplicate_name": Severity.ERROR,
    "duplicate_similar": Severity.WARNING,
}
PLACEHOLDERS = frozenset({"text", "example", "value", "unit", "sign", "last"})


# --------------------------------------------------------------------------- the rules (data)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Example(_Strict):
    keywords: list[str] = Field(min_length=1)
    example: str = Field(min_length=1)


class Thresholds(_Strict):
    far_exceeded_pct: PctParam  # 120 → 1.2


class QualityRules(_Strict):
    vague_words: list[str] = Field(min_length=1)
    examples: list[Example] = Field(default_factory=list)
    default_example: str = Field(min_length=1)
    suggestions: dict[str, str]
    thresholds: Thresholds

    @field_validator("suggestions")
    @classmethod
    def _every_code(cls, value: dict[str, str]) -> dict[str, str]:
        missing = sorted(set(CODES) - set(value))
        unknown = sorted(set(value) - set(CODES))
        if missing or unknown:
            raise ValueError(f"建议应覆盖且只覆盖这些问题代码：{', '.join(CODES)}（缺 {missing}，多 {unknown}）")
        for code, text in value.items():
            names = {name for _, name, _, _ in string.Formatter().parse(text) if name}
            if names - PLACEHOLDERS:
                raise ValueError(f"{code} 的建议含未知占位符 {sorted(names - PLACEHOLDERS)}（可用：{', '.join(sorted(PLACEHOLDERS))}）")
        return value

    def example_for(self, *texts: str | None) -> str:
        joined = " ".join(t for t in texts if t)
        for ex in self.examples:
            if any(k in joined for k in ex.keywords):
                return ex.example
        return self.default_example

    def suggest(self, code: str, **values: str) -> str:
        return self.suggestions[code].format_map(_Blank(values))


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


# --------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: Severity
    target: str  # the target's name
    field: str  # dotted path in the input, e.g. targets[3].target_text
    message: str  # what is wrong, in Chinese
    suggestion: str  # what to do instead, in Chinese


@dataclass(frozen=True, slots=True)
class TargetRow:
    """One target as checked: how it compares with its actual."""

    index: int
    name: str
    category: str | None
    kind: str
    shown_target: str  # "≥90%" or the qualitative text
    shown_actual: str
    status: str  # met / not_met / no_actual / qualitative
    completion: Decimal | None  # actual/target (≥), target/actual (≤), 1 − deviation (=)
    gap: Decimal | None  # shortfall in the target's unit (0 when met)

    @property
    def status_label(self) -> str:
        return {"met": "完成", "not_met": "未完成", "no_actual": "缺实际值", "qualitative": "定性"}[self.status]


@dataclass(frozen=True, slots=True)
class QualityReport:
    rows: tuple[TargetRow, ...]
    findings: tuple[Finding, ...]

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def has_errors(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)


# --------------------------------------------------------------------------- text helpers

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_LEADING_NO = re.compile(r"^(?:三级指标|指标)?\s*\d+\s*[:：.、．]\s*")
_TRAILING_POINTS = re.compile(r"[（(]\s*\d+(?:\.\d+)?\s*分\s*[)）]\s*[。.]?$")
_AT_LEAST = ("≥", ">=", "不低于", "不少于", "达到", "以上")
_AT_MOST = ("≤", "<=", "不高于", "不超过", "以内", "以下")


def normalise_name(name: str) -> str:
    """The name without numbering ("指标 11:"), a trailing "（3分）", punctuation and spaces."""
    text = unicodedata.normalize("NFKC", name).strip()
    text = _LEADING_NO.sub("", text)
    text = _TRAILING_POINTS.sub("", text)
    return "".join(ch for ch in text if ch.isalnum()).lower()


def _numbers(text: str) -> list[str]:
    return _NUMBER.findall(unicodedata.normalize("NFKC", text))


def _sign_in(text: str) -> str:
    if any(w in text for w in _AT_MOST):
        return "≤"
    if any(w in text for w in _AT_LEAST):
        return "≥"
    return "=" if "=" in text or "＝" in text else ""


def _unit_after(text: str, number: str) -> str:
    rest = unicodedata.normalize("NFKC", text).split(number, 1)[1].strip()
    return re.split(r"[\s,，;；。]", rest, maxsplit=1)[0] if rest else ""


def _gap_unit(unit: str) -> str:
    return " 个百分点" if unit == "%" else unit


# --------------------------------------------------------------------------- the checks


def review_targets(targets: Sequence[Target], rules: QualityRules, *, where: str = "targets") -> QualityReport:
    """Rows and findings for one list of targets (a department's, or one project's)."""
    rows: list[TargetRow] = []
    findings: list[Finding] = []
    for i, t in enumerate(targets):
        at = f"{where}[{i}]"
        if t.kind == "qualitative":
            row, found = _qualitative(i, t, at, rules)
        else:
            row, found = _quantitative(i, t, at, rules)
        rows.append(row)
        findings += found
    findings += _duplicates(targets, where, rules)
    return QualityReport(tuple(rows), tuple(findings))


def review_projects(projects: Sequence[Any], rules: QualityRules) -> list[tuple[str, QualityReport]]:
    """(project name, report) for every project that lists targets; fields read projects[i].targets[j]."""
    return [
        (p.name, review_targets(p.targets, rules, where=f"projects[{i}].targets"))
        for i, p in enumerate(projects)
        if p.targets
    ]


def _finding(code: str, t: Target, field: str, message: str, suggestion: str) -> Finding:
    return Finding(code, CODES[code], t.name, field, message, suggestion)


def _qualitative(i: int, t: Target, at: str, rules: QualityRules) -> tuple[TargetRow, list[Finding]]:
    text = (t.target_text or "").strip()
    actual = (t.actual_text or "").strip()
    shown_actual = "，".join(x for x in (actual, t.level or "") if x)
    row = TargetRow(i, t.name, t.category, t.kind, text, shown_actual, "qualitative", None, None)
    found: list[Finding] = []
    example = rules.example_for(t.name, text)
    also = f"；实际完成值“{actual}”无从与之比较" if actual and _numbers(actual) else ""
    if not text:
        found.append(_finding("no_target_value", t, f"{at}.target_text", "定性指标未写指标值" + also,
                              rules.suggest("no_target_value", example=example)))
    elif numbers := _numbers(text):
        number = numbers[0]
        unit = _unit_after(text, number)
        found.append(_finding(
            "could_be_quantitative", t, f"{at}.kind",
            f"指标值“{text}”含数值，却按定性指标填写，无法与实际值比较计分",
            rules.suggest("could_be_quantitative", text=text, sign=_sign_in(text), value=number, unit=unit),
        ))
    else:
        vague = [w for w in rules.vague_words if w in text]
        if vague:
            found.append(_finding(
                "vague_wording", t, f"{at}.target_text",
                f"指标值“{text}”含“{'”“'.join(vague)}”等无法衡量的措辞{also}",
                rules.suggest("vague_wording", text=text, example=example),
            ))
        else:
            found.append(_finding(
                "not_quantified", t, f"{at}.target_text", f"定性指标值“{text}”没有可比较的数值{also}",
                rules.suggest("not_quantified", text=text, example=example),
            ))
    if t.level is None and not actual:
        found.append(_finding("no_actual", t, f"{at}.actual_text", "未填写实际完成情况，也未评判档次",
                              rules.suggest("no_actual")))
    return row, found


def _quantitative(i: int, t: Target, at: str, rules: QualityRules) -> tuple[TargetRow, list[Finding]]:
    unit = t.unit or ""
    sign = _SIGN[t.direction]  # type: ignore[index]
    target: Decimal = t.target  # type: ignore[assignment]
    shown_target = f"{sign}{plain(target)}{unit}"
    found: list[Finding] = []
    if not unit:
        found.append(_finding("no_unit", t, f"{at}.unit", f"目标值 {shown_target} 没有计量单位", rules.suggest("no_unit")))
    found += _last_year(t, at, rules, sign, target, unit)
    if t.actual is None:
        found.append(_finding("no_actual", t, f"{at}.actual", "缺少实际完成值", rules.suggest("no_actual")))
        return TargetRow(i, t.name, t.category, t.kind, shown_target, "", "no_actual", None, None), found
    actual = t.actual
    completion, gap = compare(t.direction, target, actual)  # type: ignore[arg-type]
    met = gap == 0
    shown = f"实际 {plain(actual)}{unit}，目标 {shown_target}"
    if not met:
        what = {">=": "差", "<=": "超出", "=": "相差"}[t.direction]  # type: ignore[index]
        done = f"（完成 {fmt_pct(completion)}）" if completion is not None else ""
        found.append(_finding("not_met", t, f"{at}.actual", f"{shown}，{what} {plain(gap)}{_gap_unit(unit)}{done}",
                              rules.suggest("not_met")))
    elif completion is not None and completion >= rules.thresholds.far_exceeded_pct and t.direction != "=":
        done = f"；已复核调整为 {plain(t.adjusted_score)} 分（{t.adjustment_reason}）" if t.adjusted_score is not None else ""
        found.append(_finding("far_exceeded", t, f"{at}.target", f"{shown}，完成 {fmt_pct(completion)}，超额较多{done}",
                              rules.suggest("far_exceeded")))
    row = TargetRow(i, t.name, t.category, t.kind, shown_target, f"{plain(actual)}{unit}",
                    "met" if met else "not_met", completion, gap)
    return row, found


def compare(direction: str, target: Decimal, actual: Decimal) -> tuple[Decimal | None, Decimal]:
    """(completion, shortfall): completion is None when it cannot be a ratio (a zero target)."""
    if direction == ">=":
        gap = max(target - actual, ZERO)
        return (actual / target if target != 0 else None), gap
    if direction == "<=":
        gap = max(actual - target, ZERO)
        if actual == 0:
            return (ONE if target == 0 else None), gap
        return target / actual, gap
    gap = abs(actual - target)
    return (max(ZERO, ONE - gap / abs(target)) if target != 0 else None), gap


def _last_year(t: Target, at: str, rules: QualityRules, sign: str, target: Decimal, unit: str) -> list[Finding]:
    last = t.last_year_actual
    if last is None:
        return []
    values = {"last": plain(last), "unit": unit, "value": plain(target), "sign": sign}
    if t.direction == ">=" and target <= last and not (unit == "%" and target >= HUNDRED):
        return [_finding("set_too_low", t, f"{at}.target", f"目标值 {sign}{plain(target)}{unit} 不高于上年实际值 {plain(last)}{unit}",
                         rules.suggest("set_too_low", **values))]
    if t.direction == "<=" and target >= last and target != 0:
        return [_finding("set_too_loose", t, f"{at}.target", f"目标值 {sign}{plain(target)}{unit} 不低于上年实际值 {plain(last)}{unit}",
                         rules.suggest("set_too_loose", **values))]
    return []


def _duplicates(targets: Sequence[Target], where: str, rules: QualityRules) -> list[Finding]:
    found: list[Finding] = []
    by_name: dict[str, int] = {}
    by_norm: dict[str, int] = {}
    for i, t in enumerate(targets):
        name = t.name.strip()
        norm = normalise_name(name)
        if name in by_name:
            j = by_name[name]
            found.append(_finding("duplicate_name", t, f"{where}[{i}].name", f"与本表第 {j + 1} 项指标同名",
                                  rules.suggest("duplicate_name")))
        elif norm and norm in by_norm:
            j = by_norm[norm]
            found.append(_finding("duplicate_similar", t, f"{where}[{i}].name",
                                  f"与本表第 {j + 1} 项指标“{targets[j].name}”名称实质相同", rules.suggest("duplicate_similar")))
        by_name.setdefault(name, i)
        by_norm.setdefault(norm, i)
    return found


def as_dict(report: QualityReport) -> dict[str, Any]:
    """The report as plain data (Decimals as strings), for JSON."""

    def dec(v: Decimal | None) -> str | None:
        return None if v is None else format(v, "f")

    return {
        "summary": {s.value: report.count(s) for s in Severity} | {"targets": len(report.rows)},
        "targets": [
            {"index": r.index, "name": r.name, "category": r.category, "kind": r.kind, "target": r.shown_target,
             "actual": r.shown_actual, "status": r.status, "completion": dec(r.completion), "gap": dec(r.gap)}
            for r in report.rows
        ],
        "findings": [
            {"code": f.code, "severity": f.severity.value, "target": f.target, "field": f.field,
             "message": f.message, "suggestion": f.suggestion}
            for f in report.findings
        ],
    }

