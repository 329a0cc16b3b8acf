"""Demo MDOs for the persona cases: one planned (an invitee still waits for the parents), one
held whose minutes wait for the chair, and one recorded with approved minutes and agreements.
Written through the services; idempotent (a case with meetings is left alone)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from arrangeer.accounts.models import User
from arrangeer.cases.access import Actor, CaseAccess, access_case
from arrangeer.cases.constants import MemberStatus
from arrangeer.cases.models import Case, TeamMember
from arrangeer.children.models import LegalRepresentative

from . import services
from .constants import Attendance, DecisionChannel, InviteeKind, MeetingKind
from .models import Meeting

# persona child's BSN → what their MDO looks like
PLANNED, HELD, APPROVED = "planned", "held", "approved"
DEMO_MEETINGS = [("100000009", PLANNED), ("232323239", HELD), ("123456782", APPROVED)]


def _start(days: int) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(14), tzinfo=timezone.get_current_timezone())


def _plan(access: CaseAccess, case: Case, days: int) -> Meeting:
    chair = TeamMember.objects.get(
        case=case, membership__user_id=case.regisseur_id, status=MemberStatus.ACTIVE
    )
    return services.plan_meeting(
        access,
        kind=MeetingKind.FIRST,
        starts_at=_start(days),
        ends_at=_start(days) + dt.timedelta(hours=1, minutes=30),
        chair=chair,
        place="School, spreekkamer",
        room="Kamer 2",
        confirm_overlap=True,
    )


def _approve_all(access: CaseAccess, meeting: Meeting, parent: LegalRepresentative) -> None:
    for invitee in meeting.invitees.filter(kind=InviteeKind.PROFESSIONAL, status="voorgesteld"):
        services.approve_invitee(
            access, invitee, representative=parent, via=DecisionChannel.IN_PERSON
        )


def _hold(access: CaseAccess, meeting: Meeting, *, approve: bool) -> None:
    services.send_invitations(access, meeting)
    services.record_meeting(
        access,
        meeting,
        attendance={i.pk: Attendance.PRESENT for i in meeting.invitees.all()},
        minutes={
            item.pk: "Besproken met ouders, school en jeugdteam; zie de afspraken."
            for item in meeting.agenda.all()
        },
    )
    services.add_decision(access, meeting, text="We werken eerst aan lezen en aan rust thuis.")
    owner = meeting.chair
    services.add_action(
        access,
        meeting,
        what="Leesobservatie in de klas en terugkoppeling aan ouders",
        owner=owner,
        due=timezone.localdate() + dt.timedelta(days=14),
    )
    if approve:
        services.approve_minutes(access, meeting)
    # A held meeting lies in the past; the services only plan in the future, so the demo
    # moves the dates back afterwards.
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=_start(-7), ends_at=_start(-7) + dt.timedelta(hours=1, minutes=30)
    )


@transaction.atomic
def seed_demo_meetings() -> int:
    made = 0
    for bsn, stage in DEMO_MEETINGS:
        case = Case.objects.filter(child__bsn=bsn, status="open").select_related("child").first()
        if case is None or Meeting.objects.filter(case=case).exists():
            continue
        parent = LegalRepresentative.objects.filter(
            child_id=case.child_id, has_authority=True
        ).first()
        regisseur = User.objects.get(pk=case.regisseur_id)
        access = access_case(Actor(regisseur), case.uuid)
        meeting = _plan(access, case, 10 if stage == PLANNED else 1)
        if parent is not None and stage != PLANNED:
            _approve_all(access, meeting, parent)
            _hold(access, meeting, approve=stage == APPROVED)
        made += 1
    return made


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
