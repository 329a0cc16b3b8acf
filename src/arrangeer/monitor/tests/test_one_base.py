"""The tables of a page that share their base are counted from one query that reads it once,
whatever their rows (tables._sliced_tables, tables_sql._tagged_grouping_sql): every slice's
cells are the same as one query per table and slice counts, cell by cell, and the published
figures the same as each table built on its own; on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Hashable
from decimal import Decimal
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from arrangeer.monitor import indicators, services, tables
from arrangeer.monitor.constants import Theme

from .helpers import (
    LAST_YEAR,
    child_at_two_schools,
    spy_on_slicing,
    theme_result,
)

pytestmark = pytest.mark.django_db

Cells = dict[tuple[Hashable, Hashable], dict[tuple[Hashable, Hashable], tuple[int, int, Decimal]]]


def _add(found: Cells, key: tuple[Hashable, Hashable], cell: Any, n: int, p: int, s: Any) -> None:
    if n or p or s:
        before = found.setdefault(key, {}).get(cell, (0, 0, Decimal(0)))
        found[key][cell] = (before[0] + n, before[1] + p, before[2] + s)


def _per_slice(spec: tables.TableSpec, source: tables.Source) -> Cells:
    """One query per slice (tables._cells): the reference."""
    found: Cells = {}
    for extra in [None, *source.dimensions]:
        bare = tables.Filters(year=LAST_YEAR)
        for dim, r, c, n, p, s in tables._cells(spec, source, bare, extra=extra):
            _add(found, (tables.TOTAL, None) if extra is None else (extra, dim), (r, c), n, p, s)
    return found


def _by_source(result: indicators.ThemeResult) -> list[tuple[tables.Source, list[Any]]]:
    """The page's tables counted in one query, as tables.build_all puts them together."""
    together: dict[int, tuple[tables.Source, list[Any]]] = {}
    for spec, source in result.pending:
        if tables._grouped(spec):
            together.setdefault(id(source), (source, []))[1].append(spec)
    return list(together.values())


def _rows_of(specs: list[Any]) -> set[Hashable]:
    return {tables._row_group(spec) for spec in specs}


@pytest.mark.parametrize("theme", list(Theme))
def test_the_tables_of_one_base_count_what_one_query_per_slice_counts(funded, theme):
    services.refresh_facts()
    on_several_rows = 0
    for user in (funded.users["policy_officer"], funded.users["coordinator"]):
        result = theme_result(user, theme)
        for source, specs in _by_source(result):
            on_several_rows += len(_rows_of(specs)) > 1
            counted = tables._sliced_tables(specs, source, tables.Filters(year=LAST_YEAR))
            for spec, cells in zip(specs, counted, strict=True):
                one: Cells = {}
                for key, slice_cells in cells.items():
                    for r, c, n, p, s in slice_cells:
                        _add(one, key, (r, c), n, p, s)
                reference = _per_slice(spec, source)
                assert one == reference, spec.key
                if theme in (Theme.REACH, Theme.FINANCING):
                    assert reference, spec.key
        bare = tables.Filters(year=LAST_YEAR)
        separately = [tables.build(spec, source, bare).figures for spec, source in result.pending]
        assert [t.figures for t in tables.build_all(result.pending, bare)] == separately
    if theme in (Theme.REACH, Theme.FINANCING, Theme.COLLECTIVE):
        # Tables on different rows over one base: the case the one query is for.
        assert on_several_rows == 2


def _grouping_reads(result: indicators.ThemeResult, table: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        tables.build_all(result.pending, tables.Filters(year=LAST_YEAR))
    reads = [q["sql"] for q in captured.captured_queries if f'"{table}"' in q["sql"]]
    return len([sql for sql in reads if "m_person" in sql])


def test_bereik_reads_its_facts_once_per_base(funded):
    """Bereik's five tables of the school year (four on rows of their own, and the flags)
    are one read of the facts (its source reads once), its trend another; a source that
    does not say so (the funding's) counts one statement per kind of rows, as before."""
    services.refresh_facts()
    result = theme_result(funded.users["policy_officer"], Theme.REACH)
    bases = _by_source(result)
    assert any(len(_rows_of(specs)) > 2 and source.read_once for source, specs in bases)
    assert _grouping_reads(result, "monitor_casefact") == len(bases) == 2
    funding = theme_result(funded.users["policy_officer"], Theme.FINANCING)
    rows = {
        (id(source), _rows_of([spec]).pop())
        for source, specs in _by_source(funding)
        for spec in specs
    }
    assert len(rows) > len(_by_source(funding))
    assert _grouping_reads(funding, "monitor_modulefact") == len(rows)


def test_a_child_at_two_schools_counts_once_in_the_tables_of_one_base(funded, monkeypatch):
    """Facts that put one child's two cases at two schools of one municipality: the one query
    for all of Bereik's tables of the school year counts again with every filter on its own,
    and every table's cells are those of one query per slice."""
    services.refresh_facts()
    child_at_two_schools(funded)
    again = spy_on_slicing(monkeypatch)
    result = theme_result(funded.users["policy_officer"], Theme.REACH)
    source, specs = max(_by_source(result), key=lambda pair: len(pair[1]))
    assert len(_rows_of(specs)) > 2
    counted = tables._sliced_tables(specs, source, tables.Filters(year=LAST_YEAR))
    assert again == [None, False]
    for spec, cells in zip(specs, counted, strict=True):
        one: Cells = {}
        for key, slice_cells in cells.items():
            for r, c, n, p, s in slice_cells:
                _add(one, key, (r, c), n, p, s)
        assert one == _per_slice(spec, source), spec.key
