"""The state of the monitor's fact tables (models.Refresh): when they were last rebuilt whole
(`FACTS`, the page's "figures as of") and when and how often a refresh changed some of their
rows (`WRITES`): the figures kept for the next reader (published.py) are kept under it. Written
by the refreshes (services.py, services_region.py), read once per page."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from django.db.models import F
from django.utils import timezone

from .models import Refresh

FACTS = "monitor"
# A refresh that changed some rows, a write's (receivers.py) or the nightly rebuild's: its
# `rows` counts them, so the published figures kept per fact state (published.py) are not
# reused after one, and are after a refresh that changed nothing.
WRITES = "monitor-writes"


def written(changed: int) -> int:
    """Count a refresh that changed `changed` rows (`WRITES`), when it changed any: the facts
    changed since. Returns `changed`."""
    if changed <= 0:
        return changed
    now = timezone.now()
    if not Refresh.objects.filter(table=WRITES).update(rows=F("rows") + 1, finished_at=now):
        Refresh.objects.get_or_create(table=WRITES, defaults={"finished_at": now, "rows": 1})
    return changed


def rebuilt(changed: int) -> None:
    """Note a whole rebuild (`FACTS`, whether or not it changed a row) that changed `changed`
    rows."""
    Refresh.objects.update_or_create(
        table=FACTS, defaults={"finished_at": timezone.now(), "rows": changed}
    )
    written(changed)


def facts_as_of() -> dt.datetime | None:
    """When the fact tables were last rebuilt whole (None: never). One query."""
    return facts_state().rebuilt


class FactState(NamedTuple):
    """The state of the fact tables: when they were last rebuilt whole (None: never; the
    page's "figures as of", moved by every rebuild), and when and how often a refresh, a
    write's or a rebuild, changed some of their rows (None: never). The facts are the same as
    long as `changed` is (published.py keeps the figures under it)."""

    rebuilt: dt.datetime | None
    changed: tuple[dt.datetime, int] | None


def facts_state() -> FactState:
    """The state of the fact tables (FactState). One query."""
    found = {
        table: (finished_at, rows)
        for table, finished_at, rows in Refresh.objects.filter(
            table__in=[FACTS, WRITES]
        ).values_list("table", "finished_at", "rows")
    }
    rebuilt = found.get(FACTS)
    return FactState(rebuilt[0] if rebuilt else None, found.get(WRITES))
