"""Pages of the escalatieladder, under the case: /dossiers/<case>/escalaties/… Every view gets
the case through `access_case_for_decision` (the team, or who sits at the current level of an
open escalation) and every change through a service. What someone may not do looks like a
case they cannot see: 404."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from arrangeer.audit.constants import Event
from arrangeer.cases.access import Actor, CaseAccess, access_case_for_decision
from arrangeer.cases.partners import region_organisations
from arrangeer.core.forms_util import add_service_errors
from arrangeer.plans.models import Module

from . import selectors, services
from .forms import DecideForm, NoteForm, RaiseForm
from .models import Escalation


def _access(request: HttpRequest, case_id: UUID, *, event: str = Event.VIEW) -> CaseAccess:
    return access_case_for_decision(Actor.from_request(request), case_id, event=event)


def _escalation(access: CaseAccess, escalation_id: UUID) -> Escalation:
    found = selectors.escalations_of(access).filter(uuid=escalation_id).first()
    if found is None:
        raise Http404
    return found


def _team_only(access: CaseAccess) -> None:
    if access.member is None:
        raise Http404


@login_required
@require_GET
def escalation_list(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = _access(request, case_id)
    return render(
        request,
        "escalations/list.html",
        {
            "access": access,
            "case": access.case,
            "escalations": list(selectors.escalations_of(access)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def escalation_new(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = _access(request, case_id)
    _team_only(access)
    modules = Module.objects.visible_to(access).order_by("side", "start_date", "pk")
    form = RaiseForm(
        request.POST or None, modules=modules, organisations=region_organisations(access.case)
    )
    if request.method == "POST" and form.is_valid():
        try:
            escalation = services.raise_escalation(access, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The escalation is raised at the first level."))
            return redirect("escalations:detail", case_id=case_id, escalation_id=escalation.uuid)
    return render(
        request,
        "escalations/form.html",
        {
            "access": access,
            "case": access.case,
            "form": form,
            "title": _("Raise an escalation"),
            "intro": _(
                "When the partners do not agree on organising or paying for a module, the "
                "region's escalation ladder decides, level by level, each within its deadline."
            ),
            "submit": _("Raise the escalation"),
        },
    )


def _detail_context(access: CaseAccess, escalation: Escalation) -> dict[str, Any]:
    return {
        "access": access,
        "case": access.case,
        "escalation": escalation,
        "steps": list(escalation.steps.select_related("level", "payer", "by")),
        "module_shown": selectors.module_shown(access, escalation),
        "may_decide": selectors.may_decide(access, escalation),
        "may_move_up": selectors.may_request_move_up(access, escalation),
        "may_withdraw": selectors.may_withdraw(access, escalation),
        "is_last_level": selectors.is_last_level(escalation.level),
        "latest": selectors.latest_decision_date(escalation),
        "note_form": NoteForm(),
        "version": selectors.version(escalation),
    }


@login_required
@require_GET
def escalation_detail(request: HttpRequest, case_id: UUID, escalation_id: UUID) -> HttpResponse:
    access = _access(request, case_id)
    escalation = _escalation(access, escalation_id)
    return render(request, "escalations/detail.html", _detail_context(access, escalation))


@login_required
@require_http_methods(["GET", "POST"])
def escalation_decide(request: HttpRequest, case_id: UUID, escalation_id: UUID) -> HttpResponse:
    access = _access(request, case_id)
    escalation = _escalation(access, escalation_id)
    if not selectors.may_decide(access, escalation):
        raise Http404
    form = DecideForm(
        request.POST or None,
        organisations=region_organisations(access.case),
        initial={"version": selectors.version(escalation)},
    )
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        try:
            services.decide(access, escalation, expected_version=fields.pop("version"), **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The decision is recorded."))
            if access.is_decision_seat:
                # Decided, the escalation no longer waits at their level: their door shuts.
                return redirect("actions:my_actions")
            return redirect("escalations:detail", case_id=case_id, escalation_id=escalation.uuid)
    last = selectors.is_last_level(escalation.level)
    return render(
        request,
        "escalations/form.html",
        {
            "access": access,
            "case": access.case,
            "form": form,
            "escalation": escalation,
            "title": _("Decide who pays"),
            "intro": (
                _(
                    "You decide at the last level: your decision binds and becomes the "
                    "module's funding decision."
                )
                if last
                else _("Record what this level decided: who pays what, from when.")
            ),
            "submit": _("Record the decision"),
        },
    )


def _note_action(
    request: HttpRequest, case_id: UUID, escalation_id: UUID, action: Any, done: str
) -> HttpResponse:
    access = _access(request, case_id, event=Event.CHANGE)
    _team_only(access)
    escalation = _escalation(access, escalation_id)
    form = NoteForm(request.POST)
    form.is_valid()
    try:
        action(
            access,
            escalation,
            note=form.cleaned_data.get("note", ""),
            expected_version=form.cleaned_data.get("version"),
        )
    except PermissionDenied as refused:
        raise Http404 from refused
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("escalations:detail", case_id=case_id, escalation_id=escalation_id)


@login_required
@require_POST
def escalation_move_up(request: HttpRequest, case_id: UUID, escalation_id: UUID) -> HttpResponse:
    return _note_action(
        request,
        case_id,
        escalation_id,
        services.request_move_up,
        _("The escalation is with the next level now."),
    )


@login_required
@require_POST
def escalation_withdraw(request: HttpRequest, case_id: UUID, escalation_id: UUID) -> HttpResponse:
    return _note_action(
        request, case_id, escalation_id, services.withdraw, _("The escalation is withdrawn.")
    )
