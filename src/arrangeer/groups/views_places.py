"""A child's intake and outflow of a group, through the child's case: `access_case` (URLs with
the case, in the authorization matrix), and only a team member who writes the plan's education
records them. The place is a module in the child's own plan."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from arrangeer.audit.constants import Event
from arrangeer.cases.access import Actor, CaseAccess, access_case
from arrangeer.core.forms_util import save_form
from arrangeer.plans.models import Goal

from . import selectors, services
from .constants import (
    GroupStatus,
    PlacementStatus,
)
from .forms import (
    IntakeForm,
    OutflowForm,
    PlaceForm,
)
from .models import GroupArrangement, Placement
from .services import MODULE_CATEGORY
from .views import _posted


def _child_access(request: HttpRequest, case_id: UUID, event: str) -> CaseAccess:
    """The case through the access layer; then only a team member who writes the plan's
    education records the intake or the outflow (a closed case: read-only, 403)."""
    access = access_case(
        Actor.from_request(request), case_id, event=event, object_type="group_place"
    )
    if access.member is None or not access.allows(MODULE_CATEGORY):
        raise Http404
    if access.read_only:
        raise PermissionDenied(_("This case is closed: it can still be read, not changed."))
    return access


def _running_group(access: CaseAccess, group_id: UUID) -> GroupArrangement:
    group = (
        GroupArrangement.objects.filter(
            uuid=group_id, region_id=access.case.region_id, status=GroupStatus.RUNNING
        )
        .select_related("school", "pedagogue__organisation")
        .first()
    )
    if group is None:
        raise Http404
    return group


def _goals(access: CaseAccess) -> Any:
    return Goal.objects.visible_to(access).order_by("side", "pk")


def _intake_done(placement: Placement) -> str:
    return {
        PlacementStatus.PLACED: _(
            "The child has a place in the group: it is a module in the child's plan."
        ),
        PlacementStatus.WAITING: _("The group is full: the child is on the waiting list."),
        PlacementStatus.REGULAR_SCHOOL: _("The intake is recorded: a regular school."),
    }[PlacementStatus(placement.status)]


@login_required
@require_http_methods(["GET", "POST"])
def intake_decide(request: HttpRequest, group_id: UUID, case_id: UUID) -> HttpResponse:
    access = _child_access(
        request, case_id, Event.VIEW if request.method == "GET" else Event.CHANGE
    )
    group = _running_group(access, group_id)
    placement = selectors.placement_of(group, access.case)
    waiting = placement is not None and placement.status == PlacementStatus.WAITING
    form: Any
    if waiting:
        form = PlaceForm(
            _posted(request), goals=_goals(access), initial={"placed_on": timezone.localdate()}
        )
    else:
        form = IntakeForm(
            _posted(request), goals=_goals(access), initial={"intake_on": timezone.localdate()}
        )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if save_form(
            request,
            form,
            (
                lambda: services.place_from_waiting_list(
                    access, group=group, placed_on=data["placed_on"], goals=data["goals"]
                )
            )
            if waiting
            else lambda: services.record_intake(
                access,
                group=group,
                intake_on=data["intake_on"],
                choice=data["choice"],
                parents_prefer=data["parents_prefer"],
                parents_view=data["parents_view"],
                goals=data["goals"],
            ),
            _intake_done,
        ):
            return redirect("groups:intake", group_id=group.uuid)
    return render(
        request,
        "groups/child_form.html",
        {
            "access": access,
            "case": access.case,
            "group": group,
            "placement": placement,
            "form": form if placement is None or waiting else None,
            "title": _("Place from the waiting list") if waiting else _("Intake"),
            "submit": _("Place in the group") if waiting else _("Record the intake"),
            "places_used": selectors.places_used(group),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def outflow(request: HttpRequest, group_id: UUID, case_id: UUID) -> HttpResponse:
    access = _child_access(
        request, case_id, Event.VIEW if request.method == "GET" else Event.CHANGE
    )
    group = _running_group(access, group_id)
    placement = selectors.placement_of(group, access.case)
    form = OutflowForm(_posted(request), initial={"left_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if save_form(
            request,
            form,
            lambda: services.record_outflow(
                access,
                group=group,
                left_on=data["left_on"],
                destination=data["destination"],
                note=data["note"],
            ),
            _("The outflow is recorded: the place has ended in the child's plan."),
        ):
            return redirect("groups:outflow", group_id=group.uuid, case_id=access.case.uuid)
    return render(
        request,
        "groups/child_form.html",
        {
            "access": access,
            "case": access.case,
            "group": group,
            "placement": placement,
            "form": form
            if placement is not None and placement.status == PlacementStatus.PLACED
            else None,
            "left": placement is not None and placement.status == PlacementStatus.LEFT,
            "title": _("Outflow"),
            "submit": _("Record the outflow"),
            "places_used": selectors.places_used(group),
        },
    )
