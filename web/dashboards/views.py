"""The bureau's dashboards (复核人 and 管理员): distributions, losses, trends, quarterly execution."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.template.loader import get_template, render_to_string
from django.utils.safestring import mark_safe

from evaluations import access

from . import selectors


def _bureau(request):
    if not access.is_bureau(request.user):
        raise PermissionDenied("看板仅供财政局复核人和管理员使用")
    return access.evaluations_for(request.user)


def _year(request, qs):
    years = selectors.years(qs)
    text = request.GET.get("year", "")
    year = int(text) if text.isdigit() and int(text) in years else (years[0] if years else None)
    return years, year


def _plain(value):
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


# The overview and the ranking table are built from every evaluation in the viewer's scope (hundreds
# of rows, thousands of cells): each is built once per state of that scope and kept in Django's cache.
# The key holds the scope (role, district) and a fingerprint of its evaluations and departments
# (selectors.version: every write in evaluations/services.py adds a history entry). A department
# renamed in the admin changes no fingerprint, nor does a write whose transaction commits after a
# later one's (PostgreSQL): CACHE_SECONDS bounds how long such a page can be out of date.
CACHE_SECONDS = 300


def _cache_key(request, kind: str, qs) -> str:
    profile = request.user.profile
    departments = access.departments_for(request.user).order_by().aggregate(n=Count("id"), top=Max("id"))
    year = request.GET.get("year", "")
    return "jixiao:{}:v2:{}.{}:{}:{}:{}.{}".format(
        kind, profile.role, profile.district_id or "", year if year.isdigit() else "", selectors.version(qs),
        departments["n"], departments["top"])


@login_required
def overview(request):
    qs = _bureau(request)
    key = _cache_key(request, "overview", qs)
    body = cache.get(key)
    if body is None:
        years, year = _year(request, qs)
        scoped = qs.filter(year=year) if year else qs.none()
        dist = selectors.distribution(scoped)
        losses = selectors.indicator_losses(scoped)
        quarters = selectors.quarterly(scoped)
        departments = list(access.departments_for(request.user).values_list("pk", "name"))
        body = render_to_string("dashboards/_overview.html", {
            "years": years, "year": year, "count": scoped.count(), "dist": dist, "losses": losses[:21],
            "quarters": quarters, "departments": departments,
            "chart_data": _plain({"dist": dist, "losses": losses[:21], "quarters": quarters}),
        })
        cache.set(key, body, CACHE_SECONDS)
    return render(request, "dashboards/overview.html", {"body": mark_safe(body)})  # noqa: S308 — our template


@login_required
def department(request, pk: int):
    qs = _bureau(request)
    dept = access.departments_for(request.user).filter(pk=pk).first()
    if dept is None:
        raise Http404("没有这个部门")
    trend = selectors.department_years(qs, pk)
    return render(request, "dashboards/department.html", {"department": dept, "trend": trend, "chart_data": _plain(trend)})


def _ranking(request, qs) -> dict:
    """The ranking table's parts that do not depend on the sort: rows as HTML, and each sort's order."""
    key = _cache_key(request, "ranking", qs)
    built = cache.get(key)
    if built is None:
        years, year = _year(request, qs)
        columns, rows = selectors.indicator_rows(qs.filter(year=year) if year else qs.none())
        row = get_template("dashboards/_ranking_row.html")
        index = {id(r): i for i, r in enumerate(rows)}
        orders = {(sort, descending): [index[id(r)] for r in selectors.sort_rows(rows, sort, descending)]
                  for sort in ("department", "year", "total", *(c["id"] for c in columns)) for descending in (False, True)}
        built = {"years": years, "year": year, "columns": columns, "html": [row.render({"r": r}) for r in rows],
                 "orders": orders}
        cache.set(key, built, CACHE_SECONDS)
    return built


@login_required
def table(request):
    qs = _bureau(request)
    sort = request.GET.get("sort", "total")
    descending = request.GET.get("dir", "desc") != "asc"
    if request.GET.get("format") == "xlsx":
        years, year = _year(request, qs)
        columns, rows = selectors.indicator_table(qs.filter(year=year) if year else qs.none(), sort, descending)
        return _export(columns, rows, year)
    built = _ranking(request, qs)
    html = built["html"]
    order = built["orders"].get((sort, descending), range(len(html)))  # an unknown column: as listed
    return render(request, "dashboards/table.html", {
        "years": built["years"], "year": built["year"], "columns": built["columns"], "sort": sort,
        "descending": descending, "tbody": mark_safe("".join(html[i] for i in order)),  # noqa: S308 — our template
    })


def _export(columns, rows, year):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from jixiao.writers.cells import append_row

    wb = Workbook()
    ws = wb.active
    ws.title = f"{year}年指标得分"
    append_row(ws, ["部门", "年度", "状态", "总分", "口径", "等级", *[f"{c['name']}（{c['max']}）" for c in columns]])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in rows:
        append_row(ws, [r["department"], r["year"], r["status_label"], r["total"], r["basis"], r["grade"],
                        *r["scores"]])  # names: text, never formulas
    ws.freeze_panes = "B2"
    ws.column_dimensions["A"].width = 36
    buffer = BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=f"{year}年部门整体绩效指标得分.xlsx")


@login_required
def monitoring(request):
    """运行监控 across the district: every department's progress against 序时进度 as of a date."""
    from datetime import date

    from jixiao.core.monitoring import monitor

    from evaluations import selectors as ev
    from evaluations.asof import read_as_of

    qs = _bureau(request)
    years, year = _year(request, qs)
    as_of, date_problem = read_as_of(request.GET.get("as_of", ""), year or date.today().year)
    if as_of is None:  # an unreadable date is said, not replaced by another one
        return render(request, "dashboards/monitoring.html", {
            "years": years, "year": year, "as_of": None, "as_of_text": request.GET.get("as_of", ""),
            "date_problem": date_problem, "table": ""}, status=400)
    # The table is built once per state of the scope, year, date and frameworks, and kept in the cache.
    in_year = qs.filter(year=year) if year else qs.none()
    versions = ",".join(f"{f}={ev.framework_version(f)}" for f in sorted(set(in_year.values_list("framework_id", flat=True))))
    key = f"{_cache_key(request, 'monitoring', qs)}:{as_of.isoformat()}:{versions}"
    table = cache.get(key)
    if table is None:
        table = render_to_string("dashboards/_monitoring_table.html", {"rows": _monitoring_rows(in_year, as_of)})
        cache.set(key, table, CACHE_SECONDS)
    return render(request, "dashboards/monitoring.html", {"years": years, "year": year, "as_of": as_of,
                                                          "as_of_text": as_of.isoformat(),
                                                          "table": mark_safe(table)})  # noqa: S308 — rendered by our template



