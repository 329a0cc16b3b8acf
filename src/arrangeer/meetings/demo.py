"""Demo MDOs, written through the services: planned (the parents approve the invitees, or are
still asked), held in the past with attendance, minutes, a decision and an agreement, and
approved. demo/stories.py places the persona children's meetings on their timeline; the cases
that show every step of a route get the MDO their step expects."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from arrangeer.cases import demo as case_demo
from arrangeer.cases.access import Actor, CaseAccess, access_case
from arrangeer.cases.constants import MemberStatus
from arrangeer.cases.models import Case, TeamMember
from arrangeer.children.models import LegalRepresentative

from . import services
from .constants import Attendance, DecisionChannel, InviteeKind, MeetingKind
from .models import Meeting

PLANNED, HELD, APPROVED = "planned", "held", "approved"


def _start(days: int) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(14), tzinfo=timezone.get_current_timezone())


def _plan(access: CaseAccess, case: Case, days: int, kind: str = MeetingKind.FIRST) -> Meeting:
    chair = TeamMember.objects.get(
        case=case, membership__user_id=case.regisseur_id, status=MemberStatus.ACTIVE
    )
    return services.plan_meeting(
        access,
        kind=kind,
        starts_at=_start(days),
        ends_at=_start(days) + dt.timedelta(hours=1, minutes=30),
        chair=chair,
        place="School, spreekkamer" if kind == MeetingKind.FIRST else "Jeugd- en gezinsteam",
        room="Kamer 2",
        confirm_overlap=True,
    )


def _approve_all(access: CaseAccess, meeting: Meeting, parent: LegalRepresentative) -> None:
    for invitee in meeting.invitees.filter(kind=InviteeKind.PROFESSIONAL, status="voorgesteld"):
        services.approve_invitee(
            access, invitee, representative=parent, via=DecisionChannel.IN_PERSON
        )


def _hold(
    access: CaseAccess,
    meeting: Meeting,
    *,
    approve: bool,
    days_ago: int = 7,
    decision: str = "We werken eerst aan lezen en aan rust thuis.",
    action: str = "Leesobservatie in de klas en terugkoppeling aan ouders",
) -> None:
    """Invite, then hold the MDO `days_ago` days ago: the services plan and invite only in
    the future, so the demo moves the meeting back before it records what happened."""
    services.send_invitations(access, meeting)
    held = _start(-days_ago)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=held, ends_at=held + dt.timedelta(hours=1, minutes=30)
    )
    meeting.refresh_from_db()
    services.record_meeting(
        access,
        meeting,
        attendance={i.pk: Attendance.PRESENT for i in meeting.invitees.all()},
        minutes={
            item.pk: "Besproken met ouders, school en jeugdteam; zie de afspraken."
            for item in meeting.agenda.all()
        },
    )
    services.add_decision(access, meeting, text=decision)
    due = held.date() + dt.timedelta(days=14)
    agreed = services.add_action(access, meeting, what=action, owner=meeting.chair, due=due)
    if approve:
        services.approve_minutes(access, meeting)
    if due < timezone.localdate():
        services.complete_action(access, agreed)  # long ago: done since
    Meeting.objects.filter(pk=meeting.pk).update(
        held_recorded_at=held + dt.timedelta(hours=2),
        **({"minutes_approved_at": held + dt.timedelta(days=2)} if approve else {}),
    )


def _parent(case: Case) -> LegalRepresentative:
    parent = (
        LegalRepresentative.objects.filter(child_id=case.child_id, has_authority=True)
        .order_by("pk")
        .first()
    )
    assert parent is not None
    return parent


def _regie(case: Case) -> CaseAccess:
    assert case.regisseur is not None
    return case_demo.demo_access(case.regisseur, case)


def convene(
    case: Case,
    *,
    days_ahead: int,
    kind: str = MeetingKind.FIRST,
    invite: Sequence[str] = (),
    approve: bool = True,
) -> Meeting:
    """Plan an MDO `days_ahead` days from now with the chair and the team members named by
    user name; the parents approve the invitees unless `approve` is false (then they are
    asked: in the portal, or the regisseur records their answer)."""
    access = _regie(case)
    meeting = _plan(access, case, days_ahead, kind)
    for username in invite:
        member = TeamMember.objects.get(
            case=case, membership__user__username=username, status=MemberStatus.ACTIVE
        )
        services.propose_invitee(access, meeting, member=member)
    if approve:
        _approve_all(access, meeting, _parent(case))
    return meeting


def hold(
    case: Case, meeting: Meeting, *, days_ago: int, approve: bool, decision: str, action: str
) -> None:
    _hold(
        _regie(case), meeting, approve=approve, days_ago=days_ago, decision=decision, action=action
    )


# What the MDO of a case shows in each step of the shipped routes (the checks to reach that
# step hold): convened with the parents' approval of every invitee, or held with the parents
# and the child and its minutes approved.
ROUTE_STAGES: dict[str, str] = {
    "organiseren-breed-overleg": PLANNED,
    "ondersteuningsbehoefte-in-beeld": PLANNED,
    "gezamenlijk-doelen-stellen": PLANNED,
    "gezamenlijk-arrangeren": PLANNED,
    "uitvoeren-en-monitoren": APPROVED,
    "gezamenlijk-evalueren": APPROVED,
    "bijstellen-arrangement": APPROVED,
    "voorbereiding": PLANNED,
    "uitvoering": APPROVED,
    "evaluatie": APPROVED,
    "besluitvorming": APPROVED,
}


@transaction.atomic
def seed_route_meetings(lead_usernames: list[str]) -> int:
    """An MDO fitting its step for every open case led by the given regisseurs in a step
    after the MDO was convened (the cases that show every step of the route). Idempotent: a
    case with meetings is left alone."""
    made = 0
    cases = (
        Case.objects.filter(
            status="open",
            regisseur__username__in=lead_usernames,
            current_step__code__in=ROUTE_STAGES,
            meetings__isnull=True,
        )
        .select_related("child", "current_step", "regisseur")
        .order_by("pk")
    )
    for case in cases:
        assert case.current_step is not None and case.regisseur is not None
        parent = LegalRepresentative.objects.filter(
            child_id=case.child_id, has_authority=True
        ).first()
        if parent is None:
            continue
        access = access_case(Actor(case.regisseur), case.uuid)
        stage = ROUTE_STAGES[case.current_step.code]
        meeting = _plan(access, case, 3 if stage == PLANNED else 1)
        _approve_all(access, meeting, parent)
        if stage != PLANNED:
            _hold(access, meeting, approve=True)
        made += 1
    return made
