"""The reads of the escalatieladder for a viewer, and who may do what at the current level."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet, prefetch_related_objects
from django.utils import timezone

from arrangeer.cases.access import CaseAccess
from arrangeer.core.workdays import add_working_days
from arrangeer.organisations.models import Membership

from .constants import EscalationStatus, Seats
from .models import Escalation, LadderLevel
from .rules import sits_at


def next_level(level: LadderLevel) -> LadderLevel | None:
    return (
        LadderLevel.objects.filter(region_id=level.region_id, number__gt=level.number)
        .order_by("number")
        .first()
    )


def version(escalation: Escalation) -> int:
    """The escalation's version: how many steps its trail has. Every change to an escalation
    (raised, moved up on request or by the deadline, decided, withdrawn) writes one step, so a
    page or an API client that read version n and finds n+1 knows someone acted in between."""
    return escalation.steps.count()


def is_last_level(level: LadderLevel) -> bool:
    return next_level(level) is None


def latest_decision_date(escalation: Escalation) -> dt.date:
    """The day by which the ladder has decided at the latest: the current level's deadline,
    then each higher level's in turn (what the parents are told)."""
    return _latest(escalation, _deadlines_above(escalation.level.region_id))


def _seated(access: CaseAccess, escalation: Escalation) -> bool:
    party_ids = [o.pk for o in escalation.parties.all()]
    if access.is_decision_seat:
        memberships = [access.seat] if access.seat is not None else []
    else:
        memberships = list(
            Membership.objects.active()
            .filter(user=access.user, organisation__is_active=True)
            .select_related("organisation")
        )
    return any(sits_at(escalation.level, party_ids, m) for m in memberships)


def may_decide(access: CaseAccess, escalation: Escalation) -> bool:
    """At the team's level the regisseur records what the team agreed; above it, who sits at
    the level."""
    if not escalation.is_open:
        return False
    if escalation.level.seats == Seats.TEAM:
        return access.is_regisseur
    return _seated(access, escalation)


def _party_on_team(access: CaseAccess, escalation: Escalation) -> bool:
    if access.member is None:
        return False
    if access.is_regisseur:
        return True
    mine = {m.membership.organisation_id for m in access.all_members}
    return bool(mine & {o.pk for o in escalation.parties.all()})


def may_request_move_up(access: CaseAccess, escalation: Escalation) -> bool:
    return (
        escalation.is_open
        and _party_on_team(access, escalation)
        and not is_last_level(escalation.level)
    )


def may_withdraw(access: CaseAccess, escalation: Escalation) -> bool:
    return (
        escalation.is_open
        and access.member is not None
        and (access.is_regisseur or escalation.raised_by_id == access.user.pk)
    )


def _check_deadlines(access: CaseAccess) -> None:
    """The same check as the daily job, when the case's escalations are read."""
    from .services import move_up_overdue

    overdue = Escalation.objects.filter(
        case=access.case, status=EscalationStatus.OPEN, level_due__lt=timezone.localdate()
    ).values_list("pk", flat=True)
    ids = list(overdue)
    if ids:
        move_up_overdue(ids=ids)


def escalations_of(access: CaseAccess) -> QuerySet[Escalation]:
    """The case's escalations this viewer sees: the team all of them; a level above the team
    the open ones at the level where they sit (checked per escalation with `visible_to`)."""
    _check_deadlines(access)
    found = (
        Escalation.objects.filter(case=access.case)
        .select_related("level", "module", "raised_by")
        .prefetch_related("parties", "level__organisations")
        .order_by("-raised_at", "-pk")
    )
    if access.member is not None:
        return found
    if access.is_decision_seat:
        return found.filter(
            pk__in=[e.pk for e in found.filter(status=EscalationStatus.OPEN) if _seated(access, e)]
        )
    return found.none()


def open_escalations(access: CaseAccess, limit: int) -> list[Escalation]:
    """The first `limit` of `escalations_of(access)` that are open, newest first. For the
    team, the deadline check reads the same rows: the case's open escalations are read once,
    and again only when one of them was overdue and moved up."""
    if access.member is None:
        return list(escalations_of(access).filter(status=EscalationStatus.OPEN)[:limit])

    def read() -> list[Escalation]:
        return list(
            Escalation.objects.filter(case=access.case, status=EscalationStatus.OPEN)
            .select_related("level", "module", "raised_by")
            .order_by("-raised_at", "-pk")
        )

    found = read()
    today = timezone.localdate()
    if any(e.level_due < today for e in found):
        _check_deadlines(access)
        found = read()
    shown = found[:limit]
    prefetch_related_objects(shown, "parties", "level__organisations")
    return shown


def escalations_for_file(access: CaseAccess) -> QuerySet[Escalation]:
    """For the whole-file export: the team's and the family's file hold every escalation of
    the case (a level above the team exports nothing)."""
    found = (
        Escalation.objects.filter(case=access.case)
        .select_related("level", "module", "raised_by")
        .prefetch_related("parties")
        .order_by("raised_at", "pk")
    )
    return found if access.member is not None or access.is_family else found.none()


def module_shown(access: CaseAccess, escalation: Escalation) -> bool:
    return access.allows(escalation.module.category)


@dataclass(frozen=True)
class FamilyLine:
    """What the parents read in the portal: a decision on who pays is still being taken."""

    module_title: str | None
    latest: dt.date


def open_for_family(access: CaseAccess) -> list[FamilyLine]:
    """The case's open escalations in the parents' words: the module (within what they may
    see) and the day it is decided at the latest. One query without escalations, two with
    (three when one had to move up first)."""
    today = timezone.localdate()
    found = list(
        Escalation.objects.filter(case=access.case, status=EscalationStatus.OPEN)
        .select_related("level", "module")
        .order_by("raised_at", "pk")
    )
    if not found:
        return []
    overdue = [e.pk for e in found if e.level_due < today]
    if overdue:
        from .services import move_up_overdue

        move_up_overdue(ids=overdue)
        return open_for_family(access)
    deadlines = _deadlines_above(found[0].level.region_id)
    return [
        FamilyLine(
            e.module.title if access.allows(e.module.category) else None,
            _latest(e, deadlines),
        )
        for e in found
    ]


def _deadlines_above(region_id: int) -> list[tuple[int, int]]:
    return list(
        LadderLevel.objects.filter(region_id=region_id)
        .order_by("number")
        .values_list("number", "deadline_days")
    )


def _latest(escalation: Escalation, deadlines: list[tuple[int, int]]) -> dt.date:
    day = escalation.level_due
    for number, days in deadlines:
        if number > escalation.level.number:
            day = add_working_days(day, days)
    return day
