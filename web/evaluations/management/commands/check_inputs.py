"""List the evaluations whose stored input no longer passes the input rules (after an upgrade that
tightened them): each with its problems, so they can be corrected before their pages are opened."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from evaluations.models import Evaluation
from jixiao.io.inputs import InputError, load_input_data


class Command(BaseCommand):
    help = "检查已保存的评价数据是否仍符合输入规则（升级后运行），列出不符合的评价及问题"

    def handle(self, *args, **opts):
        bad = 0
        for e in Evaluation.objects.select_related("department").order_by("pk").iterator():
            try:
                load_input_data(e.data, f"评价 {e.pk}")
            except InputError as exc:
                bad += 1
                self.stdout.write(f"评价 {e.pk}（{e}）：")
                for p in exc.problems:
                    self.stdout.write(f"  {p.field or '—'}：{p.what}")
        self.stdout.write(f"共 {Evaluation.objects.count()} 项评价，{bad} 项不符合当前输入规则")
        if bad:
            raise SystemExit(1)
