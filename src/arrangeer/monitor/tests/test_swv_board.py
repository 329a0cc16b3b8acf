"""The SWV and school-board filters: they count the cases of the schools that belong to the
SWV or the board (as the facts carry them since the last refresh), the cases of a school
without one only in the whole, and cost no query more than another filter."""

from __future__ import annotations

import csv
import io

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from arrangeer.monitor import services, suppression
from arrangeer.monitor.constants import Theme, year_label
from arrangeer.monitor.models import CaseFact
from arrangeer.organisations.models import SchoolBoard
from arrangeer.testing.auth import login_verified
from arrangeer.testing.world import World

from .helpers import LAST_YEAR, arrangements

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked(world: World) -> tuple[World, SchoolBoard, SchoolBoard]:
    """The world's school in its SWV and board A; the other school in board B, in no SWV."""
    board_a = SchoolBoard.objects.create(region=world.region, name="Stichting A")
    board_b = SchoolBoard.objects.create(region=world.region, name="Stichting B")
    world.school.swv = world.swv
    world.school.school_board = board_a
    world.school.save()
    world.other_school.school_board = board_b
    world.other_school.save()
    services.refresh_dimension_facts()
    return world, board_a, board_b


def _client(world: World) -> Client:
    return login_verified(Client(), world.users["policy_officer"])


def _running(client: Client, **params: object) -> str:
    """The published number of arrangements running in the last school year (reach)."""
    response = client.get(
        reverse("monitor:export", args=["bereik", "trend"]), {"jaar": LAST_YEAR, **params}
    )
    assert response.status_code == 200
    for row in csv.reader(io.StringIO(response.content.decode()), delimiter=";"):
        if row and row[0] == year_label(LAST_YEAR):
            return row[-1]
    raise AssertionError("no row for the year")


def test_the_facts_carry_the_swv_and_board_of_the_case_school(linked):
    world, board_a, board_b = linked
    at_school = CaseFact.objects.filter(school=world.school)
    assert at_school.exists()
    assert set(at_school.values_list("swv", "school_board")) == {(world.swv.pk, board_a.pk)}
    at_other = CaseFact.objects.filter(school=world.other_school)
    assert set(at_other.values_list("swv", "school_board")) == {(None, board_b.pk)}


def test_the_swv_and_board_filters_count_their_schools_cases(linked, monkeypatch):
    world, board_a, board_b = linked
    monkeypatch.setattr(suppression, "ROUNDING_BASE", 1)
    client = _client(world)
    whole = int(_running(client))
    at_school = int(_running(client, school=world.school.pk))
    at_other = int(_running(client, school=world.other_school.pk))
    assert at_school == 35 and at_other == 31  # the world's arrangements (conftest)
    assert int(_running(client, swv=world.swv.pk)) == at_school
    assert int(_running(client, bestuur=board_a.pk)) == at_school
    assert int(_running(client, bestuur=board_b.pk)) == at_other
    # The other school's cases (no SWV) count in the whole only.
    assert whole == at_school + at_other


def test_a_school_that_changes_board_moves_its_cases_at_the_refresh(linked, monkeypatch):
    world, board_a, board_b = linked
    monkeypatch.setattr(suppression, "ROUNDING_BASE", 1)
    world.other_school.school_board = board_a
    world.other_school.save()
    services.refresh_school_facts(world.other_school.pk)
    client = _client(world)
    assert int(_running(client, bestuur=board_a.pk)) == 66
    assert not CaseFact.objects.filter(school_board=board_b).exists()


def test_the_filter_form_offers_the_region_swvs_and_boards_one_filter_at_a_time(linked):
    world, board_a, board_b = linked
    client = _client(world)
    url = reverse("monitor:theme", args=[Theme.REACH])
    page = client.get(url).content.decode()
    assert 'name="swv"' in page and 'name="bestuur"' in page
    assert world.swv.name in page and board_a.name in page and board_b.name in page
    both = client.get(url, {"swv": world.swv.pk, "bestuur": board_a.pk})
    assert "Kies één van gemeente, samenwerkingsverband, schoolbestuur" in both.content.decode()


