"""The region's target group: the rules functional management keeps, and the Bereik page's
table of the children reached in and outside the group, with the share, through the page, the
CSV, the XLSX and the API; small numbers hidden and not recoverable by subtracting; the
query budget."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest
from openpyxl import load_workbook

from arrangeer.api import services as api_services
from arrangeer.cases.models import Case
from arrangeer.children.models import Child
from arrangeer.monitor import services, suppression
from arrangeer.monitor.constants import year_label
from arrangeer.monitor.models import CaseFact, TargetRule
from arrangeer.monitor.targets import rule_q
from arrangeer.organisations.constants import OrganisationType, Role, SchoolSector
from arrangeer.organisations.models import Membership, Organisation, Region
from arrangeer.organisations.services import grant_membership
from arrangeer.routes.models import Route
from arrangeer.testing.auth import login_verified
from arrangeer.testing.factories import OrganisationFactory, UserFactory
from arrangeer.testing.world import World

from .helpers import LAST_YEAR, arrangements

pytestmark = pytest.mark.django_db

TABLE = "doelgroep"


def _client(world: World, persona: str = "policy_officer") -> Client:
    return login_verified(Client(), world.users[persona])


def _csv_row(client: Client, year: int = LAST_YEAR, **params: object) -> list[str]:
    response = client.get(reverse("monitor:export", args=["bereik", TABLE]), params)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode()), delimiter=";"))
    assert rows[0][1:] == [
        "Binnen de doelgroep",
        "Buiten de doelgroep",
        "Totaal",
        "Aandeel (procent)",
    ]
    return next(row[1:] for row in rows if row and row[0] == year_label(year))


# Functional management ---------------------------------------------------------------------


def _admin(region: Region) -> Client:
    swv = OrganisationFactory(swv=True, region=region)
    user = UserFactory()
    grant_membership(user=user, organisation=swv, role=Role.FUNCTIONAL_ADMIN)
    return login_verified(Client(), user)


def test_the_functional_administrator_keeps_the_regions_target_group_rules(world):
    client = _admin(world.region)
    url = reverse("admin:monitor_targetrule_add")
    response = client.post(
        url,
        {
            "region": world.region.pk,
            "name": "Jonge thuiszitters",
            "age_from": "4",
            "age_to": "11",
            "sectors": [SchoolSector.PO, SchoolSector.SBO],
            "is_thuiszitter": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    rule = TargetRule.objects.get(region=world.region)
    assert (rule.age_from, rule.age_to, rule.is_thuiszitter) == (4, 11, True)
    assert rule.sectors == [SchoolSector.PO, SchoolSector.SBO] and not rule.has_absence
    assert client.get(reverse("admin:monitor_targetrule_changelist")).status_code == 200


@pytest.mark.usefixtures("english")
def test_a_rule_without_a_condition_or_with_a_wrong_one_is_refused_with_a_message(world):
    client = _admin(world.region)
    url = reverse("admin:monitor_targetrule_add")
    response = client.post(url, {"region": world.region.pk, "name": "Iedereen"})
    assert "Give at least one condition" in response.content.decode()
    response = client.post(
        url, {"region": world.region.pk, "name": "Omgekeerd", "age_from": "12", "age_to": "8"}
    )
    assert "The upper age must not be below the lower age." in response.content.decode()
    elsewhere = Region.objects.create(name="Elders", slug="elders-doelgroep")
    route = Route.objects.create(region=elsewhere, name="Route elders")
    response = client.post(
        url, {"region": world.region.pk, "name": "Andere route", "route": route.pk}
    )
    assert "Choose a route of this region or a model route." in response.content.decode()
    assert not TargetRule.objects.exists()


def test_who_is_not_a_functional_administrator_cannot_change_the_rules(world):
    response = _client(world).get(reverse("admin:monitor_targetrule_changelist"))
    assert response.status_code == 403


# The Bereik page ---------------------------------------------------------------------------


def _thuiszitters(world: World, *, at_school: int, at_other: int) -> None:
    if at_school:
        arrangements(world.region, world.school, world.coordinator, at_school, is_thuiszitter=True)
    if at_other:
        arrangements(
            world.region, world.other_school, world.coordinator, at_other, is_thuiszitter=True
        )


def test_the_page_shows_who_is_reached_in_and_outside_the_target_group_with_the_share(world):
    TargetRule.objects.create(region=world.region, name="Thuiszitters", is_thuiszitter=True)
    _thuiszitters(world, at_school=15, at_other=20)
    client = _client(world)
    page = client.get(reverse("monitor:theme", args=["bereik"]))
    text = page.content.decode()
    assert 'data-table="doelgroep"' in text and "Aandeel (procent)" in text
    # 35 thuiszitters; 66 others (23 + 31 + 12); 101 in all, published 35, 65, 100: 35 %.
    assert _csv_row(client) == ["35", "65", "100", "35"]
    assert _csv_row(client, gemeente="Teststad") == ["15", "35", "50", "30"]
    # The same in the XLSX and the API.
    response = client.get(reverse("monitor:export_xlsx", args=["bereik", TABLE]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == year_label(LAST_YEAR))
    assert list(row[1:5]) == [35, 65, 100, 35]
    user = world.users["policy_officer"]
    _record, token = api_services.create_token(
        user=user, membership=user.memberships.first(), name="BI", days=1
    )
    body = (
        Client()
        .get(
            reverse("monitor_api:theme", args=["bereik"]),
            HTTP_AUTHORIZATION=f"Bearer {token}",
            HTTP_ACCEPT="*/*",
        )
        .json()
    )
    table = next(t for t in body["tables"] if t["key"] == TABLE)
    assert table["columns"][-1] == "Aandeel (procent)"
    api_row = next(r for r in table["rows"] if r["name"] == year_label(LAST_YEAR))
    assert api_row["values"] == [35, 65, 100, 35]


def test_a_child_is_in_the_group_when_any_rule_matches(world):
    TargetRule.objects.create(region=world.region, name="Thuiszitters", is_thuiszitter=True)
    TargetRule.objects.create(region=world.region, name="Verzuim", has_absence=True)
    _thuiszitters(world, at_school=15, at_other=0)
    # 15 thuiszitters and the 31 with absence: 46 → 45; 35 others; 81 → 80.
    assert _csv_row(_client(world)) == ["45", "35", "80", "56"]


def test_a_small_target_group_is_hidden_with_the_figure_it_could_be_worked_out_from(world):
    TargetRule.objects.create(region=world.region, name="Thuiszitters", is_thuiszitter=True)
    _thuiszitters(world, at_school=3, at_other=0)
    client = _client(world)
    # 3 thuiszitters: "<10"; then the others too (else 70 - 65 gives it); no share.
    assert _csv_row(client) == ["<10", "<10", "70", "—"]
    page = client.get(reverse("monitor:theme", args=["bereik"])).content.decode()
    assert "—" in page


def test_without_rules_the_page_says_how_the_target_group_is_set(world):
    text = _client(world).get(reverse("monitor:theme", args=["bereik"])).content.decode()
    assert 'data-table="doelgroep"' not in text
    assert 'data-testid="monitor-no-target-group"' in text
    response = _client(world).get(reverse("monitor:export", args=["bereik", TABLE]))
    assert response.status_code == 404


def test_the_target_group_costs_one_query_and_no_read_of_the_facts_more(world):
    """The rules are read in one query (with or without rules); the table is counted in the
    trend's query on the facts: the same number of queries with more data."""
    client = _client(world)
    url = reverse("monitor:theme", args=["bereik"])

    def count() -> tuple[int, int, int]:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"gemeente": "Teststad"}).status_code == 200
        sql = [q["sql"] for q in captured.captured_queries]
        facts = sum(1 for q in sql if "monitor_casefact" in q)
        return len(sql), facts, sum(1 for q in sql if "monitor_targetrule" in q)

    without = count()
    TargetRule.objects.create(region=world.region, name="Thuiszitters", is_thuiszitter=True)
    TargetRule.objects.create(region=world.region, name="Jong", age_to=11)
    with_rules = count()
    assert with_rules == without
    assert with_rules[1:] == (2, 1)
    _thuiszitters(world, at_school=30, at_other=30)
    assert count() == with_rules


