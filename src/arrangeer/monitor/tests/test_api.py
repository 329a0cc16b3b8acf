"""The monitor in the API, through its real URL, per role and token: a policy officer's token
gives the region's published figures as JSON, a school's coordinator their school's, a
teacher nothing (404), another region's officer nothing of this region; every answer is an
aggregate read in the access log, and the query count does not grow with the data."""

from __future__ import annotations

import datetime as dt
import json

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from arrangeer.api import services as api_services
from arrangeer.audit.constants import Channel, Event
from arrangeer.audit.models import AccessLogEntry
from arrangeer.monitor.constants import Theme, year_label
from arrangeer.organisations.constants import Role, SchoolSector
from arrangeer.testing.world import World

from .helpers import LAST_YEAR, arrangements

pytestmark = pytest.mark.django_db


def _token(world: World, persona: str) -> str:
    user = world.users[persona]
    _record, token = api_services.create_token(
        user=user, membership=user.memberships.first(), name="BI", days=1
    )
    return token


def _get(world: World, persona: str, theme: str = "bereik", **params: object):
    url = reverse("monitor_api:theme", args=[theme])
    return Client().get(
        url, params, HTTP_AUTHORIZATION=f"Bearer {_token(world, persona)}", HTTP_ACCEPT="*/*"
    )


def _trend_total(body: dict, year: int) -> int | None:
    table = next(t for t in body["tables"] if t["key"] == "trend")
    row = next(r for r in table["rows"] if r["name"] == year_label(year))
    return row["values"][-1]


@pytest.mark.parametrize("theme", list(Theme.values))
def test_a_policy_officers_token_gives_every_theme_of_the_region_as_aggregates(world, theme):
    response = _get(world, "policy_officer", theme)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["theme"] == theme
    assert body["scope"] == {
        "kind": "region",
        "name": world.region.name,
        "role": body["scope"]["role"],
    }
    assert body["threshold"] == 10 and body["rounding"] == 5 and "<10" in body["rule"]
    assert body["tables"]
    for table in body["tables"]:
        for row in table["rows"]:
            assert len(row["values"]) == len(row["display"])
            for value, shown in zip(row["values"], row["display"], strict=True):
                # Published figures only: rounded to 5, or null where hidden ("<10").
                assert (value is None and shown == "<10") or (
                    value % 5 == 0 and shown == str(value)
                )
    text = response.content.decode()
    assert "Monitortest" not in text and world.child.last_name not in text
    assert "/dossiers/" not in text


def test_the_figures_are_the_pages_figures(world):
    body = _get(world, "policy_officer").json()
    # 23 + 31 + 12 arrangements opened in the last school year: 66, published as 65.
    assert _trend_total(body, LAST_YEAR) == 65
    gemeente = _get(world, "policy_officer", "bereik", gemeente="Teststad").json()
    assert gemeente["filters"]["gemeente"] == "Teststad"
    assert _trend_total(gemeente, LAST_YEAR) == 35


def test_a_school_coordinators_token_gives_the_figures_of_their_own_school(world):
    body = _get(world, "coordinator").json()
    assert body["scope"]["kind"] == "school" and body["scope"]["name"] == world.school.name
    assert _trend_total(body, LAST_YEAR) == 35  # 23 + 12 of this school


@pytest.mark.parametrize(
    "persona", ["teacher", "youth_worker", "functional_admin", "swv_specialist"]
)
def test_who_has_no_monitor_gets_404_from_the_api(world, persona):
    response = _get(world, persona)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")


def test_another_regions_officer_gets_nothing_of_this_region(world):
    body = _get(world, "other_officer").json()
    assert body["scope"]["name"] == world.other_region.name
    assert world.region.name not in json.dumps(body)
    for table in body["tables"]:
        for row in table["rows"]:
            assert all(value is None for value in row["values"]), row
    # A school of this region by its number: refused.
    response = _get(world, "other_officer", school=world.school.pk)
    assert response.status_code == 400
    assert world.school.name not in response.content.decode()


def test_two_filters_or_an_unknown_theme_are_refused(world):
    response = _get(world, "policy_officer", gemeente="Teststad", sector=SchoolSector.PO)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert _get(world, "policy_officer", "kinderen").status_code == 404


def test_without_a_token_nothing(world):
    response = Client().get(reverse("monitor_api:theme", args=["bereik"]))
    assert response.status_code in (401, 403)


def test_every_answer_is_an_aggregate_read_in_the_access_log(world):
    before = AccessLogEntry.objects.count()
    _get(world, "policy_officer", "uitval", jaar=LAST_YEAR, sector="po")
    entries = list(AccessLogEntry.objects.order_by("seq")[before:])
    reads = [e for e in entries if e.object_type == "monitor_api"]
    assert len(reads) == 1
    entry = reads[0]
    assert entry.event == Event.VIEW and entry.channel == Channel.API
    assert entry.object_id == f"uitval|{LAST_YEAR}|t=po"
    assert entry.role == Role.POLICY_OFFICER
    assert entry.child_pseudonym is None and entry.case_ref is None


def test_the_schema_describes_the_monitor(world):
    schema = Client().get(reverse("api:schema"), {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/monitor/{theme}/"]["get"]
    assert operation["operationId"] == "monitor_theme"
    names = {p["name"] for p in operation["parameters"]}
    assert {"theme", "jaar", "gemeente", "school", "sector", "route"} <= names


@pytest.mark.parametrize("theme", list(Theme.values))
def test_the_apis_query_count_does_not_grow_with_the_data(world, theme):
    token = _token(world, "policy_officer")
    url = reverse("monitor_api:theme", args=[theme])
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    with CaptureQueriesContext(connection) as small:
        assert Client().get(url, {"gemeente": "Teststad"}, **headers).status_code == 200
    arrangements(world.region, world.school, world.coordinator, 40, is_complex=True)
    arrangements(world.region, world.other_school, world.coordinator, 40, closed=True)
    with CaptureQueriesContext(connection) as large:
        assert Client().get(url, {"gemeente": "Teststad"}, **headers).status_code == 200
    assert len(large) <= len(small)


def test_the_answer_says_how_fresh_a_pre_aggregated_theme_is(world):
    """Lead time (as reach, dropout, goals, thuiszitters, satisfaction, funding and
    individual → collective) counts from the fact tables: the answer says so and gives the
    last full count; a theme counted live (escalations) says it is not pre-aggregated."""
    from arrangeer.monitor import services as monitor_services
    from arrangeer.monitor import state
    from arrangeer.monitor.models import Refresh

    live = _get(world, "policy_officer", Theme.ESCALATIONS).json()
    assert live["pre_aggregated"] is False and live["figures_as_of"] is None
    assert _get(world, "policy_officer", Theme.FINANCING).json()["pre_aggregated"] is True
    Refresh.objects.all().delete()
    never = _get(world, "policy_officer", Theme.LEAD_TIME).json()
    assert never["pre_aggregated"] is True and never["figures_as_of"] is None
    monitor_services.refresh_facts()
    counted = _get(world, "policy_officer", Theme.LEAD_TIME).json()
    finished = Refresh.objects.get(table=state.FACTS).finished_at
    assert counted["pre_aggregated"] is True
    assert counted["figures_as_of"] is not None
    assert dt.datetime.fromisoformat(counted["figures_as_of"]) == finished
