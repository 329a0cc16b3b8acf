"""The group's evaluation cycle (Alkmaar phase 5), and its registration of attendance and
progress, which lands in each child's plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.accounts.models import User
from arrangeer.cases.access import CaseAccess
from arrangeer.plans import services as plan_services
from arrangeer.plans.constants import (
    MissReason,
)
from arrangeer.plans.models import Goal

from .. import selectors
from ..constants import (
    Attendance,
    EndDecision,
    GroupStatus,
    PlacementStatus,
)
from ..models import GroupArrangement, GroupEvaluation, Placement
from .common import (
    MODULE_CATEGORY,
    _lock,
    _require_manager,
)


@transaction.atomic
def record_evaluation(
    *,
    user: User,
    group: GroupArrangement,
    held_on: dt.date,
    goals_findings: str,
    indicators_findings: str,
    decision: str = "",
    decision_note: str = "",
    next_on: dt.date | None = None,
) -> GroupEvaluation:
    """An evaluation moment of a running group: the findings against the group plan's goals
    and the business case's outcome indicators, and, when it decides, continue, develop
    further or integrate into regular processes. Integrating ends the cycle; otherwise the
    next moment is planned."""
    _require_manager(user, group)
    locked = _lock(group)
    if locked.status != GroupStatus.RUNNING:
        raise ValidationError(_("Only a running group is evaluated."))
    errors: dict[str, str] = {}
    if held_on > timezone.localdate():
        errors["held_on"] = _("The date cannot be in the future.")
    elif locked.started_on is not None and held_on < locked.started_on:
        errors["held_on"] = _("The evaluation cannot be before the group started.")
    if not goals_findings.strip():
        errors["goals_findings"] = _("Write what you found against the goals of the group.")
    if locked.outcome_indicators.strip() and not indicators_findings.strip():
        errors["indicators_findings"] = _(
            "The business case committed to outcome indicators: write what you found against them."
        )
    if decision and decision not in EndDecision.values:
        errors["decision"] = _("Choose continue, develop further or integrate.")
    elif decision and not decision_note.strip():
        errors["decision_note"] = _("Give the reasons of the decision.")
    if decision == EndDecision.INTEGRATE:
        next_on = None
    elif next_on is None:
        errors["next_on"] = _("Give the date of the next evaluation.")
    elif next_on <= held_on:
        errors["next_on"] = _("The next evaluation comes after this one.")
    if errors:
        raise ValidationError(errors)
    return GroupEvaluation.objects.create(
        group=locked,
        held_on=held_on,
        goals_findings=goals_findings.strip(),
        indicators_findings=indicators_findings.strip(),
        decision=decision,
        decision_note=decision_note.strip(),
        next_on=next_on,
        recorded_by=user,
    )


# --- Attendance and progress: the group's registration, landing in each child's plan -------


@dataclass(frozen=True)
class Registration:
    """One child's line of a week's registration: attendance (empty: not registered) with the
    hours in the group, and a progress note on a goal of the place module."""

    attendance: str = ""
    hours: Decimal | None = None
    goal: Goal | None = None
    achievement: str = ""
    value: Decimal | None = None
    note: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.attendance and self.goal is None and not self.note.strip()


def week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """The Monday and Sunday of the week of `day`."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def _register_one(
    access: CaseAccess, group: GroupArrangement, on: dt.date, entry: Registration
) -> None:
    if access.read_only or access.member is None:
        raise PermissionDenied(_("Only the child's team can register this."))
    placement = (
        Placement.objects.filter(group=group, case=access.case, status=PlacementStatus.PLACED)
        .select_related("module")
        .first()
    )
    if placement is None or placement.module is None:
        raise ValidationError(_("This child has no place in the group."))
    module = placement.module
    if entry.attendance:
        if not access.allows(MODULE_CATEGORY):
            raise ValidationError(
                _(
                    "Attendance is part of the education in the plan: your organisation "
                    "cannot write it."
                )
            )
        if entry.attendance not in Attendance.values:
            raise ValidationError(_("Choose present, absent or holiday."))
        monday, sunday = week_of(on)
        if module.deliveries.filter(
            on_date__range=(monday, sunday), removed_at__isnull=True
        ).exists():
            raise ValidationError(_("The attendance of this week is registered already."))
        hours = entry.hours if entry.hours is not None else group.hours_per_week
        plan_services.record_delivery(
            access,
            module,
            on_date=on,
            delivered=entry.attendance == Attendance.PRESENT,
            amount=Decimal(hours or 1),
            miss_reason={
                Attendance.ABSENT: MissReason.CHILD_ABSENT,
                Attendance.HOLIDAY: MissReason.HOLIDAY,
            }.get(Attendance(entry.attendance), ""),
            note=_("Registered in the group %(group)s.") % {"group": group.name},
        )
    if entry.goal is not None or entry.note.strip() or entry.achievement:
        goal = entry.goal
        if goal is None or not selectors.module_goals(access, module).filter(pk=goal.pk).exists():
            raise ValidationError(_("Choose a goal of the child's place for the progress note."))
        plan_services.record_measurement(
            access,
            goal,
            measured_on=on,
            value=entry.value,
            achievement=entry.achievement,
            note=entry.note,
        )


@transaction.atomic
def register_week(
    group: GroupArrangement, *, on: dt.date, entries: Iterable[tuple[CaseAccess, Registration]]
) -> int:
    """The week's attendance and progress of the group's children, registered by one of the
    group's professionals, each child through its own case access: attendance as a delivery
    of the child's place module, progress as a measurement of its goal, both in the child's
    own plan. All or nothing: a refused line saves no line. Returns the lines saved."""
    if group.status != GroupStatus.RUNNING:
        raise ValidationError(_("This group is not running."))
    if on > timezone.localdate():
        raise ValidationError({"on": _("The date cannot be in the future.")})
    problems: list[str] = []
    saved = 0
    for access, entry in entries:
        if entry.is_empty:
            continue
        if not selectors.is_professional(access.user, group):
            raise PermissionDenied(_("Only the group's professionals register in the group."))
        try:
            with transaction.atomic():
                _register_one(access, group, on, entry)
        except ValidationError as error:
            problems += [f"{access.case.child.full_name}: {m}" for m in error.messages]
        else:
            saved += 1
    if problems:
        raise ValidationError(problems)
    return saved
