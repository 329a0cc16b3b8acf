"""The regional outcomes (monitor/outcomes.py): TLVs issued for special education and how long
they are valid, vrijstellingen van de leerplicht by ground, and where the children went after
their arrangement closed. Per table the figures of a small world through the API, the
school's own figures for its coordinator, the suppression of small numbers (also against an
attacker who subtracts the towns from the region), who may see it, and a query count that
does not grow with the data."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from arrangeer.accounts.models import User
from arrangeer.audit.models import AccessLogEntry
from arrangeer.cases.constants import Destination
from arrangeer.cases.models import Case
from arrangeer.monitor import services_region, suppression
from arrangeer.monitor.constants import Theme, school_year_of, year_label
from arrangeer.monitor.demo import seed_history
from arrangeer.organisations.constants import OrganisationType, Role, SchoolSector
from arrangeer.organisations.models import Membership, Organisation, Region
from arrangeer.plans.constants import (
    DecisionStatus,
    FundingFramework,
    Instrument,
    ModuleFunction,
    Place,
    Side,
)
from arrangeer.plans.models import Module, Plan
from arrangeer.referrals.constants import EnrolmentOutcome, ExemptionGround
from arrangeer.referrals.models import EnrolmentCheck, Exemption
from arrangeer.testing.auth import login_verified
from arrangeer.testing.factories import UserFactory
from arrangeer.testing.world import World
from arrangeer.vocabulary import DataCategory

from .helpers import LAST_YEAR, arrangements
from .helpers_region import day_in, moment

pytestmark = pytest.mark.django_db

THEME = Theme.OUTCOMES
YEAR = year_label(LAST_YEAR)
EARLIER = year_label(LAST_YEAR - 1)


def _client(world: World, persona: str) -> Client:
    return login_verified(Client(), world.users[persona])


def _api(world: World, persona: str = "policy_officer", **params: object) -> dict:
    response = _client(world, persona).get(
        reverse("monitor_api:theme", args=[THEME]), {"jaar": LAST_YEAR, **params}
    )
    assert response.status_code == 200, response.content
    return response.json()


def _rows(body: dict, key: str) -> dict[str, list[str]]:
    table = next(t for t in body["tables"] if t["key"] == key)
    return {row["name"]: row["display"] for row in table["rows"]}


def _special(region: Region, sector: str) -> Organisation:
    return Organisation.objects.get_or_create(
        region=region,
        name=f"Speciale school {sector}",
        defaults={"type": OrganisationType.SCHOOL, "sector": sector, "municipality": "Teststad"},
    )[0]


def tlvs(
    cases: list[Case],
    by: User,
    provider: Organisation,
    *,
    valid_days: int | None,
    year: int = LAST_YEAR,
    status: str = DecisionStatus.GRANTED,
    removed: bool = False,
) -> None:
    """A TLV module in a plan of each case, decided on day 50 of the school year."""
    plans = Plan.objects.bulk_create(Plan(case=case, created_by=by) for case in cases)
    decided = day_in(year, days=50)
    Module.objects.bulk_create(
        Module(
            plan=plan,
            category=DataCategory.EDUCATION,
            author=by,
            author_organisation="Test",
            updated_by=by,
            title="Plaatsing",
            side=Side.EDUCATION,
            provider=provider,
            function=ModuleFunction.DOORLEIDEN,
            place=Place.SCHOOL,
            intensity=Decimal(20),
            start_date=decided,
            end_date=decided + dt.timedelta(days=300),
            funding_framework=FundingFramework.WPO_SWV,
            instrument=Instrument.TLV,
            decision_status=status,
            requested_on=decided - dt.timedelta(days=30),
            decided_on=decided if status != DecisionStatus.REQUESTED else None,
            decision_ends_on=decided + dt.timedelta(days=valid_days) if valid_days else None,
            removed_at=moment(decided) if removed else None,
        )
        for plan in plans
    )
    services_region.refresh_region_facts()  # loaded in bulk, as after an import


def exemptions(
    cases: list[Case], by: User, ground: str, *, starts: dt.date, ends: dt.date | None = None
) -> None:
    Exemption.objects.bulk_create(
        Exemption(
            case=case,
            ground=ground,
            starts_on=starts,
            ends_on=ends,
            by=by,
            by_organisation="Leerplicht Test",
            recorded_at=moment(starts),
        )
        for case in cases
    )
    services_region.refresh_region_facts()


def closed(world: World, school: Organisation, count: int, destination: str) -> list[Case]:
    """`count` arrangements closed in the last school year, the child going to `destination`."""
    made = arrangements(world.region, school, world.coordinator, count, closed=True)
    Case.objects.filter(pk__in=[c.pk for c in made]).update(destination=destination)
    services_region.refresh_region_facts()
    return made


def _cases(world: World, school: Organisation, count: int, year: int = LAST_YEAR) -> list[Case]:
    return arrangements(world.region, school, world.coordinator, count, year=year)


def _elsewhere(by: User) -> list[Case]:
    region = Region.objects.create(name="Elders", slug="elders")
    school = Organisation.objects.create(
        region=region, name="School Elders", type=OrganisationType.SCHOOL
    )
    return arrangements(region, school, by, 12)


def test_tlvs_per_year_by_special_school_and_how_long_they_are_valid(world):
    by = world.coordinator
    so, vso = _special(world.region, SchoolSector.SO), _special(world.region, SchoolSector.VSO)
    tlvs(_cases(world, world.school, 13), by, so, valid_days=365)
    tlvs(_cases(world, world.other_school, 11), by, vso, valid_days=730)
    # Not counted: refused, still requested, removed, another region's.
    tlvs(_cases(world, world.school, 4), by, so, valid_days=365, status=DecisionStatus.REFUSED)
    tlvs(_cases(world, world.school, 4), by, so, valid_days=None, status=DecisionStatus.REQUESTED)
    tlvs(_cases(world, world.school, 3), by, so, valid_days=365, removed=True)
    tlvs(_elsewhere(by), by, so, valid_days=365)
    # The year before: 10 for SO, without an end date.
    tlvs(
        _cases(world, world.school, 10, LAST_YEAR - 1), by, so, valid_days=None, year=LAST_YEAR - 1
    )
    body = _api(world)
    # SO 13, VSO 11; the total is 24, rounded.
    issued = _rows(body, "tlv")
    assert issued[YEAR] == ["15", "10", "25"]
    # The year before: 10 for SO and none for VSO, so the 10 would be "the total minus
    # zero": both are hidden, the total shown.
    assert issued[EARLIER] == ["<10", "<10", "10"]
    # Valid up to a year: 13; one to two years: 11, hidden with the two empty bands.
    assert _rows(body, "tlv_duur")[YEAR] == ["15", "<10", "<10", "<10", "25"]
    assert _rows(body, "tlv_duur")[EARLIER] == ["<10", "<10", "<10", "<10", "10"]
    (validity,) = body["durations"]
    by_year = {r["school_year"]: (r["median_days"], r["p80_days"]) for r in validity["rows"]}
    # 13 of 365 days and 11 of 730: the 12th of 24 is 365, the 20th is 730.
    assert by_year[YEAR] == (365, 730)
    assert by_year[EARLIER] == (None, None)  # no end date: no validity to count
    # Teststad has all the SO TLVs and nothing else. Anderdorp's one school (11) is hidden
    # to protect the special schools' zeros in the region's line, so Anderdorp's figure (the
    # same 11) is hidden too, and Teststad's with it: 24 - 13 would give Anderdorp.
    assert _rows(_api(world, gemeente="Teststad"), "tlv")[YEAR] == ["<10", "<10", "<10"]
    # The coordinator of Basisschool De Test sees their own school's 13.
    own = _rows(_api(world, "coordinator"), "tlv")[YEAR]
    assert own == ["<10", "<10", "15"]


def test_vrijstellingen_in_force_per_year_by_ground(world):
    by = world.users["leerplicht"]
    before = day_in(LAST_YEAR - 1, days=100)
    exemptions(_cases(world, world.school, 20, LAST_YEAR - 1), by, "5a", starts=before)
    exemptions(_cases(world, world.other_school, 11), by, "15", starts=day_in(days=20))
    # Ended before the year began: only the year before.
    exemptions(
        _cases(world, world.school, 4, LAST_YEAR - 1),
        by,
        "5c",
        starts=before,
        ends=before + dt.timedelta(days=60),
    )
    exemptions(_elsewhere(by), by, "5a", starts=day_in(days=20))
    body = _api(world)
    grounds = [value for value, _label in ExemptionGround.choices]
    assert grounds == ["5a", "5b", "5c", "15"]
    # 5a: 20; 15: 11, hidden with the empty 5b and 5c (their 0 would follow otherwise).
    assert _rows(body, "vrijstelling")[YEAR] == ["20", "<10", "<10", "<10", "30"]
    # The year before: 20 for 5a and the 4 for 5c, which the 20 would give away.
    assert _rows(body, "vrijstelling")[EARLIER] == ["<10", "<10", "<10", "<10", "25"]
    # Anderdorp has all the art. 15 ones and nothing else: only its total is shown.
    assert _rows(_api(world, gemeente="Anderdorp"), "vrijstelling")[YEAR] == ["<10"] * 4 + ["10"]


def test_where_children_go_after_the_arrangement(world):
    closed(world, world.school, 14, Destination.REGULAR)
    closed(world, world.other_school, 6, Destination.REGULAR)
    closed(world, world.other_school, 12, Destination.SPECIAL)
    # The world's own cases closed in the year without a destination: "not recorded".
    unrecorded = Case.objects.filter(closed_at__year__gte=LAST_YEAR, destination="").count()
    closed(world, world.school, 12, "")  # closed before the destination was asked
    _cases(world, world.school, 15)  # still running: not counted
    body = _api(world)
    # Regular 20, special 12, further 0, no school 0 (so the special 12 is hidden with the
    # two empty groups), other or not recorded 12 and the world's.
    trend = _rows(body, "na_afsluiting")[YEAR]
    assert trend[:4] == ["20", "<10", "<10", "<10"]
    exact = 20 + 12 + 12 + unrecorded
    assert trend[5] == str(5 * round(exact / 5 + 0.001))
    per_destination = _rows(body, "bestemming")
    assert per_destination[str(Destination.REGULAR.label)] == ["20", "20"]
    assert per_destination[str(Destination.SPECIAL.label)] == ["10", "10"]
    assert str(Destination.MBO.label) not in per_destination  # nobody went there
    # Anderdorp: its 6 to regular and 12 to special education (18, rounded to 20); the 12
    # alone would be the total minus the 6, so both are hidden.
    assert _rows(_api(world, gemeente="Anderdorp"), "na_afsluiting")[YEAR] == ["<10"] * 5 + ["20"]


def checked(cases: list[Case], by: User, outcome: str | None) -> list[Case]:
    """Leerplicht's check a year after closing of each case (none for `outcome` None)."""
    if outcome is not None:
        EnrolmentCheck.objects.bulk_create(
            EnrolmentCheck(
                case=case,
                due_on=case.closed_at.date() + dt.timedelta(days=365),
                outcome=outcome,
                by=by,
                by_organisation="Leerplicht Test",
                recorded_at=case.closed_at + dt.timedelta(days=370),
            )
            for case in cases
        )
        services_region.refresh_region_facts()
    return cases


