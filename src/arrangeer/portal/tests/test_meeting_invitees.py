"""The parents decide in the portal who comes to the MDO: approve or refuse each proposed
professional, the "Wat moet ik doen" item while they wait, and the meetings on the home page."""

from __future__ import annotations

import uuid

from django.core import mail
from django.urls import reverse

import pytest

from arrangeer.audit.models import AccessLogEntry
from arrangeer.cases.access import Actor, access_case
from arrangeer.meetings import services as meeting_services
from arrangeer.meetings.constants import DecisionChannel, InviteeStatus
from arrangeer.meetings.models import Invitee
from arrangeer.testing.meetings import matrix_meeting, plan_mdo

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(world):
    """A planned MDO: the chair (regisseur) and the teacher proposed, no answer yet."""
    planned = plan_mdo(world.case, regisseur=world.coordinator, approve=False)
    access = access_case(Actor(world.coordinator), world.case.uuid)
    meeting_services.propose_invitee(access, planned, member=world.members["teacher"])
    return planned


def _url(world, meeting):
    return reverse(
        "portal:invitees", kwargs={"case_id": world.case.uuid, "meeting_id": meeting.uuid}
    )


def _teacher(meeting):
    return Invitee.objects.get(meeting=meeting, team_member__membership__user__username="teacher")


def _chair(meeting):
    return Invitee.objects.get(meeting=meeting, team_member=meeting.chair)


def test_the_parent_sees_who_is_proposed_with_role_and_organisation(
    world, meeting, client_for, django_assert_max_num_queries
):
    client = client_for("parent")
    with django_assert_max_num_queries(45) as first:
        page = client.get(_url(world, meeting)).content.decode()
    assert "Who comes to the meeting?" in page
    assert str(world.teacher) in page and world.school.name in page
    assert page.count('name="invitee"') == 2
    # One more proposed professional costs no more queries.
    access = access_case(Actor(world.coordinator), world.case.uuid)
    meeting_services.propose_invitee(access, meeting, member=world.members["youth_worker"])
    with django_assert_max_num_queries(len(first.captured_queries)):
        page = client.get(_url(world, meeting)).content.decode()
    assert page.count('name="invitee"') == 3


def test_the_parent_approves_one_and_refuses_another_with_a_reason(world, meeting, client_for):
    client = client_for("parent")
    teacher, chair = _teacher(meeting), _chair(meeting)
    before = AccessLogEntry.objects.filter(object_type="invitee").count()
    response = client.post(
        _url(world, meeting),
        {"invitee": str(chair.uuid), f"i{chair.pk}-decision": "yes"},
    )
    assert response.status_code == 302
    response = client.post(
        _url(world, meeting),
        {
            "invitee": str(teacher.uuid),
            f"i{teacher.pk}-decision": "no",
            f"i{teacher.pk}-reason": "Liever eerst zelf met de juf praten",
        },
    )
    assert response.status_code == 302
    chair.refresh_from_db()
    teacher.refresh_from_db()
    assert chair.status == InviteeStatus.APPROVED
    assert teacher.status == InviteeStatus.REFUSED
    assert teacher.decision_reason == "Liever eerst zelf met de juf praten"
    assert teacher.decided_by_representative == world.parent
    assert teacher.recorded_by == world.users["parent"]
    assert teacher.decided_via == DecisionChannel.PORTAL
    logged = AccessLogEntry.objects.filter(object_type="invitee").order_by("pk")
    assert logged.count() == before + 2
    last = logged.last()
    assert last.object_id == str(teacher.uuid) and last.user_id == world.users["parent"].pk
    assert last.role == "parent" and last.organisation_id is None and last.event == "change"
    page = client.get(_url(world, meeting)).content.decode()
    assert "Liever eerst zelf" in page and 'name="invitee"' not in page


def test_refusing_without_a_reason_is_refused_and_nothing_is_saved(world, meeting, client_for):
    teacher = _teacher(meeting)
    response = client_for("parent").post(
        _url(world, meeting),
        {"invitee": str(teacher.uuid), f"i{teacher.pk}-decision": "no"},
    )
    assert response.status_code == 200
    assert "Tell us why this person may not come." in response.content.decode()
    teacher.refresh_from_db()
    assert teacher.status == InviteeStatus.PROPOSED and teacher.decided_at is None


def test_an_invitee_of_another_meeting_is_not_found(world, meeting, client_for):
    other = matrix_meeting(world)
    stranger = Invitee.objects.filter(meeting=other, kind="professional").first()
    client = client_for("parent")
    for crafted in (str(stranger.uuid), str(uuid.uuid4()), "nonsense"):
        response = client.post(
            _url(world, meeting), {"invitee": crafted, f"i{stranger.pk}-decision": "yes"}
        )
        assert response.status_code == 404
    response = client.post(
        reverse("portal:invitees", kwargs={"case_id": world.case.uuid, "meeting_id": uuid.uuid4()}),
        {"invitee": str(_teacher(meeting).uuid)},
    )
    assert response.status_code == 404
    assert _teacher(meeting).status == InviteeStatus.PROPOSED


