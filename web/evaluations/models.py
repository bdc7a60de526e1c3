"""Evaluations, their reviews and their append-only history.

The input of an evaluation is kept as the JSON of jixiao's input format (numbers as
strings, so nothing passes through a float). Scores are derived: the columns below that
hold them are caches rebuilt on every save, for lists and dashboards.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from accounts.models import Department

# SQLite keeps decimals as floats: stay within 15 significant digits there.
SCORE = dict(max_digits=7, decimal_places=2)
RATE = dict(max_digits=9, decimal_places=6)


class Status(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交"
    UNDER_REVIEW = "under_review", "复核中"
    RETURNED = "returned", "已退回"
    FINALISED = "finalised", "已定稿"


class FrameworkFile(models.Model):
    """A framework uploaded by an administrator (validated by jixiao's loader); shipped ones need no row."""

    ident = models.CharField("指标体系 id", max_length=80, unique=True)
    text = models.TextField("YAML 内容")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    uploaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "指标体系文件"

    def __str__(self) -> str:
        return self.ident


class Evaluation(models.Model):
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="evaluations", verbose_name="部门")
    year = models.PositiveIntegerField("年度")
    framework_id = models.CharField("指标体系", max_length=80)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    data = models.JSONField("输入数据", default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # raised by every write (services.py): a form saved from an older version is told what changed
    version = models.PositiveIntegerField("版本", default=1)
    # caches, rebuilt by services.rescore()
    total = models.DecimalField("自评总分", null=True, **SCORE)
    grade = models.CharField("自评等级", max_length=10, blank=True)
    complete = models.BooleanField("评分完整", default=False)
    reviewed_total = models.DecimalField("复核总分", null=True, **SCORE)
    reviewed_grade = models.CharField("复核等级", max_length=10, blank=True)
    q1 = models.DecimalField("一季度累计进度", null=True, **RATE)
    q2 = models.DecimalField("二季度累计进度", null=True, **RATE)
    q3 = models.DecimalField("三季度累计进度", null=True, **RATE)
    q4 = models.DecimalField("四季度累计进度", null=True, **RATE)

    class Meta:
        verbose_name = verbose_name_plural = "部门整体支出绩效评价"
        constraints = [models.UniqueConstraint(fields=["department", "year"], name="one_evaluation_per_department_year")]
        ordering = ["-year", "department__name"]

    def __str__(self) -> str:
        return f"{self.department} {self.year} 年度"


class IndicatorScore(models.Model):
    """Cache: one row per 末级指标 with its self score and reviewed score."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="indicator_scores")
    position = models.PositiveIntegerField()
    indicator_id = models.CharField(max_length=80)
    name = models.CharField(max_length=200)
    path = models.CharField(max_length=300)
    max = models.DecimalField(**SCORE)
    self_score = models.DecimalField(null=True, **SCORE)
    reviewed_score = models.DecimalField(null=True, **SCORE)
    status = models.CharField(max_length=20)

    class Meta:
        ordering = ["position"]
        indexes = [models.Index(fields=["indicator_id"])]


class AppendOnly(models.Model):
    """Rows that are written once: updates and deletes are refused — here for a model instance, and
    in the database itself by triggers (migration 0002) for every other path (QuerySet.update/delete, SQL)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise PermissionError("append-only: existing rows cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("append-only: rows cannot be deleted")


class Review(AppendOnly):
    """A reviewer's score for one indicator, with its reason. The latest per indicator counts."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.PROTECT, related_name="reviews")
    indicator_id = models.CharField(max_length=80)
    score = models.DecimalField(**SCORE)
    reason = models.TextField()
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    at = models.DateTimeField(auto_now_add=True)
    # What the review was made against: the indicator's self score then, and a digest of its self
    # result (score, status, 扣分说明). When the filler's data changes that result, the review is stale.
    self_score = models.DecimalField("复核时的自评得分", null=True, **SCORE)
    # nullable: SQLite then adds the column in place (a NOT NULL column rebuilds the table and drops
    # the append-only triggers of migration 0003)
    basis = models.CharField("复核依据摘要", max_length=64, null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]


class Action(models.TextChoices):
    CREATED = "created", "新建"
    SAVED = "saved", "保存数据"
    IMPORTED = "imported", "导入 Excel"
    SUBMITTED = "submitted", "提交"
    WITHDRAWN = "withdrawn", "撤回"
    REVIEW_STARTED = "review_started", "开始复核"
    REVIEWED = "reviewed", "复核评分"
    RETURNED = "returned", "退回"
    FINALISED = "finalised", "定稿"
    EVIDENCE_ADDED = "evidence_added", "上传佐证材料"
    EVIDENCE_REMOVED = "evidence_removed", "删除佐证材料"
    AUDITED = "audited", "审查报告"
    NOTED = "noted", "复核意见"


class HistoryEntry(AppendOnly):
    """Who did what, when and why. Never changed, never deleted."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.PROTECT, related_name="history")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    summary = models.TextField()
    reason = models.TextField(blank=True)
    details = models.JSONField(default=dict)

    class Meta:
        ordering = ["at", "id"]


class Deadline(models.Model):
    """The date a district's departments must submit a year's self-evaluation by, set by the bureau."""

    district = models.ForeignKey("accounts.District", on_delete=models.CASCADE, related_name="deadlines", verbose_name="区")
    year = models.PositiveIntegerField("年度")
    due = models.DateField("截止日期")
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, verbose_name="设定人")
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "提交截止日期"
        constraints = [models.UniqueConstraint(fields=["district", "year"], name="one_deadline_per_district_year")]

    def __str__(self) -> str:
        return f"{self.district} {self.year} 年度：{self.due:%Y-%m-%d}"


def evidence_dir():
    """Where evidence files live: JIXIAO_EVIDENCE_DIR, else the instance folder — outside the web root."""
    return getattr(settings, "JIXIAO_EVIDENCE_DIR", None) or settings.INSTANCE_DIR / "evidence"


def evidence_storage():
    """Evidence files are reached only through the download view, which checks who asks (no URL).
    ``STORAGES["evidence"]`` (JIXIAO_EVIDENCE_STORAGE) when configured — a store every machine shares —,
    else a folder (JIXIAO_EVIDENCE_DIR, default in the instance folder)."""
    import os

    from django.core.files.storage import FileSystemStorage, storages

    if "evidence" in settings.STORAGES:
        return storages["evidence"]

    class EvidenceStorage(FileSystemStorage):
        # read at each use, so a deployment (or a test) may move it without touching the model
        @property
        def base_location(self):
            return str(evidence_dir())

        @property
        def location(self):
            return os.path.abspath(self.base_location)

    return EvidenceStorage(base_url=None)


class Evidence(models.Model):
    """A 佐证材料 file attached to one indicator of an evaluation."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.PROTECT, related_name="evidence")
    indicator_id = models.CharField("指标", max_length=80)
    file = models.FileField("文件", storage=evidence_storage, upload_to="%Y/%m", max_length=300)
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）")
    kind = models.CharField("类型", max_length=10)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)  # removed by the filler: kept, not shown

    class Meta:
        verbose_name = verbose_name_plural = "佐证材料"
        ordering = ["uploaded_at", "id"]


class AuditRun(models.Model):
    """An audit of a report for this department-year (uploaded, or the one the system generated):
    what jixiao.audit found, kept as plain data so the page never re-reads the file."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.PROTECT, related_name="audits")
    source = models.CharField("来源", max_length=20)  # upload | generated
    name = models.CharField("文件名", max_length=200)
    result = models.JSONField("审查结果", default=dict)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "报告审查"
        ordering = ["-at", "-id"]


class ReviewNote(AppendOnly):
    """A reviewer's note on an evaluation (an indicator, or the whole), e.g. made from an audit finding."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.PROTECT, related_name="notes")
    indicator_id = models.CharField(max_length=80, blank=True)
    text = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    audit = models.ForeignKey(AuditRun, null=True, blank=True, on_delete=models.PROTECT, related_name="notes")

    class Meta:
        ordering = ["at", "id"]
