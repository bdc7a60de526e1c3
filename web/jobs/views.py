"""Job pages: start, list (history), one job with a live progress bar (htmx polling), cancel, download."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from evaluations import selectors

from . import access, services
from .forms import AuditForm, ReportsForm, RescoreForm, TriageForm
from .models import Job, Kind, SampleDraw


@login_required
def job_list(request):
    jobs = access.jobs_for(request.user)
    kind = request.GET.get("kind", "")
    if kind in Kind.values:
        jobs = jobs.filter(kind=kind)
    page = Paginator(jobs, 30).get_page(request.GET.get("page"))
    return render(request, "jobs/list.html", {"page": page, "jobs": page.object_list, "kinds": Kind.choices, "kind": kind})


def _forms(request, data=None, files=None, which: str = ""):
    districts = access.districts_for(request.user)
    def bound(name):
        return (data, files) if which == name else (None, None)
    frameworks = selectors.framework_choices()
    return {
        "audit_form": AuditForm(*bound("audit"), prefix="audit"),
        "reports_form": ReportsForm(*bound("reports"), prefix="reports", districts=districts),
        "rescore_form": RescoreForm(*bound("rescore"), prefix="rescore", districts=districts, frameworks=frameworks),
    }


@login_required
def job_new(request):
    access.require_bureau(request.user)
    if request.method != "POST":
        return render(request, "jobs/new.html", _forms(request))
    which = request.POST.get("kind", "")
    forms = _forms(request, request.POST, request.FILES, which)
    refused = getattr(request, "upload_refused", None)  # set by the upload handler (type or size)
    if refused:
        messages.error(request, refused)
        return render(request, "jobs/new.html", forms, status=400)
    form = forms.get(f"{which}_form")
    if form is None or not form.is_valid():
        if form is None:
            messages.error(request, "未知的任务类型")
        return render(request, "jobs/new.html", forms, status=400)
    c = form.cleaned_data
    if which == "audit":
        job = services.create(kind=Kind.AUDIT, owner=request.user, uploads=c["files"])
    elif which == "reports":
        job = services.create(kind=Kind.REPORTS, owner=request.user, district=c["district"], year=c["year"],
                              params={"reviewed": c["reviewed"]})
    else:
        job = services.create(kind=Kind.RESCORE, owner=request.user, district=c["district"], year=c["year"],
                              params={"framework_id": c["framework_id"]})
    messages.success(request, f"已提交任务 #{job.pk}：{job.get_kind_display()}")
    return redirect("jobs:detail", job.pk)


def _context(job: Job, user) -> dict:
    return {"job": job, "can_cancel": not job.finished and (job.owner_id == user.pk or access.role_of(user) == "admin")}


@login_required
def job_detail(request, pk: int):
    job = access.get_job(request.user, pk)
    return render(request, "jobs/detail.html", _context(job, request.user))


@login_required
def job_progress(request, pk: int):
    """The live part of the job page; htmx polls it every second until the job has finished."""
    job = access.get_job(request.user, pk)
    return render(request, "jobs/_live.html", _context(job, request.user))


@login_required
@require_POST
def job_cancel(request, pk: int):
    job = access.get_job(request.user, pk)
    if job.owner_id != request.user.pk and access.role_of(request.user) != "admin":
        raise PermissionDenied("只能取消自己提交的任务")
    services.cancel(job)
    messages.info(request, f"已请求取消任务 #{job.pk}")
    return redirect("jobs:detail", job.pk)


@login_required
@require_POST
def job_retry(request, pk: int):
    job = access.get_job(request.user, pk)
    if job.owner_id != request.user.pk or job.status not in ("failed", "cancelled"):
        raise PermissionDenied("只能重新运行自己提交的、失败或已取消的任务")
    services.retry(job)
    messages.info(request, f"任务 #{job.pk} 已重新排队")
    return redirect("jobs:detail", job.pk)


@login_required
def job_download(request, pk: int):
    job = access.get_job(request.user, pk)
    if job.status != "done" or not job.result.name or not default_storage.exists(job.result.name):
        raise Http404("该任务没有结果文件")
    return FileResponse(default_storage.open(job.result.name, "rb"), as_attachment=True,
                        filename=job.result_name or job.result.name.rsplit("/", 1)[-1])


@login_required
def triage(request):
    """The 复核 triage page: start a triage of a district-year; the draws made so far."""
    access.require_bureau(request.user)
    districts = access.districts_for(request.user)
    form = TriageForm(request.POST or None, districts=districts, initial={"district": districts.first(), "audit": True})
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        job = services.start_triage(owner=request.user, district=c["district"], year=c["year"], riskiest=c["riskiest"],
                                    random_count=c["random_count"], seed=c["seed"], audit=c["audit"])
        messages.success(request, f"已开始复核排查（任务 #{job.pk}）")
        return redirect("jobs:detail", job.pk)
    draws = SampleDraw.objects.filter(district__in=districts).select_related("district", "drawn_by", "job")[:50]
    return render(request, "jobs/triage.html", {"form": form, "draws": draws},
                  status=400 if request.method == "POST" else 200)
