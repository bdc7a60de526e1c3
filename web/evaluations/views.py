"""Views: parse, authorise (access.py), call services/selectors, render. Nothing else."""

from __future__ import annotations

import tempfile
from io import BytesIO
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from jixiao.core.numbers import fmt_score
from jixiao.core.scorecard import GroupResult

from . import access, entry, selectors, services
from .models import Status


@login_required
def home(request):
    if access.is_bureau(request.user):
        return redirect("dashboards:overview")
    return redirect("evaluations:list")


@login_required
def evaluation_list(request):
    evaluations = access.evaluations_for(request.user).defer("data").order_by("-year", "department__name")
    status = request.GET.get("status")
    if status in Status.values:
        evaluations = evaluations.filter(status=status)
    page = Paginator(evaluations, 50).get_page(request.GET.get("page"))
    return render(request, "evaluations/list.html", {
        "evaluations": page.object_list, "page": page, "statuses": Status.choices, "status": status,
        "can_create": access.can_create(request.user),
    })


@login_required
def evaluation_new(request):
    if not access.can_create(request.user):
        raise PermissionDenied("只有填报人可以新建评价")
    department = request.user.profile.department
    choices = selectors.framework_choices()
    problems: list[str] = []
    if request.method == "POST":
        year_text = request.POST.get("year", "").strip()
        framework_id = request.POST.get("framework", "")
        if not year_text.isdigit() or not 2000 <= int(year_text) <= 2100:
            problems.append(f"年度应为 2000～2100 的整数，读到 '{year_text}'")
        if framework_id not in dict(choices):
            problems.append("请选择指标体系")
        if not problems:
            try:
                evaluation = services.create_evaluation(department=department, year=int(year_text),
                                                        framework_id=framework_id, actor=request.user)
            except services.Problems as exc:
                problems += [p.what for p in exc.problems]
            else:
                messages.success(request, f"已新建 {evaluation}")
                return redirect("evaluations:edit", pk=evaluation.pk)
    return render(request, "evaluations/new.html", {
        "department": department, "choices": choices, "problems": problems, "posted": request.POST,
    }, status=400 if problems else 200)


def _rows(card_own, card_reviewed, reviews):
    """Table rows: group headers and leaves, self vs reviewed side by side.

    Plain dicts with the numbers already formatted: the template engine looks keys up in a dict
    at once, where an attribute of a result object costs it a failed item lookup first.
    """
    reviewed: dict[str, object] = {}

    def index(node):
        reviewed[node.id] = node
        for child in getattr(node, "children", ()):
            index(child)

    for group in card_reviewed.groups:
        index(group)
    rows = []

    def walk(node, depth):
        other = reviewed.get(node.id)
        if isinstance(node, GroupResult):
            rows.append({"group": True, "depth": depth, "name": node.name, "max": fmt_score(node.max),
                         "score": fmt_score(node.score), "complete": node.complete,
                         "reviewed": fmt_score(other.score) if other is not None else "",
                         "reviewed_differs": other is not None and other.score != node.score})
            for child in node.children:
                walk(child, depth + 1)
            return
        review = reviews.get(node.id)
        rows.append({
            "group": False, "depth": depth, "id": node.id, "name": node.name, "max": fmt_score(node.max),
            "score": fmt_score(node.score), "lost": node.score != node.max, "missing": node.status.value == "missing",
            "status": node.status.label, "explanation": node.explanation, "review": review,
            "reviewed": fmt_score(other.score) if review is not None and other is not None else "—",
            "parts": [{"label": p.label, "max": fmt_score(p.max), "score": fmt_score(p.score), "rule": p.rule,
                       "reason": p.reason, "inputs": [{"label": i.label, "shown": i.shown, "fact": i.fact} for i in p.inputs]}
                      for p in node.parts],
        })

    for group in card_own.groups:
        walk(group, 0)
    return rows


# The scorecard part of the detail page is the costly part (scoring, then ~30 indicators with their
# rules and inputs through the template engine): it is rendered once per state of the evaluation and
# kept in Django's cache. Everything it shows is derived from the key: the evaluation's updated_at
# (bumped by every save, rescore, review and transition in services.py), its status, the framework's
# version (an administrator may upload a new one) and what the viewer may do. The forms in it carry
# this placeholder instead of a CSRF token; each response gets the viewer's own token.
_CSRF_PLACEHOLDER = "__jixiao_csrf_token__"
CARD_CACHE_SECONDS = 24 * 3600


