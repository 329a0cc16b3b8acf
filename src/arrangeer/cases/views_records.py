"""Who looked at the file, what changed, and the export of the whole file."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.views.decorators.http import require_GET, require_http_methods

from arrangeer.audit.constants import Event
from arrangeer.audit.services import entries_for_case

from . import file_exports, history
from .access import Actor, CaseAccess, access_case
from .export import file_data
from .forms import PeriodForm
from .log_words import role_label
from .models import FileExport


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
@require_http_methods(["GET", "POST"])
def export_pdf(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """The whole file as a PDF, built in the task queue (`file_exports`): POST asks for a new
    one, GET shows this person's latest: being prepared, ready to download, or failed. Asking
    for the PDF reads the file and changes none of it: the last regisseur of a closed case may
    still do it, as they could download it before."""
    access = access_case(
        dataclasses.replace(Actor.from_request(request), writes=False),
        case_id,
        event=Event.CREATE if request.method == "POST" else Event.VIEW,
        regisseur_only=True,
        object_type="file_export",
    )
    if request.method == "POST":
        file_exports.request_file_pdf(access, language=translation.get_language() or "nl")
        return redirect("cases:export_pdf", case_id=access.case.uuid)
    found = file_exports.latest(access)
    return render(
        request,
        "cases/export_pdf.html",
        {
            "access": access,
            "case": access.case,
            "export": found,
            "has_file": found is not None and bool(found.file),
        },
    )


@login_required
@require_GET
def export_pdf_download(request: HttpRequest, case_id: UUID, export_id: UUID) -> FileResponse:
    """The built PDF, only to the person who asked for it (404 for anyone else, and for an
    expired or unknown one, each refusal in the access log)."""
    found: list[FileExport] = []

    def served(access: CaseAccess) -> str:
        found.append(file_exports.ready_for(access, export_id))
        return str(export_id)

    # What was asked is the log's object, refused (at the door or by `ready_for`) or not.
    access = access_case(
        Actor.from_request(request),
        case_id,
        event=Event.EXPORT,
        regisseur_only=True,
        object_type=file_exports.OBJECT_TYPE,
        object_id=str(export_id),
        served=served,
    )
    return FileResponse(
        found[0].file.open("rb"),
        as_attachment=True,
        filename=f"dossier-{str(access.case.uuid)[:8]}.pdf",
        content_type="application/pdf",
    )
