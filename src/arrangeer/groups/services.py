"""The writes of group arrangements. Each is one transaction with a clear message for what
is refused. The arrangement itself (proposal, business case, route, set-up) is written by the
region's policy officers and SWV staff (`selectors.may_manage`); a child's intake, place and
outflow go through the child's case (`cases.access`), and the place is a module in the
child's own plan (`plans.services.add_item`), so the child keeps one plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.accounts.models import User
from arrangeer.audit.constants import Event
from arrangeer.cases.access import CaseAccess, log_change
from arrangeer.children.ages import months_old
from arrangeer.organisations.constants import OrganisationType
from arrangeer.organisations.models import Region
from arrangeer.plans import services as plan_services
from arrangeer.plans.constants import (
    DecisionStatus,
    Instrument,
    IntensityUnit,
    MissReason,
    ModuleFunction,
    Place,
    Side,
)
from arrangeer.plans.models import Goal
from arrangeer.vocabulary import DataCategory

from . import selectors
from .constants import (
    BUSINESS_CASE_FIELDS,
    OUTCOMES_BY_ROLE,
    PROPOSAL_FIELDS,
    PROPOSAL_MAX_WORDS,
    SET_UP_FIELDS,
    Attendance,
    BodyStatus,
    Destination,
    EndDecision,
    GroupStatus,
    IntakeChoice,
    PlacementStatus,
)
from .models import BodyDecision, GroupArrangement, GroupEvaluation, Placement

OBJECT_TYPE = "group_place"
# The group's registration of attendance and progress, as the access log names it.
REGISTER_OBJECT_TYPE = "group_registration"
# The place is a module of the education side of the plan: the child learns in a class.
MODULE_CATEGORY = DataCategory.EDUCATION
# A place runs a school year at a time; the evaluation decides on the next.
PLACE_DAYS = 365

COST_FIELDS = (
    "yearly_cost",
    "replaced_count",
    "replaced_hours",
    "replaced_product_code",
    "replaced_framework",
)


def _require_manager(user: User, group: GroupArrangement) -> None:
    if not selectors.may_manage(user, group):
        raise PermissionDenied(_("Only the region's policy officers and SWV staff can do this."))


def _lock(group: GroupArrangement) -> GroupArrangement:
    return GroupArrangement.objects.select_for_update().get(pk=group.pk)


def _texts(fields: Mapping[str, Any], names: Iterable[str]) -> dict[str, str]:
    return {name: str(fields.get(name) or "").strip() for name in names}


def _check_length(values: Mapping[str, str]) -> None:
    words = selectors.proposal_words(dict(values))
    if words > PROPOSAL_MAX_WORDS:
        raise ValidationError(
            _(
                "The proposal has %(words)s words. Keep it to about two A4: at most "
                "%(limit)s words. Shorten it by %(over)s words."
            )
            % {"words": words, "limit": PROPOSAL_MAX_WORDS, "over": words - PROPOSAL_MAX_WORDS}
        )


@transaction.atomic
def create_proposal(
    *, user: User, region: Region, name: str, fields: Mapping[str, Any]
) -> GroupArrangement:
    """A new proposal (bijlage 2) in a region this person manages, on the region's route."""
    if not selectors.manager_memberships(user).filter(organisation__region=region).exists():
        raise PermissionDenied(_("Only the region's policy officers and SWV staff can do this."))
    if not name.strip():
        raise ValidationError({"name": _("Give the group arrangement a name.")})
    values = _texts(fields, PROPOSAL_FIELDS)
    _check_length(values)
    return GroupArrangement.objects.create(
        region=region,
        name=name.strip(),
        route=selectors.route_for_region(region),
        created_by=user,
        **values,
    )


def _require_proposal(group: GroupArrangement) -> None:
    if group.status != GroupStatus.PROPOSAL:
        raise ValidationError(
            _("The proposal is in the decision route: it can no longer be changed.")
        )