def _scorecard_html(request, evaluation, can_edit: bool, can_review: bool) -> str:
    key = "jixiao:card:v1:{}:{}:{}:{}:{:d}{:d}".format(
        evaluation.pk, evaluation.updated_at.isoformat(), evaluation.status,
        selectors.framework_version(evaluation.framework_id), can_edit, can_review)
    html = cache.get(key)
    if html is None:
        own, reviewed, data, reviews = selectors.scorecards(evaluation)
        html = render_to_string("evaluations/_scorecard.html", {
            "evaluation": evaluation, "own": own, "reviewed": reviewed if reviews else None,
            "rows": _rows(own, reviewed, reviews), "data": data, "can_edit": can_edit, "can_review": can_review,
            "show_reviewed": bool(reviews) or can_review, "csrf_token": _CSRF_PLACEHOLDER,
        })
        cache.set(key, html, CARD_CACHE_SECONDS)
    return mark_safe(html.replace(_CSRF_PLACEHOLDER, get_token(request)))  # noqa: S308 — rendered by our template


@login_required
def evaluation_detail(request, pk: int):
    evaluation = access.get_evaluation(request.user, pk)
    can_edit = access.allowed(request.user, evaluation, access.EDIT)
    can_review = access.allowed(request.user, evaluation, access.REVIEW)
    return render(request, "evaluations/detail.html", {
        "evaluation": evaluation, "scorecard": _scorecard_html(request, evaluation, can_edit, can_review),
        "history": evaluation.history.select_related("actor").order_by("-at", "-id")[:8],
    })


@login_required
def evaluation_edit(request, pk: int):
    evaluation = access.get_evaluation(request.user, pk, access.EDIT)
    fw = selectors.framework(evaluation.framework_id)
    if request.method == "POST":
        post = {k: v for k, v in request.POST.items() if k not in ("csrfmiddlewaretoken", "version")}
        based_on = _version(request.POST.get("version"))
        raw, cell_errors, names = entry.parse_post(fw, post)
        form = entry.build_form(fw, None, post)
        try:  # every problem at once: unreadable fields, and what validation says of the rest
            services.validate(evaluation, raw)
            problems = []
        except services.Problems as exc:
            problems = exc.problems
        if not cell_errors and not problems:
            try:
                changed = services.save_input(evaluation=evaluation, raw=raw, actor=request.user, based_on=based_on)
            except services.Problems as exc:  # a newer version, or the status changed meanwhile
                form.errors.extend(p.what for p in exc.problems)
                messages.error(request, exc.problems[0].what)
                return render(request, "evaluations/edit.html", {
                    "evaluation": evaluation, "form": form, "money_unit": post.get("unit") or "万元",
                    "version": evaluation.version}, status=409)
            messages.success(request, "已保存" + (f"：修改了{'、'.join(changed)}" if changed else "（无改动）"))
            return redirect("evaluations:detail", pk=evaluation.pk)
        entry.field_errors(form, cell_errors)
        unreadable = {names.get(n, n) for n in cell_errors}
        entry.attach_problems(form, [p for p in problems if names.get(p.field, p.field) not in unreadable], names)
        messages.error(request, "未保存：请按提示修改标红的字段（已填写的内容都保留在表中）")
        return render(request, "evaluations/edit.html", {"evaluation": evaluation, "form": form,
                                                         "money_unit": post.get("unit") or "万元",
                                                         "version": based_on or evaluation.version}, status=400)
    data = selectors.input_of(evaluation)
    form = entry.build_form(fw, data)
    return render(request, "evaluations/edit.html", {"evaluation": evaluation, "form": form, "money_unit": data.unit,
                                                     "version": evaluation.version})


def _version(text: str | None) -> int | None:
    """The evaluation version a posted form was filled from (absent from older pages and scripts)."""
    return int(text) if text and text.isdigit() and len(text) < 10 else None


@login_required
@require_POST
def evaluation_upload(request, pk: int):
    evaluation = access.get_evaluation(request.user, pk, access.EDIT)
    upload = request.FILES.get("workbook")
    refused = getattr(request, "upload_refused", None)  # set by uploads.LimitedUploadHandler
    if refused:
        messages.error(request, refused)
        return redirect("evaluations:edit", pk=pk)
    if upload is None or not upload.name.lower().endswith(".xlsx"):
        messages.error(request, "请选择填好的 .xlsx 模板文件")
        return redirect("evaluations:edit", pk=pk)
    try:
        changed = services.import_workbook(evaluation=evaluation, upload=upload, actor=request.user)
    except services.Problems as exc:
        return render(request, "evaluations/upload_problems.html", {"evaluation": evaluation, "problems": exc.problems,
                                                                    "name": upload.name}, status=400)
    messages.success(request, f"已导入 {upload.name}" + (f"：修改了{'、'.join(changed)}" if changed else ""))
    return redirect("evaluations:detail", pk=pk)


