"""Reads about cases that the apps above share: which region a case counts in for a period.

A case belongs to one region at a time (`Case.region`). When it moved with its child
(`RegionMove`, the warm handover of a move), the region it left keeps counting it for the
periods that began before the move, and the region it moved to counts it for the periods
that end after the move: in the period of the move both do, as it ran in both. Counts only:
who may read the case is the team's matter (cases.access)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from arrangeer.organisations.models import Region

from .models import RegionMove


def counted_in_region(
    prefix: str, region: Region, start: dt.datetime, end: dt.datetime, *, case: str = "pk"
) -> Q:
    """The rows (leading to a case through `prefix`, e.g. "case__" or "") whose case counts
    in `region` for the period [start, end). `case`: where the row holds its case's key
    after the prefix, when not as its own key (a row with the case's region as `region` and
    its key as `case`). No extra query: two subqueries on the moves, each read once per
    query (not once per row: they do not refer to the row, so the database hashes their
    cases once instead of probing the moves for every row it reads)."""
    key = f"{prefix}{case}__in"
    moved_out_after_start = Q(
        **{key: RegionMove.objects.filter(from_region=region, moved_at__gt=start).values("case")}
    )
    moved_in_after_end = Q(
        **{key: RegionMove.objects.filter(to_region=region, moved_at__gte=end).values("case")}
    )
    # By its key: the region may be a value read live (an annotation), not a column.
    return (Q(**{f"{prefix}region": region.pk}) | moved_out_after_start) & ~moved_in_after_end