def test_a_school_monitor_has_no_swv_or_board_filter(linked):
    world, _a, _b = linked
    page = login_verified(Client(), world.users["coordinator"]).get(
        reverse("monitor:theme", args=[Theme.REACH])
    )
    assert page.status_code == 200
    assert 'name="swv"' not in page.content.decode()
    assert 'name="bestuur"' not in page.content.decode()


@pytest.mark.parametrize("theme", list(Theme.values))
def test_the_new_filters_cost_no_query_more(linked, theme):
    """Every theme page asks as many queries with an SWV or a board chosen as with a
    municipality, and as without a filter."""
    world, board_a, _b = linked
    client = _client(world)
    url = reverse("monitor:theme", args=[theme])
    counted = {}
    for key, params in {
        "none": {},
        "gemeente": {"gemeente": "Teststad"},
        "swv": {"swv": world.swv.pk},
        "bestuur": {"bestuur": board_a.pk},
    }.items():
        client.get(url, params)  # the session and caches warm
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, params).status_code == 200
        counted[key] = len(captured)
    assert counted["swv"] == counted["gemeente"] == counted["bestuur"] == counted["none"], counted


def test_a_hidden_board_cannot_be_recovered_through_the_schools_without_a_board(monkeypatch):
    """The cases of schools without a board are no page of the board filter, but their own
    schools' pages show them: the rule must not hide a board's figure behind them alone."""
    from arrangeer.organisations.constants import OrganisationType, Role, SchoolSector
    from arrangeer.organisations.models import Membership, Organisation, Region
    from arrangeer.testing.factories import UserFactory

    from .helpers import arrangements

    monkeypatch.setattr(suppression, "ROUNDING_BASE", 1)
    region = Region.objects.create(name="Bestuurregio", slug="bestuurregio")
    boards = [SchoolBoard.objects.create(region=region, name=f"Bestuur {n}") for n in "XYZ"]

    def school(name: str, board: SchoolBoard | None) -> Organisation:
        return Organisation.objects.create(
            region=region,
            name=name,
            type=OrganisationType.SCHOOL,
            sector=SchoolSector.PO,
            municipality="Eendorp",
            school_board=board,
        )

    # Board X: 12 + 18; board Y: 3 (hidden); board Z: 40; no board: 25.
    schools = [
        (school("S1", boards[0]), 12),
        (school("S5", boards[0]), 18),
        (school("S2", boards[1]), 3),
        (school("S3", boards[2]), 40),
        (school("S4", None), 25),
    ]
    town_hall = Organisation.objects.create(
        region=region, name="Gemeente Eendorp", type=OrganisationType.MUNICIPALITY
    )
    officer = UserFactory(username="beleid_bestuur")
    Membership.objects.create(user=officer, organisation=town_hall, role=Role.POLICY_OFFICER)
    coordinator = UserFactory(username="coordinator_bestuur")
    Membership.objects.create(user=coordinator, organisation=schools[0][0], role=Role.COORDINATOR)
    for organisation, count in schools:
        arrangements(region, organisation, coordinator, count)
    client = login_verified(Client(), officer)
    total = _running(client)
    per_board = {b.name: _running(client, bestuur=b.pk) for b in boards}
    per_school = {s.name: _running(client, school=s.pk) for s, _n in schools}
    assert per_board["Bestuur Y"] == suppression.SUPPRESSED_TEXT
    shown = [v for v in per_board.values() if v != suppression.SUPPRESSED_TEXT]
    assert total != suppression.SUPPRESSED_TEXT
    if per_school["S4"] != suppression.SUPPRESSED_TEXT:
        # The attacker's subtraction: the region minus the shown boards minus the school
        # without a board is a hidden count only if Y is the one board hidden.
        assert len(shown) < len(boards) - 1, (total, per_board, per_school)


