"""Which pass of `make test` runs a test that needs to run only once.

`make test` runs the suite twice: on SQLite (the database of `make run`) and on PostgreSQL (the
production database). Most tests are cheap and run in both. A few are slow and check what lies
above the database (the pages in a real browser, the authorization matrix, the generated API
requests, the stateful access test): each runs once per `make test`, in the pass it is marked
for with `@pytest.mark.one_pass("sqlite" | "postgres")`; browser walks count as marked "sqlite".

`make test` says which passes it runs in ARRANGEER_TEST_PASSES ("sqlite postgres"; only
"sqlite" when no PostgreSQL answers outside CI). A marked test is skipped only when the pass it
is marked for is among them and is not this one: `make test-sqlite` or `make test-postgres`
alone, and a plain `pytest`, run every test.
"""

from __future__ import annotations

import os

import pytest

PASSES = ("sqlite", "postgres")


def this_pass() -> str:
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    return "postgres" if "postgresql" in engine else "sqlite"


def planned_passes() -> set[str]:
    return set(os.environ.get("ARRANGEER_TEST_PASSES", "").split()) & set(PASSES)


def marked_pass(item: pytest.Item) -> str | None:
    marker = item.get_closest_marker("one_pass")
    if marker is not None:
        (name,) = marker.args
        if name not in PASSES:
            raise pytest.UsageError(f"one_pass({name!r}): expected one of {PASSES}")
        return str(name)
    if item.get_closest_marker("browser") is not None or "browser" in getattr(
        item, "fixturenames", ()
    ):
        return "sqlite"
    return None


def skip_outside_their_pass(items: list[pytest.Item]) -> None:
    planned = planned_passes()
    here = this_pass()
    for item in items:
        wanted = marked_pass(item)
        if wanted is not None and wanted != here and wanted in planned:
            item.add_marker(
                pytest.mark.skip(reason=f"runs once per `make test`, in the {wanted} pass")
            )