@transaction.atomic
def update_proposal(
    *, user: User, group: GroupArrangement, name: str, fields: Mapping[str, Any]
) -> GroupArrangement:
    _require_manager(user, group)
    locked = _lock(group)
    _require_proposal(locked)
    if not name.strip():
        raise ValidationError({"name": _("Give the group arrangement a name.")})
    values = _texts(fields, PROPOSAL_FIELDS)
    _check_length(values)
    locked.name = name.strip()
    for field, value in values.items():
        setattr(locked, field, value)
    locked.save()
    return locked


@transaction.atomic
def update_business_case(
    *, user: User, group: GroupArrangement, fields: Mapping[str, Any]
) -> GroupArrangement:
    """The business case (bijlage 3) with its costs and the individual arrangements the group
    replaces, compared at the region's tariff."""
    _require_manager(user, group)
    locked = _lock(group)
    _require_proposal(locked)
    for field, value in _texts(fields, BUSINESS_CASE_FIELDS).items():
        setattr(locked, field, value)
    for field in COST_FIELDS:
        setattr(locked, field, fields.get(field) if fields.get(field) not in ("", None) else None)
    locked.replaced_product_code = str(fields.get("replaced_product_code") or "").strip().upper()
    locked.replaced_framework = str(fields.get("replaced_framework") or "")
    if locked.replaced_count and not (
        locked.replaced_hours and locked.replaced_product_code and locked.replaced_framework
    ):
        raise ValidationError(
            {
                "replaced_hours": _(
                    "To compare the costs, give the hours a week, the product code and the "
                    "funding framework of the individual arrangements."
                )
            }
        )
    locked.save()
    return locked


@transaction.atomic
def submit(*, user: User, group: GroupArrangement) -> GroupArrangement:
    """Send the proposal and business case into the decision route: every body of the route
    gets a decision to record, in order."""
    _require_manager(user, group)
    locked = _lock(group)
    _require_proposal(locked)
    missing = [
        selectors.field_label(name)
        for name in ("occasion", "target_group", "problem", "objective", "financing", "summary")
        if not getattr(locked, name).strip()
    ]
    if missing:
        raise ValidationError(
            _("Fill in the proposal and the business case first: %(missing)s.")
            % {"missing": ", ".join(missing)}
        )
    _check_length({name: getattr(locked, name) for name in PROPOSAL_FIELDS})
    route = locked.route or selectors.route_for_region(locked.region)
    bodies = selectors.route_bodies(route)
    if not bodies:
        raise ValidationError(
            _(
                "The region has no decision route for group arrangements: ask functional "
                "management to set one up."
            )
        )
    locked.route = route
    locked.status = GroupStatus.IN_ROUTE
    locked.save(update_fields=["route", "status", "updated_at"])
    BodyDecision.objects.bulk_create([BodyDecision(group=locked, body=body) for body in bodies])
    return locked


@transaction.atomic
def record_body_decision(
    *,
    user: User,
    group: GroupArrangement,
    decision: BodyDecision,
    status: str,
    decided_on: dt.date,
    text: str,
    conditions: str = "",
) -> BodyDecision:
    """What one body did with the proposal, in the route's order. A body that decides may
    approve (with conditions) or refuse; a refusal stops the arrangement. When the last body
    has spoken, the route is through and the group may start."""
    _require_manager(user, group)
    locked = _lock(group)
    if locked.status != GroupStatus.IN_ROUTE:
        raise ValidationError(_("This arrangement is not in the decision route."))
    decisions = selectors.decisions_of(locked)
    current = selectors.next_decision(decisions)
    if current is None or current.pk != decision.pk:
        raise ValidationError(
            _("The bodies speak in the route's order: record the decision of %(body)s first.")
            % {"body": current.body.name if current else "?"}
        )
    if status not in OUTCOMES_BY_ROLE[current.body.role]:
        raise ValidationError(
            {
                "status": _("%(body)s is informed: record that, not a decision.")
                % {"body": current.body.name}
            }
            if current.body.role == "informeert"
            else {
                "status": _("%(body)s decides: record approved or refused.")
                % {"body": current.body.name}
            }
        )
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _("The date cannot be in the future.")})
    earlier = [d.decided_on for d in decisions if d.decided_on is not None]
    if earlier and decided_on < max(earlier):
        raise ValidationError(
            {"decided_on": _("The date cannot be before the previous body's decision.")}
        )
    if status == BodyStatus.REFUSED and not text.strip():
        raise ValidationError({"text": _("Say why the body refused.")})
    current.status = status
    current.decided_on = decided_on
    current.decision = text.strip()
    current.conditions = conditions.strip()
    current.recorded_by = user
    current.save()
    if status == BodyStatus.REFUSED:
        locked.status = GroupStatus.REFUSED
        locked.save(update_fields=["status", "updated_at"])
    elif selectors.route_is_through(selectors.decisions_of(locked)):
        locked.status = GroupStatus.APPROVED
        locked.approved_on = decided_on
        locked.save(update_fields=["status", "approved_on", "updated_at"])
    return current


