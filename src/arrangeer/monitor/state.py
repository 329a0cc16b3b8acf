"""The state of the monitor's fact tables (models.Refresh): when they were last rebuilt whole
(`FACTS`, the page's "figures as of") and when and how often a refresh changed some of their
rows: a whole rebuild in the state of every region (`WRITES`), a write's refresh in that of the
regions whose figures it may have changed (`region_key`). The figures kept for the next reader
(published.py) are kept under both, the global state and the state of the reader's region, so
a write in one region leaves the figures kept for another alone. Written by the refreshes
(services.py, services_region.py), read once per page (one query)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any, NamedTuple

from django.db.models import F, QuerySet
from django.utils import timezone

from arrangeer.cases.models import Case, RegionMove
from arrangeer.loket.models import Registration

from .models import CaseFact, Refresh
from .models_region import MatchFact

FACTS = "monitor"
# A refresh that changed some rows: its `rows` counts them, so the published figures kept
# per fact state (published.py) are not reused after one, and are after a refresh that
# changed nothing. The nightly rebuild's (every region's figures), and a write's (receivers.py)
# per region (`region_key`: the regions whose figures it may have changed).
WRITES = "monitor-writes"


def region_key(region_id: int) -> str:
    """The `Refresh.table` of a region's state: its writes' refreshes that changed a row."""
    return f"{WRITES}:{region_id}"


def regions_of(cases: QuerySet[Any], *more: QuerySet[Any]) -> set[int]:
    """The regions whose figures a refresh of the facts of `cases` may change, read before it:
    where their rows counted (their CaseFact's region), where they count now (the case's), each
    region they moved out of (it keeps counting a moved case for the school years before the
    move: cases.selectors.counted_in_region), the regions of the matches of their education
    registrations (the Loket's, before and now), and those of `more` (querysets of one column,
    a region's key). One query."""
    keys = cases.order_by().values("pk")
    first, *rest = (
        part.order_by()
        for part in (
            CaseFact.objects.filter(case__in=keys).values_list("region", flat=True),
            Case.objects.filter(pk__in=keys).values_list("region", flat=True),
            RegionMove.objects.filter(case__in=keys).values_list("from_region", flat=True),
            MatchFact.objects.filter(match__education__case__in=keys).values_list(
                "region", flat=True
            ),
            Registration.objects.filter(case__in=keys).values_list("region", flat=True),
            *more,
        )
    )
    return {region for region in first.union(*rest) if region is not None}


def _bump(keys: list[str]) -> None:
    now = timezone.now()
    bumped = Refresh.objects.filter(table__in=keys).update(rows=F("rows") + 1, finished_at=now)
    if bumped == len(keys):
        return
    # A state not counted before: created (or, created meanwhile by another refresh, counted).
    found = set(Refresh.objects.filter(table__in=keys).values_list("table", flat=True))
    for key in keys:
        if key in found:
            continue
        _row, created = Refresh.objects.get_or_create(
            table=key, defaults={"finished_at": now, "rows": 1}
        )
        if not created:
            Refresh.objects.filter(table=key).update(rows=F("rows") + 1, finished_at=now)


def written(changed: int, regions: Collection[int] | None = None) -> int:
    """Count a refresh that changed `changed` rows, when it changed any: in the state of each
    region of `regions` (a write's refresh: those whose figures it may have changed,
    regions_of), or in the global state, every region's (None, or no region known: a whole
    rebuild). Returns `changed`."""
    if changed > 0:
        _bump(sorted({region_key(r) for r in regions}) if regions else [WRITES])
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
    page's "figures as of", moved by every rebuild), when and how often a rebuild changed
    some of their rows (`changed`, every region's; None: never), and, for `region` (None: no
    region asked), when and how often a write's refresh changed some of the rows that region
    counts (`region_changed`; None: never). A region's facts are the same as long as
    `changed` and its `region_changed` are (published.py keeps its figures under both)."""

    rebuilt: dt.datetime | None
    changed: tuple[dt.datetime, int] | None
    region: int | None = None
    region_changed: tuple[dt.datetime, int] | None = None


def facts_state(region_id: int | None = None) -> FactState:
    """The state of the fact tables (FactState), with that of the region `region_id`. One
    query."""
    tables = [FACTS, WRITES]
    if region_id is not None:
        tables.append(region_key(region_id))
    found = {
        table: (finished_at, rows)
        for table, finished_at, rows in Refresh.objects.filter(table__in=tables).values_list(
            "table", "finished_at", "rows"
        )
    }
    rebuilt = found.get(FACTS)
    return FactState(
        rebuilt[0] if rebuilt else None,
        found.get(WRITES),
        region_id,
        found.get(region_key(region_id)) if region_id is not None else None,
    )
