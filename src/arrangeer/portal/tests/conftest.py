"""The personas' world with a plan, built once per module; each test is rolled back."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.db import transaction
from django.test import Client

import pytest

from arrangeer.cases.access import Actor, CaseAccess, access_family_case
from arrangeer.testing.auth import login_verified
from arrangeer.testing.world import World, build_world


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: object) -> Iterator[World]:
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        built = build_world(with_plan=True)
        yield built
        transaction.set_rollback(True)


@pytest.fixture
def family(world: World, db: None) -> Callable[[str], CaseAccess]:
    """family("parent") → what that family member may do in the portal, now."""

    def make(persona: str) -> CaseAccess:
        return access_family_case(Actor(world.users[persona]), world.case.uuid)

    return make


@pytest.fixture
def client_for(world: World, db: None) -> Callable[[str], Client]:
    def make(persona: str) -> Client:
        return login_verified(Client(), world.users[persona])

    return make


@pytest.fixture(autouse=True)
def _in_english(english: None) -> None:
    """The portal tests read the English messages."""
