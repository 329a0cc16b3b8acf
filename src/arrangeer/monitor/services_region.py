"""The writes of the monitor's facts of the regional outcomes and the Integraal Loket
(models_region, their rows in region_facts): rebuilt whole with the other facts
(services.refresh_dimension_facts, so by `manage.py refresh_monitor` and after loading in
bulk), and per write once it is committed (receivers_region), for the case, child, school or
child's BSN the write touched. Set-based: per table one DELETE of the rows concerned and one
INSERT … SELECT of them anew (a source row that no longer counts, a TLV withdrawn, leaves its
row behind otherwise), whatever their number."""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction
from django.db.models import Q, QuerySet

from arrangeer.cases.models import Case

from . import services
from .models_region import MatchFact
from .region_facts import CASE_TABLES, MATCHES, TABLES, TLVS, FactTable


def _refresh(table: FactTable, where: Q | None = None, facts: Q | None = None) -> int:
    """Delete the rows of `table` (those of `facts`, all when None) and insert those of the
    source rows `where` selects (all when None); returns the rows inserted."""
    old = table.model._default_manager.all()
    source = table.source()
    if where is not None:
        old, source = old.filter(facts or where), source.filter(where)
    old.delete()
    # The WHERE keeps SQLite from reading the statement's end as part of the SELECT's join.
    select, params = table.rows(source.filter(pk__isnull=False)).query.sql_with_params()
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in table.columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(table.model._meta.db_table)} ({names}) {select}", params
        )
        written: int = cursor.rowcount
    return max(written, 0)


@transaction.atomic
def refresh_region_facts() -> dict[str, int]:
    """Rebuild every table whole; returns the rows of each, by its model's name."""
    return {table.model._meta.model_name or "": _refresh(table) for table in TABLES}


def _cases(keys: QuerySet[Any]) -> None:
    """Refresh the case tables' rows of the cases whose keys `keys` selects, and the matches
    of their education registrations (the case's route)."""
    for table in CASE_TABLES:
        _refresh(table, Q(**{f"{table.case}__in": keys}), Q(case__in=keys))
    _refresh(MATCHES, Q(education__case__in=keys), Q(match__education__case__in=keys))


@transaction.atomic
def refresh_case_region_facts(case_id: int) -> None:
    """A case, or a row of its child data, was written."""
    _cases(Case.objects.filter(pk=case_id).values("pk"))
    services._written()


@transaction.atomic
def refresh_child_region_facts(child_id: int) -> None:
    """A child was written (the school, or the birth date)."""
    _cases(Case.objects.filter(child=child_id).values("pk"))
    services._written()


@transaction.atomic
def refresh_school_region_facts(school_id: int) -> None:
    """A school was written (its municipality, sector, SWV or board): the rows of its pupils'
    cases, of the TLVs it provides and of the matches it registered."""
    _cases(Case.objects.filter(child__school=school_id).values("pk"))
    _refresh(TLVS, Q(provider=school_id), Q(module__provider=school_id))
    at_school = Q(education__organisation=school_id)
    _refresh(MATCHES, at_school, Q(match__education__organisation=school_id))
    services._written()


@transaction.atomic
def refresh_match_region_facts(region_id: int, bsn: str, registration_id: int) -> None:
    """A match or a registration was written: the rows of the matches of the child's BSN in
    the region (who stands for the child may change), and those the registration stood for
    (its BSN may have changed)."""
    stood_for = list(
        MatchFact.objects.filter(person=registration_id).values_list("match", flat=True)
    )
    same = Q(education__region=region_id, education__bsn=bsn) | Q(pk__in=stood_for)
    facts = Q(match__education__region=region_id, match__education__bsn=bsn) | Q(
        match__in=stood_for
    )
    _refresh(MATCHES, same, facts)
    services._written()
