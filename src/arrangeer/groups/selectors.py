"""The reads of group arrangements: who may do what with a group, the route's state, the
intake list and the children of a group within what the viewer may see (through the access
layer), the cost comparison of the business case, and the exact counts the monitor publishes
(through its suppression rule; nothing here shows a count by itself).

The figures that name no child (the business case's costs, the monitor's exact counts) are in
`figures` and imported back here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from uuid import UUID

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from arrangeer.accounts.models import User
from arrangeer.cases.access import Actor, CaseAccess, log_listed, valid_team_members, visible_cases
from arrangeer.cases.models import Case
from arrangeer.children.ages import months_before
from arrangeer.organisations.constants import CASEWORK_ROLES, OrganisationType, Role
from arrangeer.organisations.models import Membership, Region
from arrangeer.plans.models import DeliveryRecord, Goal, Measurement, Module
from arrangeer.vocabulary import DataCategory

from .constants import (
    INTAKE_WINDOW_MONTHS,
    PROPOSAL_FIELDS,
    SET_UP_FIELDS,
    SET_UP_OPTIONAL,
    BodyStatus,
    GroupStatus,
    PlacementStatus,
)
from .figures import CostComparison as CostComparison
from .figures import GroupCounts as GroupCounts
from .figures import cost_comparison as cost_comparison
from .figures import group_costs as group_costs
from .figures import group_counts as group_counts
from .figures import running_groups as running_groups
from .models import (
    BodyDecision,
    DecisionBody,
    DecisionRoute,
    GroupArrangement,
    GroupEvaluation,
    Placement,
)

# Who writes proposals and records the bodies' decisions: the region's policy officers and
# the staff of its samenwerkingsverband (seed 003).
SWV_ROLES = frozenset({Role.SWV_SPECIALIST, Role.PROCESS_SUPERVISOR, Role.POLICY_OFFICER})


def manager_memberships(user: User) -> QuerySet[Membership]:
    """The places from which this person manages group arrangements of their region."""
    if not user.is_authenticated or not user.is_active:
        return Membership.objects.none()
    return (
        Membership.objects.active()
        .filter(user=user)
        .filter(
            Q(role=Role.POLICY_OFFICER)
            | Q(organisation__type=OrganisationType.SWV, role__in=SWV_ROLES)
        )
        .select_related("organisation__region")
    )


def managed_regions(user: User) -> list[Region]:
    seen: dict[int, Region] = {}
    for membership in manager_memberships(user):
        seen.setdefault(membership.organisation.region_id, membership.organisation.region)
    return sorted(seen.values(), key=lambda r: r.name)


def may_manage(user: User, group: GroupArrangement) -> bool:
    return manager_memberships(user).filter(organisation__region_id=group.region_id).exists()


def professional_memberships(group: GroupArrangement) -> list[Membership]:
    """The group's three professionals, as far as they are set."""
    return [m for m in (group.teacher, group.assistant, group.pedagogue) if m is not None]


def is_professional(user: User, group: GroupArrangement) -> bool:
    return any(
        m.user_id == user.pk and m.is_active and m.organisation.is_active
        for m in professional_memberships(group)
    )


def _with_people(queryset: QuerySet[GroupArrangement]) -> QuerySet[GroupArrangement]:
    return queryset.select_related(
        "region",
        "route",
        "school",
        "teacher__user",
        "teacher__organisation",
        "assistant__user",
        "assistant__organisation",
        "pedagogue__user",
        "pedagogue__organisation",
    )


def groups_for(user: User) -> QuerySet[GroupArrangement]:
    """The groups this person sees: those of the regions they manage, and the groups they
    work in."""
    if not user.is_authenticated or not user.is_active:
        return GroupArrangement.objects.none()
    regions = [r.pk for r in managed_regions(user)]
    works_in = (
        Q(teacher__user=user, teacher__is_active=True)
        | Q(assistant__user=user, assistant__is_active=True)
        | Q(pedagogue__user=user, pedagogue__is_active=True)
    )
    # Who works with children in the region sees its running groups, to refer a child to
    # one and record the intake (the children they see come through the access layer).
    casework = (
        Membership.objects.active()
        .filter(user=user, role__in=CASEWORK_ROLES)
        .values("organisation__region_id")
    )
    running = Q(status=GroupStatus.RUNNING, region_id__in=casework)
    return _with_people(
        GroupArrangement.objects.filter(Q(region_id__in=regions) | works_in | running).distinct()
    ).order_by("name")


def group_for(user: User, group_id: UUID) -> GroupArrangement | None:
    return groups_for(user).filter(uuid=group_id).first()


def route_for_region(region: Region) -> DecisionRoute | None:
    """The region's own decision route, else the one shipped with the product."""
    own = DecisionRoute.objects.filter(region=region).order_by("pk").first()
    if own is not None:
        return own
    return DecisionRoute.objects.filter(region__isnull=True).order_by("pk").first()


def route_bodies(route: DecisionRoute | None) -> list[DecisionBody]:
    if route is None:
        return []
    return list(route.bodies.order_by("position"))


