"""The reads of the quality contact point: what a reporter may choose, the concerns each
viewer sees, and the counts the regional monitor shows (suppressed there)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.accounts.models import User
from arrangeer.cases.access import CaseAccess
from arrangeer.cases.constants import CaseStatus, MemberStatus
from arrangeer.cases.models import Case
from arrangeer.organisations.models import Organisation, Region
from arrangeer.plans.models import Goal, Module
from arrangeer.vocabulary import DataCategory

from .constants import STEPS_TOLD_TO_REPORTER, ConcernKind, ConcernStatus, SharedPart
from .doors import ConcernAccess, handler_places, team_may_see
from .models import Concern, ConcernStep, ContactPoint
from .rules import handled_q


def contact_points(case: Case) -> QuerySet[ContactPoint]:
    """The active contact points of the case's region."""
    return ContactPoint.objects.filter(region_id=case.region_id, is_active=True).order_by(
        "kind", "name"
    )


def _modules(access: CaseAccess) -> QuerySet[Module]:
    return Module.objects.visible_to(access)


def concerned_choices(access: CaseAccess) -> QuerySet[Organisation]:
    """The organisations a concern can be about: the child's school, those with a place on
    the team, and the providers of the plan's modules the reporter may see."""
    case = access.case
    on_team = Q(
        memberships__case_teams__case=case,
        memberships__case_teams__status__in=[MemberStatus.ACTIVE, MemberStatus.ENDED],
    )
    providers = _modules(access).values("provider_id")
    wanted = on_team | Q(pk__in=providers)
    if case.child.school_id is not None:
        wanted |= Q(pk=case.child.school_id)
    return Organisation.objects.filter(wanted).distinct().order_by("name")


def shareable_parts(access: CaseAccess) -> list[tuple[str, str]]:
    """The parts of the case this reporter may add: only what they may see themselves."""
    parts = []
    if access.allows(DataCategory.EDUCATION):
        parts.append((SharedPart.SCHOOL.value, str(SharedPart.SCHOOL.label)))
    if not access.is_family or access.allows(DataCategory.YOUTH_CARE):
        parts.append((SharedPart.TEAM.value, str(SharedPart.TEAM.label)))
    parts.append((SharedPart.GOALS.value, str(SharedPart.GOALS.label)))
    parts.append((SharedPart.MODULES.value, str(SharedPart.MODULES.label)))
    return parts


def _date(day: dt.date | None) -> str:
    return day.strftime("%d-%m-%Y") if day is not None else "—"


def _school_lines(access: CaseAccess) -> list[str]:
    child = access.case.child
    school = child.school.name if child.school is not None else "—"
    return [f"{school}, {child.group}" if child.group else school]


def _team_lines(access: CaseAccess) -> list[str]:
    return sorted(
        set(
            access.case.team.filter(status=MemberStatus.ACTIVE).values_list(
                "membership__organisation__name", flat=True
            )
        )
    )


def _goal_lines(access: CaseAccess) -> list[str]:
    goals = Goal.objects.visible_to(access).order_by("side", "pk")
    return [g.what for g in goals if g.what] or [_("No goals yet.")]


def _module_lines(access: CaseAccess) -> list[str]:
    modules = _modules(access).select_related("provider").order_by("side", "start_date", "pk")
    return [
        _("%(title)s, by %(provider)s, %(start)s to %(end)s")
        % {
            "title": m.title,
            "provider": m.provider.name,
            "start": _date(m.start_date),
            "end": _date(m.end_date),
        }
        for m in modules
    ] or [_("No modules yet.")]


# The parts of the case a reporter may share, in the order the contact point reads them.
_PART_LINES: tuple[tuple[SharedPart, Callable[[CaseAccess], list[str]]], ...] = (
    (SharedPart.SCHOOL, _school_lines),
    (SharedPart.TEAM, _team_lines),
    (SharedPart.GOALS, _goal_lines),
    (SharedPart.MODULES, _module_lines),
)


def shared_data(access: CaseAccess, parts: list[str]) -> list[dict[str, Any]]:
    """The case data the reporter chose, copied as they see it now: the contact point reads
    this and nothing else of the case. The child's name and date of birth always go along."""
    child = access.case.child
    chosen = set(parts) & {code for code, _label in shareable_parts(access)}
    data: list[dict[str, Any]] = [
        {
            "part": "child",
            "title": _("The child"),
            "lines": [
                child.full_name,
                _("Born %(date)s") % {"date": _date(child.date_of_birth)},
            ],
        }
    ]
    for part, lines in _PART_LINES:
        if part in chosen:
            data.append({"part": part.value, "title": str(part.label), "lines": lines(access)})
    return data