def test_a_hidden_municipality_cannot_be_recovered_through_another_ones_schools(monkeypatch):
    """A municipality hidden only to protect another (secondary suppression) must not be one
    whose schools' own pages all show: its figure would follow from them, and the protected
    municipality's from the region's figure."""
    from arrangeer.organisations.constants import OrganisationType, Role, SchoolSector
    from arrangeer.organisations.models import Membership, Organisation, Region
    from arrangeer.testing.factories import UserFactory

    from .helpers import arrangements

    monkeypatch.setattr(suppression, "ROUNDING_BASE", 1)
    region = Region.objects.create(name="Gemeenteregio", slug="gemeenteregio")
    # Town B: 3 (hidden); the others large enough to show on their own.
    towns = {"A": [12, 18], "B": [3], "C": [40], "D": [25]}
    schools: dict[str, list[Organisation]] = {}
    coordinator = UserFactory(username="coordinator_gemeente")
    for town, sizes in towns.items():
        for n, size in enumerate(sizes):
            organisation = Organisation.objects.create(
                region=region,
                name=f"School {town}{n}",
                type=OrganisationType.SCHOOL,
                sector=SchoolSector.PO,
                municipality=f"Dorp {town}",
            )
            schools.setdefault(town, []).append(organisation)
            if not Membership.objects.filter(user=coordinator).exists():
                Membership.objects.create(
                    user=coordinator, organisation=organisation, role=Role.COORDINATOR
                )
            arrangements(region, organisation, coordinator, size)
    town_hall = Organisation.objects.create(
        region=region, name="Gemeente Dorp A", type=OrganisationType.MUNICIPALITY
    )
    officer = UserFactory(username="beleid_gemeente")
    Membership.objects.create(user=officer, organisation=town_hall, role=Role.POLICY_OFFICER)
    client = login_verified(Client(), officer)
    total = _running(client)
    per_town = {town: _running(client, gemeente=f"Dorp {town}") for town in towns}
    per_school = {
        s.pk: _running(client, school=s.pk)
        for town_schools in schools.values()
        for s in town_schools
    }
    hidden = suppression.SUPPRESSED_TEXT
    assert per_town["B"] == hidden
    # What an attacker can work out: a hidden municipality whose schools all show.
    known = {
        town
        for town, value in per_town.items()
        if value != hidden or all(per_school[s.pk] != hidden for s in schools[town])
    }
    assert total != hidden
    assert len(set(towns) - known) >= 2, (total, per_town, per_school)


# The queries of a page of the monitor in the tests' world (session, user, second factor,
# memberships, filter choices, routes, the access-log record, the facts' time, the tables):
# a ceiling that does not depend on the data.
REACH_BUDGET = 24


@pytest.mark.parametrize("by", ["swv", "bestuur"])
def test_reach_narrowed_to_an_swv_or_a_board_keeps_its_query_budget_whatever_the_data(
    linked, by, django_assert_max_num_queries
):
    """Bereik with an SWV or a board chosen: the same queries with more schools in the SWV and
    the board and more arrangements at them, within the budget, two reads of the case facts."""
    world, board_a, _b = linked
    client = _client(world)
    url = reverse("monitor:theme", args=[Theme.REACH])
    params = {"swv": world.swv.pk} if by == "swv" else {"bestuur": board_a.pk}
    client.get(url, params)  # the session and caches warm
    with CaptureQueriesContext(connection) as small:
        assert client.get(url, params).status_code == 200
    assert len(small) <= REACH_BUDGET
    for n in range(3):
        school = type(world.school).objects.create(
            name=f"School {n}",
            type=world.school.type,
            region=world.region,
            municipality="Teststad",
            sector=world.school.sector,
            swv=world.swv,
            school_board=board_a,
        )
        arrangements(world.region, school, world.coordinator, 12, is_complex=True)
    services.refresh_dimension_facts()
    with django_assert_max_num_queries(len(small)), CaptureQueriesContext(connection) as large:
        assert client.get(url, params).status_code == 200
    reads = [q for q in large.captured_queries if "monitor_casefact" in q["sql"]]
    # The reach's six tables: the trend one grouped query, the school year's five another.
    assert len(reads) == 2