def decisions_of(group: GroupArrangement) -> list[BodyDecision]:
    return list(group.decisions.select_related("body", "recorded_by").order_by("body__position"))


def next_decision(decisions: list[BodyDecision]) -> BodyDecision | None:
    """The first body that has not spoken yet, if no body refused before it."""
    for decision in decisions:
        if decision.status == BodyStatus.REFUSED:
            return None
        if decision.status == BodyStatus.WAITING:
            return decision
    return None


def route_is_through(decisions: list[BodyDecision]) -> bool:
    return bool(decisions) and all(
        d.status in (BodyStatus.INFORMED, BodyStatus.APPROVED) for d in decisions
    )


def field_label(name: str) -> str:
    """The label of a field of the arrangement, for messages and pages."""
    return str(getattr(GroupArrangement._meta.get_field(name), "verbose_name", name))


def proposal_words(values: dict[str, str]) -> int:
    return sum(len(str(values.get(name) or "").split()) for name in PROPOSAL_FIELDS)


def set_up_missing(group: GroupArrangement) -> list[str]:
    """The parts of a running group still to fill in before it can start (as field names)."""
    return [
        name
        for name in SET_UP_FIELDS
        if name not in SET_UP_OPTIONAL and getattr(group, name) in (None, "")
    ]


def places_used(group: GroupArrangement) -> int:
    return Placement.objects.filter(group=group, status=PlacementStatus.PLACED).count()


# --- The children, within what the viewer may see -------------------------------------------


@dataclass(frozen=True)
class ChildRow:
    placement: Placement | None
    case: Case


def _visible(user: User) -> QuerySet[Case]:
    return visible_cases(user).select_related("child", "child__school")


def group_children(
    actor: Actor, group: GroupArrangement
) -> tuple[list[ChildRow], list[ChildRow], int]:
    """The children placed in the group and those on its waiting list that this person may
    see (each look logged), and how many more there are that they may not see (the family
    gave their organisation no consent, or they are not on the child's team)."""
    placements = list(
        Placement.objects.filter(
            group=group, status__in=(PlacementStatus.PLACED, PlacementStatus.WAITING)
        ).order_by("placed_on", "intake_on", "pk")
    )
    seen = {
        case.pk: case
        for case in _visible(actor.user).filter(pk__in=[p.case_id for p in placements])
    }
    placed = [
        ChildRow(p, seen[p.case_id])
        for p in placements
        if p.status == PlacementStatus.PLACED and p.case_id in seen
    ]
    waiting = [
        ChildRow(p, seen[p.case_id])
        for p in placements
        if p.status == PlacementStatus.WAITING and p.case_id in seen
    ]
    log_listed(actor, [row.case for row in (*placed, *waiting)])
    return placed, waiting, len(placements) - len(placed) - len(waiting)


def intake_candidates(
    actor: Actor, group: GroupArrangement, *, today: dt.date, limit: int = 100
) -> list[ChildRow]:
    """Children of the region's preschools (peuteropvang, kinderopvang, VVE) this person may
    see who reached the group's intake age in the last INTAKE_WINDOW_MONTHS, without an
    intake in this group yet (waiting ones included, to be placed when a place comes free).
    A child is of a preschool when a preschool of the group's region has a place on the
    child's team that gives access today (the parents' consent): the preschool is how the
    child comes in view at 3 years and 6 months (seed 000). Each row shown is logged."""
    if group.intake_age_months is None:
        return []
    oldest = months_before(today, group.intake_age_months + INTAKE_WINDOW_MONTHS)
    youngest = months_before(today, group.intake_age_months)
    done = Placement.objects.filter(group=group).exclude(status=PlacementStatus.WAITING)
    at_preschool = (
        valid_team_members(day=today)
        .filter(
            case_id=OuterRef("pk"),
            membership__organisation__region_id=group.region_id,
        )
        .exclude(membership__organisation__preschool="")
    )
    cases = list(
        _visible(actor.user)
        .filter(
            region_id=group.region_id,
            child__date_of_birth__gt=oldest,
            child__date_of_birth__lte=youngest,
        )
        .filter(Exists(at_preschool))
        .exclude(pk__in=done.values("case_id"))
        .order_by("child__date_of_birth", "pk")[:limit]
    )
    waiting = {
        p.case_id: p
        for p in Placement.objects.filter(
            group=group, status=PlacementStatus.WAITING, case__in=cases
        )
    }
    log_listed(actor, cases)
    return [ChildRow(waiting.get(case.pk), case) for case in cases]


def placement_of(group: GroupArrangement, case: Case) -> Placement | None:
    return Placement.objects.filter(group=group, case=case).select_related("module").first()


# --- The evaluation cycle --------------------------------------------------------------------


def evaluations_of(group: GroupArrangement) -> list[GroupEvaluation]:
    return list(group.evaluations.select_related("recorded_by").order_by("-held_on", "-pk"))


@dataclass(frozen=True)
class EvaluationSummary:
    count: int
    latest: GroupEvaluation | None  # the latest evaluation that took a decision

    @property
    def decision_label(self) -> str:
        return self.latest.get_decision_display() if self.latest is not None else ""


