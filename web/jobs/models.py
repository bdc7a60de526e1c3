"""Background jobs and the 抽查 draws of the 复核 triage queue.

A Job row is the truth about a job: the queue only carries its id. Status, progress, the
result file (through Django's storage API) and the error (in Chinese) live here, so any web
server can show them and any worker can take a job over.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from accounts.models import District


class Kind(models.TextChoices):
    AUDIT = "audit", "批量审核已发布报告"
    REPORTS = "reports", "批量生成自评报告和评分表"
    RESCORE = "rescore", "按其他指标体系重新评分"
    TRIAGE = "triage", "复核排查（抽查队列）"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "运行中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"
    CANCELLED = "cancelled", "已取消"


FINISHED = (JobStatus.DONE, JobStatus.FAILED, JobStatus.CANCELLED)


class Job(models.Model):
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jobs", verbose_name="提交人")
    district = models.ForeignKey(District, null=True, blank=True, on_delete=models.PROTECT, verbose_name="区")
    year = models.PositiveIntegerField("年度", null=True, blank=True)
    params = models.JSONField("参数", default=dict)
    status = models.CharField("状态", max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED)
    done = models.PositiveIntegerField("已完成", default=0)
    total = models.PositiveIntegerField("总数", default=0)
    step = models.CharField("当前步骤", max_length=300, blank=True)
    result = models.FileField("结果文件", upload_to="jobs/results/", blank=True, max_length=300)
    result_name = models.CharField("结果文件名", max_length=200, blank=True)
    summary = models.JSONField("结果摘要", default=dict)
    error = models.TextField("错误", blank=True)
    cancel_requested = models.BooleanField("已请求取消", default=False)
    task_id = models.CharField("队列任务 id", max_length=64, blank=True)
    attempts = models.PositiveIntegerField("执行次数", default=0)
    worker = models.CharField("执行者", max_length=200, blank=True)
    assembling_at = models.DateTimeField("开始汇总", null=True, blank=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    heartbeat_at = models.DateTimeField("最近进展", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "后台任务"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "-created_at"]), models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0


class JobPart(models.Model):
    """A slice of a large job's items, run as its own task so that several workers share the job."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="parts")
    attempt = models.PositiveIntegerField()  # the job's attempt that planned it; older parts are ignored
    index = models.PositiveIntegerField()
    first = models.PositiveIntegerField()
    last = models.PositiveIntegerField()  # exclusive
    done = models.PositiveIntegerField(default=0)
    finished = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "index"], name="one_part_per_index")]
        ordering = ["job", "index"]


class SampleDraw(models.Model):
    """A 抽查 draw: the riskiest N plus M at random with the seed, kept for ever (append-only)."""

    job = models.OneToOneField(Job, on_delete=models.PROTECT, related_name="draw")
    district = models.ForeignKey(District, on_delete=models.PROTECT, verbose_name="区")
    year = models.PositiveIntegerField("年度")
    riskiest = models.PositiveIntegerField("按风险抽取数")
    random_count = models.PositiveIntegerField("随机抽取数")
    seed = models.BigIntegerField("随机种子")
    population = models.JSONField("候选部门（按风险排序）")
    chosen = models.JSONField("抽中部门")
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name="抽取人")
    drawn_at = models.DateTimeField("抽取时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "抽查记录"
        ordering = ["-drawn_at", "-id"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("append-only: a draw cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("append-only: a draw cannot be deleted")
