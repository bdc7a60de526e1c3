"""A part decided by a person: a free score in [0, points] or one of fixed levels; reason required."""

from __future__ import annotations

from decimal import Decimal
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..numbers import ZERO, fmt_score
from ..scorecard import JUDGED, Outcome
from .base import Context, Num, RuleBase, judged_missing, pts


class Level(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    id: str = Field(min_length=1)
    label: str = Field(min_length=1)
    score: Num


class Judgement(RuleBase):
    kind: Literal["judgement"]
    criterion: str = Field(min_length=1)  # what is judged, e.g. 资金支出规范性
    levels: list[Level] | None = None  # fixed levels (e.g. 1.5 / 1 / 0); free score when absent

    def needs_answer(self) -> bool:
        return True

    def check_points(self, points: Decimal) -> list[str]:
        problems = []
        for level in self.levels or ():
            if not ZERO <= level.score <= points:
                problems.append(f"档次 {level.id} 的分值 {fmt_score(level.score)} 不在 0 至 {fmt_score(points)} 之间")
        return problems

    @cached_property
    def _level_ids(self) -> tuple[str, ...]:
        return tuple(lv.id for lv in self.levels or ())

    @cached_property
    def _by_id(self) -> dict:
        return {lv.id: lv for lv in reversed(self.levels or ())}  # (the first of a repeated id wins)

    def check_answer(self, answer, points: Decimal) -> list[str]:
        if self.levels:
            ids = self._level_ids
            if answer.level in ids:
                return []
            if answer.level is None:
                return [f"应选择档次 level（可选：{'、'.join(ids)}）"]
            return [f"档次 '{answer.level}' 不存在（可选：{'、'.join(ids)}）"]
        if answer.score is None:
            return ["应给出评定得分 score"]
        if not ZERO <= answer.score <= points:
            return [f"评定得分 {fmt_score(answer.score)} 超出范围 0～{fmt_score(points)}"]
        return []

    def describe(self, points: Decimal) -> str:
        if self.levels:
            choices = "；".join(f"{lv.label}得{pts(lv.score)}" for lv in self.levels)
            return f"{self.criterion}（{pts(points)}）：{choices}"
        return f"{self.criterion}（{pts(points)}），由评价人评判并说明理由"

    def evaluate(self, ctx: Context, points: Decimal) -> Outcome:
        answer = ctx.answer
        if answer is None:
            return judged_missing(self.criterion)
        if self.levels:
            level = self._by_id[answer.level]
            score, shown = level.score, level.label
        else:
            score, shown = answer.score, None  # type: ignore[assignment]

        def text() -> str:
            out = f"{self.criterion}：{shown + '，' if shown else ''}得{pts(score)}"
            if score < points:
                return out + f"（扣{pts(points - score)}：{answer.reason}）"
            return out + f"（{answer.reason}）"

        return Outcome(score, JUDGED, text, reason=answer.reason)