def test_a_parent_without_gezag_and_the_young_person_read_only(world, meeting, client_for):
    teacher = _teacher(meeting)
    for persona in ("parent_without_authority", "child_13"):
        if persona not in world.users:
            continue
        client = client_for(persona)
        page = client.get(_url(world, meeting))
        if page.status_code == 404:  # this young person is not the world's child
            continue
        assert page.status_code == 200
        assert 'name="invitee"' not in page.content.decode()
        response = client.post(
            _url(world, meeting), {"invitee": str(teacher.uuid), f"i{teacher.pk}-decision": "yes"}
        )
        assert response.status_code == 403
    teacher.refresh_from_db()
    assert teacher.status == InviteeStatus.PROPOSED


def test_deciding_twice_gives_a_clear_message(world, meeting, client_for):
    teacher = _teacher(meeting)
    data = {"invitee": str(teacher.uuid), f"i{teacher.pk}-decision": "yes"}
    # The form is gone after the answer; a second tab (or the other parent) still posts.
    assert client_for("parent").post(_url(world, meeting), data).status_code == 302
    response = client_for("parent").post(
        _url(world, meeting),
        {**data, f"i{teacher.pk}-decision": "no", f"i{teacher.pk}-reason": "Toch niet"},
    )
    assert response.status_code == 200
    assert "already answered about" in response.content.decode()
    teacher.refresh_from_db()
    assert teacher.status == InviteeStatus.APPROVED and teacher.decision_reason == ""


def test_the_todo_list_asks_while_invitees_wait(world, meeting, client_for):
    page = client_for("parent").get(reverse("portal:home", kwargs={"case_id": world.case.uuid}))
    body = page.content.decode()
    assert 'data-source="invitees"' in body and _url(world, meeting) in body
    assert "Tell us who may come to the meeting of" in body
    # Without gezag there is nothing to decide, so nothing to do.
    other = client_for("parent_without_authority").get(
        reverse("portal:home", kwargs={"case_id": world.case.uuid})
    )
    assert 'data-source="invitees"' not in other.content.decode()
    access = access_case(Actor(world.coordinator), world.case.uuid)
    for invitee in meeting.invitees.filter(kind="professional"):
        meeting_services.approve_invitee(
            access, invitee, representative=world.parent, via=DecisionChannel.PHONE
        )
    again = client_for("parent").get(reverse("portal:home", kwargs={"case_id": world.case.uuid}))
    assert 'data-source="invitees"' not in again.content.decode()


def test_the_home_page_shows_upcoming_meetings_and_approved_agreements(
    world, meeting, client_for, django_assert_max_num_queries
):
    client = client_for("parent")
    home = reverse("portal:home", kwargs={"case_id": world.case.uuid})
    body = client.get(home).content.decode()
    assert 'data-testid="meetings"' in body and "School, kamer 1" in body
    assert 'data-testid="held-meeting"' not in body
    matrix_meeting(world)
    with django_assert_max_num_queries(50) as first:
        body = client.get(home).content.decode()
    assert "Observatie in de klas" in body and "Besproken." in body
    # A meeting with more invitees costs no more queries.
    extra = plan_mdo(world.case, regisseur=world.coordinator, approve=False)
    access = access_case(Actor(world.coordinator), world.case.uuid)
    meeting_services.propose_invitee(access, extra, member=world.members["youth_worker"])
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(home)


def test_invitations_go_only_to_the_approved_invitee(
    world, meeting, client_for, django_capture_on_commit_callbacks
):
    client = client_for("parent")
    teacher, chair = _teacher(meeting), _chair(meeting)
    client.post(_url(world, meeting), {"invitee": str(chair.uuid), f"i{chair.pk}-decision": "yes"})
    client.post(
        _url(world, meeting),
        {
            "invitee": str(teacher.uuid),
            f"i{teacher.pk}-decision": "no",
            f"i{teacher.pk}-reason": "Nee",
        },
    )
    mail.outbox.clear()
    access = access_case(Actor(world.coordinator), world.case.uuid)
    with pytest.raises(Exception, match="not approved"):
        meeting_services.send_invitations(access, meeting, only=[teacher])
    with django_capture_on_commit_callbacks(execute=True):
        sent = meeting_services.send_invitations(access, meeting)
    # Mailed: the chair and the parent; the child (no approval needed) has no address.
    assert (sent.sent, sent.without_address) == (2, 1) and len(mail.outbox) == 2
    teacher.refresh_from_db()
    chair.refresh_from_db()
    assert teacher.status == InviteeStatus.REFUSED and chair.status == InviteeStatus.INVITED
    recipients = [address for message in mail.outbox for address in message.to]
    assert world.coordinator.email in recipients
    assert world.teacher.email not in recipients
