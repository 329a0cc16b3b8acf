"""The MDO's pages: plan, the parents' answer, invitations, record and approval through the
real endpoints, Dutch messages for bad input with nothing half saved, the dossier section,
and the meeting page's query count constant in participants and agreements."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from arrangeer.meetings.constants import InviteeKind, InviteeStatus, MeetingStatus
from arrangeer.meetings.models import ActionItem, AgendaItem, Invitee, Meeting
from arrangeer.testing.meetings import busy_meeting, meeting_started, plan_mdo
from arrangeer.testing.world import World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


def _form(world: World, **over: str) -> dict[str, str]:
    day = timezone.localdate() + dt.timedelta(days=5)
    chair = world.case.team.get(membership__user=world.coordinator)
    data = {
        "kind": "eerste_mdo",
        "date": day.isoformat(),
        "start": "10:00",
        "end": "11:00",
        "chair": str(chair.pk),
        "place": "Basisschool De Test",
        "room": "Kamer 2",
        "category": "onderwijs",
    }
    data.update(over)
    return data


def test_the_coordinator_plans_an_mdo_on_the_page(world, verified_client):
    client = verified_client(world.coordinator)
    response = client.post(
        reverse("meetings:new", kwargs={"case_id": world.case.uuid}), _form(world)
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/overleg/{meeting.uuid}/")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Ondersteuningsbehoefte in beeld" in page.content.decode()


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"end": "09:00"}, "Het overleg moet eindigen nadat het begint."),
        (
            {"date": (timezone.localdate() - dt.timedelta(days=1)).isoformat()},
            "Het begin ligt in het verleden. Kies een later tijdstip.",
        ),
    ],
)
def test_bad_times_are_refused_in_dutch_and_nothing_is_saved(world, verified_client, over, message):
    client = verified_client(world.coordinator)
    response = client.post(
        reverse("meetings:new", kwargs={"case_id": world.case.uuid}), _form(world, **over)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Meeting.objects.exists() and not AgendaItem.objects.exists()


def test_a_double_booked_chair_is_warned_and_may_confirm(world, verified_client):
    plan_mdo(world.case, regisseur=world.coordinator, start_in=dt.timedelta(days=5, hours=0))
    client = verified_client(world.coordinator)
    existing = Meeting.objects.get()
    local = timezone.localtime(existing.starts_at)
    data = _form(
        world,
        date=local.date().isoformat(),
        start=local.strftime("%H:%M"),
        end=(local + dt.timedelta(minutes=30)).strftime("%H:%M"),
    )
    url = reverse("meetings:new", kwargs={"case_id": world.case.uuid})
    warned = client.post(url, data)
    assert warned.status_code == 200
    assert "overlappend" in warned.content.decode()
    assert Meeting.objects.count() == 1
    confirmed = client.post(url, {**data, "confirm_overlap": "on"})
    assert confirmed.status_code == 302
    assert Meeting.objects.count() == 2


def test_invitations_wait_for_the_parents_then_go_out_once(
    world, verified_client, django_capture_on_commit_callbacks
):
    meeting = plan_mdo(world.case, regisseur=world.coordinator, approve=False)
    client = verified_client(world.coordinator)
    kwargs = {"case_id": world.case.uuid, "meeting_id": meeting.uuid}
    client.post(
        reverse("meetings:invitee_add", kwargs=kwargs),
        {"uitnodigen-member": str(world.members["teacher"].pk)},
    )
    teacher = Invitee.objects.get(team_member=world.members["teacher"])
    # Naming the teacher before the parents answered: refused, nothing sent.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("meetings:send", kwargs=kwargs), {"genodigde": str(teacher.uuid)}, follow=True
        )
    assert "De ouders hebben" in response.content.decode()
    assert mail.outbox == []
    decide = reverse("meetings:invitee_decide", kwargs={**kwargs, "invitee_id": teacher.uuid})
    refused = client.post(
        decide,
        {
            "decision": "goedgekeurd",
            "representative": str(world.parent_without_authority.pk),
            "via": "telefoon",
        },
    )
    assert refused.status_code == 200  # only a parent with gezag is offered
    client.post(
        decide,
        {"decision": "goedgekeurd", "representative": str(world.parent.pk), "via": "telefoon"},
    )
    teacher.refresh_from_db()
    assert teacher.status == InviteeStatus.APPROVED
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("meetings:send", kwargs=kwargs))
        client.post(reverse("meetings:send", kwargs=kwargs))
    to_teacher = [m for m in mail.outbox if world.teacher.email in m.to]
    assert len(to_teacher) == 1
    assert "U bent uitgenodigd voor een multidisciplinair overleg op" in to_teacher[0].body
    assert "Vermeer" not in to_teacher[0].body
    ics = to_teacher[0].attachments[0][1]
    assert "METHOD:REQUEST" in str(ics) and "Vermeer" not in str(ics)
    # The teacher accepts on the meeting page.
    response = verified_client(world.teacher).post(
        reverse("meetings:respond", kwargs=kwargs), {"antwoord-answer": "geaccepteerd"}
    )
    assert response.status_code == 302
    teacher.refresh_from_db()
    assert teacher.status == InviteeStatus.ACCEPTED


def test_record_and_approve_with_a_loose_action_is_refused_in_dutch(world, verified_client):
    meeting = meeting_started(plan_mdo(world.case, regisseur=world.coordinator))
    client = verified_client(world.coordinator)
    kwargs = {"case_id": world.case.uuid, "meeting_id": meeting.uuid}
    data = {f"verslag-attendance_{i.pk}": "aanwezig" for i in meeting.invitees.all()} | {
        f"verslag-minutes_{a.pk}": "Besproken" for a in meeting.agenda.all()
    }
    parent = meeting.invitees.get(kind=InviteeKind.PARENT)
    no_parents = {**data, f"verslag-attendance_{parent.pk}": "afwezig"}
    response = client.post(reverse("meetings:record", kwargs=kwargs), no_parents)
    assert "De ouders zijn altijd bij het MDO" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED
    client.post(reverse("meetings:record", kwargs=kwargs), data)
    client.post(
        reverse("meetings:action_add", kwargs=kwargs),
        {"actie-what": "Bellen", "actie-category": "onderwijs"},
    )
    assert ActionItem.objects.filter(owner__isnull=True).count() == 1
    response = client.post(reverse("meetings:approve", kwargs=kwargs), follow=True)
    assert "heeft geen eigenaar of geen datum" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    ActionItem.objects.update(owner=world.members["teacher"], due=timezone.localdate())
    client.post(reverse("meetings:approve", kwargs=kwargs))
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.APPROVED
    pdf = client.get(reverse("meetings:pdf", kwargs=kwargs))
    assert pdf["Content-Type"] == "application/pdf"


def test_the_dossier_lists_the_meetings(world, verified_client):
    meeting = plan_mdo(world.case, regisseur=world.coordinator)
    page = verified_client(world.teacher).get(
        reverse("cases:detail", kwargs={"case_id": world.case.uuid})
    )
    assert (
        reverse("meetings:detail", kwargs={"case_id": world.case.uuid, "meeting_id": meeting.uuid})
        in page.content.decode()
    )


def test_minutes_are_shared_with_participants_only_after_approval(world, verified_client):
    meeting = busy_meeting(world.case, regisseur=world.coordinator, participants=2, actions=1)
    kwargs = {"case_id": world.case.uuid, "meeting_id": meeting.uuid}
    url = reverse("meetings:detail", kwargs=kwargs)
    participant = (
        Invitee.objects.filter(meeting=meeting, kind=InviteeKind.PROFESSIONAL)
        .exclude(team_member__membership__user=world.coordinator)
        .get()
        .team_member.membership.user
    )
    assert "Besluit 1" not in verified_client(participant).get(url).content.decode()
    from arrangeer.cases.access import Actor, access_case
    from arrangeer.meetings import services

    services.approve_minutes(access_case(Actor(world.coordinator), world.case.uuid), meeting)
    assert "Besluit 1" in verified_client(participant).get(url).content.decode()
    # On the team but not at the meeting: the meeting, not its minutes.
    other = verified_client(world.youth_worker).get(url).content.decode()
    assert "Besluit 1" not in other and "Besproken." not in other


def test_the_meeting_page_query_count_is_the_same_for_2_and_for_10_participants(
    world, verified_client
):
    small = busy_meeting(world.case, regisseur=world.coordinator, participants=2, actions=2)
    big = busy_meeting(world.case, regisseur=world.coordinator, participants=10, actions=30)
    assert big.invitees.filter(kind=InviteeKind.PROFESSIONAL).count() == 10
    client = verified_client(world.coordinator)
    counts = []
    for meeting in (small, big):
        url = reverse(
            "meetings:detail", kwargs={"case_id": world.case.uuid, "meeting_id": meeting.uuid}
        )
        client.get(url)  # warm the session
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert response.content.decode().count('data-testid="action"') == 30
    print(f"meeting page queries: {counts}")
