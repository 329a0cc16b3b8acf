"""The pages of the aanmelding and the Meldcode on a case: /dossiers/<case>/aanmelding/ (the
regisseur's intake) and /dossiers/<case>/meldcode/ (only for who reads safety data). Every
page gets the case through `access_case`."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from arrangeer.cases.access import Actor, CaseAccess, access_case
from arrangeer.core.forms_util import add_service_errors
from arrangeer.plans.services import plan_view

from . import selectors, services
from .constants import REFERRAL_CATEGORY, SAFETY_CATEGORY, ReferralStatus
from .forms import EndedForm, IntakeForm, MeldcodeStepForm, SignalForm, StartedForm
from .models import Referral


def _intake_access(request: HttpRequest, case_id: UUID) -> tuple[CaseAccess, Referral]:
    access = access_case(
        Actor.from_request(request),
        case_id,
        object_type="intake",
        category=REFERRAL_CATEGORY,
        regisseur_only=True,
    )
    referral = services.referral_of(access.case)
    if referral is None:
        raise Http404
    return access, referral


def _intake_page(
    request: HttpRequest,
    access: CaseAccess,
    referral: Referral,
    *,
    intake_form: IntakeForm | None = None,
    started_form: StartedForm | None = None,
    ended_form: EndedForm | None = None,
) -> HttpResponse:
    existing = getattr(referral, "intake", None) if hasattr(referral, "intake") else None
    today = timezone.localdate()
    if intake_form is None:
        initial: dict[str, Any] = {"received_on": today}
        if existing is not None:
            initial = {
                "school_information": existing.school_information,
                "information_from": existing.information_from,
                "received_on": existing.received_on,
            }
        intake_form = IntakeForm(initial=initial)
    failed = next(
        (f for f in (intake_form, started_form, ended_form) if f is not None and f.errors), None
    )
    return render(
        request,
        "referrals/intake.html",
        {
            "access": access,
            "case": access.case,
            "referral": referral,
            "intake": existing,
            "intake_form": intake_form,
            "started_form": started_form or StartedForm(initial={"started_on": today}),
            "ended_form": ended_form or EndedForm(initial={"ended_on": today}),
            "may_start": referral.status == ReferralStatus.ACCEPTED,
            "may_end": referral.status in (ReferralStatus.ACCEPTED, ReferralStatus.STARTED),
            "modules": plan_view(access).modules,
            "form": failed,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def intake(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access, referral = _intake_access(request, case_id)
    if request.method != "POST":
        return _intake_page(request, access, referral)
    form = IntakeForm(request.POST)
    if form.is_valid():
        try:
            services.record_intake(access, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as refused:
            raise Http404 from refused
        else:
            messages.success(request, _("The intake is saved."))
            return redirect("intake:intake", case_id=case_id)
    return _intake_page(request, access, referral, intake_form=form)


def _progress(
    request: HttpRequest, case_id: UUID, form_class: type[forms.Form], action: Any, done: str
) -> HttpResponse:
    access, referral = _intake_access(request, case_id)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            action(access, **form.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                add_service_errors(form, error)
            else:
                form.add_error(None, error)
        except PermissionDenied as refused:
            raise Http404 from refused
        else:
            messages.success(request, done)
            return redirect("intake:intake", case_id=case_id)
    if isinstance(form, StartedForm):
        return _intake_page(request, access, referral, started_form=form)
    assert isinstance(form, EndedForm)
    return _intake_page(request, access, referral, ended_form=form)


@login_required
@require_POST
def started(request: HttpRequest, case_id: UUID) -> HttpResponse:
    return _progress(
        request,
        case_id,
        StartedForm,
        services.mark_started,
        _("Recorded: the programme started. The referrer is told."),
    )


@login_required
@require_POST
def ended(request: HttpRequest, case_id: UUID) -> HttpResponse:
    return _progress(
        request,
        case_id,
        EndedForm,
        services.mark_ended,
        _("Recorded: the programme ended. The referrer is told."),
    )


# --- Meldcode and Verwijsindex ----------------------------------------------------------


def _safety_access(request: HttpRequest, case_id: UUID, object_type: str) -> CaseAccess:
    access = access_case(
        Actor.from_request(request),
        case_id,
        object_type=object_type,
        category=SAFETY_CATEGORY,
    )
    if not access.allows(SAFETY_CATEGORY):
        raise Http404
    return access


@login_required
@require_GET
def meldcode(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = _safety_access(request, case_id, "meldcode")
    return render(
        request,
        "referrals/meldcode.html",
        {
            "access": access,
            "case": access.case,
            "safety": selectors.safety_view(access),
            "may_record": services.may_record_safety(access),
        },
    )


def _safety_form(
    request: HttpRequest,
    case_id: UUID,
    *,
    object_type: str,
    form_class: type[forms.Form],
    action: Any,
    title: str,
    intro: str,
    done: str,
) -> HttpResponse:
    access = _safety_access(request, case_id, object_type)
    if not services.may_record_safety(access):
        raise PermissionDenied(
            _("Only a team member who reads safety data can record Meldcode steps and signals.")
        )
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            action(access, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("meldcode:overview", case_id=case_id)
    return render(
        request,
        "referrals/meldcode_form.html",
        {
            "access": access,
            "case": access.case,
            "form": form,
            "title": title,
            "intro": intro,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def step_new(request: HttpRequest, case_id: UUID) -> HttpResponse:
    return _safety_form(
        request,
        case_id,
        object_type="meldcode_step",
        form_class=MeldcodeStepForm,
        action=services.record_meldcode_step,
        title=_("Record a step of the Meldcode"),
        intro=_(
            "Each step of the Meldcode huiselijk geweld en kindermishandeling, dated, with who "
            "did it. Only professionals who read safety data see this."
        ),
        done=_("The step is recorded."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def signal_new(request: HttpRequest, case_id: UUID) -> HttpResponse:
    return _safety_form(
        request,
        case_id,
        object_type="verwijsindex_signal",
        form_class=SignalForm,
        action=services.record_verwijsindex_signal,
        title=_("Record a Verwijsindex signal"),
        intro=_(
            "A signal in the Verwijsindex Risicojongeren: when it was given, by you, and with "
            "whom it matched."
        ),
        done=_("The signal is recorded."),
    )
