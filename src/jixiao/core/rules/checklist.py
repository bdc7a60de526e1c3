"""A list of sub-items, each worth fixed points, each met or not (judged, with a reason)."""

from __future__ import annotations

from decimal import Decimal
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..numbers import ZERO, fmt_score
from ..scorecard import JUDGED, Outcome
from .base import Context, Num, RuleBase, judged_missing, pts


class Item(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    id: str = Field(min_length=1)
    label: str = Field(min_length=1)
    points: Num


class Checklist(RuleBase):
    kind: Literal["checklist"]
    criterion: str = Field(min_length=1)
    items: list[Item] = Field(min_length=1)

    def needs_answer(self) -> bool:
        return True

    def check_points(self, points: Decimal) -> list[str]:
        total = sum((i.points for i in self.items), ZERO)
        problems = []
        if total != points:
            problems.append(f"清单各项分值合计 {fmt_score(total)} 与细项分值 {fmt_score(points)} 不符")
        ids = [i.id for i in self.items]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            problems.append(f"清单项 id 重复：{'、'.join(dupes)}")
        return problems

    @cached_property
    def _ids(self) -> frozenset[str]:
        return frozenset(i.id for i in self.items)

    @cached_property
    def _by_id(self) -> tuple[tuple[str, Item], ...]:
        return tuple((i.id, i) for i in self.items)

    def check_answer(self, answer, points: Decimal) -> list[str]:
        if answer.items is None:
            return [f"应逐项给出 items（{'、'.join(i.id for i in self.items)}）：true 达到 / false 未达到"]
        ids = self._ids
        if answer.items.keys() == ids:  # every item answered, none unknown (the usual case)
            return []
        problems = [f"清单项 '{k}' 不存在（可选：{'、'.join(sorted(ids))}）" for k in answer.items if k not in ids]
        absent = [i.label for i in self.items if i.id not in answer.items]
        if absent:
            problems.append(f"以下清单项未选择是否达到：{'；'.join(absent)}")
        return problems

    def describe(self, points: Decimal) -> str:
        return f"{self.criterion}：" + "；".join(f"{i.label}（{pts(i.points)}）" for i in self.items)

    def evaluate(self, ctx: Context, points: Decimal) -> Outcome:
        answer = ctx.answer
        if answer is None or answer.items is None:
            return judged_missing(self.criterion)
        answered = answer.items
        failed = [item for ident, item in self._by_id if not answered[ident]]
        score = points - sum([i.points for i in failed], ZERO) if failed else points - ZERO

        def text() -> str:
            if failed:
                lost = "；".join(f"{i.label}未达到，扣{pts(i.points)}" for i in failed)
                return f"{self.criterion}：{lost}（{answer.reason}）"
            return f"{self.criterion}：{len(self.items)}项均达到，得{pts(points)}（{answer.reason}）"

        def computed() -> tuple[tuple[str, str], ...]:
            return (("达到项数", f"{len(self.items) - len(failed)}/{len(self.items)}"),)

        return Outcome(score, JUDGED, text, (), computed, answer.reason)

