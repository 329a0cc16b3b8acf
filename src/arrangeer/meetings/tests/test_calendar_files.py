"""Calendar files other systems accept, through the real pages and API: a plain `mailto:`
ORGANIZER, CANCEL messages with ORGANIZER and ATTENDEE (RFC 5546), local times with
TZID=Europe/Amsterdam and a VTIMEZONE, one charset in the attachment's type, a count of
invitations that is the number of mails sent, and the parents' own invitation with their
family page. Every file is parsed with the icalendar library."""

from __future__ import annotations

import datetime as dt
import email
import re
from email.message import Message

from django.contrib.messages import get_messages
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest
from icalendar import Calendar

from arrangeer.api import services as api_services
from arrangeer.audit.models import AccessLogEntry
from arrangeer.meetings import feeds
from arrangeer.meetings.models import Meeting
from arrangeer.testing.meetings import plan_mdo
from arrangeer.testing.world import World, build_world

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ORGANIZER = "mailto:noreply@arrangeer.invalid"


@pytest.fixture
def world(settings) -> World:
    settings.DEFAULT_FROM_EMAIL = "Arrangeer <noreply@arrangeer.invalid>"
    return build_world()


@pytest.fixture
def meeting(world: World) -> Meeting:
    return plan_mdo(world.case, regisseur=world.coordinator)


def _page(world: World, meeting: Meeting, name: str) -> str:
    return reverse(
        f"meetings:{name}", kwargs={"case_id": world.case.uuid, "meeting_id": meeting.uuid}
    )


def _api(world: World, persona: str) -> Client:
    user = world.users[persona]
    _record, raw = api_services.create_token(
        user=user, membership=user.memberships.first(), name="test", days=1
    )
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_ACCEPT_LANGUAGE="en")


def _calendar_part(message: mail.EmailMessage) -> Message:
    parsed = email.message_from_bytes(message.message().as_bytes())
    (part,) = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
    return part


def _ics(message: mail.EmailMessage) -> Calendar:
    return Calendar.from_ical(_calendar_part(message).get_payload(decode=True))


def _to(address: str) -> mail.EmailMessage:
    """The calendar mail to `address` (the family may also get a notice without one)."""
    (found,) = [m for m in mail.outbox if address in m.to and m.attachments]
    return found


def _assert_local_times(cal: Calendar, meeting: Meeting) -> None:
    (zone,) = cal.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Amsterdam"
    (event,) = cal.walk("VEVENT")
    for name, moment in (("DTSTART", meeting.starts_at), ("DTEND", meeting.ends_at)):
        assert event[name].params["TZID"] == "Europe/Amsterdam"
        value = event.decoded(name)
        assert str(value.tzinfo) == "Europe/Amsterdam"
        assert value == moment  # the same moment, written in local time
        assert value.hour == timezone.localtime(moment).hour
    assert event.decoded("DTSTAMP").utcoffset() == dt.timedelta(0)


def test_invitations_are_calendar_files_dutch_calendars_accept(
    world, meeting, verified_client, django_capture_on_commit_callbacks
):
    client = verified_client(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_page(world, meeting, "send"))
    assert response.status_code == 302
    message = _to(world.coordinator.email)
    part = _calendar_part(message)
    content_type = part["Content-Type"]
    assert content_type.lower().count("charset") == 1, content_type
    assert part.get_param("method") == "REQUEST" and part.get_content_charset() == "utf-8"
    cal = _ics(message)
    assert cal["METHOD"] == "REQUEST"
    _assert_local_times(cal, meeting)
    (event,) = cal.walk("VEVENT")
    organizer = event["ORGANIZER"]
    assert str(organizer) == ORGANIZER and organizer.params["CN"] == "Arrangeer"
    assert str(event["ATTENDEE"]) == f"mailto:{world.coordinator.email}"


def test_the_count_of_invitations_is_the_number_of_mails_sent(
    world, meeting, verified_client, django_capture_on_commit_callbacks
):
    # Invited: the chair and the mother (both with an address) and the child (none).
    client = verified_client(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_page(world, meeting, "send"))
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert len(mail.outbox) == 2
    assert "2 invitation(s) sent." in shown
    assert any("1 invitee(s) without an e-mail address got no mail" in m for m in shown)


