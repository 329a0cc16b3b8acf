"""A meeting's version: every write to the meeting raises it, a change based on an older one is
refused by the service (StaleVersion), and the change page keeps what was typed and shows what
is saved now; saving again from there is a deliberate choice and is kept."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

import pytest

from arrangeer.cases.access import Actor, access_case
from arrangeer.core.models_util import StaleVersion
from arrangeer.meetings import services
from arrangeer.meetings.models import Meeting
from arrangeer.testing.meetings import meeting_started, plan_mdo
from arrangeer.testing.world import World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


def _access(world: World):
    return access_case(Actor(world.coordinator), world.case.uuid)


def _change(world: World, meeting: Meeting, **over: object) -> Meeting:
    fields: dict[str, object] = {
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "place": meeting.place,
        "video_link": meeting.video_link,
        "room": meeting.room,
        "interpreter_needed": meeting.interpreter_needed,
        "interpreter_language": meeting.interpreter_language,
        "consent_forms_prepared": meeting.consent_forms_prepared,
        "rhythm_weeks": meeting.rhythm_weeks,
        **over,
    }
    return services.change_meeting(_access(world), meeting, **fields)  # type: ignore[arg-type]


def _version(meeting: Meeting) -> int:
    return Meeting.objects.values_list("lock_version", flat=True).get(pk=meeting.pk)


def test_a_change_on_an_older_version_is_refused_and_changes_nothing(world):
    meeting = plan_mdo(world.case, regisseur=world.coordinator)
    read = _version(meeting)
    _change(world, meeting, room="Kamer 3", expected_version=read)
    assert _version(meeting) == read + 1
    with pytest.raises(StaleVersion) as stale:
        _change(world, meeting, room="Kamer 9", expected_version=read)
    assert stale.value.current_version == read + 1
    assert Meeting.objects.get(pk=meeting.pk).room == "Kamer 3"


def test_every_write_to_the_meeting_raises_its_version(world):
    meeting = plan_mdo(world.case, regisseur=world.coordinator)
    read = _version(meeting)
    meeting_started(meeting)
    services.record_meeting(
        _access(world),
        meeting,
        attendance={i.pk: "aanwezig" for i in meeting.invitees.all()},
        minutes={},
    )
    assert _version(meeting) == read + 1
    other = plan_mdo(world.case, regisseur=world.coordinator, start_in=dt.timedelta(days=9))
    before = _version(other)
    services.cancel_meeting(_access(world), other)
    assert _version(other) == before + 1


def test_the_change_page_keeps_what_was_typed_when_someone_saved_in_between(world, verified_client):
    meeting = plan_mdo(world.case, regisseur=world.coordinator)
    # In the morning, so that the page's one date holds its start and end.
    day = timezone.localdate() + dt.timedelta(days=7)
    tz = timezone.get_current_timezone()
    meeting = _change(
        world,
        meeting,
        starts_at=dt.datetime.combine(day, dt.time(10), tzinfo=tz),
        ends_at=dt.datetime.combine(day, dt.time(11), tzinfo=tz),
    )
    client = verified_client(world.coordinator)
    url = reverse("meetings:edit", kwargs={"case_id": world.case.uuid, "meeting_id": meeting.uuid})
    form = client.get(url).context["form"]
    read = form.initial["version"]
    start = timezone.localtime(meeting.starts_at)
    mine = {
        "date": start.date().isoformat(),
        "start": start.strftime("%H:%M"),
        "end": timezone.localtime(meeting.ends_at).strftime("%H:%M"),
        "place": "Gemeentehuis",
        "room": "Zaal 1",
        "version": str(read),
    }
    # Someone else moves the meeting to another room while this page is open.
    _change(world, meeting, room="Kamer 7")
    refused = client.post(url, mine)
    assert refused.status_code == 409
    page = refused.content.decode()
    assert "Iemand anders heeft dit overleg gewijzigd" in page
    assert 'value="Gemeentehuis"' in page and 'value="Zaal 1"' in page
    assert f'name="version" value="{read + 1}"' in page
    fields = refused.context["form"].fields
    differences = {d.label: (d.typed, d.saved) for d in refused.context["conflict"].differences}
    assert differences[str(fields["room"].label)] == ("Zaal 1", "Kamer 7")
    assert differences[str(fields["place"].label)] == ("Gemeentehuis", meeting.place)
    assert Meeting.objects.get(pk=meeting.pk).room == "Kamer 7"
    # Saving again, now on the version this person has seen, keeps theirs.
    saved = client.post(url, {**mine, "version": str(read + 1)})
    assert saved.status_code == 302, saved.context["form"].errors
    again = Meeting.objects.get(pk=meeting.pk)
    assert (again.place, again.room) == ("Gemeentehuis", "Zaal 1")
