"""The Meldcode and Verwijsindex activities on the Integraal Loket theme of the regional
monitor (indicators_region.safety_activities): children per Meldcode step and decision,
Verwijsindex signals and those with a match, per school year, with the monitor's suppression
of small numbers; never a note, an organisation matched with, a name or a case link."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

import pytest

from arrangeer.monitor.constants import Theme, year_label
from arrangeer.organisations.constants import OrganisationType
from arrangeer.organisations.models import Organisation, Region
from arrangeer.referrals.constants import MeldcodeDecision, MeldcodeStepKind
from arrangeer.testing.auth import login_verified
from arrangeer.testing.world import World

from . import helpers_region as make
from .helpers import LAST_YEAR, arrangements

pytestmark = pytest.mark.django_db

YEAR = year_label(LAST_YEAR)
EARLIER = year_label(LAST_YEAR - 1)
MAP, CONSULT, TALK, WEIGH, DECIDE = (value for value, _label in MeldcodeStepKind.choices)


def _client(world: World, persona: str) -> Client:
    return login_verified(Client(), world.users[persona])


def _api(world: World, persona: str = "policy_officer", **params: object) -> dict:
    response = _client(world, persona).get(
        reverse("monitor_api:theme", args=[Theme.LOKET]), {"jaar": LAST_YEAR, **params}
    )
    assert response.status_code == 200, response.content
    return response.json()


def _rows(body: dict, key: str) -> dict[str, list[str]]:
    table = next(t for t in body["tables"] if t["key"] == key)
    return {row["name"]: row["display"] for row in table["rows"]}


def _cases(world: World, school: Organisation, count: int) -> list:
    return arrangements(world.region, school, world.coordinator, count)


def _meldcode(world: World) -> None:
    """Basisschool De Test (Teststad): 20 children at step 1, 3 of them twice, 12 of them at
    step 3. Basisschool Ander (Anderdorp): 15 at steps 1 and 2, 11 of them decided to report.
    Another region: 12 at step 1. The year before: 4 at step 1."""
    by = world.coordinator
    here = _cases(world, world.school, 20)
    make.meldcode_steps(here, by, MAP)
    make.meldcode_steps(here[:3], by, MAP)
    make.meldcode_steps(here[:12], by, TALK)
    there = _cases(world, world.other_school, 15)
    make.meldcode_steps(there, by, MAP)
    make.meldcode_steps(there, by, CONSULT)
    make.meldcode_steps(there[:11], by, DECIDE, decision=MeldcodeDecision.REPORT)
    make.meldcode_steps(_cases(world, world.school, 4), by, MAP, year=LAST_YEAR - 1)
    elsewhere = Region.objects.create(name="Elders", slug="elders")
    school = Organisation.objects.create(
        region=elsewhere, name="School Elders", type=OrganisationType.SCHOOL
    )
    make.meldcode_steps(arrangements(elsewhere, school, by, 12), by, MAP)


def test_children_per_meldcode_step_and_decision_with_small_numbers_hidden(world):
    _meldcode(world)
    body = _api(world)
    # Steps 1 to 5, at least one step: children (35 at step 1, not 38 steps, not 47 with the
    # other region), rounded to 5; nobody at step 4 (zero is hidden too).
    meldcode = _rows(body, "meldcode")
    assert meldcode[YEAR] == ["35", "15", "10", "<10", "10", "35"]
    assert meldcode[EARLIER] == ["<10", "<10", "<10", "<10", "<10", "<10"]
    # Step 5: the 11 reports; no other decision was taken, so no other row.
    assert list(_rows(body, "meldcode_besluit").values()) == [["10"]]
    # Teststad: step 3's 12 are all of the region's 12, so Anderdorp's 0 would be the region
    # minus Teststad: hidden as well (secondary suppression).
    town = _rows(_api(world, gemeente="Teststad"), "meldcode")[YEAR]
    assert town == ["20", "<10", "<10", "<10", "<10", "20"]
    # The school's coordinator sees their own school only.
    own = _rows(_api(world, "coordinator"), "meldcode")[YEAR]
    assert own[0] == "20" and own[5] == "20"


def test_verwijsindex_signals_and_those_with_a_match(world):
    by = world.coordinator
    here = _cases(world, world.school, 14)
    make.verwijsindex_signals(here[:10], by, match_with="Geheime Jeugdhulp BV")
    make.verwijsindex_signals(here[10:], by)
    make.verwijsindex_signals(here[:3], by)  # a second signal for three children
    make.verwijsindex_signals(_cases(world, world.other_school, 12), by)
    body = _api(world)
    # Signals given (29, not the 26 children), those with a match (10).
    assert _rows(body, "verwijsindex")[YEAR] == ["30", "10"]
    # Teststad has all the matches: Anderdorp's 0 would follow, so Teststad's 10 is hidden.
    assert _rows(_api(world, gemeente="Teststad"), "verwijsindex")[YEAR] == ["15", "<10"]
    assert _rows(_api(world, gemeente="Anderdorp"), "verwijsindex")[YEAR] == ["10", "<10"]


def test_the_page_the_csv_and_the_api_show_counts_never_a_note_a_match_or_a_child(world):
    _meldcode(world)
    make.verwijsindex_signals(
        _cases(world, world.school, 12), world.coordinator, match_with="Geheime Jeugdhulp BV"
    )
    client = _client(world, "policy_officer")
    page = client.get(reverse("monitor:theme", args=[Theme.LOKET]), {"jaar": LAST_YEAR})
    assert page.status_code == 200
    texts = [page.content.decode()]
    for key in ("meldcode", "meldcode_besluit", "verwijsindex"):
        assert f'data-table="{key}"' in texts[0]
        for name in ("monitor:export", "monitor:export_xlsx"):
            response = client.get(reverse(name, args=[Theme.LOKET, key]), {"jaar": LAST_YEAR})
            assert response.status_code == 200
            if name == "monitor:export":
                texts.append(response.content.decode())
    texts.append(str(_api(world)))
    assert "35" in texts[1]  # the CSV holds the figures
    for text in texts:
        assert "Geheim" not in text  # the notes and the organisation matched with
        assert "Monitortest" not in text  # the children's names
        assert "/dossiers/" not in text


@pytest.mark.parametrize("persona", ["teacher", "youth_worker", "parent"])
def test_who_has_no_monitor_gets_404_on_the_meldcode_export(world, persona):
    response = _client(world, persona).get(
        reverse("monitor:export", args=[Theme.LOKET, "meldcode"])
    )
    assert response.status_code == 404
