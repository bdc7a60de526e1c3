"""Full points minus a fixed amount per item found (nonconformity, unfinished task), floor 0."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field

from ..facts import FACT_LABELS
from ..numbers import ZERO, plain
from ..scorecard import JUDGED, SCORED, Outcome
from .base import Context, Num, RuleBase, judged_missing, pts, read


class Deduction(RuleBase):
    kind: Literal["deduction"]
    item: str = Field(min_length=1)  # what is counted, e.g. 未完成的重点工作
    per_item: Num = Field(gt=0)
    # Fact giving the count (e.g. key_tasks.unfinished). Absent: the count is judged, with a reason.
    count_fact: str | None = None

    def facts_used(self) -> tuple[str, ...]:
        return (self.count_fact,) if self.count_fact else ()

    def needs_answer(self) -> bool:
        return self.count_fact is None

    def check_answer(self, answer, points: Decimal) -> list[str]:
        if answer.count is None:
            return [f"应给出 count：{self.item}的数量（无则为 0）"]
        return []

    def describe(self, points: Decimal) -> str:
        return f"满分{pts(points)}，每发现一项{self.item}扣{pts(self.per_item)}，扣完为止"

    def evaluate(self, ctx: Context, points: Decimal) -> Outcome:
        inputs: tuple = ()
        reason = None
        if self.count_fact:
            used_inputs, missing = read(ctx, (self.count_fact,))
            if missing:
                return missing
            count = ctx.facts[self.count_fact]
            inputs = tuple(used_inputs)
            status = SCORED
        else:
            if ctx.answer is None or ctx.answer.count is None:
                return judged_missing(f"{self.item}的数量")
            count = Decimal(ctx.answer.count)
            reason = ctx.answer.reason
            status = JUDGED
        score = max(ZERO, points - count * self.per_item)  # type: ignore[operator]

        def text() -> str:
            if count == 0:
                out = f"无{self.item}，得{pts(points)}"
            else:
                out = f"{self.item} {plain(count)} 项（{FACT_LABELS.get(self.count_fact or '', '') or '评判'}），每项扣{pts(self.per_item)}，得{pts(score)}"  # type: ignore[arg-type]
            return out + f"（{reason}）" if reason else out

        return Outcome(score, status, text, inputs, lambda: (("扣分项数", plain(count)),), reason)  # type: ignore[arg-type]
