"""The writes of the monitor's facts of the regional outcomes and the Integraal Loket
(models_region, their rows in region_facts): rebuilt whole with the other facts
(services.refresh_dimension_facts, so by `manage.py refresh_monitor` and after loading in
bulk), and per write once it is committed: for the case, plan, child or school the write
touched by services' refresh of that write (receivers.py), for a row of a case's child data
only these facts read or the child's BSN by a task of their own (receivers_region).
Set-based, writing only what changed (upsert.upsert): per table one DELETE of the rows
concerned that the source no longer gives (a TLV withdrawn) and one INSERT … SELECT … ON
CONFLICT that updates a row only where a value differs, whatever their number (for a write's
rows on PostgreSQL one statement doing both); for a case or a plan, only the tables where it
has a source row or a fact (one query reads which: upsert.refresh_needed)."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet

from arrangeer.cases.models import Case

from . import state
from .models_region import MatchFact
from .region_facts import CASE_TABLES, MATCHES, TABLES, TLVS, FactTable
from .upsert import Refresh, refresh_needed, upsert


def _refresh(table: FactTable, where: Q | None = None, facts: Q | None = None) -> int:
    """Make the rows of `table` (those of `facts`, all when None) those of the source rows
    `where` selects (all when None), writing only what changed (upsert); returns the rows
    inserted, updated and deleted."""
    source = table.source()
    scope = None
    if where is not None:
        source = source.filter(where)
        scope = table.model._default_manager.filter(facts or where)
    # The WHERE keeps SQLite from reading ON CONFLICT as part of the SELECT's join.
    rows = table.rows(source.filter(pk__isnull=False))
    return upsert(rows, table.model, table.columns, scope)


@transaction.atomic
def refresh_region_facts() -> dict[str, int]:
    """Rebuild every table whole; returns the rows changed in each, by its model's name."""
    return {table.model.__name__: _refresh(table) for table in TABLES}


def case_refreshes(keys: QuerySet[Any] | list[int]) -> list[Refresh]:
    """The refreshes of the case tables' rows of the cases whose keys `keys` selects (or
    lists), and of the matches of their education registrations (the case's route), each with
    the rows it reads and writes (upsert.refresh_needed runs only those that hold one)."""
    concerned = [
        (table, Q(**{f"{table.case}__in": keys}), Q(case__in=keys)) for table in CASE_TABLES
    ]
    concerned.append((MATCHES, Q(education__case__in=keys), Q(match__education__case__in=keys)))
    return [
        (
            (table.source().filter(where), table.model._default_manager.filter(facts)),
            partial(_refresh, table, where, facts),
        )
        for table, where, facts in concerned
    ]


def _cases(keys: QuerySet[Any] | list[int]) -> int:
    """Refresh the case tables' rows of the cases whose keys `keys` selects and the matches of
    their registrations (case_refreshes), those that hold a row; returns the rows changed."""
    return refresh_needed(case_refreshes(keys))


# The refreshes of a write's case, plan, child or school: called by services' refresh of the
# same write (one task per write, in its transaction), which counts the rows they changed with
# its own in the facts' state (state.written).


def refresh_case_region_facts(case_id: int) -> int:
    """A case, or a row of its child data, was written; returns the rows changed."""
    return _cases([case_id])


def plan_refreshes(plan_id: int) -> list[Refresh]:
    """The refreshes of an item of a plan written: of these facts only a TLV comes from the
    plan (a module), with the rows it reads and writes (as case_refreshes')."""
    where, facts = Q(plan=plan_id), Q(module__plan=plan_id)
    rows = (TLVS.source().filter(where), TLVS.model._default_manager.filter(facts))
    return [(rows, partial(_refresh, TLVS, where, facts))]


def refresh_child_region_facts(child_id: int) -> int:
    """A child was written (the school, or the birth date); returns the rows changed."""
    return _cases(Case.objects.filter(child=child_id).values("pk"))


def refresh_school_region_facts(school_id: int) -> int:
    """A school was written (its municipality, sector, SWV or board): the rows of its pupils'
    cases, of the TLVs it provides and of the matches it registered; returns the rows
    changed."""
    changed = _cases(Case.objects.filter(child__school=school_id).values("pk"))
    changed += _refresh(TLVS, Q(provider=school_id), Q(module__provider=school_id))
    at_school = Q(education__organisation=school_id)
    return changed + _refresh(MATCHES, at_school, Q(match__education__organisation=school_id))


@transaction.atomic
def refresh_case_data_facts(case_id: int) -> int:
    """A row of a case's child data that only these facts read was written (a vrijstelling, a
    school-success check, a consult, a Meldcode step, a Verwijsindex signal): the case's rows.
    Its own task (receivers_region): counts a change in the facts' state itself."""
    regions = state.regions_of(Case.objects.filter(pk=case_id))
    return state.written(refresh_case_region_facts(case_id), regions)


@transaction.atomic
def refresh_match_region_facts(region_id: int, bsn: str, registration_id: int) -> int:
    """A match or a registration was written: the rows of the matches of the child's BSN in
    the region (who stands for the child may change), and those the registration stood for
    (its BSN may have changed). Its own task (receivers_region): counts a change in the facts'
    state itself."""
    # The matches it stood for, and their regions (whose figures change with them).
    stood = list(MatchFact.objects.filter(person=registration_id).values_list("match", "region"))
    stood_for = [match for match, _region in stood]
    regions = {region_id, *(region for _match, region in stood)}
    same = Q(education__region=region_id, education__bsn=bsn) | Q(pk__in=stood_for)
    facts = Q(match__education__region=region_id, match__education__bsn=bsn) | Q(
        match__in=stood_for
    )
    return state.written(_refresh(MATCHES, same, facts), regions)
