"""Shared set-up of the plan tests: the personas' world with a plan (see testing/plans.py),
built once per module; every test runs in its own transaction that is rolled back."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.db import transaction
from django.test import Client

import pytest

from arrangeer.cases.access import CaseAccess
from arrangeer.testing.auth import login_verified
from arrangeer.testing.plans import PlanWorld, access_for
from arrangeer.testing.world import World, build_world


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: object) -> Iterator[World]:
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        built = build_world(with_plan=True)
        yield built
        transaction.set_rollback(True)


@pytest.fixture
def plan(world: World, db: None) -> PlanWorld:
    assert world.plan is not None
    return world.plan


@pytest.fixture
def access(world: World, db: None) -> Callable[[str], CaseAccess]:
    """access("coordinator") → what that persona may do on the world's case, now."""

    def make(persona: str) -> CaseAccess:
        return access_for(world.users[persona], world.case)

    return make


@pytest.fixture
def client_for(world: World, db: None) -> Callable[[str], Client]:
    def make(persona: str) -> Client:
        return login_verified(Client(), world.users[persona])

    return make


@pytest.fixture(autouse=True)
def _in_english(english: None) -> None:
    """The plan tests read the English messages (the Dutch catalogue is checked for
    completeness on its own, by `manage.py translations check`)."""
