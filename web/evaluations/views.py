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
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from jixiao.core.numbers import fmt_score
from jixiao.core.scorecard import GroupResult
from jixiao.writers.display import short_decimals

from . import access, entry, selectors, services, wording
from .asof import read_as_of
from .evidence import ACCEPT as EVIDENCE_ACCEPT
from .models import Action, Status


@login_required
def home(request):
    if access.is_bureau(request.user):
        return redirect("dashboards:overview")
    return redirect("evaluations:list")


GRADES = ("优", "良", "中", "差")


@login_required
def evaluation_list(request):
    """The evaluations one may see, searched by department name, year, status and grade (reviewed
    grade where there is one); the page links keep the search."""
    evaluations = access.evaluations_for(request.user).defer("data").order_by("-year", "department__name")
    q = request.GET.get("q", "").strip()
    year = request.GET.get("year", "").strip()
    status = request.GET.get("status", "")
    grade = request.GET.get("grade", "")
    if q:
        evaluations = evaluations.filter(department__name__icontains=q)
    if year.isdigit():
        evaluations = evaluations.filter(year=int(year))
    if status in Status.values:
        evaluations = evaluations.filter(status=status)
    if grade in GRADES:
        evaluations = evaluations.filter(Q(reviewed_grade=grade) | Q(reviewed_grade="", grade=grade))
    years = sorted(set(access.evaluations_for(request.user).values_list("year", flat=True)), reverse=True)
    page = Paginator(evaluations, 50).get_page(request.GET.get("page"))
    names = selectors.framework_names()
    for e in page.object_list:
        e.framework_name = names.get(e.framework_id, e.framework_id)
    return render(request, "evaluations/list.html", {
        "evaluations": page.object_list, "page": page, "statuses": Status.choices, "status": status,
        "q": q, "year": year, "years": years, "grade": grade, "grades": GRADES,
        "searched": bool(q or year or status or grade), "can_create": access.can_create(request.user),
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
    from datetime import date

    return render(request, "evaluations/new.html", {
        "department": department, "choices": choices, "problems": problems,
        "year": request.POST.get("year", "") if request.method == "POST" else str(date.today().year - 1),
        "chosen": request.POST.get("framework", "") if request.method == "POST"
        else selectors.default_framework(department, choices),
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
        stale = review is not None and review.stale
        rows.append({
            "group": False, "depth": depth, "id": node.id, "name": node.name, "max": fmt_score(node.max),
            "score": fmt_score(node.score), "lost": node.score != node.max, "missing": node.status.value == "missing",
            "status": node.status.label, "explanation": short_decimals(node.explanation), "review": review,
            "reviewed": "待确认" if stale else (fmt_score(other.score) if review is not None and other is not None else "—"),
            "stale": stale, "review_self": fmt_score(review.self_score) if review is not None and review.self_score is not None else "",
            "parts": [{"label": p.label, "max": fmt_score(p.max), "score": fmt_score(p.score), "rule": short_decimals(p.rule),
                       "reason": p.reason, "inputs": [{"label": i.label, "shown": short_decimals(i.shown, 4),
                                                       "source": wording.place(i.fact)} for i in p.inputs]}
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


def _scorecard_html(request, evaluation, can_edit: bool, can_review: bool, review_error: dict | None = None) -> str:
    can_audit = _may_audit(request.user, evaluation)
    key = "jixiao:card:v3:{}:{}:{}:{}:{:d}{:d}{:d}".format(
        evaluation.pk, evaluation.updated_at.isoformat(), evaluation.status,
        selectors.framework_version(evaluation.framework_id), can_edit, can_review, can_audit)
    html = cache.get(key)
    if html is None:
        own, reviewed, data, reviews = selectors.scorecards(evaluation)
        files: dict[str, list] = {}
        for item in evaluation.evidence.filter(removed_at__isnull=True).select_related("uploaded_by"):
            files.setdefault(item.indicator_id, []).append(item)
        back = returned_entry(evaluation)
        asked = set(back.details.get("evidence", ())) if back is not None else set()
        notes: dict[str, list] = {}
        for note in evaluation.notes.select_related("author"):
            notes.setdefault(note.indicator_id, []).append(note)
        rows = _rows(own, reviewed, reviews)
        for r in rows:
            if not r["group"]:
                r["files"] = files.get(r["id"], ())
                r["asked"] = r["id"] in asked
                r["notes"] = notes.get(r["id"], ())
        html = render_to_string("evaluations/_scorecard.html", {
            "evaluation": evaluation, "own": own, "reviewed": reviewed if reviewed is not own else None,
            "rows": rows, "data": data, "can_edit": can_edit, "can_review": can_review,
            "show_reviewed": bool(reviews) or can_review, "csrf_token": _CSRF_PLACEHOLDER,
            "evidence_accept": EVIDENCE_ACCEPT, "leaves": [(leaf.id, leaf.name) for leaf in own.leaves()],
            "can_audit": can_audit, "general_notes": notes.get("", ()),
            "stale": [r for r in reviews.values() if r.stale], "names": {leaf.id: leaf.name for leaf in own.leaves()},
        })
        cache.set(key, html, CARD_CACHE_SECONDS)
    if review_error is not None:  # the reviewer's failed form, typed values kept, messages next to the fields
        ident = review_error["indicator"]
        start, end = f"<!--review:{ident}-->", f"<!--/review:{ident}-->"
        if start in html:
            head, rest = html.split(start, 1)
            fields = render_to_string("evaluations/_review_fields.html", {"r": {"id": ident, "max": review_error["max"]},
                                                                         "e": review_error})
            html = head + start + fields + rest.split(end, 1)[1] if end in rest else html
    return mark_safe(html.replace(_CSRF_PLACEHOLDER, get_token(request)))  # noqa: S308 — rendered by our template


def returned_entry(evaluation):
    """The latest 退回 with its reason, while the evaluation is 已退回 (for the banner)."""
    if evaluation.status != Status.RETURNED:
        return None
    return (evaluation.history.filter(action=Action.RETURNED).select_related("actor").order_by("-at", "-id").first())


def _detail(request, evaluation, *, review_error: dict | None = None, status: int = 200):
    can_edit = access.allowed(request.user, evaluation, access.EDIT)
    can_review = access.allowed(request.user, evaluation, access.REVIEW)
    return render(request, "evaluations/detail.html", {
        "evaluation": evaluation, "returned": returned_entry(evaluation),
        "can_withdraw": access.allowed(request.user, evaluation, access.WITHDRAW),
        "scorecard": _scorecard_html(request, evaluation, can_edit, can_review, review_error),
        "history": evaluation.history.select_related("actor").order_by("-at", "-id")[:8],
    }, status=status)


@login_required
def evaluation_detail(request, pk: int):
    # the scorecard is usually served from the cache: the input is read only when it is made
    return _detail(request, access.get_evaluation(request.user, pk, defer_data=True))


@login_required
def evaluation_edit(request, pk: int):
    evaluation = access.get_evaluation(request.user, pk, access.EDIT)
    fw = selectors.framework(evaluation.framework_id)
    if request.method == "POST":
        post = {k: v for k, v in request.POST.items() if k not in ("csrfmiddlewaretoken", "version", "_note")}
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
                changed = services.save_input(evaluation=evaluation, raw=raw, actor=request.user, based_on=based_on,
                                              note=request.POST.get("_note", "").strip())
            except services.Problems as exc:  # a newer version, or the status changed meanwhile
                form.errors.extend(p.what for p in exc.problems)
                messages.error(request, exc.problems[0].what)
                return render(request, "evaluations/edit.html", {
                    "evaluation": evaluation, "form": form, "money_unit": post.get("unit") or "万元",
                    "version": evaluation.version, "note": request.POST.get("_note", ""),
                    "returned": returned_entry(evaluation)}, status=409)
            messages.success(request, "已保存" + (f"：修改了{'、'.join(changed)}" if changed else "（无改动）"))
            return redirect("evaluations:detail", pk=evaluation.pk)
        entry.field_errors(form, cell_errors)
        unreadable = {names.get(n, n) for n in cell_errors}
        entry.attach_problems(form, [p for p in problems if names.get(p.field, p.field) not in unreadable], names, fw)
        messages.error(request, "未保存：请按提示修改标红的字段（已填写的内容都保留在表中）")
        return render(request, "evaluations/edit.html", {"evaluation": evaluation, "form": form,
                                                         "money_unit": post.get("unit") or "万元",
                                                         "note": request.POST.get("_note", ""),
                                                         "version": based_on or evaluation.version,
                                                         "returned": returned_entry(evaluation)}, status=400)
    data = selectors.input_of(evaluation)
    form = entry.build_form(fw, data)
    return render(request, "evaluations/edit.html", {"evaluation": evaluation, "form": form, "money_unit": data.unit,
                                                     "version": evaluation.version, "returned": returned_entry(evaluation)})


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
        fw = selectors.framework(evaluation.framework_id)
        rows = [(p.where.place, wording.problem(p.field, p.what, fw) if p.field else wording.message(p.what))
                for p in exc.problems]
        return render(request, "evaluations/upload_problems.html", {"evaluation": evaluation, "problems": rows,
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
    score, reason = request.POST.get("score", ""), request.POST.get("reason", "")
    try:
        services.review_indicator(evaluation=evaluation, indicator_id=indicator, score=score, reason=reason,
                                  actor=request.user)
    except services.Problems as exc:
        # Not a redirect: the page again with what was typed, each message next to its field.
        leaf = evaluation.indicator_scores.filter(indicator_id=indicator).first()
        errors = {p.field: p.what for p in exc.problems}
        messages.error(request, "复核未保存：" + "；".join(p.what for p in exc.problems))
        return _detail(request, evaluation, status=400, review_error={
            "indicator": indicator, "score": score, "reason": reason, "max": fmt_score(leaf.max) if leaf else "",
            "score_error": errors.get("score", ""), "reason_error": errors.get("reason", "")})
    messages.success(request, "复核得分已保存")
    return redirect(reverse("evaluations:detail", kwargs={"pk": pk}) + f"#ind-{indicator}")


@login_required
@require_POST
def evaluation_withdraw(request, pk: int):
    evaluation = access.get_evaluation(request.user, pk, access.WITHDRAW)
    _act(request, lambda: services.withdraw(evaluation=evaluation, actor=request.user), "已撤回，可继续修改后再提交")
    return redirect("evaluations:detail", pk=pk)


@login_required
@require_POST
def evaluation_return(request, pk: int):
    evaluation = access.get_evaluation(request.user, pk, access.REVIEW)
    _act(request, lambda: services.return_evaluation(
        evaluation=evaluation, reason=request.POST.get("reason", ""), actor=request.user,
        evidence_for=request.POST.getlist("evidence")), "已退回填报单位")
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
    if kind in ("docx", "pdf"):
        from jixiao.writers.docx_report import build_report

        build_report(card, data, reviewed=card is not own).save(buffer)
        name = f"{evaluation.year}-{evaluation.department.name}-自评报告（{label}）.docx"
        if kind == "pdf":  # through LibreOffice, as `jixiao report --format pdf` does
            from jixiao.writers.pdf import PdfUnavailable, docx_to_pdf

            with tempfile.TemporaryDirectory(prefix="jixiao-pdf-") as tmp:
                source = Path(tmp) / "report.docx"
                source.write_bytes(buffer.getvalue())
                try:
                    pdf = docx_to_pdf(source, Path(tmp), timeout=60).read_bytes()
                except PdfUnavailable:
                    return render(request, "evaluations/pdf_unavailable.html", {"evaluation": evaluation}, status=503)
            return FileResponse(BytesIO(pdf), as_attachment=True, filename=name.replace(".docx", ".pdf"),
                                content_type="application/pdf")
    elif kind == "xlsx":
        from jixiao.writers.xlsx_scores import build_workbook

        build_workbook(card, data).save(buffer)
        name = f"{evaluation.year}-{evaluation.department.name}-评分表（{label}）.xlsx"
    else:
        return HttpResponse(status=404)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=name)


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
    as_of, date_problem = read_as_of(request.GET.get("as_of", ""), evaluation.year)
    quality = review_targets(data.targets or (), target_quality_rules())
    report = monitor(fw, data, as_of) if as_of is not None else None
    return render(request, "evaluations/plan.html", {
        "evaluation": evaluation, "quality": quality, "report": report, "as_of": as_of,
        "as_of_text": request.GET.get("as_of", "") if as_of is None else as_of.isoformat(),
        "date_problem": date_problem, "monitoring_text": render_monitoring(report) if report is not None else "",
        "problems": [wording.message(p) for p in report.problems] if report is not None else [],
    }, status=400 if date_problem else 200)


def _may_fetch_evidence(user, evaluation) -> bool:
    """The department's own fillers and the reviewers of its district; nobody else (not even an admin)."""
    role = access.role_of(user)
    if role == "filler":
        return user.profile.department_id == evaluation.department_id
    if role == "reviewer":
        return user.profile.district_id == evaluation.department.district_id
    return False


@login_required
@require_POST
def evidence_upload(request, pk: int):
    evaluation = access.get_evaluation(request.user, pk, access.EDIT)
    indicator = request.POST.get("indicator", "")
    upload = request.FILES.get("file")
    refused = getattr(request, "upload_refused", None)  # uploads.LimitedUploadHandler's word
    if refused:
        messages.error(request, f"未上传：{refused}")
    elif upload is None:
        messages.error(request, "请选择要上传的佐证材料文件")
    else:
        _act(request, lambda: services.add_evidence(evaluation=evaluation, indicator_id=indicator, upload=upload,
                                                    actor=request.user),
             f"已上传佐证材料：{upload.name}", "未上传：")
    return redirect(reverse("evaluations:detail", kwargs={"pk": pk}) + f"#ind-{indicator}")


@login_required
def evidence_download(request, pk: int, item: int):
    from .models import Evidence

    evaluation = access.get_evaluation(request.user, pk)
    if not _may_fetch_evidence(request.user, evaluation):
        raise PermissionDenied("佐证材料仅供本部门和负责复核的财政部门下载")
    found = Evidence.objects.filter(pk=item, evaluation=evaluation).first()
    if found is None:
        raise Http404("没有这个文件")
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name)


@login_required
@require_POST
def evidence_remove(request, pk: int, item: int):
    from .models import Evidence

    evaluation = access.get_evaluation(request.user, pk, access.EDIT)
    found = Evidence.objects.filter(pk=item, evaluation=evaluation, removed_at__isnull=True).first()
    if found is None:
        raise Http404("没有这个文件")
    services.remove_evidence(item=found, actor=request.user)
    messages.success(request, f"已删除佐证材料：{found.name}")
    return redirect(reverse("evaluations:detail", kwargs={"pk": pk}) + f"#ind-{found.indicator_id}")


def _may_audit(user, evaluation) -> bool:
    """Reviewers of the evaluation's district (the finance bureau)."""
    return access.role_of(user) == "reviewer" and user.profile.district_id == evaluation.department.district_id


@login_required
def evaluation_audit(request, pk: int):
    """报告审查: upload a published report, or audit the generated one; findings beside the scorecard."""
    from . import audits
    from .models import AuditRun

    evaluation = access.get_evaluation(request.user, pk)
    if not _may_audit(request.user, evaluation):
        raise PermissionDenied("报告审查仅供负责复核的财政部门使用")
    if request.method == "POST":
        def run():
            if request.POST.get("source") == "generated":
                audits.audit_generated(evaluation=evaluation, actor=request.user,
                                       reviewed=request.POST.get("reviewed") == "1")
            else:
                upload = request.FILES.get("report")
                refused = getattr(request, "upload_refused", None)  # uploads.LimitedUploadHandler's word
                if refused:
                    raise services.Problems([services.Problem(services.Where(), refused)])
                if upload is None:
                    raise services.Problems([services.Problem(services.Where(), "请选择要审查的报告文件")])
                audits.audit_upload(evaluation=evaluation, upload=upload, actor=request.user)
        _act(request, run, "审查完成", "未能审查：")
        return redirect("evaluations:audit", pk=pk)
    runs = list(AuditRun.objects.filter(evaluation=evaluation).select_related("by")[:20])
    wanted = request.GET.get("run", "")
    current = next((r for r in runs if str(r.pk) == wanted), runs[0] if runs else None)
    own, reviewed, _, reviews = selectors.scorecards(evaluation)
    other = {leaf.id: leaf for leaf in reviewed.leaves()}
    noted = set(evaluation.notes.filter(audit=current).values_list("text", flat=True)) if current else set()
    return render(request, "evaluations/audit.html", {
        "evaluation": evaluation, "runs": runs, "current": current, "accept": ",".join(audits.SUFFIXES),
        "leaves": [{"name": leaf.name, "max": fmt_score(leaf.max), "score": fmt_score(leaf.score),
                    "reviewed": fmt_score(other[leaf.id].score) if leaf.id in reviews else ""} for leaf in own.leaves()],
        "own": own, "reviewed": reviewed if reviews else None, "noted_count": len(noted),
    })


@login_required
@require_POST
def audit_note(request, pk: int, run: int):
    from . import audits
    from .models import AuditRun

    evaluation = access.get_evaluation(request.user, pk)
    if not _may_audit(request.user, evaluation):
        raise PermissionDenied("报告审查仅供负责复核的财政部门使用")
    found = AuditRun.objects.filter(pk=run, evaluation=evaluation).first()
    if found is None:
        raise Http404("没有这次审查")
    index = request.POST.get("finding", "")
    _act(request, lambda: audits.note_from_finding(run=found, index=int(index) if index.isdigit() else -1,
                                                   actor=request.user, text=request.POST.get("text", "")),
         "已记为复核意见")
    return redirect(reverse("evaluations:audit", kwargs={"pk": pk}) + f"?run={found.pk}")
