"""The gouden driehoek (issue 19): the Loket's adviser plans it from the question, within the
family's consent for the Loket, with the MDO's planning; the driehoek's three roles as on the
case and the parents are invited; the adviser reads and leads it through the Loket's door only;
a refused invitee never reads it; it is no MDO for the route."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest

from arrangeer.cases import consents as consent_services
from arrangeer.cases.access import Actor, access_case, access_case_for_advice
from arrangeer.cases.actions import actions_for
from arrangeer.cases.models import TeamMember
from arrangeer.loket import services
from arrangeer.loket.models import Consult
from arrangeer.meetings import rules
from arrangeer.meetings import services as meeting_services
from arrangeer.meetings.constants import (
    Attendance,
    DecisionChannel,
    InviteeKind,
    InviteeStatus,
    MeetingKind,
)
from arrangeer.meetings.models import Meeting
from arrangeer.testing.auth import login_verified
from arrangeer.testing.loket import LoketWorld, loket_in
from arrangeer.testing.meetings import meeting_started
from arrangeer.testing.world import World

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    return login_verified(Client(), user)


def asked(world: World, desk: LoketWorld) -> Consult:
    return services.ask_loket(
        access_case(Actor(world.coordinator), world.case.uuid),
        loket=desk.loket,
        question="Hoe krijgen we Sem weer naar school?",
        tried="Gesprekken met ouders en een aangepast rooster.",
        urgency="normaal",
    )


def plan_form(days: int = 3) -> dict[str, str]:
    day = timezone.localdate() + dt.timedelta(days=days)
    return {
        "date": day.isoformat(),
        "start": "10:00",
        "end": "11:00",
        "place": "Integraal Loket, spreekkamer",
        "category": "onderwijs",
    }


def plan_by_page(world: World, desk: LoketWorld, consult: Consult) -> Meeting:
    url = reverse("loket:meeting", kwargs={"case_id": world.case.uuid, "consult_id": consult.uuid})
    response = client_for(desk.adviser).post(url, plan_form())
    assert response.status_code == 302, response.content.decode()
    consult.refresh_from_db()
    assert consult.meeting is not None
    assert response["Location"] == reverse(
        "meetings:detail", kwargs={"case_id": world.case.uuid, "meeting_id": consult.meeting.uuid}
    )
    return consult.meeting


def test_the_adviser_plans_the_gouden_driehoek_with_the_three_roles_and_the_parents(
    world: World,
):
    desk = loket_in(world)
    consult = asked(world, desk)
    meeting = plan_by_page(world, desk, consult)
    assert meeting.kind == MeetingKind.GOUDEN_DRIEHOEK
    assert meeting.organiser == desk.adviser_membership
    assert meeting.chair.membership.user == world.coordinator
    professionals = {
        i.team_member.membership.user.username
        for i in meeting.invitees.filter(kind=InviteeKind.PROFESSIONAL)
    }
    # The intern begeleider (here the regisseur, who chairs), the SWV's specialist and the
    # youth team's worker; not the teacher or leerplicht, who are on the team too.
    assert professionals == {"coordinator", "swv_specialist", "youth_worker"}
    assert set(
        meeting.invitees.exclude(kind=InviteeKind.PROFESSIONAL).values_list("kind", flat=True)
    ) == {InviteeKind.PARENT, InviteeKind.CHILD}
    assert [a.code for a in meeting.agenda.all()][:3] == [
        "vraag-aan-het-loket",
        "het-hele-beeld",
        "een-gezamenlijk-plan",
    ]
    # The question's page shows it; a second one is refused while it stands.
    detail = reverse(
        "loket:detail", kwargs={"case_id": world.case.uuid, "consult_id": consult.uuid}
    )
    assert meeting.get_kind_display() in client_for(desk.adviser).get(detail).content.decode()
    with pytest.raises(ValidationError):
        services.plan_driehoek(
            access_case_for_advice(
                Actor(desk.adviser), world.case.uuid, organisation_id=desk.loket.pk
            ),
            consult,
            starts_at=meeting.starts_at + dt.timedelta(days=1),
            ends_at=meeting.ends_at + dt.timedelta(days=1),
            place="Elders",
        )


def test_only_the_adviser_plans_it_and_never_as_an_mdo_of_the_overleg_tab(world: World):
    desk = loket_in(world)
    consult = asked(world, desk)
    url = reverse("loket:meeting", kwargs={"case_id": world.case.uuid, "consult_id": consult.uuid})
    for user in (world.coordinator, world.swv_specialist, world.teacher):
        assert client_for(user).get(url).status_code == 404
    start = timezone.now() + dt.timedelta(days=3)
    with pytest.raises(ValidationError) as refused:
        meeting_services.plan_meeting(
            access_case(Actor(world.coordinator), world.case.uuid),
            kind=MeetingKind.GOUDEN_DRIEHOEK,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
            chair=TeamMember.objects.get(case=world.case, membership__user=world.coordinator),
            place="School",
        )
    assert "Integraal Loket" in str(refused.value)
    assert not Meeting.objects.exists()


def test_the_adviser_reads_and_leads_it_only_within_the_loket_consent(world: World):
    desk = loket_in(world)
    consult = asked(world, desk)
    meeting = plan_by_page(world, desk, consult)
    adviser = client_for(desk.adviser)
    page = reverse(
        "meetings:detail", kwargs={"case_id": world.case.uuid, "meeting_id": meeting.uuid}
    )
    response = adviser.get(page)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Het hele beeld: school en jeugdhulp" in body
    # The adviser leads it: the agenda grows through the MDO's own page.
    response = adviser.post(
        reverse(
            "meetings:agenda_add", kwargs={"case_id": world.case.uuid, "meeting_id": meeting.uuid}
        ),
        {"agenda-title": "Meldcode: is er zorg?"},
    )
    assert response.status_code == 302
    assert meeting.agenda.filter(title="Meldcode: is er zorg?").exists()
    # Not the case's other meetings, nor its list of meetings.
    assert (
        adviser.get(reverse("meetings:list", kwargs={"case_id": world.case.uuid})).status_code
        == 404
    )
    # The family withdraws the Loket's consent: the meeting is closed to the Loket at once.
    consent_services.withdraw_consent(
        access_case(Actor(world.coordinator), world.case.uuid),
        consult.consent,
        by_representative=world.parent,
        by_child=False,
    )
    assert adviser.get(page).status_code == 404


def test_a_refused_invitee_never_reads_it_and_it_is_no_mdo_for_the_route(world: World):
    desk = loket_in(world)
    meeting = plan_by_page(world, desk, asked(world, desk))
    regie = access_case(Actor(world.coordinator), world.case.uuid)
    invitees = {
        i.team_member.membership.user.username: i
        for i in meeting.invitees.filter(kind=InviteeKind.PROFESSIONAL)
    }
    meeting_services.refuse_invitee(
        regie,
        invitees["youth_worker"],
        representative=world.parent,
        via=DecisionChannel.PHONE,
        reason="Liever eerst zonder het jeugdteam",
    )
    for name in ("coordinator", "swv_specialist"):
        meeting_services.approve_invitee(
            regie, invitees[name], representative=world.parent, via=DecisionChannel.PHONE
        )
    page = reverse(
        "meetings:detail", kwargs={"case_id": world.case.uuid, "meeting_id": meeting.uuid}
    )
    assert client_for(world.youth_worker).get(page).status_code == 404
    assert client_for(world.swv_specialist).get(page).status_code == 200
    # The parents decided on every invitee, yet this is not the route's MDO.
    assert not rules.invitees_approved(world.case)
    assert not rules.next_meeting_planned(world.case)
    meeting = meeting_started(meeting)
    meeting_services.record_meeting(
        access_case_for_advice(Actor(desk.adviser), world.case.uuid, organisation_id=desk.loket.pk),
        meeting,
        attendance={i.pk: Attendance.PRESENT for i in meeting.invitees.all()},
        minutes={},
    )
    assert not rules.mdo_held_with_parents(world.case)


def test_the_invitee_finds_the_invitation_in_mijn_acties(
    world: World, django_capture_on_commit_callbacks
):
    desk = loket_in(world)
    meeting = plan_by_page(world, desk, asked(world, desk))
    regie = access_case(Actor(world.coordinator), world.case.uuid)
    swv = meeting.invitees.get(team_member__membership__user=world.swv_specialist)
    meeting_services.approve_invitee(
        regie, swv, representative=world.parent, via=DecisionChannel.PHONE
    )
    adviser = access_case_for_advice(
        Actor(desk.adviser), world.case.uuid, organisation_id=desk.loket.pk
    )
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.send_invitations(adviser, meeting)
    # The mail and its calendar say which meeting it is, not "MDO".
    sent = [m for m in mail.outbox if world.swv_specialist.email in m.to]
    assert len(sent) == 1 and "Gouden driehoek" in sent[0].subject
    assert "MDO" not in sent[0].subject
    calendar = sent[0].attachments[0][1]
    calendar = calendar.decode() if isinstance(calendar, bytes) else calendar
    assert "SUMMARY:Gouden driehoek" in calendar
    swv.refresh_from_db()
    assert swv.status == InviteeStatus.INVITED
    lines = [a for a in actions_for(world.swv_specialist) if a.source == "meeting_invitation"]
    assert len(lines) == 1
    assert "Gouden driehoek" in str(lines[0].title)
    # The regisseur chairs it: the youth team's worker still waits for the parents.
    assert any(a.source == "meeting_parents_approve" for a in actions_for(world.coordinator))