def test_school_success_a_year_after_closing(world):
    leerplicht = world.users["leerplicht"]
    earlier = LAST_YEAR - 1

    def closed_in(school: Organisation, count: int, year: int = earlier) -> list[Case]:
        return arrangements(world.region, school, world.coordinator, count, year=year, closed=True)

    checked(closed_in(world.school, 9), leerplicht, EnrolmentOutcome.REGULAR_SAME)
    checked(closed_in(world.other_school, 6), leerplicht, EnrolmentOutcome.REGULAR_OTHER)
    checked(closed_in(world.other_school, 12), leerplicht, EnrolmentOutcome.SPECIAL_OTHER)
    checked(closed_in(world.school, 3), leerplicht, EnrolmentOutcome.NOT_IN_SCHOOL)
    checked(closed_in(world.school, 11), leerplicht, None)  # not confirmed (yet)
    # Closed less than a year ago: the check is not due, the case is not counted.
    recent = closed_in(world.school, 20, year=LAST_YEAR)
    Case.objects.filter(pk__in=[c.pk for c in recent]).update(
        closed_at=moment(dt.date.today() - dt.timedelta(days=200))
    )
    services_region.refresh_region_facts()
    body = _api(world)
    trend = _rows(body, "schoolsucces")
    # Regular 15, special 12, not in school 3 and unknown 0 (hidden, together), not
    # confirmed 11 (hidden too: the hidden cells together would be the total minus the rest);
    # the 41 children (rounded to 40) are the denominator.
    assert trend[EARLIER] == ["15", "10", "<10", "<10", "<10", "40"]
    if school_year_of(dt.date.today() - dt.timedelta(days=200)) == LAST_YEAR:
        assert trend[YEAR][-1] == "<10"
    # In the export, as every table of the theme.
    client = _client(world, "policy_officer")
    assert _csv(client, "schoolsucces")[EARLIER] == trend[EARLIER]
    xlsx = client.get(reverse("monitor:export_xlsx", args=[THEME, "schoolsucces"]))
    assert xlsx.status_code == 200


