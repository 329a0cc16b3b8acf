"""The child in the group: intake, a place from the waiting list, outflow. Each goes through
the child's case (`cases.access`), and the place is a module in the child's own plan
(`plans.services.add_item`), so the child keeps one plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.audit.constants import Event
from arrangeer.cases.access import CaseAccess, log_change
from arrangeer.children.ages import months_old
from arrangeer.plans import services as plan_services
from arrangeer.plans.constants import (
    DecisionStatus,
    Instrument,
    IntensityUnit,
    ModuleFunction,
    Place,
    Side,
)
from arrangeer.plans.models import Goal

from .. import selectors
from ..constants import (
    Destination,
    GroupStatus,
    IntakeChoice,
    PlacementStatus,
)
from ..models import GroupArrangement, Placement
from .common import (
    MODULE_CATEGORY,
    OBJECT_TYPE,
    PLACE_DAYS,
    _lock,
)


def _require_team(access: CaseAccess) -> None:
    if access.read_only:
        raise PermissionDenied(_("This case is closed: it can still be read, not changed."))
    if access.member is None:
        raise PermissionDenied(_("Only the team of this case can record this."))
    if not access.allows(MODULE_CATEGORY):
        raise PermissionDenied(
            _("The place is part of the education in the plan: your organisation cannot write it.")
        )


def _lock_running(group: GroupArrangement, access: CaseAccess) -> GroupArrangement:
    locked = _lock(group)
    if locked.status != GroupStatus.RUNNING:
        raise ValidationError(_("This group is not running: there is no intake."))
    if locked.region_id != access.case.region_id:
        raise ValidationError(_("This child lives outside the group's region."))
    return locked


def _add_module(
    access: CaseAccess, group: GroupArrangement, *, goals: Iterable[Goal], on: dt.date
) -> Any:
    instrument = group.instrument or Instrument.NONE
    granted = instrument != Instrument.NONE
    assert group.school is not None and group.hours_per_week is not None
    pedagogue = group.pedagogue
    provider_name = pedagogue.organisation.name if pedagogue is not None else ""
    return plan_services.add_item(
        access,
        kind="module",
        fields={
            "title": group.name,
            "side": Side.EDUCATION,
            "provider": group.school,
            "function": ModuleFunction.AANPASSEN,
            "place": Place.SCHOOL,
            "intensity": Decimal(group.hours_per_week),
            "intensity_unit": IntensityUnit.HOURS,
            "start_date": on,
            "end_date": on + dt.timedelta(days=PLACE_DAYS),
            "funding_framework": group.funding_framework,
            "instrument": instrument,
            "decision_status": DecisionStatus.GRANTED if granted else DecisionStatus.NOT_APPLICABLE,
            "decided_on": group.approved_on if granted else None,
            "in_school_time": True,
            "method_description": _(
                "A place in the group %(group)s (%(location)s): teacher, teaching assistant "
                "and a pedagogical professional of %(provider)s work from one plan. %(approach)s"
            )
            % {
                "group": group.name,
                "location": group.location or group.school.name,
                "provider": provider_name,
                "approach": group.group_approach,
            },
            "method_rationale": group.group_goals,
            "goals": list(goals),
            "category": MODULE_CATEGORY,
        },
    )


def _require_room(group: GroupArrangement) -> bool:
    return selectors.places_used(group) < (group.capacity or 0)


@transaction.atomic
def record_intake(
    access: CaseAccess,
    *,
    group: GroupArrangement,
    intake_on: dt.date,
    choice: str,
    parents_prefer: str,
    parents_view: str,
    goals: Iterable[Goal] = (),
) -> Placement:
    """The joint intake with the parents: a regular school, or the group. For the group the
    child gets a place (a module in its own plan) when there is one, else the waiting list."""
    _require_team(access)
    locked = _lock_running(group, access)
    if intake_on > timezone.localdate():
        raise ValidationError({"intake_on": _("The intake date cannot be in the future.")})
    if choice not in IntakeChoice.values:
        raise ValidationError({"choice": _("Choose a regular school or the group.")})
    if parents_prefer not in IntakeChoice.values:
        raise ValidationError({"parents_prefer": _("Say what the parents prefer.")})
    if not parents_view.strip():
        raise ValidationError(
            {"parents_view": _("Write down the parents' view: the intake is a joint decision.")}
        )
    if locked.intake_age_months is not None:
        age = months_old(access.case.child.date_of_birth, intake_on)
        if age < locked.intake_age_months:
            raise ValidationError(
                _(
                    "The child has not reached the intake age of %(years)s years and "
                    "%(months)s months on the intake date."
                )
                % {
                    "years": locked.intake_age_months // 12,
                    "months": locked.intake_age_months % 12,
                }
            )
    if Placement.objects.filter(group=locked, case=access.case).exists():
        raise ValidationError(_("This child's intake for this group is recorded already."))
    placement = Placement(
        group=locked,
        case=access.case,
        intake_on=intake_on,
        intake_choice=choice,
        parents_prefer=parents_prefer,
        parents_view=parents_view.strip(),
        recorded_by=access.user,
    )
    if choice == IntakeChoice.REGULAR_SCHOOL:
        placement.status = PlacementStatus.REGULAR_SCHOOL
    elif _require_room(locked):
        placement.module = _add_module(access, locked, goals=goals, on=intake_on)
        placement.status = PlacementStatus.PLACED
        placement.placed_on = intake_on
    else:
        placement.status = PlacementStatus.WAITING
    placement.save()
    log_change(access, event=Event.CREATE, object_type=OBJECT_TYPE, object_id=str(placement.uuid))
    return placement


@transaction.atomic
def place_from_waiting_list(
    access: CaseAccess,
    *,
    group: GroupArrangement,
    placed_on: dt.date,
    goals: Iterable[Goal],
) -> Placement:
    _require_team(access)
    locked = _lock_running(group, access)
    placement = Placement.objects.select_for_update().filter(group=locked, case=access.case).first()
    if placement is None or placement.status != PlacementStatus.WAITING:
        raise ValidationError(_("This child is not on the group's waiting list."))
    if placed_on > timezone.localdate() or placed_on < placement.intake_on:
        raise ValidationError({"placed_on": _("Give a date between the intake and today.")})
    if not _require_room(locked):
        raise ValidationError(_("The group is full: the child stays on the waiting list."))
    placement.module = _add_module(access, locked, goals=goals, on=placed_on)
    placement.status = PlacementStatus.PLACED
    placement.placed_on = placed_on
    placement.save(update_fields=["module", "status", "placed_on"])
    log_change(access, object_type=OBJECT_TYPE, object_id=str(placement.uuid))
    return placement


@transaction.atomic
def record_outflow(
    access: CaseAccess,
    *,
    group: GroupArrangement,
    left_on: dt.date,
    destination: str,
    note: str = "",
) -> Placement:
    """The child leaves the group for a regular class, SBO, SO or elsewhere; the plan goes
    with the child (the note says what the next school needs for a warm handover)."""
    _require_team(access)
    placement = Placement.objects.select_for_update().filter(group=group, case=access.case).first()
    if placement is None or placement.status != PlacementStatus.PLACED:
        raise ValidationError(_("This child has no place in the group."))
    if destination not in Destination.values:
        raise ValidationError({"destination": _("Choose where the child goes.")})
    assert placement.placed_on is not None
    if left_on > timezone.localdate() or left_on < placement.placed_on:
        raise ValidationError(
            {"left_on": _("Give a date between the start in the group and today.")}
        )
    if left_on <= placement.placed_on:
        raise ValidationError({"left_on": _("The child leaves after the first day in the group.")})
    placement.status = PlacementStatus.LEFT
    placement.left_on = left_on
    placement.destination = destination
    placement.outflow_note = note.strip()
    placement.save(update_fields=["status", "left_on", "destination", "outflow_note"])
    if placement.module is not None:
        # The place ends in the child's own plan on the same day; the plan goes with the child.
        plan_services.end_module(
            access,
            placement.module,
            ended_on=left_on,
            reason=_("Left %(group)s: %(destination)s")
            % {"group": group.name, "destination": Destination(destination).label},
        )
    log_change(access, object_type=OBJECT_TYPE, object_id=str(placement.uuid))
    return placement
