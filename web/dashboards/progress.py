"""The bureau's progress board: for one district and year, where every department stands.

Departments without an evaluation for the year count as 未开始 (no evaluation for the year yet). The deadline is the bureau's
(evaluations.models.Deadline), set on this page by a reviewer of the district or an admin.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.models import District, Role
from evaluations import access
from evaluations.models import Deadline, Evaluation, Status

NOT_STARTED = "not_started"
COLUMNS = [(NOT_STARTED, "未开始"), (Status.DRAFT, "草稿"), (Status.SUBMITTED, "已提交"),
           (Status.UNDER_REVIEW, "复核中"), (Status.RETURNED, "已退回"), (Status.FINALISED, "已定稿")]


def _district(request) -> District:
    """A reviewer's own district; an admin picks one (?district=)."""
    role = access.role_of(request.user)
    if role == Role.REVIEWER:
        return request.user.profile.district
    if role == Role.ADMIN:
        text = request.GET.get("district") or request.POST.get("district") or ""
        district = District.objects.filter(pk=int(text)).first() if text.isdigit() else District.objects.first()
        if district is None:
            raise Http404("没有区")
        return district
    raise PermissionDenied("进度看板仅供财政局复核人和管理员使用")


def board(district: District, year: int, today: date) -> dict:
    """Counts per status (未开始 included), one row per department, and the deadline."""
    evaluations = {e.department_id: e for e in Evaluation.objects.filter(department__district=district, year=year)
                   .defer("data").select_related("department")}
    rows = []
    for dept in district.departments.order_by("name"):
        e = evaluations.get(dept.pk)
        rows.append({"department": dept.name, "department_pk": dept.pk, "evaluation": e,
                     "status": e.status if e else NOT_STARTED,
                     "status_label": e.get_status_display() if e else "未开始"})
    counts = {key: 0 for key, _ in COLUMNS}
    for r in rows:
        counts[r["status"]] += 1
    deadline = Deadline.objects.filter(district=district, year=year).first()
    days_left = (deadline.due - today).days if deadline else None
    pending = counts[NOT_STARTED] + counts[Status.DRAFT] + counts[Status.RETURNED]
    return {"rows": rows, "counts": [(key, label, counts[key]) for key, label in COLUMNS], "total": len(rows),
            "deadline": deadline, "days_left": days_left, "pending": pending,
            "overdue": days_left is not None and days_left < 0 and pending > 0}


def _years(district: District, today: date) -> list[int]:
    years = set(Evaluation.objects.filter(department__district=district).values_list("year", flat=True))
    years |= set(Deadline.objects.filter(district=district).values_list("year", flat=True))
    years.add(today.year - 1)  # the year being evaluated now, even before anyone has started
    return sorted(years, reverse=True)


@login_required
def progress(request):
    district = _district(request)
    today = date.today()
    years = _years(district, today)
    text = request.GET.get("year", "") or request.POST.get("year", "")
    year = int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else years[0]
    problem = ""
    if request.method == "POST":
        due_text = request.POST.get("due", "").strip()
        try:
            due = date.fromisoformat(due_text)
        except ValueError:
            problem = f"截止日期“{due_text}”无法识别：请按 年-月-日 填写，如 {year + 1}-03-31"
        else:
            Deadline.objects.update_or_create(district=district, year=year, defaults={"due": due, "set_by": request.user})
            messages.success(request, f"已设定 {district} {year} 年度的提交截止日期：{due:%Y-%m-%d}")
            url = reverse("dashboards:progress") + f"?year={year}"
            return redirect(url + (f"&district={district.pk}" if access.role_of(request.user) == Role.ADMIN else ""))
    data = board(district, year, today)
    shown = request.GET.get("status", "")
    if shown in dict(COLUMNS):
        data["rows"] = [r for r in data["rows"] if r["status"] == shown]
    else:
        shown = ""
    return render(request, "dashboards/progress.html", {
        **data, "district": district, "year": year, "years": years, "problem": problem, "shown": shown,
        "districts": District.objects.all() if access.role_of(request.user) == Role.ADMIN else None,
        "due_text": request.POST.get("due", "") if problem else (data["deadline"].due.isoformat() if data["deadline"] else ""),
    }, status=400 if problem else 200)
