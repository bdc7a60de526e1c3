"""Organisation and roles: districts, departments, and who a user is."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class District(models.Model):
    name = models.CharField("区（县）", max_length=100, unique=True)

    class Meta:
        verbose_name = verbose_name_plural = "区（县）"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    name = models.CharField("部门（单位）", max_length=200, unique=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="departments", verbose_name="所属区")

    class Meta:
        verbose_name = verbose_name_plural = "部门（单位）"
        ordering = ["district__name", "name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    FILLER = "filler", "填报人"
    REVIEWER = "reviewer", "复核人"
    ADMIN = "admin", "管理员"


class Profile(models.Model):
    """A user's role and scope: a filler's department, a reviewer's district."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.PROTECT, verbose_name="部门")
    district = models.ForeignKey(District, null=True, blank=True, on_delete=models.PROTECT, verbose_name="区")

    class Meta:
        verbose_name = verbose_name_plural = "用户角色"

    def __str__(self) -> str:
        return f"{self.user.get_username()}（{self.get_role_display()}）"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.role == Role.FILLER and self.department_id is None:
            raise ValidationError({"department": "填报人须指定所属部门"})
        if self.role == Role.REVIEWER and self.district_id is None:
            raise ValidationError({"district": "复核人须指定负责的区"})
