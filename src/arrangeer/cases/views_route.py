"""The route page of a case: where it stands, who acts, the checks, moving on, the timeline
and the regie. Every view gets its case through access.access_case and writes through the
journey and regie services."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from arrangeer.core.forms_util import add_service_errors
from arrangeer.routes.models import Step
from arrangeer.vocabulary import DataCategory

from . import journey, partners, regie, services, timing
from .access import Actor, CaseAccess, access_case
from .constants import TransferStatus
from .forms_route import (
    ChecklistTickForm,
    DeclineForm,
    MoveForm,
    RegieTransferForm,
    SchoolPlanForm,
)
from .models import Case, RegieTransfer, TeamMember


def _map(case: Case) -> list[dict[str, Any]]:
    """The route as phases with their steps, for the picture of the route."""
    if case.route_id is None:
        return []
    phases: list[dict[str, Any]] = []
    for step in Step.objects.filter(route_id=case.route_id).select_related("phase"):
        name = step.phase.name if step.phase else ""
        if not phases or phases[-1]["name"] != name:
            phases.append({"name": name, "steps": []})
        phases[-1]["steps"].append(step)
    return phases


def route_context(
    access: CaseAccess,
    *,
    move_form: MoveForm | None = None,
    regie_form: RegieTransferForm | None = None,
) -> dict[str, Any]:
    case = access.case
    today = timezone.localdate()
    step = case.current_step
    open_moves = journey.moves(case) if journey.can_move(access) else []
    if move_form is None and open_moves:
        move_form = MoveForm(moves=open_moves, initial={"expected_step": step.pk if step else None})
    waiting = regie.pending(case)
    if regie_form is None and access.is_regisseur and waiting is None:
        regie_form = RegieTransferForm(case=case)
    last = timing.last_activity(case)
    checks = journey.checks(case)
    return {
        "access": access,
        "case": case,
        "route": case.route,
        "step": step,
        "phases": _map(case),
        "overdue": timing.is_overdue(case, today),
        "responsible": journey.responsible_members(case),
        "checks": checks,
        "blocked": [c for c in checks if not c.passed],
        "move_form": move_form if open_moves else None,
        "signals": timing.case_signals(case, today=today, last=last),
        "last_activity": last,
        "missing_partners": partners.missing_partners(case),
        "agenda_items": partners.required_agenda_items(case),
        "school_plan_ok": journey.school_plan_in_order(case),
        "sees_school_plan": access.allows(DataCategory.EDUCATION),
        "can_record_school_plan": journey.can_record_school_plan(access),
        "timeline": journey.timeline_for(access),
        "close_warnings": (
            journey.close_warnings(case)
            if access.is_regisseur and step is not None and step.can_close
            else []
        ),
        "regie_history": regie.history(case),
        "pending_transfer": waiting,
        "is_transfer_target": waiting is not None
        and waiting.to_member.membership.user_id == access.user.pk,
        "regie_form": regie_form if access.is_regisseur and waiting is None else None,
        "decline_form": DeclineForm(),
        # The regisseur's own task list: only they see it (they see every category).
        "checklist": journey.checklist(case) if access.is_regisseur else None,
        "regisseur_title": journey.regisseur_title(case),
        "can_tick": access.is_regisseur and not access.read_only,
    }


def _render(request: HttpRequest, access: CaseAccess, **forms: Any) -> HttpResponse:
    return render(request, "cases/case_route.html", route_context(access, **forms))


@login_required
@require_http_methods(["GET"])
def case_route(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = access_case(Actor.from_request(request), case_id, object_type="route")
    return _render(request, access)


@login_required
@require_POST
def case_move(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = access_case(Actor.from_request(request), case_id, object_type="route")
    if not journey.can_move(access):
        raise Http404
    form = MoveForm(request.POST, moves=journey.moves(access.case))
    if form.is_valid():
        move = form.move()
        expected = Step.objects.filter(pk=form.cleaned_data["expected_step"]).first()
        try:
            journey.move_case(
                access,
                to_step=move.to_step,
                reason=form.cleaned_data["reason"],
                override_reason=form.cleaned_data["override_reason"],
                close_reason=form.cleaned_data["close_reason"],
                destination=form.cleaned_data["destination"],
                expected_step=expected,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if move.closes:
                messages.success(
                    request,
                    _(
                        "The case was closed. You and the family can still read it during its "
                        "retention period; everyone else has no access any more."
                    ),
                )
                return redirect("cases:detail", case_id=case_id)
            assert move.to_step is not None
            messages.success(
                request, _("The case is now in step “%(step)s”.") % {"step": move.to_step.name}
            )
            return redirect("cases:route", case_id=case_id)
    return _render(request, access, move_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def case_school_plan(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = access_case(
        Actor.from_request(request),
        case_id,
        object_type="school_plan",
        category=DataCategory.EDUCATION,
    )
    if not journey.can_record_school_plan(access):
        raise Http404
    case = access.case
    form = SchoolPlanForm(
        request.POST or None,
        initial={
            "kind": case.school_plan_kind,
            "evaluated_on": case.school_plan_evaluated_on,
            "missing_reason": case.school_plan_missing_reason,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            journey.record_school_plan(
                access,
                kind=form.cleaned_data["kind"],
                evaluated_on=form.cleaned_data["evaluated_on"],
                missing_reason=form.cleaned_data["missing_reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The school's own route was recorded."))
            return redirect("cases:route", case_id=case_id)
    return render(
        request, "cases/case_school_plan.html", {"access": access, "case": case, "form": form}
    )


@login_required
@require_POST
def regie_propose(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = access_case(
        Actor.from_request(request), case_id, object_type="regie", regisseur_only=True
    )
    form = RegieTransferForm(request.POST, case=access.case)
    if form.is_valid():
        try:
            regie.propose_regie_transfer(
                access, to_member=form.cleaned_data["to_member"], reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The regie was offered. It changes hands when the other person accepts.")
            )
            return redirect("cases:route", case_id=case_id)
    return _render(request, access, regie_form=form)


def _transfer(access: CaseAccess, transfer_id: int) -> RegieTransfer:
    transfer = (
        RegieTransfer.objects.filter(
            case=access.case, pk=transfer_id, status=TransferStatus.PROPOSED
        )
        .select_related("to_member__membership")
        .first()
    )
    if transfer is None:
        raise Http404
    return transfer


def _as_target(
    request: HttpRequest, case_id: UUID, transfer_id: int
) -> tuple[CaseAccess, RegieTransfer]:
    access = access_case(Actor.from_request(request), case_id, object_type="regie")
    transfer = _transfer(access, transfer_id)
    if transfer.to_member.membership.user_id != access.user.pk or access.member is None:
        raise Http404
    return access, transfer


@login_required
@require_POST
def regie_accept(request: HttpRequest, case_id: UUID, transfer_id: int) -> HttpResponse:
    access, transfer = _as_target(request, case_id, transfer_id)
    try:
        regie.accept_regie_transfer(access, transfer)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("You are now the regisseur of this case."))
    return redirect("cases:route", case_id=case_id)


@login_required
@require_POST
def regie_decline(request: HttpRequest, case_id: UUID, transfer_id: int) -> HttpResponse:
    access, transfer = _as_target(request, case_id, transfer_id)
    form = DeclineForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    regie.decline_regie_transfer(access, transfer, note=note)
    messages.success(request, _("You declined the regie."))
    return redirect("cases:route", case_id=case_id)


@login_required
@require_POST
def regie_withdraw(request: HttpRequest, case_id: UUID, transfer_id: int) -> HttpResponse:
    access = access_case(
        Actor.from_request(request), case_id, object_type="regie", regisseur_only=True
    )
    regie.withdraw_regie_transfer(access, _transfer(access, transfer_id))
    messages.success(request, _("The offer of the regie was withdrawn."))
    return redirect("cases:route", case_id=case_id)


@login_required
@require_POST
def checklist_tick(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = access_case(
        Actor.from_request(request), case_id, object_type="checklist", regisseur_only=True
    )
    form = ChecklistTickForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("cases:route", case_id=case_id)
    try:
        services.tick_checklist_item(
            access, item=form.cleaned_data["item"], done=form.cleaned_data["done"]
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The checklist was updated."))
    return redirect(f"{reverse('cases:route', kwargs={'case_id': case_id})}#taken")


def summary(access: CaseAccess, team: Sequence[TeamMember]) -> dict[str, Any]:
    """The route part of the dossier page: where the case stands, who acts, what stalls and
    which partners are missing. `team`: the case's active and proposed members the page
    read (`dossier.build`)."""
    case = access.case
    today = timezone.localdate()
    return {
        "step": case.current_step,
        "overdue": timing.is_overdue(case, today),
        "responsible": journey.responsible_members(case, team),
        "signals": timing.case_signals(case, today=today, last=timing.last_activity(case)),
        "missing_partners": partners.missing_partners(case, team),
        "agenda_items": partners.required_agenda_items(case),
    }
