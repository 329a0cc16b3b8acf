"""The secret calendar address: made and replaced on the account page, stored as a hash, no
login needed, no child details, only meetings of cases the person may still see."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

import pytest
from icalendar import Calendar

from arrangeer.cases import services as case_services
from arrangeer.cases.access import Actor, access_case
from arrangeer.meetings.models import CalendarFeed
from arrangeer.testing.meetings import plan_mdo
from arrangeer.testing.world import World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


def _new_address(client: Client) -> str:
    page = client.post(reverse("meetings_calendar"), {"actie": "nieuw"}).content.decode()
    found = re.search(r'value="(http[^"]+\.ics)"', page)
    assert found
    return found.group(1).replace("http://testserver", "")


def test_the_feed_shows_upcoming_mdos_without_child_details_and_without_login(
    world, verified_client
):
    meeting = plan_mdo(world.case, regisseur=world.coordinator)
    address = _new_address(verified_client(world.coordinator))
    feed = CalendarFeed.objects.get(user=world.coordinator)
    assert feed.digest not in address and len(feed.digest) == 64
    response = Client().get(address)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    for detail in (world.child.first_name, world.child.last_name, "111222333"):
        assert detail not in body
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert event["SUMMARY"] == "MDO" and str(meeting.uuid) in event["UID"]


def test_a_new_address_replaces_the_old_and_revoking_ends_it(world, verified_client):
    client = verified_client(world.coordinator)
    old = _new_address(client)
    new = _new_address(client)
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200
    client.post(reverse("meetings_calendar"), {"actie": "intrekken"})
    assert Client().get(new).status_code == 404
    assert Client().get(new.replace(".ics", "x.ics")).status_code == 404


def test_the_feed_leaves_out_cases_the_person_no_longer_sees(world, verified_client):
    plan_mdo(world.case, regisseur=world.coordinator)
    address = _new_address(verified_client(world.coordinator))
    case_services.close_case(access_case(Actor(world.coordinator), world.case.uuid), reason="moved")
    assert Calendar.from_ical(Client().get(address).content).walk("VEVENT") == []
