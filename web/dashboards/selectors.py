"""Aggregates for the bureau's dashboards, read from the cached score columns.

The effective score of an indicator is the reviewed score where a reviewer set one,
else the self score; totals likewise.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Max, QuerySet

from evaluations.models import Action, Evaluation, HistoryEntry, IndicatorScore

NO_SCORE_CHANGE = (Action.EVIDENCE_ADDED, Action.EVIDENCE_REMOVED, Action.AUDITED, Action.NOTED)

BINS = [(Decimal(0), Decimal(60), "<60"), (Decimal(60), Decimal(70), "60–70"), (Decimal(70), Decimal(80), "70–80"),
        (Decimal(80), Decimal(85), "80–85"), (Decimal(85), Decimal(90), "85–90"), (Decimal(90), Decimal(95), "90–95"),
        (Decimal(95), Decimal(101), "95–100")]
GRADES = ["优", "良", "中", "差"]


def effective_total(e: Evaluation) -> Decimal | None:
    return e.reviewed_total if e.reviewed_total is not None else e.total


def years(qs: QuerySet[Evaluation]) -> list[int]:
    return sorted(set(qs.values_list("year", flat=True)), reverse=True)


def distribution(qs: QuerySet[Evaluation]) -> dict:
    counts = [0] * len(BINS)
    grades = dict.fromkeys(GRADES, 0)
    incomplete = reviewed = scored = 0
    for e in qs.select_related(None).only("total", "reviewed_total", "grade", "reviewed_grade", "complete"):
        if not e.complete:
            incomplete += 1
            continue
        reviewed += e.reviewed_total is not None
        scored += 1
        total = effective_total(e)
        for i, (lo, hi, _) in enumerate(BINS):
            if lo <= total < hi:
                counts[i] += 1
        grade = e.reviewed_grade or e.grade
        if grade in grades:
            grades[grade] += 1
    return {"bins": [b[2] for b in BINS], "counts": counts, "grades": grades, "incomplete": incomplete,
            "reviewed": reviewed, "self": scored - reviewed}


def indicator_losses(qs: QuerySet[Evaluation]) -> list[dict]:
    """Average points lost per indicator (largest first), over complete rows."""
    sums: dict[str, list] = {}
    rows = IndicatorScore.objects.filter(evaluation__in=qs).values_list(
        "indicator_id", "name", "max", "self_score", "reviewed_score", "position")
    for ident, name, mx, own, reviewed, position in rows:
        score = reviewed if reviewed is not None else own
        if score is None:
            continue
        entry = sums.setdefault(ident, [name, Decimal(0), 0, mx, position, 0])
        lost = mx - score
        entry[1] += lost
        entry[2] += 1
        if lost > 0:
            entry[5] += 1
    out = [
        {"id": ident, "name": name, "avg_lost": (total / n).quantize(Decimal("0.01")), "max": mx, "n": n, "losing": losing}
        for ident, (name, total, n, mx, _, losing) in sums.items()
        if n
    ]
    out.sort(key=lambda r: (-r["avg_lost"], r["name"]))
    return out


def department_years(qs: QuerySet[Evaluation], department_id: int) -> dict:
    evaluations = list(qs.filter(department_id=department_id).order_by("year"))
    ids = [e.pk for e in evaluations]
    by_eval: dict[int, dict[str, Decimal | None]] = defaultdict(dict)
    names: dict[str, tuple[int, str, Decimal]] = {}
    for eid, ident, name, mx, own, reviewed, position in IndicatorScore.objects.filter(evaluation_id__in=ids).values_list(
            "evaluation_id", "indicator_id", "name", "max", "self_score", "reviewed_score", "position"):
        by_eval[eid][ident] = reviewed if reviewed is not None else own
        names.setdefault(ident, (position, name, mx))
    indicators = sorted(names.items(), key=lambda kv: kv[1][0])
    return {
        "years": [e.year for e in evaluations],
        "evaluations": [{"pk": e.pk, "year": e.year, "basis": "复核" if e.reviewed_total is not None else "自评",
                         "status_label": e.get_status_display()} for e in evaluations],
        "totals": [effective_total(e) for e in evaluations],
        "rows": [{"id": ident, "name": name, "max": mx, "scores": [by_eval[e.pk].get(ident) for e in evaluations]}
                 for ident, (_, name, mx) in indicators],
    }


def quarterly(qs: QuerySet[Evaluation]) -> list[dict]:
    out = []
    for e in qs.select_related(None).select_related("department").only("department__name", "q1", "q2", "q3", "q4"):  # noqa: E501
        progress = [e.q1, e.q2, e.q3, e.q4]
        behind = [i + 1 for i, (p, s) in enumerate(zip(progress, (Decimal("0.25"), Decimal("0.5"), Decimal("0.75"), Decimal(1))))
                  if p is not None and p < s]
        out.append({"pk": e.pk, "department": e.department.name, "progress": progress, "behind": behind})
    out.sort(key=lambda r: r["department"])
    return out


def indicator_rows(qs: QuerySet[Evaluation]) -> tuple[list[dict], list[dict]]:
    """(columns, rows): one row per evaluation (by department), one column per indicator, unsorted.

    Plain values only (no model instances), so the result can be cached and sorted per request.
    """
    evaluations = list(qs.select_related("department").defer("data").order_by("department__name", "year", "pk"))
    columns: dict[str, dict] = {}
    cells: dict[int, dict[str, Decimal | None]] = defaultdict(dict)
    for eid, ident, name, mx, own, reviewed, position in IndicatorScore.objects.filter(
            evaluation__in=[e.pk for e in evaluations]).values_list(
            "evaluation_id", "indicator_id", "name", "max", "self_score", "reviewed_score", "position"):
        cells[eid][ident] = reviewed if reviewed is not None else own
        columns.setdefault(ident, {"id": ident, "name": name, "max": mx, "position": position})
    cols = sorted(columns.values(), key=lambda c: c["position"])
    rows = [{"pk": e.pk, "department": e.department.name, "year": e.year, "total": effective_total(e),
             "basis": "复核" if e.reviewed_total is not None else "自评", "status": e.status,
             "status_label": e.get_status_display(), "complete": e.complete,
             "grade": e.reviewed_grade or e.grade, "scores": [cells[e.pk].get(c["id"]) for c in cols],
             "by_id": cells[e.pk]} for e in evaluations]
    return cols, rows


def sort_rows(rows: list[dict], sort: str | None, descending: bool) -> list[dict]:
    """Rows sorted by department, year, total or an indicator's id; rows without that value last."""

    def key(r):
        if sort in ("department", None, ""):
            return (0, r["department"])
        if sort == "year":
            return (0, r["year"])
        value = r["total"] if sort == "total" else r["by_id"].get(sort)
        return (1, value) if value is None else (0, value)

    none_last = [r for r in rows if key(r)[0] == 1]
    ranked = sorted([r for r in rows if key(r)[0] == 0], key=lambda r: key(r)[1], reverse=descending)
    return ranked + none_last


