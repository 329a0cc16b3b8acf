"""A real MDO for tests that walk a route past the meeting's guards: planned through the
services, the parents' approval recorded, invitations sent, its start reached
(`meeting_started`), held with the parents and the child present, and its minutes approved."""

from __future__ import annotations

import datetime as dt

from django.db.models import F
from django.utils import timezone

from arrangeer.accounts.models import User
from arrangeer.cases.access import Actor, access_case
from arrangeer.cases.constants import MemberStatus
from arrangeer.cases.models import Case, TeamMember
from arrangeer.children.models import LegalRepresentative
from arrangeer.meetings import services
from arrangeer.meetings.constants import Attendance, DecisionChannel, InviteeKind, MeetingKind
from arrangeer.meetings.models import Meeting


def _chair(case: Case, regisseur: User) -> TeamMember:
    return TeamMember.objects.get(case=case, membership__user=regisseur, status=MemberStatus.ACTIVE)


def _parent(case: Case) -> LegalRepresentative:
    parent = (
        LegalRepresentative.objects.filter(child_id=case.child_id, has_authority=True)
        .order_by("pk")
        .first()
    )
    if parent is None:
        parent = LegalRepresentative.objects.create(
            child_id=case.child_id,
            first_name="Ouder",
            last_name="Test",
            relation="ouder",
            has_authority=True,
        )
    return parent


def meeting_started(meeting: Meeting, *, ago: dt.timedelta = dt.timedelta(minutes=1)) -> Meeting:
    """Time passes until the meeting has begun (it started `ago`): the services record a
    meeting only from its start on, and plan one only in the future."""
    shift = meeting.starts_at - (timezone.now() - ago)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=F("starts_at") - shift, ends_at=F("ends_at") - shift
    )
    meeting.refresh_from_db()
    return meeting


def plan_mdo(
    case: Case,
    *,
    regisseur: User,
    start_in: dt.timedelta = dt.timedelta(days=7),
    kind: str = MeetingKind.FIRST,
    approve: bool = True,
) -> Meeting:
    """Planned, with the regisseur as chair and the parents' approval of the chair recorded."""
    parent = _parent(case)
    access = access_case(Actor(regisseur), case.uuid)
    start = (timezone.now() + start_in).replace(minute=0, second=0, microsecond=0)
    meeting = services.plan_meeting(
        access,
        kind=kind,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        chair=_chair(case, regisseur),
        place="School, kamer 1",
        confirm_overlap=True,
    )
    if approve:
        for invitee in meeting.invitees.filter(kind=InviteeKind.PROFESSIONAL):
            services.approve_invitee(
                access, invitee, representative=parent, via=DecisionChannel.IN_PERSON
            )
    return meeting


def hold_mdo(case: Case, *, regisseur: User, child_present: bool = True) -> Meeting:
    """The case's planned MDO (one is planned if there is none) held with the parents (and
    the child) present, its minutes approved."""
    from arrangeer.meetings.constants import MeetingStatus

    meeting = Meeting.objects.filter(case=case, status=MeetingStatus.PLANNED).order_by(
        "pk"
    ).first() or plan_mdo(case, regisseur=regisseur)
    access = access_case(Actor(regisseur), case.uuid)
    services.send_invitations(access, meeting)
    meeting_started(meeting)
    attendance = {
        i.pk: (
            Attendance.PRESENT
            if i.kind != InviteeKind.CHILD or child_present
            else Attendance.EXCUSED
        )
        for i in meeting.invitees.all()
    }
    services.record_meeting(
        access,
        meeting,
        attendance=attendance,
        minutes={item.pk: "Besproken." for item in meeting.agenda.all()},
    )
    services.approve_minutes(access, meeting)
    meeting.refresh_from_db()
    return meeting


def matrix_meeting(world: object) -> Meeting:
    """For the authorization matrix: an MDO held with the teacher invited (the parents
    approved), an agreement the teacher owns and approved minutes."""
    from arrangeer.testing.world import World

    assert isinstance(world, World)
    case, regisseur = world.case, world.coordinator
    meeting = plan_mdo(case, regisseur=regisseur)
    access = access_case(Actor(regisseur), case.uuid)
    teacher = services.propose_invitee(access, meeting, member=world.members["teacher"])
    services.approve_invitee(
        access, teacher, representative=world.parent, via=DecisionChannel.IN_PERSON
    )
    services.send_invitations(access, meeting)
    meeting_started(meeting)
    services.record_meeting(
        access,
        meeting,
        attendance={i.pk: Attendance.PRESENT for i in meeting.invitees.all()},
        minutes={item.pk: "Besproken." for item in meeting.agenda.all()},
    )
    services.add_action(
        access,
        meeting,
        what="Observatie in de klas",
        owner=world.members["teacher"],
        due=timezone.localdate() + dt.timedelta(days=14),
    )
    services.approve_minutes(access, meeting)
    meeting.refresh_from_db()
    return meeting


def busy_meeting(case: Case, *, regisseur: User, participants: int, actions: int) -> Meeting:
    """A held MDO with `participants` professional invitees (teachers of the child's school
    who join the team on its legal task) and `actions` agreements, through the services."""
    from arrangeer.cases import services as case_services
    from arrangeer.organisations.constants import Role
    from arrangeer.organisations.services import grant_membership

    from .factories import UserFactory

    meeting = plan_mdo(case, regisseur=regisseur)
    access = access_case(Actor(regisseur), case.uuid)
    parent = _parent(case)
    school = case.child.school
    assert school is not None
    members = []
    for n in range(participants - 1):  # the chair is the first
        user = UserFactory.create(username=f"mdo_{meeting.pk}_{n}", first_name=f"Deelnemer{n}")
        membership = grant_membership(user=user, organisation=school, role=Role.TEACHER)
        member = case_services.propose_team_member(access, membership=membership)
        members.append(member)
        invitee = services.propose_invitee(access, meeting, member=member)
        services.approve_invitee(
            access, invitee, representative=parent, via=DecisionChannel.IN_PERSON
        )
    services.send_invitations(access, meeting)
    meeting_started(meeting)
    services.record_meeting(
        access,
        meeting,
        attendance={i.pk: Attendance.PRESENT for i in meeting.invitees.all()},
        minutes={item.pk: "Besproken." for item in meeting.agenda.all()},
    )
    owners = members or [_chair(case, regisseur)]
    for n in range(actions):
        services.add_action(
            access,
            meeting,
            what=f"Afspraak {n + 1}",
            owner=owners[n % len(owners)],
            due=timezone.localdate() + dt.timedelta(days=7 + n),
        )
        services.add_decision(access, meeting, text=f"Besluit {n + 1}")
    meeting.refresh_from_db()
    return meeting