def evaluation_summary(groups: list[GroupArrangement]) -> dict[int, EvaluationSummary]:
    """Per group (by pk): how many evaluation moments, and the latest decision. One query."""
    found: dict[int, list[GroupEvaluation]] = {g.pk: [] for g in groups}
    for evaluation in GroupEvaluation.objects.filter(group__in=groups).order_by("-held_on", "-pk"):
        found[evaluation.group_id].append(evaluation)
    return {
        pk: EvaluationSummary(len(rows), next((e for e in rows if e.decision), None))
        for pk, rows in found.items()
    }


# --- The registration of attendance and progress, within what each professional may see ----


def module_goals(access: CaseAccess, module: Module) -> QuerySet[Goal]:
    """The goals the child's place serves that this person may see (their categories)."""
    return Goal.objects.visible_to(access).filter(modules=module).order_by("pk")


@dataclass(frozen=True)
class RegisterRow:
    """A child of the group on the registration page, with what this person may register."""

    access: CaseAccess
    placement: Placement
    may_attend: bool  # the place module's category (education) is theirs
    goals: list[Goal]  # the goals of the place they may write progress on
    registered: list[DeliveryRecord]  # this week's attendance already registered
    progress: list[Measurement]  # this week's progress notes they may see

    @property
    def may_register(self) -> bool:
        return self.may_attend or bool(self.goals)


def register_rows(
    accesses: list[tuple[CaseAccess, Placement]], *, monday: dt.date, sunday: dt.date
) -> list[RegisterRow]:
    """The registration rows of the group's children this person is on the team of, each
    within that child's access: three queries whatever the number of children (the goals of
    the places, this week's attendance of the places whose education they read, this week's
    progress on those goals)."""
    on_team = [
        (access, placement)
        for access, placement in accesses
        if placement.module_id is not None and access.member is not None and not access.read_only
    ]
    if not on_team:
        return []
    goals_of = _place_goals(on_team)
    deliveries = _week_attendance(on_team, monday, sunday)
    progress = _week_progress(on_team, goals_of, monday, sunday)
    rows = []
    for access, placement in on_team:
        may_attend = access.allows(DataCategory.EDUCATION)
        goals = goals_of[placement.pk]
        rows.append(
            RegisterRow(
                access,
                placement,
                may_attend,
                goals,
                deliveries.get(placement.module_id or 0, []) if may_attend else [],
                sorted(
                    (m for goal in goals for m in progress.get(goal.pk, [])),
                    key=lambda m: (m.measured_on, m.pk),
                ),
            )
        )
    return rows


def _place_goals(on_team: list[tuple[CaseAccess, Placement]]) -> dict[int, list[Goal]]:
    """placement → the goals its place module serves, in one query.

    A place module is in its own child's plan: its goals are of that child's case, within
    that child's access (`visible_to_any` holds each case to its own categories)."""
    goals_by_module: dict[int, list[Goal]] = {}
    for goal in (
        Goal.objects.visible_to_any([access for access, _placement in on_team])
        .annotate(place_module=F("modules"))
        .filter(place_module__in=[placement.module_id for _access, placement in on_team])
        .order_by("pk")
    ):
        goals_by_module.setdefault(goal.place_module, []).append(goal)
    return {
        placement.pk: goals_by_module.get(placement.module_id or 0, [])
        for _access, placement in on_team
    }


def _week_attendance(
    on_team: list[tuple[CaseAccess, Placement]], monday: dt.date, sunday: dt.date
) -> dict[int, list[DeliveryRecord]]:
    """module → this week's attendance, for the places whose education this person reads."""
    attending = [
        placement.module_id
        for access, placement in on_team
        if access.allows(DataCategory.EDUCATION)
    ]
    deliveries: dict[int, list[DeliveryRecord]] = {}
    for record in DeliveryRecord.objects.filter(
        module_id__in=attending, on_date__range=(monday, sunday), removed_at__isnull=True
    ).order_by("on_date", "pk"):
        deliveries.setdefault(record.module_id, []).append(record)
    return deliveries


def _week_progress(
    on_team: list[tuple[CaseAccess, Placement]],
    goals_of: dict[int, list[Goal]],
    monday: dt.date,
    sunday: dt.date,
) -> dict[int, list[Measurement]]:
    """goal → this week's progress notes on the places' goals, each within its child's access."""
    measured = [
        (access, [g.pk for g in goals_of[placement.pk]])
        for access, placement in on_team
        if goals_of[placement.pk]
    ]
    progress: dict[int, list[Measurement]] = {}
    if measured:
        for measurement in (
            Measurement.objects.visible_to_any([access for access, _goals in measured])
            .filter(
                goal_id__in=[pk for _access, pks in measured for pk in pks],
                measured_on__range=(monday, sunday),
            )
            .select_related("goal")
            .order_by("measured_on", "pk")
        ):
            progress.setdefault(measurement.goal_id, []).append(measurement)
    return progress
