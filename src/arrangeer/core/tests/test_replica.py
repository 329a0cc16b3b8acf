"""The read replica (core/replica.py): the monitor's figures and the whole file's export read
from it, the access log is written to the primary, an access check never reads from it, and
without one everything reads from `default`.

On PostgreSQL the test settings add a `replica` alias on the same server, a mirror of the test
database (as `DATABASE_REPLICA_URL` pointing at the primary would be), switched off unless a
test switches `READ_FROM_REPLICA` on. The tests that read through it commit their data
(`transaction=True`): the two aliases are two connections, and one does not see what the
other has not committed. A real streaming replica, and its lag, are not tested here
(docs/operations.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from arrangeer.audit.models import AccessLogEntry
from arrangeer.cases.access import Actor, access_case
from arrangeer.cases.models import Case
from arrangeer.core import replica
from arrangeer.monitor import services as monitor_services
from arrangeer.monitor.constants import Theme
from arrangeer.organisations.models import Membership
from arrangeer.testing.auth import login_verified
from arrangeer.testing.world import World, build_world

needs_replica_alias = pytest.mark.skipif(
    "replica" not in django_settings.DATABASES,
    reason="the replica alias is added on PostgreSQL only (conf/test.py)",
)
BOTH = ["default", "replica"]


@pytest.fixture
def replica_on(settings: Any) -> Iterator[None]:
    settings.READ_FROM_REPLICA = True
    yield
    # The mirror's own connection: closed, so the test database can be dropped at the end.
    connections["replica"].close()


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture
def committed_world(replica_on: None) -> World:
    with transaction.atomic():
        built = build_world()
    monitor_services.refresh_dimension_facts()
    return built


def _tables(queries: CaptureQueriesContext) -> str:
    return "\n".join(q["sql"] for q in queries.captured_queries)


def _read_tables(queries: CaptureQueriesContext) -> set[str]:
    """The table each SELECT reads from (the first after FROM)."""
    found = set()
    for query in queries.captured_queries:
        sql = query["sql"]
        if sql.lstrip().upper().startswith("SELECT") and " FROM " in sql:
            found.add(sql.split(" FROM ", 1)[1].split('"')[1])
    return found


# The login, the tables that grant access (core/replica.py) and the access log's chain head.
GRANTS = {
    "django_session",
    "accounts_user",
    "otp_totp_totpdevice",
    "organisations_membership",
    "cases_teammember",
    "cases_emergencyaccess",
    "consents_consent",
    "consents_parentsharing",
    "children_legalrepresentative",
    "audit_chainhead",
}


# --- Without a replica -------------------------------------------------------------------------


@pytest.mark.django_db
def test_without_a_replica_in_use_every_read_goes_to_default(world: World) -> None:
    assert replica.replica_alias() == "default"
    with replica.reading_from_replica():
        assert replica.ReplicaRouter().db_for_read(Case) == "default"
        assert Case.objects.all().db == "default"
    assert replica.replica_lag() is None


@pytest.mark.django_db
def test_without_a_replica_the_monitor_page_and_the_export_read_only_default(
    world: World, verified_client: Any
) -> None:
    client = verified_client(world.users["policy_officer"])
    assert client.get(reverse("monitor:theme", args=[Theme.REACH])).status_code == 200
    export = verified_client(world.coordinator)
    url = reverse("cases:export_json", kwargs={"case_id": world.case.uuid})
    assert export.get(url).status_code == 200
    # A query on any alias but default would have failed: the test may use default only.


@pytest.mark.django_db
def test_readiness_says_nothing_of_a_replica_when_none_is_in_use() -> None:
    body = Client().get(reverse("core:ready")).json()
    assert "replica" not in body


# --- The router's rules ------------------------------------------------------------------------


@needs_replica_alias
@pytest.mark.django_db(databases=BOTH)
def test_the_router_sends_reads_to_the_replica_only_inside_the_block(replica_on: None) -> None:
    router = replica.ReplicaRouter()
    assert router.db_for_read(Case) == "default"
    with replica.reading_from_replica():
        assert router.db_for_read(Case) == "replica"
        assert router.db_for_write(Case) == "default"
        # The tables that grant access never come from the replica.
        assert router.db_for_read(Membership) == "default"
        with replica.reading_from_primary():
            assert router.db_for_read(Case) == "default"
        # Nor does anything read inside a write.
        with transaction.atomic():
            assert router.db_for_read(Case) == "default"
        assert router.db_for_read(Case) == "replica"
    assert router.allow_migrate("replica", "cases") is False
    assert router.allow_migrate("default", "cases") is True


# --- Through the pages, with the replica on --------------------------------------------------


@needs_replica_alias
@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_the_monitor_page_reads_its_figures_from_the_replica_and_logs_on_the_primary(
    committed_world: World,
) -> None:
    client = login_verified(Client(), committed_world.users["policy_officer"])
    before = AccessLogEntry.objects.count()
    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_default,
    ):
        response = client.get(reverse("monitor:theme", args=[Theme.REACH]))
    assert response.status_code == 200
    read = _tables(on_replica)
    written = _tables(on_default)
    assert len(on_replica) >= 3, written
    # The figures: the cases and the monitor's fact tables, from the replica.
    assert '"cases_case"' in read
    # Never a write, never the grants, never the access log on the replica.
    assert not any(
        q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        or "FOR UPDATE" in q["sql"]
        for q in on_replica.captured_queries
    )
    assert 'FROM "organisations_membership"' not in read
    assert "audit_" not in read
    # The access-log record and the person's memberships: on the primary.
    assert 'INSERT INTO "audit_accesslogentry"' in written
    assert 'FROM "organisations_membership"' in written
    assert AccessLogEntry.objects.count() == before + 1
    # On the primary only the login, the person's memberships and the access-log record.
    assert _read_tables(on_default) <= GRANTS, _read_tables(on_default)


@needs_replica_alias
@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_the_whole_file_export_reads_its_parts_from_the_replica_after_checking_on_the_primary(
    committed_world: World,
) -> None:
    client = login_verified(Client(), committed_world.coordinator)
    url = reverse("cases:export_json", kwargs={"case_id": committed_world.case.uuid})
    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_default,
    ):
        response = client.get(url)
    assert response.status_code == 200
    assert response.json()["parts"]
    assert len(on_replica) >= 3
    assert not any(
        q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        for q in on_replica.captured_queries
    )
    written = _tables(on_default)
    assert 'INSERT INTO "audit_accesslogentry"' in written
    # On the primary: the login, the access check (the case and its grants), the access-log
    # record, and the parts read from the tables that grant access.
    assert _read_tables(on_default) <= GRANTS | {"cases_case"}, _read_tables(on_default)


@needs_replica_alias
@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_an_access_check_never_reads_from_the_replica_even_inside_the_block(
    committed_world: World,
) -> None:
    actor = Actor(committed_world.coordinator)
    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        replica.reading_from_replica(),
    ):
        access = access_case(actor, committed_world.case.uuid)
    assert access.case == committed_world.case
    assert len(on_replica) == 0, _tables(on_replica)


@needs_replica_alias
@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_refresh_monitor_reads_and_writes_on_the_primary(committed_world: World) -> None:
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        call_command("refresh_monitor", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(on_replica) == 0


@needs_replica_alias
@pytest.mark.django_db(databases=BOTH)
def test_readiness_and_metrics_report_the_replica_and_its_lag(
    replica_on: None, settings: Any
) -> None:
    body = Client().get(reverse("core:ready")).json()
    # The tests' replica is the primary itself: reachable and not behind.
    assert body["replica"] == {"status": "ok", "lag_seconds": 0.0}
    settings.METRICS_TOKEN = "metrics-token-for-the-test"
    metrics = Client().get(
        reverse("core:metrics"), headers={"Authorization": "Bearer metrics-token-for-the-test"}
    )
    text = metrics.content.decode()
    assert "arrangeer_replica_up 1.0" in text
    assert "arrangeer_replica_lag_seconds 0.0" in text
