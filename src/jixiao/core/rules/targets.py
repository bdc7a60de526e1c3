"""效果性 / 产出 / 效益 / 满意度 from the department's own targets (个性指标).

Quantitative: positive (≥) actual/target × weight; negative (≤) target/actual × weight;
"=" full when equal, else 1 − |actual − target|/|target| (the relative deviation is lost);
each coefficient capped at ``cap_pct``.
Qualitative: the judge picks a level whose band (a share of the weight) is data, and a
score inside it, with a reason. A band's upper edge may be open (``max_inclusive: false``:
60%（含）～80%（不含）).
A reviewer may replace one target's score (``adjusted_score`` with ``adjustment_reason``),
e.g. to mark down a target over-achieved because it was set too low (财预〔2020〕10号);
the explanation keeps the rule's score next to it.
Without targets the part may be judged as a whole.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Callable, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..numbers import ONE, ZERO, fmt_score, plain
from ..scorecard import JUDGED, MISSING, SCORED, Outcome
from .base import Context, RuleBase, judged_missing, pct_bound, pts
from .achievement import achievement_lazy
from .rates import PctParam

_SIGN = {">=": "≥", "<=": "≤", "=": "="}


class QualitativeLevel(BaseModel):
    """A band of a qualitative target, as a share of its weight: min ≤ share ≤ max (or < max)."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    id: str = Field(min_length=1)  # e.g. 达成
    min_pct: PctParam
    max_pct: PctParam
    max_inclusive: bool = True  # False: the band stops just below max_pct (an open upper edge)

    @model_validator(mode="after")
    def _ordered(self) -> "QualitativeLevel":
        if self.min_pct > self.max_pct or (self.min_pct == self.max_pct and not self.max_inclusive):
            raise ValueError(f"档次“{self.id}”的下限应小于上限（上限不含时）或不大于上限")
        return self

    def holds(self, score: Decimal, weight: Decimal) -> bool:
        """True when ``score`` lies in this band of a target weighing ``weight``."""
        lo, hi = self.min_pct * weight, self.max_pct * weight
        return lo <= score and (score <= hi if self.max_inclusive else score < hi)

    def band(self, weight: Decimal) -> str:
        """The band in points, as the error messages print it: "6～7.999" or "6～8（不含8）"."""
        lo, hi = fmt_score(self.min_pct * weight), fmt_score(self.max_pct * weight)
        return f"{lo}～{hi}" if self.max_inclusive else f"{lo}～{hi}（不含{hi}）"

    def describe(self) -> str:
        hi = pct_bound(self.max_pct)
        return f"{self.id}{pct_bound(self.min_pct)}～{hi}" + ("" if self.max_inclusive else f"（不含{hi}）")


def _default_levels() -> list[QualitativeLevel]:
    return [
        QualitativeLevel(id="达成", min_pct=100, max_pct=100),  # type: ignore[arg-type]
        QualitativeLevel(id="部分达成", min_pct=60, max_pct="99.99"),  # type: ignore[arg-type]
        QualitativeLevel(id="未达成", min_pct=0, max_pct="59.99"),  # type: ignore[arg-type]
    ]


def _quoted(text: str | None) -> str:
    return f"“{text}”" if text else "未填写"


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
        bands = "、".join(lv.describe() for lv in self.levels)
        scope = f"（{'、'.join(self.categories)}类）" if self.categories else ""
        return (
            f"{self.criterion}{scope}：按个性指标逐项评分，合计{pts(points)}；定量正向指标得分=实际值/目标值×权重，"
            f"反向指标得分=目标值/实际值×权重，等于型指标得分=（1−|实际值−目标值|/目标值）×权重，"
            f"最高为权重的{pct_bound(self.cap_pct)}；定性指标按档评判（{bands}），须说明理由；"
            f"复核人可对单个指标调整得分并写明理由"
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
        """(share of the weight earned, how it was reached). None when it cannot be computed."""
        coef, how = self._coefficient(target, cap)
        return coef, how()

    def _coefficient(self, target, cap: Decimal) -> tuple[Decimal | None, Callable[[], str]]:
        """As :meth:`coefficient`, with the words as a function that writes them when called
        (achievement by direction: :mod:`jixiao.core.rules.achievement`)."""
        return achievement_lazy(target, cap, self.level)

    def score_target(self, t) -> tuple[Decimal | None, str, bool]:
        """(score, how it was reached, whether a person decided it) for one target row, as
        :meth:`evaluate` scores it (used by the per-project 自评表)."""
        coef, how = self._coefficient(t, self.cap_pct)
        if t.kind == "qualitative" and t.level is not None and t.score is not None:
            got: Decimal | None = t.score
        else:
            got = None if coef is None else coef * t.weight
        if t.adjusted_score is not None:
            return t.adjusted_score, _adjusted(t, got, how)(), True
        return got, how(), t.kind == "qualitative"

    def evaluate(self, ctx: Context, points: Decimal) -> Outcome:
        targets = [t for t in (ctx.data.targets or ()) if self.matches(t.category)]
        if not targets:
            answer = ctx.answer
            if self.allow_judgement and answer is not None and answer.score is not None:
                score = answer.score

                def judged_text() -> str:
                    lost = f"扣{pts(points - score)}：" if score < points else ""
                    return f"{self.criterion}：未列个性指标，整体评判得{pts(score)}（{lost}{answer.reason}）"

                return Outcome(score, JUDGED, judged_text, reason=answer.reason)
            return judged_missing(f"{self.criterion}（未列个性指标，也未给出整体评判）")
        total = ZERO
        rows: list[tuple[object, Callable[[], str], Decimal]] = []
        judged = False
        for t in targets:
            coef, how = self._coefficient(t, self.cap_pct)
            if t.kind == "qualitative" and t.level is not None and t.score is not None:
                got: Decimal | None = t.score  # the judge's score inside the band, exactly as given
            else:
                got = None if coef is None else coef * t.weight
            if t.adjusted_score is not None:
                how = _adjusted(t, got, how)
                got = t.adjusted_score
                judged = True
            elif got is None:
                done = tuple(rows)
                return Outcome(None, MISSING, lambda t=t, how=how: f"{t.name}：{how()}",
                               computed=lambda: tuple((r[0].name, pts(r[2])) for r in done))  # type: ignore[attr-defined]
            total += got
            judged = judged or t.kind == "qualitative"
            rows.append((t, how, got))
        status = JUDGED if judged else SCORED

        def text() -> str:
            return "；".join(f"{t.name}（{pts(t.weight)}）：{how()}→{pts(got)}" for t, how, got in rows)  # type: ignore[attr-defined]

        return Outcome(total, status, text, computed=lambda: tuple((t.name, pts(got)) for t, _, got in rows))  # type: ignore[attr-defined]


def _adjusted(t, got: Decimal | None, how: Callable[[], str]) -> Callable[[], str]:
    def text() -> str:
        ruled = "按规则无法计分" if got is None else f"按规则{pts(got)}"
        return f"{how()}，{ruled}，复核调整为{pts(t.adjusted_score)}（{t.adjustment_reason}）"

    return text
