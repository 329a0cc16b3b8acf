"""Schoolsucces na een jaar (referrals/enrolment.py): the leerplichtambtenaar's list of the
checks due in their municipality (/schoolsucces/, 50 a page) and the form that records one
(/schoolsucces/<case>/). Both read the closed case only through the ground of the check, which
logs every row shown and every look."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from arrangeer.cases.access import Actor
from arrangeer.core.forms_util import add_service_errors

from . import enrolment
from .forms import EnrolmentCheckForm

PAGE_SIZE = 50


@login_required
@require_http_methods(["GET"])
def due(request: HttpRequest) -> HttpResponse:
    actor = Actor.from_request(request)
    if not enrolment.is_leerplicht_officer(actor.user):
        raise Http404
    # A page at a time (a large municipality closes hundreds of arrangements a year): the
    # access log records the checks shown on this page only, as "My cases" does.
    page = enrolment.due_page(
        actor.user, timezone.localdate(), request.GET.get("pagina"), PAGE_SIZE
    )
    enrolment.log_shown(actor, page.rows)
    return render(request, "referrals/enrolment_due.html", {"checks": page.rows, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def record(request: HttpRequest, case_id: UUID) -> HttpResponse:
    actor = Actor.from_request(request)
    access = enrolment.access_check(actor, case_id)
    recorded = access.recorded
    form = None
    if recorded is None:
        form = EnrolmentCheckForm(request.POST or None)
    elif request.method == "POST":
        messages.error(request, _("The school success of this case is already recorded."))
        return redirect("enrolment:record", case_id=case_id)
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            enrolment.record_check(access, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The school success is recorded."))
            return redirect("enrolment:due")
    return render(
        request,
        "referrals/enrolment_record.html",
        {"check": access, "case": access.case, "recorded": recorded, "form": form},
    )