@transaction.atomic
def set_up(*, user: User, group: GroupArrangement, fields: Mapping[str, Any]) -> GroupArrangement:
    """The running group: places, school and location, its three professionals, funding,
    intake age and the group plan. Prepared while the route runs; not for a refused one."""
    _require_manager(user, group)
    locked = _lock(group)
    if locked.status == GroupStatus.REFUSED:
        raise ValidationError(_("This arrangement was refused: it does not start."))
    for field in SET_UP_FIELDS:
        value = fields.get(field)
        setattr(locked, field, value if value not in ("",) else None)
    locked.location = str(fields.get("location") or "").strip()
    locked.group_goals = str(fields.get("group_goals") or "").strip()
    locked.group_approach = str(fields.get("group_approach") or "").strip()
    locked.funding_framework = str(fields.get("funding_framework") or "")
    locked.instrument = str(fields.get("instrument") or "")
    errors: dict[str, str] = {}
    school = locked.school
    if school is not None and (
        school.type != OrganisationType.SCHOOL or school.region_id != locked.region_id
    ):
        errors["school"] = _("Choose a school of the region.")
    for field in ("teacher", "assistant"):
        member = getattr(locked, field)
        if member is not None and (school is None or member.organisation_id != school.pk):
            errors[field] = _("Choose someone who works at the group's school.")
    pedagogue = locked.pedagogue
    if pedagogue is not None and pedagogue.organisation.type != OrganisationType.CARE_PROVIDER:
        errors["pedagogue"] = _("Choose someone who works at a youth care provider.")
    if locked.capacity is not None:
        used = selectors.places_used(locked)
        if locked.capacity < used:
            errors["capacity"] = _(
                "%(used)s children are in the group: the places cannot be fewer."
            ) % {"used": used}
    if errors:
        raise ValidationError(errors)
    locked.save()
    return locked


@transaction.atomic
def start(*, user: User, group: GroupArrangement, started_on: dt.date) -> GroupArrangement:
    """The group starts: only when the decision route is through and the group is set up."""
    _require_manager(user, group)
    locked = _lock(group)
    if locked.status == GroupStatus.RUNNING:
        raise ValidationError(_("This group is running already."))
    if locked.status != GroupStatus.APPROVED:
        raise ValidationError(
            _("The group can start only when the decision route is through.")
            if locked.status != GroupStatus.REFUSED
            else _("This arrangement was refused: it does not start.")
        )
    missing = selectors.set_up_missing(locked)
    if missing:
        raise ValidationError(
            _("Set up the group first: %(missing)s.")
            % {"missing": ", ".join(selectors.field_label(name) for name in missing)}
        )
    if locked.approved_on is not None and started_on < locked.approved_on:
        raise ValidationError(
            {"started_on": _("The group cannot start before the route was through.")}
        )
    locked.status = GroupStatus.RUNNING
    locked.started_on = started_on
    locked.save(update_fields=["status", "started_on", "updated_at"])
    return locked


# --- The child in the group: intake, place, outflow ----------------------------------------


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


# --- The group's evaluation cycle (Alkmaar phase 5) -----------------------------------------


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
