"""A pytest fixture for every app's tests that commit (transaction=True, live_server).

Django's test runner empties the database after such a test with DELETE (SQLite) or TRUNCATE
(PostgreSQL), and the access log's triggers refuse both while the log has rows. This fixture
empties the log first, the way its owner would. Activate it for the whole suite from the root
conftest:

    from arrangeer.audit.tests.fixtures import access_log_emptied_after_commits  # noqa: F401

or for one run: `pytest -p arrangeer.audit.tests.fixtures`.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest


def _commits(request: pytest.FixtureRequest) -> bool:
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        return True
    return bool({"transactional_db", "live_server"} & set(request.fixturenames))


@pytest.fixture(autouse=True)
def access_log_emptied_after_commits(request: pytest.FixtureRequest) -> Iterator[None]:
    if not _commits(request):
        yield
        return
    # Requested here so the database is set up before this fixture and cleared after it.
    request.getfixturevalue("transactional_db")
    yield
    # Imported late: as a `-p` plugin this module loads before Django is configured.
    from .support import purge_log

    purge_log()