def test_the_api_counts_the_mails_sent(world, meeting, django_capture_on_commit_callbacks):
    url = reverse(
        "api:meeting_send", kwargs={"case_id": world.case.uuid, "meeting_id": meeting.uuid}
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = _api(world, "coordinator").post(url, {}, content_type="application/json")
    assert response.status_code == 200
    assert response.json() == {"sent": 2, "waiting_for_team": 0, "without_address": 1}
    assert len(mail.outbox) == 2


def test_parents_get_their_own_invitation_with_their_family_page(
    world, meeting, verified_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        verified_client(world.coordinator).post(_page(world, meeting, "send"))
    family_page = reverse(
        "portal:meeting_preparation",
        kwargs={"case_id": world.case.uuid, "meeting_id": meeting.uuid},
    )
    to_parent = _to(world.parent.email)
    assert "the meeting about your child" in to_parent.subject
    assert family_page in to_parent.body and "/dossiers/" not in to_parent.body
    (event,) = _ics(to_parent).walk("VEVENT")
    assert family_page in str(event["URL"]) and "/dossiers/" not in event.to_ical().decode()
    for detail in (world.child.first_name, world.child.last_name, "111222333"):
        assert detail not in to_parent.body and detail not in to_parent.subject
    # The link opens for the parent.
    link = re.search(r"http\S+", to_parent.body)
    assert link is not None
    opened = verified_client(world.users["parent"]).get(
        link.group(0).replace("http://testserver", "")
    )
    assert opened.status_code == 200
    # The professional keeps the meeting page.
    to_chair = _to(world.coordinator.email)
    assert _page(world, meeting, "detail") in to_chair.body and "/gezin/" not in to_chair.body


def test_a_cancellation_names_organizer_and_attendee(
    world, meeting, verified_client, django_capture_on_commit_callbacks
):
    client = verified_client(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_page(world, meeting, "send"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_page(world, meeting, "cancel"))
    meeting.refresh_from_db()
    # The family's own notice of the cancellation (portal mail, no calendar file) goes out
    # too; the calendar cancellations go to those who were invited.
    calendar_mails = [m for m in mail.outbox if m.attachments]
    assert sorted(a for m in calendar_mails for a in m.to) == sorted(
        [world.coordinator.email, world.parent.email]
    )
    for message in calendar_mails:
        part = _calendar_part(message)
        assert part.get_param("method") == "CANCEL"
        assert part["Content-Type"].lower().count("charset") == 1
        cal = _ics(message)
        assert cal["METHOD"] == "CANCEL"
        _assert_local_times(cal, meeting)
        (event,) = cal.walk("VEVENT")
        assert str(event["ORGANIZER"]) == ORGANIZER
        assert str(event["ATTENDEE"]) == f"mailto:{message.to[0]}"
        assert event["STATUS"] == "CANCELLED" and int(event["SEQUENCE"]) == meeting.sequence
    to_parent = _to(world.parent.email)
    home = reverse("portal:home", kwargs={"case_id": world.case.uuid})
    assert home in to_parent.body and "/dossiers/" not in to_parent.body


def test_the_personal_feed_has_local_times_and_an_organizer(world, meeting):
    token = feeds.regenerate(world.coordinator)
    response = Client().get(reverse("meetings_feed", kwargs={"token": token}))
    assert response.status_code == 200
    cal = Calendar.from_ical(response.content)
    _assert_local_times(cal, meeting)
    (event,) = cal.walk("VEVENT")
    assert str(event["ORGANIZER"]) == ORGANIZER


def test_reading_the_personal_feed_leaves_a_record_per_case(world, meeting):
    """A calendar fetching the secret address reads case data as a page does: logged."""
    token = feeds.regenerate(world.coordinator)
    before = AccessLogEntry.objects.count()
    response = Client(REMOTE_ADDR="192.0.2.7").get(
        reverse("meetings_feed", kwargs={"token": token})
    )
    assert response.status_code == 200
    (entry,) = AccessLogEntry.objects.order_by("seq")[before:]
    assert (entry.username, entry.event, entry.object_type, entry.outcome) == (
        "coordinator",
        "list",
        "calendar_feed",
        "allowed",
    )
    assert entry.case_ref == world.case.uuid and entry.client_address == "192.0.2.7"


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        (
            "gouden_driehoek",
            {
                "en": "the samenwerkingsverband, the youth team and the Integraal Loket",
                "nl": "het samenwerkingsverband, het wijkteam en het Integraal Loket",
                "tr": "gençlik ekibi ve Integraal Loket ile birlikte",
                "uk": "молодіжною командою та Integraal Loket",
            },
        ),
        (
            "overdracht",
            {
                "en": "a handover talk",
                "nl": "een overdrachtsgesprek",
                "tr": "bir devir görüşmesi",
                "uk": "розмова про передачу",
            },
        ),
    ],
)
def test_the_family_mail_names_a_meeting_of_its_own_kind_in_the_parents_language(
    world, meeting, kind, words
):
    from arrangeer.accounts.models import User
    from arrangeer.meetings import invitations

    Meeting.objects.filter(pk=meeting.pk).update(kind=kind)
    parent = meeting.invitees.get(representative__isnull=False)
    assert parent.representative.user_id == world.users["parent"].pk
    chair = meeting.invitees.get(team_member__membership__user=world.coordinator)
    for language, expected in words.items():
        User.objects.filter(pk=world.users["parent"].pk).update(language=language)
        mail.outbox.clear()
        invitations.send_invitations(meeting.pk, [parent.pk, chair.pk])
        invitations.send_cancellations(meeting.pk, [parent.pk, chair.pk])
        to_parent = [m for m in mail.outbox if m.to == [world.parent.email]]
        to_chair = [m for m in mail.outbox if m.to == [world.coordinator.email]]
        assert len(to_parent) == len(to_chair) == 2
        for message in to_parent:
            assert "MDO" not in message.subject + message.body, (language, message.body)
            assert expected in message.body, (language, message.body)
        # The professional keeps their own language (the product's here) and the kind's name.
        for message in to_chair:
            assert "multidisciplin" not in message.subject.lower(), message.subject
            assert "MDO" not in message.subject or kind == "overdracht", message.subject
