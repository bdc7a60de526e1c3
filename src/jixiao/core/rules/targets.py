"""效果性 / 产出 / 效益 / 满意度 from the department's own targets (个性指标).

Quantitative: positive (≥) actual/target × weight; negative (≤) target/actual × weight;
"=" full when equal, else by the relative gap; each capped at ``cap_pct``.
Qualitative: the judge picks a level whose band (a share of the weight) is data, and a
score inside it, with a reason. Without targets the part may be judged as a whole.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..numbers import ONE, ZERO, fmt_pct, plain
from ..scorecard import Outcome, Status
from .base import Context, RuleBase, judged_missing, pct_bound, pts
from .rates import PctParam


class QualitativeLevel(BaseModel):
    """A band of a qualitative target, as a share of its weight (min ≤ share ≤ max)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)  # e.g. 达成
    min_pct: PctParam
    max_pct: PctParam


def _default_levels() -> list[QualitativeLevel]:
    return [
        QualitativeLevel(id="达成", min_pct=100, max_pct=100),  # type: ignore[arg-type]
        QualitativeLevel(id="部分达成", min_pct=60, max_pct="99.99"),  # type: ignore[arg-type]
        QualitativeLevel(id="未达成", min_pct=0, max_pct="59.99"),  # type: ignore[arg-type]
    ]


class TargetsRule(RuleBase):
    kind: Literal["targets"]
    criterion: str = Field(min_length=1)
    categories: list[str] | None = None  # only targets of these categories; all when absent
    cap_pct: PctParam = ONE  # a target's coefficient is at most this share of its weight
    levels: list[QualitativeLevel] = Field(default_factory=_default_levels)
    # Without targets in the input, a judged whole-part score with a reason is accepted.
    allow_judgement: bool = True

    def matches(self, category: str | None) -> bool:
        return self.categories is None or category in self.categories

    def describe(self, points: Decimal) -> str:
        bands = "、".join(f"{lv.id}{pct_bound(lv.min_pct)}～{pct_bound(lv.max_pct)}" for lv in self.levels)
        scope = f"（{'、'.join(self.categories)}类）" if self.categories else ""
        return (
            f"{self.criterion}{scope}：按个性指标逐项评分，合计{pts(points)}；定量正向指标得分=实际值/目标值×权重，"
            f"反向指标得分=目标值/实际值×权重，最高为权重的{pct_bound(self.cap_pct)}；定性指标按档评判（{bands}），须说明理由"
        )

    def needs_answer(self) -> bool:
        return False  # an answer is needed only when no targets are given

    def accepts_answer(self) -> bool:
        return True

    def check_answer(self, answer, points: Decimal) -> list[str]:
        if answer.score is None:
            return ["应给出评定得分 score"]
        if not ZERO <= answer.score <= points:
            return [f"评定得分 {plain(answer.score)} 超出范围 0～{plain(points)}"]
        return []

    def level(self, ident: str) -> QualitativeLevel | None:
        return next((lv for lv in self.levels if lv.id == ident), None)

    def coefficient(self, target, cap: Decimal) -> tuple[Decimal | None, str]:
        """(share of the weight earned, how it was reached). None when the actual is absent."""
        if target.kind == "qualitative":
            if target.level is None:
                return None, "未评判档次"
            if target.score is not None:
                return None, f"{target.level}（{target.reason}）"  # scored directly by the caller
            level = self.level(target.level)
            return level.min_pct if level else None, f"{target.level}（{target.reason}）"  # type: ignore[union-attr]
        if target.actual is None:
            return None, "缺少实际完成值"
        t, a = target.target, target.actual
        unit = target.unit or ""
        sign = {">=": "≥", "<=": "≤", "=": "="}[target.direction]
        shown = f"实际 {plain(a)}{unit}，目标 {sign}{plain(t)}{unit}"
        if target.direction == ">=":
            if t == 0:
                return ONE, shown
            coef = a / t
        elif target.direction == "<=":
            if a <= t:
                return ONE, shown
            coef = t / a if a != 0 else ONE
        else:
            coef = ONE if a == t else max(ZERO, ONE - abs(a - t) / abs(t)) if t != 0 else ZERO
        return min(max(coef, ZERO), cap), f"{shown}，完成 {fmt_pct(coef)}"

    def evaluate(self, ctx: Context, points: Decimal) -> Outcome:
        targets = [t for t in (ctx.data.targets or ()) if self.matches(t.category)]
        if not targets:
            if self.allow_judgement and ctx.answer is not None and ctx.answer.score is not None:
                score = ctx.answer.score
                lost = f"扣{pts(points - score)}：" if score < points else ""
                text = f"{self.criterion}：未列个性指标，整体评判得{pts(score)}（{lost}{ctx.answer.reason}）"
                return Outcome(score, Status.JUDGED, text, reason=ctx.answer.reason)
            return judged_missing(f"{self.criterion}（未列个性指标，也未给出整体评判）")
        total = ZERO
        pieces = []
        computed = []
        judged = False
        for t in targets:
            coef, how = self.coefficient(t, self.cap_pct)
            if t.kind == "qualitative" and t.level is not None and t.score is not None:
                got = t.score  # the judge's score inside the band, exactly as given
            elif coef is None:
                return Outcome(None, Status.MISSING, f"{t.name}：{how}", computed=tuple(computed))
            else:
                got = coef * t.weight
            total += got
            judged = judged or t.kind == "qualitative"
            pieces.append(f"{t.name}（{pts(t.weight)}）：{how}→{pts(got)}")
            computed.append((t.name, pts(got)))
        status = Status.JUDGED if judged else Status.SCORED
        return Outcome(total, status, "；".join(pieces), computed=tuple(computed))