# The attack: subtract shown figures to recover a hidden count --------------------------------

TOWNS = ["Aadorp", "Beekdorp", "Ceesdorp"]


@pytest.fixture
def towns(db) -> tuple[Region, list[Organisation], Client, object]:
    region = Region.objects.create(name="Doelregio", slug="doelregio")
    schools = [
        Organisation.objects.create(
            region=region,
            name=f"School {town}",
            type=OrganisationType.SCHOOL,
            sector=SchoolSector.PO,
            municipality=town,
        )
        for town in TOWNS
    ]
    hall = Organisation.objects.create(
        region=region, name="Gemeente Doel", type=OrganisationType.MUNICIPALITY
    )
    officer = UserFactory(username="beleid_doel")
    Membership.objects.create(user=officer, organisation=hall, role=Role.POLICY_OFFICER)
    coordinator = UserFactory(username="coordinator_doel")
    Membership.objects.create(user=coordinator, organisation=schools[0], role=Role.COORDINATOR)
    TargetRule.objects.create(region=region, name="Thuiszitters", is_thuiszitter=True)
    return region, schools, login_verified(Client(), officer), coordinator


def _recovered(views: dict[str, list[str]]) -> list[str]:
    """What an attacker works out: within a view, in = total - out (or out = total - in); across
    the towns, the region's "in" minus the towns shown."""
    hidden = suppression.SUPPRESSED_TEXT
    found = []
    for name, (inside, outside, total, _share) in views.items():
        if total != hidden and [inside, outside].count(hidden) == 1:
            found.append(name)
    for column in (0, 1):
        region_value = views["region"][column]
        towns = [views[t][column] for t in TOWNS]
        if region_value != hidden and towns.count(hidden) == 1:
            found.append(f"column {column}")
    return found


