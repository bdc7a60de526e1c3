"""Load the demo: the seed departments and their years (scored), a synthetic district for the
dashboards, and one demo user per role with a fresh password printed on the console.

    python manage.py load_demo [--synthetic 12] [--years 2022,2023,2024] [--quiet]

The demo is loaded once and kept: a later run finds it (every demo account in the database and
in ``<instance>/demo-accounts.txt``, readable by the owner only) and just prints the accounts,
which takes well under a second. ``--reset`` empties the database first and loads it again with
new passwords (``make run RESET=1``). No password is stored in the repository.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import Department, District, Profile, Role
from evaluations.models import Evaluation, Status

# The services, the generator and the loaders are imported where a load uses them: a start that
# finds the demo loaded (every `make run` after the first) needs none of them.

CASES = Path(__file__).resolve().parents[4] / "cases"
SYNTHETIC_DISTRICT = "示范区（模拟数据）"


class Command(BaseCommand):
    help = "载入演示数据（种子报告中的部门及模拟区）并打印各角色的演示账号"

    def add_arguments(self, parser):
        parser.add_argument("--synthetic", type=int, default=12, help="模拟区的部门数（0 为不生成）")
        parser.add_argument("--years", default="2022,2023,2024", help="模拟部门的年度，逗号分隔")
        parser.add_argument("--framework", default="shenzhen-common", help="模拟部门使用的指标体系")
        parser.add_argument("--quiet", action="store_true", help="不打印账号")
        parser.add_argument("--reset", action="store_true", help="清空数据库后重新载入演示数据（新密码）")
        parser.add_argument("--migrate", action="store_true", help="先建库或升级数据库（make run 用，省去一次启动）")

    def handle(self, *args, **opts):
        accounts_file = Path(getattr(settings, "DEMO_ACCOUNTS_FILE", Path(settings.INSTANCE_DIR) / "demo-accounts.txt"))
        if opts["migrate"] and self._unapplied_migrations():
            call_command("migrate", interactive=False, verbosity=0)
        if opts["reset"]:
            call_command("flush", interactive=False, verbosity=0)
            accounts_file.unlink(missing_ok=True)
        kept = self._kept_accounts(accounts_file)
        if kept is not None:
            self.stdout.write(f"演示数据已载入（{Evaluation.objects.count()} 项评价）；重新载入：make run RESET=1")
            if not opts["quiet"]:
                self.stdout.write(f"\n演示账号（首次载入时生成，保存在 {accounts_file}）：")
                for username, password, label in kept:
                    self.stdout.write(f"  {label:<28} 用户名 {username:<14} 密码 {password}")
            return
        with transaction.atomic():
            admin = self._user("admin", Role.ADMIN)
            loaded = self._seeds(admin)
            years = [int(y) for y in opts["years"].split(",") if y.strip()]
            made = self._synthetic(admin, opts["synthetic"], years, opts["framework"]) if opts["synthetic"] else 0
            accounts = self._accounts()
        self._keep_accounts(accounts_file, accounts)
        self.stdout.write(f"演示数据：种子部门评价 {loaded} 项，模拟评价 {made} 项（已存在的保留不变）")
        if not opts["quiet"]:
            self.stdout.write(f"\n演示账号（已保存在 {accounts_file}，下次启动照此登录）：")
            for username, password, label in accounts:
                self.stdout.write(f"  {label:<28} 用户名 {username:<14} 密码 {password}")

    # ------------------------------------------------------------------ helpers

    @staticmethod
    def _unapplied_migrations() -> bool:
        """Whether any migration is still to apply. A `migrate` with nothing to do still runs every
        app's post-migrate handlers (permissions, content types): seconds of `make run`'s start."""
        from django.db import connection
        from django.db.migrations.executor import MigrationExecutor

        executor = MigrationExecutor(connection)
        return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))

    @staticmethod
    def _kept_accounts(path: Path) -> list[tuple[str, str, str]] | None:
        """The accounts written by an earlier load, when every one of them is still in the database."""
        try:
            rows = [tuple(line.split("\t")) for line in path.read_text(encoding="utf-8").splitlines() if line]
        except OSError:
            return None
        if not rows or any(len(r) != 3 for r in rows):
            return None
        names = {r[0] for r in rows}
        if get_user_model().objects.filter(username__in=names).count() != len(names) or not Evaluation.objects.exists():
            return None
        return rows  # type: ignore[return-value]

    @staticmethod
    def _keep_accounts(path: Path, accounts: list[tuple[str, str, str]]) -> None:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.writelines(f"{u}\t{p}\t{label}\n" for u, p, label in accounts)

    def _user(self, username: str, role: str, *, department=None, district=None):
        User = get_user_model()
        user, _ = User.objects.get_or_create(username=username)
        user.is_staff = user.is_superuser = role == Role.ADMIN  # the printed 管理员 can open /admin/
        user.save()
        Profile.objects.update_or_create(user=user, defaults={"role": role, "department": department, "district": district})
        return user

    def _evaluation(self, department, data, actor, status: str) -> bool:
        from evaluations import services

        if Evaluation.objects.filter(department=department, year=data.year).exists():
            return False
        raw = data.model_dump(mode="python", exclude_none=True)
        e = services.create_evaluation(department=department, year=data.year, framework_id=data.framework,
                                       actor=actor, data=raw, action="imported")
        if status != Status.DRAFT:
            e.status = status
            e.save(update_fields=["status"])
        return True

    def _seeds(self, actor) -> int:
        from jixiao.io.inputs import load_input

        count = 0
        for i, path in enumerate(sorted(CASES.glob("*/input.yaml"))):
            data = load_input(path).data
            district, _ = District.objects.get_or_create(name=data.district or "未填所属区")
            department, _ = Department.objects.get_or_create(name=data.department, defaults={"district": district})
            # a mix of states, so every role has something to do
            status = (Status.SUBMITTED, Status.FINALISED, Status.DRAFT)[i % 3]
            count += self._evaluation(department, data, actor, status)
        return count

    def _synthetic(self, actor, n: int, years: list[int], framework_id: str) -> int:
        from jixiao import synth
        from jixiao.frameworks import load_framework

        district, _ = District.objects.get_or_create(name=SYNTHETIC_DISTRICT)
        fw = load_framework(framework_id)
        made = 0
        for data in synth.generate_many(fw, departments=n, years=tuple(years), seed=7, projects=20):
            data = data.model_copy(update={"district": SYNTHETIC_DISTRICT, "framework": framework_id})
            department, _ = Department.objects.get_or_create(name=data.department, defaults={"district": district})
            status = Status.FINALISED if data.year < max(years) else Status.SUBMITTED
            made += self._evaluation(department, data, actor, status)
        return made

    def _accounts(self) -> list[tuple[str, str, str]]:
        out = []

        def account(username, role, label, **scope):
            user = self._user(username, role, **scope)
            password = secrets.token_urlsafe(9)
            user.set_password(password)
            user.save()
            out.append((username, password, label))

        account("admin", Role.ADMIN, "管理员（全部）")
        for n, district in enumerate(District.objects.order_by("name"), 1):
            account(f"reviewer{n}", Role.REVIEWER, f"复核人·{district.name}", district=district)
        for n, department in enumerate(Department.objects.exclude(district__name=SYNTHETIC_DISTRICT).order_by("name"), 1):
            account(f"filler{n}", Role.FILLER, f"填报人·{department.name[:16]}", department=department)
        synthetic = Department.objects.filter(district__name=SYNTHETIC_DISTRICT).order_by("name").first()
        if synthetic:
            account("filler-demo", Role.FILLER, f"填报人·{synthetic.name[:16]}", department=synthetic)
        return out
