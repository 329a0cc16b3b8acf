"""The monitor's test region: two schools in two towns with arrangements above and below the
threshold, and a policy officer of another region."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db import transaction

import pytest

from arrangeer.monitor import services as monitor_services
from arrangeer.organisations.constants import OrganisationType, Role
from arrangeer.organisations.models import Membership, Organisation, Region
from arrangeer.testing.factories import UserFactory
from arrangeer.testing.world import World, build_world

from .helpers import arrangements, codes_and_tariffs, seed_history


@pytest.fixture(autouse=True)
def dimension_facts(request: pytest.FixtureRequest) -> None:
    """The facts of every case and rating as the receivers keep them after each commit: a
    test's transaction never commits, so they are rebuilt before each test that reads the
    database (the milestones and rounds stay as each test leaves them)."""
    if request.node.get_closest_marker("django_db") is not None:
        request.getfixturevalue("django_db_blocker")
        monitor_services.refresh_dimension_facts()


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[World]:
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_world()
        built.school.municipality = "Teststad"
        built.school.save()
        built.other_school.municipality = "Anderdorp"
        built.other_school.save()
        arrangements(built.region, built.school, built.coordinator, 23, is_thuiszitter=False)
        arrangements(built.region, built.other_school, built.coordinator, 31, has_absence=True)
        arrangements(
            built.region, built.school, built.coordinator, 12, closed=True, close_reason="moved"
        )
        other = Region.objects.create(name="Andere regio", slug="andere-regio")
        town = Organisation.objects.create(
            region=other, name="Gemeente Elders", type=OrganisationType.MUNICIPALITY
        )
        officer = UserFactory(username="beleid_elders")
        Membership.objects.create(user=officer, organisation=town, role=Role.POLICY_OFFICER)
        built.users["other_officer"] = officer
        built.other_region = other
        yield built
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def funded(world: World, django_db_blocker: Any) -> World:
    """Four school years of arrangements with modules, tariffs and product codes."""
    with django_db_blocker.unblock():
        seed_history(world, per_year=60, seed=11)
        codes_and_tariffs(world)
    return world
