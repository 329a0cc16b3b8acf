"""The theme "Financiering" through its real URLs: what each role sees, the amounts by the
funding overview's rule, the privacy of small numbers on children, modules and amounts, the
gaps and overlaps counted, the CSV export, the access log and the query budget."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from decimal import Decimal

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from arrangeer.audit.constants import Event
from arrangeer.audit.models import AccessLogEntry
from arrangeer.cases.models import Case
from arrangeer.monitor import services
from arrangeer.monitor.constants import year_label, year_start
from arrangeer.organisations.models import Organisation
from arrangeer.plans import funding
from arrangeer.plans.models import Module, Plan, Tariff
from arrangeer.testing.auth import login_verified
from arrangeer.testing.world import World, build_world

from .helpers import LAST_YEAR, arrangements

pytestmark = pytest.mark.usefixtures("english")

THEME = "financiering"
JEUGDWET = "Jeugdwet — zorg in natura (municipality) · iJw toewijzing (allocation message)"
WLZ = "Wlz — via the zorgkantoor · Indicatie"
TLV = "Wet passend onderwijs — via the SWV · TLV (toelaatbaarheidsverklaring)"
START = year_start(LAST_YEAR) + dt.timedelta(days=35)  # in the school year, after the opening


def _funded(
    world: World,
    school: Organisation,
    count: int,
    *,
    framework: str,
    instrument: str,
    status: str,
    code: str = "",
    requested_on: dt.date | None = None,
) -> list[Case]:
    """`count` arrangements at `school`, each with a plan of one module of ten weeks, two
    hours a week, paid from `framework` with `instrument`."""
    cases = arrangements(world.region, school, world.coordinator, count)
    plans = Plan.objects.bulk_create(Plan(case=c, created_by=world.coordinator) for c in cases)
    Module.objects.bulk_create(
        Module(
            plan=plan,
            category="jeugdhulp",
            author=world.coordinator,
            updated_by=world.coordinator,
            author_organisation=school.name,
            title="Module",
            side="zorg",
            provider=world.provider,
            function="versterken",
            place="thuis",
            intensity=Decimal(2),
            intensity_unit="uren",
            start_date=START,
            end_date=START + dt.timedelta(weeks=10),
            funding_framework=framework,
            instrument=instrument,
            decision_status=status,
            requested_on=requested_on,
            product_code=code,
        )
        for plan in plans
    )
    # Loaded in bulk (no model signals): the facts are refreshed as after an import.
    services.refresh_dimension_facts()
    return cases


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[World]:
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_world()
        built.school.municipality = "Teststad"
        built.school.save()
        built.other_school.municipality = "Anderdorp"
        built.other_school.save()
        Tariff.objects.create(
            region=built.region,
            product_code="45A12",
            funding_framework="jeugdwet_zin",
            unit="uren",
            price=Decimal("50.00"),
            valid_from=year_start(LAST_YEAR),
        )
        # 23 children with a granted toewijzing: 2 hours, 10 weeks, 50 euro: 1000 each.
        _funded(
            built,
            built.school,
            23,
            framework="jeugdwet_zin",
            instrument="ijw_toewijzing",
            status="toegekend",
            code="45a12 ",
        )
        # 4 children in the Wlz: too few to show anything about.
        _funded(
            built,
            built.other_school,
            4,
            framework="wlz",
            instrument="indicatie",
            status="toegekend",
        )
        # 12 children whose TLV was requested at the start and never decided: overdue.
        _funded(
            built,
            built.school,
            12,
            framework="wpo_swv",
            instrument="tlv",
            status="aangevraagd",
            requested_on=START,
        )
        yield built
        transaction.set_rollback(True)


def _client(world: World, persona: str) -> Client:
    return login_verified(Client(), world.users[persona])


def _csv(client: Client, table: str, **params: object) -> dict[str, list[str]]:
    response = client.get(reverse("monitor:export", args=[THEME, table]), params)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode()), delimiter=";"))
    header = rows[0]
    return {"": header[1:], **{row[0]: row[1:] for row in rows[1:] if row}}


@pytest.mark.django_db
def test_beleid_sees_the_regions_funding_page(world):
    response = _client(world, "policy_officer").get(reverse("monitor:theme", args=[THEME]))
    assert response.status_code == 200
    html = response.content.decode()
    for key in ("trend", "kinderen", "modules", "bedragen", "gemeente", "signalen"):
        assert f'data-table="{key}"' in html
    assert "Monitortest" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["teacher", "youth_worker", "swv_specialist", "parent"])
def test_who_has_no_monitor_gets_404_on_the_funding_page(world, persona):
    client = _client(world, persona)
    assert client.get(reverse("monitor:theme", args=[THEME])).status_code == 404
    assert client.get(reverse("monitor:export", args=[THEME, "bedragen"])).status_code == 404


@pytest.mark.django_db
def test_amounts_follow_the_funding_overviews_rule(world):
    client = _client(world, "policy_officer")
    amounts = _csv(client, "bedragen", jaar=LAST_YEAR)
    # The product code is matched as the overview matches it (trimmed, upper case).
    assert amounts[JEUGDWET] == ["23000"]
    assert _csv(client, "modules", jaar=LAST_YEAR)[JEUGDWET] == ["25"]
    assert _csv(client, "kinderen", jaar=LAST_YEAR)[JEUGDWET] == ["25"]
    # The school year's amount: the 23,000 of the toewijzingen (the rest has no tariff).
    assert _csv(client, "trend", jaar=LAST_YEAR)[year_label(LAST_YEAR)] == ["23000"]
    module = Module.objects.filter(
        funding_framework="jeugdwet_zin", plan__case__region=world.region
    ).first()
    tariff = funding.tariff_for(module, Tariff.objects.filter(region=world.region))
    assert funding.amount_of(module, tariff) == Decimal("1000.00")


@pytest.mark.django_db
def test_small_numbers_are_suppressed_in_children_modules_and_amounts(world):
    client = _client(world, "policy_officer")
    for table in ("kinderen", "modules", "bedragen"):
        assert _csv(client, table, jaar=LAST_YEAR)[WLZ] == ["<10"]
    # Secondary: the total of modules and amounts is shown, so the 4 Wlz modules alone could be
    # worked out from it; the smallest other row (12 TLVs) is hidden with them.
    modules = _csv(client, "modules", jaar=LAST_YEAR)
    assert modules[TLV] == ["<10"] and modules["Total"] == ["40"]
    assert _csv(client, "bedragen", jaar=LAST_YEAR)[TLV] == ["<10"]
    # Per municipality: Anderdorp has only the 4 Wlz children.
    by_town = _csv(client, "gemeente", jaar=LAST_YEAR)
    assert by_town["Anderdorp · Wlz — via the zorgkantoor"] == ["<10"]
    assert by_town["Teststad · Jeugdwet — zorg in natura (municipality)"] == ["23000"]
    # With the municipality filter, the same cells stay hidden.
    assert _csv(client, "bedragen", jaar=LAST_YEAR, gemeente="Anderdorp")[WLZ] == ["<10"]
    html = client.get(reverse("monitor:theme", args=[THEME]), {"jaar": LAST_YEAR}).content
    assert b"<td>4</td>" not in html


@pytest.mark.django_db
def test_gaps_and_overlaps_are_counted_per_rule(world):
    signals = _csv(_client(world, "policy_officer"), "signalen", jaar=LAST_YEAR)
    # The 12 TLVs requested at the start were never decided: overdue (12 rounds to 10).
    assert signals["Decision overdue"] == ["10"]
    assert signals["Possible double funding"] == ["<10"]


@pytest.mark.django_db
def test_a_school_coordinator_sees_only_their_schools_funding(world):
    client = _client(world, "coordinator")
    amounts = _csv(client, "bedragen", jaar=LAST_YEAR)
    assert amounts[JEUGDWET] == ["23000"]
    assert WLZ not in amounts  # the other school's children are not in this school's figures


@pytest.mark.django_db
def test_every_funding_page_and_export_leaves_one_access_log_record(world):
    client = _client(world, "policy_officer")
    before = AccessLogEntry.objects.count()
    client.get(reverse("monitor:theme", args=[THEME]), {"jaar": LAST_YEAR})
    client.get(reverse("monitor:export", args=[THEME, "signalen"]), {"jaar": LAST_YEAR})
    page, export = AccessLogEntry.objects.order_by("seq")[before:]
    assert (page.event, page.object_type) == (Event.VIEW, "monitor")
    assert page.object_id == f"{THEME}|{LAST_YEAR}"
    assert (export.event, export.object_type) == (Event.EXPORT, "monitor_csv")
    assert export.case_ref is None and export.child_pseudonym is None


@pytest.mark.django_db
def test_the_funding_pages_query_count_does_not_grow_with_the_data(
    world, django_assert_max_num_queries
):
    client = _client(world, "policy_officer")
    url = reverse("monitor:theme", args=[THEME])
    with CaptureQueriesContext(connection) as small:
        assert client.get(url, {"jaar": LAST_YEAR}).status_code == 200
    _funded(
        world,
        world.other_school,
        30,
        framework="wpo_swv",
        instrument="tlv",
        status="aangevraagd",
        requested_on=START,
    )
    _funded(
        world,
        world.school,
        30,
        framework="jeugdwet_pgb",
        instrument="beschikking",
        status="toegekend",
    )
    with django_assert_max_num_queries(len(small)):
        assert client.get(url, {"jaar": LAST_YEAR}).status_code == 200


# The funding page's queries in the tests' world: the framework's and the page's (session, user,
# second factor, memberships, filter choices, routes, the access-log record, the facts' time)
# and its tables on the facts. A ceiling that does not depend on the data.
FUNDING_BUDGET = 24
# What the page no longer reads: the plans themselves (the gaps and overlaps are judged by the
# refresh, models.SignalFact).
PLAN_TABLES = ('"plans_module"', '"plans_goal"', '"plans_plan"', '"plans_module_goals"')


@pytest.mark.django_db
def test_the_funding_page_reads_facts_only_within_its_budget(world):
    """The gaps and overlaps come from the signal facts inside the tables' grouped query: no
    read of modules, goals or plans, and a fixed number of queries."""
    client = _client(world, "policy_officer")
    url = reverse("monitor:theme", args=[THEME])
    _funded(
        world,
        world.school,
        12,
        framework="wpo_swv",
        instrument="tlv",
        status="aangevraagd",
        requested_on=START,
    )
    client.get(url, {"jaar": LAST_YEAR})  # the session and caches warm
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, {"jaar": LAST_YEAR}).status_code == 200
    assert len(captured) <= FUNDING_BUDGET
    read = [q["sql"] for q in captured.captured_queries]
    assert not [sql for sql in read if any(table in sql for table in PLAN_TABLES)]
    assert any("monitor_signalfact" in sql for sql in read)


# Reads of the facts per module (models.ModuleFact): the funding page one per table, tables on
# the same rows together (the trend with the signals; children, modules and amounts per
# framework), the municipalities, and the collective theme's candidates it shows (that
# theme's four: by function; children and amounts; per framework; the rows of the last).
MODULE_FACT_READS = {THEME: 7, "collectief": 4}


@pytest.mark.django_db
@pytest.mark.parametrize("theme", list(MODULE_FACT_READS))
@pytest.mark.parametrize("params", [{}, {"gemeente": "Teststad"}])
def test_each_table_reads_the_module_facts_once_whatever_the_data(world, theme, params):
    """Counts and amounts of every table with their lines across every filter's choices in
    one grouped query: the same number of queries with 3 and with 30 more children with
    modules, and a fixed number reading the facts."""
    client = _client(world, "policy_officer")
    url = reverse("monitor:theme", args=[theme])
    counted = []
    for more in (3, 30):
        _funded(
            world,
            world.school,
            more,
            framework="jeugdwet_zin",
            instrument="ijw_toewijzing",
            status="toegekend",
            code="45A12",
        )
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"jaar": LAST_YEAR, **params}).status_code == 200
        reads = [q for q in captured.captured_queries if "monitor_modulefact" in q["sql"]]
        assert len(reads) == MODULE_FACT_READS[theme]
        counted.append(len(captured))
    assert counted[0] == counted[1]


def _collective_csv(client: Client, **params: object) -> dict[str, list[str]]:
    response = client.get(reverse("monitor:export", args=["collectief", "kader"]), params)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode()), delimiter=";"))
    return {row[0]: row[1:] for row in rows[1:] if row}


def _law_table(html: str, law: str) -> str:
    start = html.index(f'data-law="{law}"')
    return html[start : html.index("</table>", start)]


@pytest.mark.django_db
def test_the_funding_page_shows_per_law_where_collective_purchase_would_be_cheaper(world):
    """The candidates of the collective theme (one provider, function and place: the 23
    toewijzingen, the 12 TLVs and the 4 Wlz children of the world's provider), under each
    law and instrument that pays for them, with that theme's published, suppressed figures."""
    client = _client(world, "policy_officer")
    html = client.get(reverse("monitor:theme", args=[THEME]), {"jaar": LAST_YEAR}).content.decode()
    assert 'data-testid="funding-collective"' in html
    label = f"{world.provider.name} · "
    jeugdwet = _law_table(html, "jeugdwet_zin|ijw_toewijzing")
    assert label in jeugdwet
    # Children paid from here (23 rounds to 25), in total (39 rounds to 40).
    assert "<td>25</td><td>40</td>" in jeugdwet
    assert "<td>&lt;10</td><td>40</td>" in _law_table(html, "wlz|indicatie")
    assert 'data-law="wpo_swv|tlv"' in html
    # The same figures as the collective theme publishes (shared, not counted twice).
    shared = _collective_csv(client, jaar=LAST_YEAR)
    by_law = {key.split(" · ")[3]: value for key, value in shared.items() if key.count(" · ") == 4}
    assert by_law["Jeugdwet — zorg in natura (municipality)"] == ["25"]
    assert by_law["Wlz — via the zorgkantoor"] == ["<10"]
    assert f'href="{reverse("monitor:theme", args=["collectief"])}?jaar={LAST_YEAR}"' in html


@pytest.mark.django_db
def test_the_coordinator_sees_only_their_schools_candidates_and_too_few_are_none(world):
    client = _client(world, "coordinator")
    html = client.get(reverse("monitor:theme", args=[THEME]), {"jaar": LAST_YEAR}).content.decode()
    # The school's 35 children (rounded to 35) are a candidate; the other school's Wlz is not
    # in this school's figures.
    assert 'data-law="jeugdwet_zin|ijw_toewijzing"' in html
    assert 'data-law="wlz|indicatie"' not in html
    # Anderdorp has 4 children at the provider: no candidate.
    region = _client(world, "policy_officer").get(
        reverse("monitor:theme", args=[THEME]), {"jaar": LAST_YEAR, "gemeente": "Anderdorp"}
    )
    assert 'data-testid="funding-no-candidates"' in region.content.decode()
