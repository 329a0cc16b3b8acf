"""The attack the rule is for: subtract figures the monitor does show, from different filter
choices, to recover a count it hides. Through the real CSV export, with rounding switched off
(so only secondary suppression protects) and with the rule as shipped."""

from __future__ import annotations

import csv
import io

from django.db import transaction
from django.test import Client
from django.urls import reverse

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arrangeer.accounts.models import User
from arrangeer.monitor import suppression
from arrangeer.monitor.constants import year_label
from arrangeer.organisations.constants import OrganisationType, Role, SchoolSector
from arrangeer.organisations.models import Membership, Organisation, Region
from arrangeer.testing.auth import login_verified
from arrangeer.testing.factories import UserFactory

from .helpers import LAST_YEAR, arrangements

TOWNS = ["Aadorp", "Beekdorp", "Ceesdorp", "Dijkdorp"]


@pytest.fixture
def region(db) -> tuple[Region, list[Organisation], Client, User]:
    region = Region.objects.create(name="Verschilregio", slug="verschilregio")
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
    town_hall = Organisation.objects.create(
        region=region, name="Gemeente Verschil", type=OrganisationType.MUNICIPALITY
    )
    officer = UserFactory(username="beleid_verschil")
    Membership.objects.create(user=officer, organisation=town_hall, role=Role.POLICY_OFFICER)
    coordinator = UserFactory(username="coordinator_verschil")
    Membership.objects.create(user=coordinator, organisation=schools[0], role=Role.COORDINATOR)
    return region, schools, login_verified(Client(), officer), coordinator


def _running(client: Client, **params: str) -> str:
    """The published number of arrangements running in the last school year."""
    response = client.get(
        reverse("monitor:export", args=["bereik", "trend"]), {"jaar": LAST_YEAR, **params}
    )
    assert response.status_code == 200
    for row in csv.reader(io.StringIO(response.content.decode()), delimiter=";"):
        if row and row[0] == year_label(LAST_YEAR):
            return row[-1]
    raise AssertionError("no row for the year")


def _published(client: Client) -> tuple[str, dict[str, str]]:
    return _running(client), {town: _running(client, gemeente=town) for town in TOWNS}


def _attack(total: str, per_town: dict[str, str]) -> dict[str, int]:
    """Subtract every shown town from the region: if one town is hidden, that is its count."""
    hidden = [town for town, value in per_town.items() if value == suppression.SUPPRESSED_TEXT]
    if total == suppression.SUPPRESSED_TEXT or len(hidden) != 1:
        return {}
    rest = sum(int(value) for town, value in per_town.items() if town not in hidden)
    return {hidden[0]: int(total) - rest}


def test_a_small_town_cannot_be_recovered_from_the_region_minus_the_other_towns(
    region, monkeypatch
):
    region_, schools, client, coordinator = region
    monkeypatch.setattr(suppression, "ROUNDING_BASE", 1)  # only secondary suppression protects
    for school, count in zip(schools, (30, 25, 3, 40), strict=True):
        arrangements(region_, school, coordinator, count)
    total, per_town = _published(client)
    assert total == "98"
    assert per_town["Ceesdorp"] == suppression.SUPPRESSED_TEXT
    # The attacker's subtraction: 98 - 30 - 40 = 28 for two hidden towns, not Ceesdorp's 3.
    assert per_town["Beekdorp"] == suppression.SUPPRESSED_TEXT
    assert _attack(total, per_town) == {}
    assert per_town["Aadorp"] == "30" and per_town["Dijkdorp"] == "40"


def test_with_rounding_the_difference_of_two_views_is_not_the_hidden_count(region):
    region_, schools, client, coordinator = region
    for school, count in zip(schools, (31, 26, 3, 42), strict=True):
        arrangements(region_, school, coordinator, count)
    total, per_town = _published(client)
    assert per_town["Ceesdorp"] == suppression.SUPPRESSED_TEXT
    assert _attack(total, per_town) == {}


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(counts=st.lists(st.integers(min_value=0, max_value=30), min_size=4, max_size=4))
def test_no_choice_of_towns_lets_a_hidden_town_be_recovered(region, monkeypatch, counts):
    region_, schools, client, coordinator = region
    monkeypatch.setattr(suppression, "ROUNDING_BASE", 1)
    with transaction.atomic():
        for school, count in zip(schools, counts, strict=True):
            if count:
                arrangements(region_, school, coordinator, count)
        total, per_town = _published(client)
        transaction.set_rollback(True)
    exact = dict(zip(TOWNS, counts, strict=True))
    for town, value in per_town.items():
        if value != suppression.SUPPRESSED_TEXT:
            assert exact[town] >= suppression.THRESHOLD and int(value) == exact[town]
    recovered = _attack(total, per_town)
    assert recovered == {}, f"recovered {recovered} from {total} and {per_town}"
    hidden = [t for t, v in per_town.items() if v == suppression.SUPPRESSED_TEXT]
    if total != suppression.SUPPRESSED_TEXT and 0 < len(hidden) < len(TOWNS):
        assert sum(exact[t] for t in hidden) >= suppression.THRESHOLD