def _monitoring_rows(in_year, as_of) -> list[str]:
    """The table's rows, worst first. Each department's row is also kept on its own, keyed by its
    evaluation's saved version, the date and its framework's version: after a change anywhere in the
    scope only the departments that changed are read, parsed and monitored again (200 departments:
    the inputs' JSON is not even read for the others)."""
    from jixiao.core.monitoring import monitor

    from evaluations import selectors as ev

    listed = list(in_year.select_related("department").defer("data").order_by("department__name"))
    versions = {f: ev.framework_version(f) for f in {e.framework_id for e in listed}}
    keys = {e.pk: f"jixiao:monrow:v1:{e.pk}:{e.updated_at.isoformat()}:{as_of.isoformat()}:{versions[e.framework_id]}"
            for e in listed}
    kept = cache.get_many(list(keys.values()))
    missing = [e.pk for e in listed if keys[e.pk] not in kept]
    if missing:
        row = get_template("dashboards/_monitoring_row.html")
        frameworks: dict[str, object] = {}  # one look-up per framework, not per department
        made = {}
        chunks = (missing[i:i + 500] for i in range(0, len(missing), 500))  # (SQLite: at most 999 parameters)
        for e in (e for chunk in chunks for e in in_year.filter(pk__in=chunk).select_related("department")):
            fw = frameworks.get(e.framework_id) or frameworks.setdefault(e.framework_id, ev.framework(e.framework_id))
            report = monitor(fw, ev.input_of(e), as_of)  # type: ignore[arg-type]
            latest = report.latest
            html = row.render({"evaluation": e, "report": report, "latest": latest, "as_of": as_of,
                               "behind": latest is not None and latest.progress < latest.schedule})
            made[keys[e.pk]] = ((latest is None, latest.ratio if latest else 0), html)
        cache.set_many(made, CACHE_SECONDS)
        kept.update(made)
    # stable sort: departments by name within equal ratios, as the query lists them
    return [html for _, html in sorted((kept[keys[e.pk]] for e in listed), key=lambda r: r[0])]

@login_required
def rescore(request):
    """What a framework change does: the year's evaluations rescored under another framework."""
    from jixiao.rescore import rescore as rescore_all

    from evaluations import selectors as ev

    qs = _bureau(request)
    years, year = _year(request, qs)
    choices = ev.framework_choices()
    ident = request.GET.get("framework", "")
    result = None
    problem = ""
    if ident:
        if ident not in {c[0] for c in choices}:
            problem = "没有这个指标体系"
        else:
            new = ev.framework(ident)
            evaluations = list(qs.filter(year=year).select_related("department").order_by("department__name")) if year else []
            inputs = [ev.input_of(e).model_copy(update={"framework": e.framework_id}) for e in evaluations]
            result = rescore_all(inputs, new, resolve=ev.framework)
            if request.GET.get("format") == "xlsx":
                from jixiao.writers.rescore_xlsx import write_rescore_xlsx

                buffer = BytesIO()
                write_rescore_xlsx(result, buffer)
                buffer.seek(0)
                return FileResponse(buffer, as_attachment=True, filename=f"{year}年按{ident}重新评分.xlsx")
    return render(request, "dashboards/rescore.html", {
        "years": years, "year": year, "choices": choices, "ident": ident, "result": result, "problem": problem,
    })