def _csv(client: Client, key: str, **params: str) -> dict[str, list[str]]:
    response = client.get(
        reverse("monitor:export", args=[THEME, key]), {"jaar": LAST_YEAR, **params}
    )
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode()), delimiter=";"))
    return {row[0]: row[1:] for row in rows if row}


def test_a_hidden_town_cannot_be_recovered_from_the_region_minus_the_other_town(world, monkeypatch):
    """The differencing attack on the new tables, without rounding (only secondary
    suppression protects): a town's hidden figure is never the region's minus the other's."""
    monkeypatch.setattr(suppression, "ROUNDING_BASE", 1)
    by = world.coordinator
    vso = _special(world.region, SchoolSector.VSO)
    tlvs(_cases(world, world.school, 25), by, vso, valid_days=365)
    tlvs(_cases(world, world.other_school, 4), by, vso, valid_days=365)
    closed(world, world.school, 30, Destination.REGULAR)
    closed(world, world.other_school, 3, Destination.REGULAR)
    exemptions(_cases(world, world.school, 18), world.users["leerplicht"], "5a", starts=day_in())
    exemptions(
        _cases(world, world.other_school, 2), world.users["leerplicht"], "5a", starts=day_in()
    )
    client = _client(world, "policy_officer")
    for key, column in (("tlv", 1), ("na_afsluiting", 0), ("vrijstelling", 0)):
        # tlv: the VSO column (both towns' are VSO TLVs at a VSO school).
        region = _csv(client, key)[YEAR][column]
        towns = {t: _csv(client, key, gemeente=t)[YEAR][column] for t in ("Teststad", "Anderdorp")}
        assert towns["Anderdorp"] == suppression.SUPPRESSED_TEXT, (key, towns)
        shown = [v for v in towns.values() if v != suppression.SUPPRESSED_TEXT]
        # Either the region or the other town is hidden too: no subtraction gives Anderdorp.
        assert region == suppression.SUPPRESSED_TEXT or not shown, (key, region, towns)


