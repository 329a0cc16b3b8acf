"""Who looked at the file, what changed, and the export of the whole file."""

from __future__ import annotations

import datetime as dt
import json
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from arrangeer.audit.constants import Event
from arrangeer.audit.services import entries_for_case

from . import history
from .access import Actor, access_case
from .export import file_data, file_pdf
from .forms import PeriodForm
from .log_words import role_label


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@login_required
@require_GET
def access_log(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """NEN 7513 client view for the regisseur: who looked at this file, chronologically.
    Reading the log is itself logged."""
    access = access_case(
        Actor.from_request(request), case_id, regisseur_only=True, object_type="access_log"
    )
    form = PeriodForm(request.GET or None)
    since = until = None
    if form.is_bound and form.is_valid():
        if form.cleaned_data.get("since"):
            since = _day_start(form.cleaned_data["since"])
        if form.cleaned_data.get("until"):
            until = _day_start(form.cleaned_data["until"] + dt.timedelta(days=1))
    entries = entries_for_case(access.case.uuid, since=since, until=until).order_by(
        "-occurred_at", "-seq"
    )
    page = Paginator(entries, 100).get_page(request.GET.get("pagina"))
    rows = [(entry, role_label(entry.role) or entry.role) for entry in page]
    return render(
        request,
        "cases/access_log.html",
        {"access": access, "case": access.case, "form": form, "page": page, "rows": rows},
    )


@login_required
@require_GET
def change_history(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = access_case(
        Actor.from_request(request), case_id, regisseur_only=True, object_type="history"
    )
    return render(
        request,
        "cases/history.html",
        {"access": access, "case": access.case, "changes": history.changes(access)},
    )


@login_required
@require_GET
def export_json(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = access_case(
        Actor.from_request(request),
        case_id,
        event=Event.EXPORT,
        regisseur_only=True,
        object_type="file",
    )
    body = json.dumps(file_data(access), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="dossier-{str(access.case.uuid)[:8]}.json"'
    )
    return response


@login_required
@require_GET
def export_pdf(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = access_case(
        Actor.from_request(request),
        case_id,
        event=Event.EXPORT,
        regisseur_only=True,
        object_type="file",
    )
    response = HttpResponse(file_pdf(access), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="dossier-{str(access.case.uuid)[:8]}.pdf"'
    )
    return response