def indicator_table(qs: QuerySet[Evaluation], sort: str | None, descending: bool) -> tuple[list[dict], list[dict]]:
    """(columns, rows): one row per evaluation, one column per indicator, sorted by any column."""
    columns, rows = indicator_rows(qs)
    return columns, sort_rows(rows, sort, descending)


def version(qs: QuerySet[Evaluation]) -> str:
    """A fingerprint of the evaluations in ``qs``, for cache keys.

    Every write in evaluations/services.py that can change a score or status (create, save, import,
    submit, withdraw, review, return, finalise) adds a history entry, so the latest entry's id changes with every change anywhere; the count
    and highest id of ``qs`` change when an evaluation enters or leaves the scope. All three are
    read from indexes: no row of the wide evaluation table is read (``MAX(updated_at)`` would read
    every row's input JSON on SQLite).
    """
    agg = qs.order_by().aggregate(n=Count("id"), top=Max("id"))
    # Entries that change no score (evidence files, audits, notes) do not count: an evidence upload
    # must not throw away every reviewer's cached dashboard. Read newest first: the first hit ends it.
    last = (HistoryEntry.objects.exclude(action__in=NO_SCORE_CHANGE).order_by("-id").values_list("id", flat=True)
            .first())
    return f"{agg['n']}.{agg['top']}.{last}"
