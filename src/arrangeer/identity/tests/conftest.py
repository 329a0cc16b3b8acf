"""The test OpenID Connect provider runs once for the module's tests; the personas' world
with a plan is built once per module and each test is rolled back."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.test import Client

import pytest

from arrangeer.identity.models import OrganisationProvider
from arrangeer.testing.oidc_provider import (
    CLIENT_SECRET,
    COORDINATOR_EMAIL,
    PARENT_BSN,
    TestProvider,
    log_in_at_provider,
    running_provider,
)
from arrangeer.testing.world import World, build_world


@pytest.fixture(scope="session")
def oidc_provider() -> Iterator[TestProvider]:
    with running_provider() as provider:
        yield provider


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: object) -> Iterator[World]:
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        built = build_world(with_plan=True)
        built.parent.bsn = PARENT_BSN
        built.parent.save(update_fields=["bsn"])
        coordinator = built.users["coordinator"]
        coordinator.email = COORDINATOR_EMAIL
        coordinator.save(update_fields=["email"])
        yield built
        transaction.set_rollback(True)


@pytest.fixture
def digid(settings: Any, oidc_provider: TestProvider, db: None) -> Callable[..., None]:
    """DigiD pointed at the test provider; digid(client_id=…) for a misbehaving client."""

    def configure(**overrides: str) -> None:
        settings.ARRANGEER_DIGID = {
            "issuer": oidc_provider.digid_issuer,
            "client_id": "arrangeer",
            "client_secret": CLIENT_SECRET,
            "bsn_claim": "bsn",
            "scopes": "openid bsn profile",
            "test": True,
            "acr_values": settings.ARRANGEER_DIGID["acr_values"],
            **overrides,
        }

    configure()
    cache.clear()
    return configure


@pytest.fixture
def school_provider(world: World, oidc_provider: TestProvider, db: None) -> OrganisationProvider:
    cache.clear()
    return OrganisationProvider.objects.create(
        organisation=world.school,
        issuer=oidc_provider.organisation_issuer,
        client_id="arrangeer",
        client_secret=CLIENT_SECRET,
        claim="email",
    )


@pytest.fixture
def log_in_via() -> Callable[..., Any]:
    """log_in_via(client, start_url, person) → the site's answer to the provider's return."""

    def walk(client: Client, start_url: str, person: str, *, level: str = "substantieel") -> Any:
        started = client.get(start_url)
        assert started.status_code == 302, started.content.decode()[:500]
        back = log_in_at_provider(started["Location"], person, level=level)
        return client.get(back.split("://testserver", 1)[1])

    return walk
