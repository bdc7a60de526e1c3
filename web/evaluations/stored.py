"""Stored data that the input rules refuse (the rules were tightened after it was saved).

Every page that reads such an evaluation's input would fail; ``StoredDataRefused`` answers those pages
with what is wrong, field by field, and a link to the form, where the data is shown as stored with each
problem next to its field (``views.evaluation_edit``) so the filler can correct it.
"""

from __future__ import annotations

from django.shortcuts import render

from jixiao.io.inputs import InputError

from . import wording


class StoredDataRefused:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, InputError):
            return None
        match = getattr(request, "resolver_match", None)
        pk = match.kwargs.get("pk") if match is not None else None
        problems = [wording.problem(p.where.field, p.what) if p.where.field else wording.message(p.what)
                    for p in exception.problems]
        return render(request, "evaluations/stored_invalid.html", {"pk": pk, "problems": problems}, status=409)