def concerns_for_team(access: CaseAccess) -> list[Concern]:
    """The case's concerns this place on the team reads (doors.team_may_see). Two queries."""
    if access.member is None:
        return []
    found = (
        Concern.objects.filter(case=access.case)
        .select_related("contact_point", "concerned", "case")
        .order_by("-reported_at", "-pk")
    )
    return [c for c in found if team_may_see(access, c)]


def concerns_for_family(access: CaseAccess) -> list[Concern]:
    """The concerns this family member reported: their own channel."""
    return list(
        Concern.objects.filter(case=access.case, from_family=True, reporter=access.user)
        .select_related("contact_point", "concerned")
        .order_by("-reported_at", "-pk")
    )


def family_concern(access: CaseAccess, concern_id: Any) -> Concern | None:
    return (
        Concern.objects.filter(
            case=access.case, from_family=True, reporter=access.user, uuid=concern_id
        )
        .select_related("contact_point", "concerned")
        .first()
    )


def concerns_for_handler(user: User) -> QuerySet[Concern]:
    """Every concern at the handler's contact points of the kinds they handle, on open cases,
    and the ones not closed yet on closed cases; open ones first, the earliest acknowledgement
    due first."""
    handlers = handler_places(user)
    if not handlers:
        return Concern.objects.none()
    return (
        Concern.objects.filter(
            handled_q(handlers),
            Q(case__status=CaseStatus.OPEN) | ~Q(status=ConcernStatus.CLOSED),
        )
        .select_related("contact_point", "concerned", "case__child")
        .order_by("closed_at", "acknowledge_due", "pk")
    )


@dataclass(frozen=True)
class StepLine:
    kind: str
    label: str
    at: dt.datetime
    by: str
    note: str


def steps_for(view: ConcernAccess | None, concern: Concern, *, reporter: bool) -> list[StepLine]:
    """What happened. The handler reads every step with its note and who did it; the reporter
    the steps and the notes told to them (the handling notes are the contact point's own)."""
    lines = []
    for step in (
        ConcernStep.objects.filter(concern=concern).select_related("by").order_by("at", "pk")
    ):
        told = step.kind in STEPS_TOLD_TO_REPORTER
        if reporter and not told:
            lines.append(StepLine(step.kind, step.get_kind_display(), step.at, "", ""))
            continue
        lines.append(
            StepLine(
                step.kind,
                step.get_kind_display(),
                step.at,
                step.by_organisation if reporter else f"{step.by}, {step.by_organisation}",
                step.note,
            )
        )
    return lines


def is_overdue(concern: Concern, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return concern.status == ConcernStatus.RECEIVED and concern.acknowledge_due < today


@dataclass(frozen=True)
class ConcernCounts:
    """A region's concerns reported in a period, raw: the monitor suppresses small numbers
    (monitor/suppression.py) before it shows any of them."""

    reported: int
    by_family: int
    acknowledged_in_time: int
    acknowledged_late: int
    waiting: int
    closed: int
    by_kind: dict[str, int]


def concern_counts(region: Region, *, start: dt.date, end: dt.date) -> ConcernCounts:
    """Counts of the concerns reported in [start, end] in the region, for the monitor. No
    child data: numbers only. One query."""
    rows = list(
        Concern.objects.filter(
            contact_point__region=region,
            reported_at__date__gte=start,
            reported_at__date__lte=end,
        ).values_list("kind", "from_family", "status", "acknowledged_at", "acknowledge_due")
    )
    today = timezone.localdate()
    by_kind = dict.fromkeys(ConcernKind.values, 0)
    in_time = late = waiting = closed = family = 0
    for kind, from_family, status, acknowledged_at, due in rows:
        by_kind[kind] += 1
        family += int(from_family)
        if status == ConcernStatus.CLOSED:
            closed += 1
        if acknowledged_at is None:
            waiting += 1
            late += int(due < today)
        elif timezone.localtime(acknowledged_at).date() <= due:
            in_time += 1
        else:
            late += 1
    return ConcernCounts(len(rows), family, in_time, late, waiting, closed, by_kind)