@login_required
def template_download(request, pk: int):
    evaluation = access.get_evaluation(request.user, pk)
    from jixiao.io.excel_template import write_template

    fw = selectors.framework(evaluation.framework_id)
    with tempfile.TemporaryDirectory(prefix="jixiao-tpl-") as tmp:
        path = Path(tmp) / "template.xlsx"
        write_template(fw, path, data=selectors.input_of(evaluation))
        content = path.read_bytes()
    name = f"{evaluation.year}-{evaluation.department.name}-填报模板.xlsx"
    return FileResponse(BytesIO(content), as_attachment=True, filename=name)


def _act(request, call, done: str, failed: str = "") -> None:
    """Run a service call for a POSTed action; its problems or its success become a message."""
    try:
        call()
    except services.Problems as exc:
        messages.error(request, failed + "；".join(p.what for p in exc.problems))
    else:
        messages.success(request, done)


@login_required
@require_POST
def evaluation_submit(request, pk: int):
    evaluation = access.get_evaluation(request.user, pk, access.SUBMIT)
    _act(request, lambda: services.submit(evaluation=evaluation, actor=request.user), "已提交复核")
    return redirect("evaluations:detail", pk=pk)


@login_required
@require_POST
def evaluation_review(request, pk: int):
    evaluation = access.get_evaluation(request.user, pk, access.REVIEW)
    indicator = request.POST.get("indicator", "")
    _act(request, lambda: services.review_indicator(
        evaluation=evaluation, indicator_id=indicator, score=request.POST.get("score", ""),
        reason=request.POST.get("reason", ""), actor=request.user), "复核得分已保存", "复核未保存：")
    return redirect(reverse("evaluations:detail", kwargs={"pk": pk}) + f"#ind-{indicator}")


@login_required
@require_POST
def evaluation_return(request, pk: int):
    evaluation = access.get_evaluation(request.user, pk, access.REVIEW)
    _act(request, lambda: services.return_evaluation(
        evaluation=evaluation, reason=request.POST.get("reason", ""), actor=request.user), "已退回填报单位")
    return redirect("evaluations:detail", pk=pk)


@login_required
@require_POST
def evaluation_finalise(request, pk: int):
    evaluation = access.get_evaluation(request.user, pk, access.REVIEW)
    _act(request, lambda: services.finalise(evaluation=evaluation, actor=request.user,
                                            reason=request.POST.get("reason", "")), "已定稿")
    return redirect("evaluations:detail", pk=pk)


@login_required
def evaluation_history(request, pk: int):
    evaluation = access.get_evaluation(request.user, pk)
    return render(request, "evaluations/history.html", {
        "evaluation": evaluation, "history": evaluation.history.select_related("actor").order_by("at", "id"),
        "reviews": evaluation.reviews.select_related("reviewer").order_by("at", "id"),
    })


@login_required
def evaluation_download(request, pk: int, kind: str):
    evaluation = access.get_evaluation(request.user, pk)
    own, reviewed, data, reviews = selectors.scorecards(evaluation)
    card = reviewed if request.GET.get("reviewed") == "1" and reviews else own
    label = "复核" if card is not own else "自评"
    buffer = BytesIO()
    if kind == "docx":
        from jixiao.writers.docx_report import build_report

        build_report(card, data).save(buffer)
        name = f"{evaluation.year}-{evaluation.department.name}-自评报告（{label}）.docx"
    elif kind == "xlsx":
        from jixiao.writers.xlsx_scores import build_workbook

        build_workbook(card, data).save(buffer)
        name = f"{evaluation.year}-{evaluation.department.name}-评分表（{label}）.xlsx"
    else:
        return HttpResponse(status=404)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=name)


def _as_of(request, year: int):
    """The monitoring date from ?as_of=YYYY-MM-DD, else mid-year of the evaluation's year."""
    from datetime import date

    text = request.GET.get("as_of", "")
    try:
        return date.fromisoformat(text), ""
    except ValueError:
        return date(year, 6, 30), (f"日期 '{text}' 无法识别，应为 YYYY-MM-DD；已按 {year}-06-30 计" if text else "")


@login_required
def evaluation_plan(request, pk: int):
    """绩效目标质量 and 运行监控 (双监控) for one evaluation."""
    from jixiao.core.data import target_quality_rules
    from jixiao.core.monitoring import monitor
    from jixiao.core.target_quality import review_targets
    from jixiao.writers.plan import render_monitoring

    evaluation = access.get_evaluation(request.user, pk)
    data = selectors.input_of(evaluation)
    fw = selectors.framework(evaluation.framework_id)
    as_of, date_problem = _as_of(request, evaluation.year)
    quality = review_targets(data.targets or (), target_quality_rules())
    report = monitor(fw, data, as_of)
    return render(request, "evaluations/plan.html", {
        "evaluation": evaluation, "quality": quality, "report": report, "as_of": as_of,
        "date_problem": date_problem, "monitoring_text": render_monitoring(report),
    })