def test_a_towns_hidden_target_group_cannot_be_recovered_by_subtracting(towns, monkeypatch):
    region, schools, client, coordinator = towns
    monkeypatch.setattr(suppression, "ROUNDING_BASE", 1)  # only secondary suppression protects
    for school, (inside, outside) in zip(schools, [(20, 30), (4, 25), (15, 12)], strict=True):
        arrangements(region, school, coordinator, inside, is_thuiszitter=True)
        arrangements(region, school, coordinator, outside)
    views = {"region": _csv_row(client, jaar=LAST_YEAR)}
    views |= {town: _csv_row(client, jaar=LAST_YEAR, gemeente=town) for town in TOWNS}
    assert views["Beekdorp"][0] == suppression.SUPPRESSED_TEXT  # 4 thuiszitters
    assert views["Aadorp"][:3] == ["20", "30", "50"]
    assert _recovered(views) == []
    # Someone else's shown figures are exact (rounding is off), so the hidden cells are the only
    # protection: the hidden ones in a line hold at least 10 children.
    hidden_in = [t for t in TOWNS if views[t][0] == suppression.SUPPRESSED_TEXT]
    assert sum({"Aadorp": 20, "Beekdorp": 4, "Ceesdorp": 15}[t] for t in hidden_in) >= 10


def test_a_rule_counts_the_age_on_1_october_of_each_school_year(towns):
    region, schools, _client, coordinator = towns
    rule = TargetRule(region=region, name="Tot en met 9", age_to=9, sectors=[SchoolSector.PO])
    # The helper's children are born on 1 March, 9 years before the school year began: 9 on
    # 1 October of that year (in the group), 10 a year later (out).
    cases = arrangements(region, schools[0], coordinator, 12, year=LAST_YEAR - 1)
    assert cases[0].child.date_of_birth == dt.date(LAST_YEAR - 10, 3, 1)
    facts = CaseFact.objects.filter(region=region)
    assert facts.filter(rule_q(rule, LAST_YEAR - 1)).count() == 12
    assert facts.filter(rule_q(rule, LAST_YEAR)).count() == 0
    assert facts.exclude(rule_q(rule, LAST_YEAR)).count() == 12
    # A child without a school is of no sector: outside a rule that names sectors.
    Child.objects.filter(pk=cases[0].child_id).update(school=None)
    services.refresh_dimension_facts()
    assert facts.filter(rule_q(rule, LAST_YEAR - 1)).count() == 11
    outside = ~rule_q(rule, LAST_YEAR - 1)
    assert facts.filter(outside).count() == 1
    assert services.live_cases(Case.objects.filter(region=region)).filter(outside).count() == 1
