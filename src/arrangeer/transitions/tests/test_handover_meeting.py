"""The handover MDO (issue 20) as a meeting of the meetings app: planned from the transition by
the regisseur with the MDO's planning, with the current team, and with the receiving
coordinator once the family consented; a refused or not yet admitted invitee never reads it;
it is no MDO for the route; the old school reads it until the handover is done."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

import pytest

from arrangeer.cases.access import Actor, access_case
from arrangeer.meetings import rules
from arrangeer.meetings import services as meeting_services
from arrangeer.meetings.constants import DecisionChannel, InviteeKind, InviteeStatus, MeetingKind
from arrangeer.meetings.models import Meeting
from arrangeer.transitions.models import Transition

from .test_handover import consent, propose, url

pytestmark = pytest.mark.django_db


def plan(world, client, *, days: int = 20) -> Meeting:
    day = timezone.localdate() + dt.timedelta(days=days)
    response = client.post(
        url(world, "transitions:meeting"),
        {
            "date": day.isoformat(),
            "start": "14:00",
            "end": "15:30",
            "place": "Het Test College, kamer 2",
            "category": "onderwijs",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    transition = Transition.objects.get(case=world.case)
    assert transition.handover_meeting is not None
    assert transition.handover_mdo_on == day
    return transition.handover_meeting


def invited(meeting: Meeting) -> dict[str, str]:
    return {
        i.team_member.membership.user.username: i.status
        for i in meeting.invitees.filter(kind=InviteeKind.PROFESSIONAL).select_related(
            "team_member__membership__user"
        )
    }


def meeting_url(world, meeting: Meeting) -> str:
    return reverse(
        "meetings:detail", kwargs={"case_id": world.case.uuid, "meeting_id": meeting.uuid}
    )


def test_the_handover_mdo_is_planned_with_the_current_team_and_then_the_receiver(
    world, login, english
):
    regisseur = login("coordinator")
    receiver = login("receiver")
    # Not before a receiving school is proposed.
    assert regisseur.get(url(world, "transitions:meeting")).status_code == 302
    assert not Meeting.objects.exists()
    propose(world, regisseur)
    assert (
        "Plan the handover MDO" in regisseur.get(url(world, "transitions:detail")).content.decode()
    )
    meeting = plan(world, regisseur)
    assert meeting.kind == MeetingKind.HANDOVER
    assert meeting.chair.membership.user == world.coordinator
    assert [a.code for a in meeting.agenda.all()][:2] == [
        "perspectief-en-doelen",
        "lopende-modules",
    ]
    # The current team (only active places), not yet the receiver: not on the team yet.
    team = invited(meeting)
    assert {"coordinator", "youth_worker", "swv_specialist"} <= set(team)
    assert "receiver" not in team
    assert "care_worker_proposed" not in team
    assert receiver.get(meeting_url(world, meeting)).status_code == 404
    # A second one is refused while it stands; the page links the meeting.
    page = regisseur.get(url(world, "transitions:detail")).content.decode()
    assert meeting_url(world, meeting) in page
    assert "Plan the handover MDO" not in page

    # The family consents: the receiver joins the team and is proposed to the parents.
    consent(world, regisseur)
    assert invited(meeting)["receiver"] == InviteeStatus.PROPOSED
    # While the parents' answer is awaited the meeting is not theirs to see.
    assert receiver.get(meeting_url(world, meeting)).status_code == 404
    assert receiver.get(url(world, "cases:detail")).status_code == 200
    regie = access_case(Actor(world.coordinator), world.case.uuid)
    invitee = meeting.invitees.get(team_member__membership__user=world.users["receiver"])
    meeting_services.approve_invitee(
        regie, invitee, representative=world.parent, via=DecisionChannel.IN_PERSON
    )
    assert receiver.get(meeting_url(world, meeting)).status_code == 200
    # It is not the route's MDO: its approved invitees do not pass "invitees_approved".
    for other in meeting.invitees.filter(status=InviteeStatus.PROPOSED):
        meeting_services.approve_invitee(
            regie, other, representative=world.parent, via=DecisionChannel.IN_PERSON
        )
    assert not rules.invitees_approved(world.case)


def test_a_refused_receiver_never_reads_the_handover_mdo(world, login):
    regisseur = login("coordinator")
    propose(world, regisseur)
    consent(world, regisseur)
    meeting = plan(world, regisseur)
    assert invited(meeting)["receiver"] == InviteeStatus.PROPOSED
    invitee = meeting.invitees.get(team_member__membership__user=world.users["receiver"])
    meeting_services.refuse_invitee(
        access_case(Actor(world.coordinator), world.case.uuid),
        invitee,
        representative=world.parent,
        via=DecisionChannel.PHONE,
        reason="Eerst kennismaken zonder overleg",
    )
    receiver = login("receiver")
    assert receiver.get(meeting_url(world, meeting)).status_code == 404
    assert str(meeting.uuid) not in receiver.get(url(world, "transitions:detail")).content.decode()


def test_only_the_regisseur_plans_it_and_not_from_the_overleg_tab(world, login):
    regisseur = login("coordinator")
    propose(world, regisseur)
    for name in ("teacher", "swv_specialist", "receiver"):
        assert login(name).get(url(world, "transitions:meeting")).status_code == 404, name
    day = timezone.localdate() + dt.timedelta(days=10)
    response = regisseur.post(
        url(world, "meetings:new"),
        {
            "kind": MeetingKind.HANDOVER,
            "date": day.isoformat(),
            "start": "10:00",
            "end": "11:00",
            "chair": world.case.team.get(membership__user=world.coordinator).pk,
            "place": "School",
            "category": "onderwijs",
        },
    )
    # The kind is not among the Overleg tab's choices: the form refuses it, nothing is planned.
    assert response.status_code == 200
    assert 'id="foutoverzicht"' in response.content.decode()
    assert not Meeting.objects.exists()