@pytest.mark.parametrize(
    "persona", ["teacher", "youth_worker", "leerplicht", "superuser", "parent"]
)
def test_who_has_no_monitor_gets_404(world, persona):
    client = _client(world, persona)
    assert client.get(reverse("monitor:theme", args=[THEME])).status_code == 404
    assert client.get(reverse("monitor:export", args=[THEME, "tlv"])).status_code == 404


def test_the_page_shows_figures_never_a_name_and_logs_the_read(world):
    closed(world, world.school, 12, Destination.REGULAR)
    client = _client(world, "policy_officer")
    response = client.get(reverse("monitor:theme", args=[THEME]), {"jaar": LAST_YEAR})
    assert response.status_code == 200
    text = response.content.decode()
    for key in (
        "tlv",
        "tlv_duur",
        "tlv_gemeente",
        "vrijstelling",
        "na_afsluiting",
        "bestemming",
        "schoolsucces",
    ):
        assert f'data-table="{key}"' in text
        assert client.get(reverse("monitor:export_xlsx", args=[THEME, key])).status_code == 200
    assert "Monitortest" not in text and "/dossiers/" not in text
    entry = AccessLogEntry.objects.filter(object_type="monitor").latest("pk")
    assert entry.object_id == f"{THEME}|{LAST_YEAR}"
    assert entry.child_pseudonym is None


def _outcomes(world: World, count: int) -> None:
    by = world.coordinator
    so = _special(world.region, SchoolSector.SO)
    for school in (world.school, world.other_school):
        tlvs(_cases(world, school, count), by, so, valid_days=400)
        exemptions(_cases(world, school, count), world.users["leerplicht"], "5a", starts=day_in())
        closed(world, school, count, Destination.MBO)


def test_the_query_count_does_not_grow_with_the_data(world, django_assert_max_num_queries):
    client = _client(world, "policy_officer")
    url = reverse("monitor:theme", args=[THEME])
    params = {"jaar": LAST_YEAR, "gemeente": "Teststad"}
    _outcomes(world, 3)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url, params).status_code == 200
    _outcomes(world, 30)
    with django_assert_max_num_queries(len(small)):
        assert client.get(url, params).status_code == 200


def test_the_demo_history_shows_every_outcome_over_three_school_years(world):
    lead = UserFactory(username="demo_lead")
    Membership.objects.create(user=lead, organisation=world.school, role=Role.COORDINATOR)
    for sector in (SchoolSector.SO, SchoolSector.VSO):
        _special(world.region, sector)
    assert seed_history(world.region) > 0
    services_region.refresh_region_facts()  # as the demo's seeding does after it
    body = _api(world)
    for key in ("tlv", "tlv_duur", "vrijstelling", "na_afsluiting", "schoolsucces"):
        rows = _rows(body, key)
        for year in (LAST_YEAR - 2, LAST_YEAR - 1, LAST_YEAR):
            # A figure besides the total (for the TLVs, whose two levels hide each other
            # when one is small, the total).
            cells = rows[year_label(year)][:-1] if key != "tlv" else rows[year_label(year)]
            shown = [v for v in cells if v != suppression.SUPPRESSED_TEXT]
            assert shown, (key, year, rows)
    (validity,) = body["durations"]
    assert all(r["median_days"] for r in validity["rows"])
    assert Exemption.objects.filter(case__region=world.region, by__username="leerplicht").exists()
    assert Case.objects.filter(region=world.region, destination=Destination.EXEMPT).exists()
