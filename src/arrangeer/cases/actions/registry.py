"""The registry of "My actions" (its use: this package's docstring): the action, the sources
registered into it, and what one person has to do gathered from them all, most urgent first."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise

from arrangeer.accounts.models import User

if TYPE_CHECKING:
    from arrangeer.cases.access import Actor
    from arrangeer.cases.models import Case

QS = TypeVar("QS", bound=QuerySet[Any])


@dataclass(frozen=True)
class Action:
    source: str
    case: Case | None  # None: an action on something before it has a case (an aanmelding)
    title: str
    due: dt.date | None
    view: str  # the page's URL name; it takes the case's id (if any) and `url_kwargs`
    key: str
    remind_from: dt.date | None = None
    anchor: str = ""
    url_kwargs: tuple[tuple[str, Any], ...] = ()
    # The source row's pk: a total order among one source's actions of one case and day.
    tiebreak: int = 0
    # Without a case: what the list shows in the case's column, and the name it sorts on.
    subject: str = ""
    sort_name: str = ""
    # Without a case: the source's row, for the access log of the rows shown (`log`), and the
    # organisation whose place it is read through (an API token of another one omits it).
    row: Any = field(default=None, compare=False, hash=False, repr=False)
    organisation_id: int | None = None

    @cached_property
    def url(self) -> str:
        """Built when read: only for the rows a page shows (or a mail links to)."""
        kwargs = dict(self.url_kwargs)
        if self.case is not None:
            kwargs["case_id"] = self.case.uuid
        return reverse(self.view, kwargs=kwargs) + self.anchor

    @property
    def name(self) -> str:
        """The child the action is about, as the list names it."""
        return self.case.child.full_name if self.case is not None else self.subject

    @property
    def order_name(self) -> str:
        return self.case.child.last_name if self.case is not None else self.sort_name

    @property
    def case_pk(self) -> int:
        return self.case.pk if self.case is not None else 0

    def is_overdue(self, today: dt.date) -> bool:
        return self.due is not None and self.due < today


Collect = Callable[[User, "QuerySet[Case]", dt.date, int | None], Iterable[Action]]
# The access log of a case-less source's actions shown to a person (one write).
LogShown = Callable[["Actor", list[Action]], None]
# Who may have a case-less source's actions: the keys of those people (a query).
People = Callable[[], "QuerySet[User]"]
# Where a source's actions would come from on a day, found from the person alone (not their
# cases; the person's key is `PERSON`): rows of which at least one exists whenever the source
# yields an action (a superset of its rows).
Probe = Callable[[dt.date], "list[QuerySet[Any]]"]
PERSON = OuterRef("pk")
# A source's reading for a count (the API's `count`): the first `limit` actions, exactly as
# its `collect` (or `led_part`) yields them, and how many it yields without a limit.
Counted = Callable[[User, "QuerySet[Case]", dt.date, int | None], tuple[Iterable[Action], int]]


@dataclass(frozen=True)
class ActionSource:
    """A source of actions. `collect` reads from the visible cases; with `led`, it yields
    actions only on cases the person leads (is the regisseur of): it is handed those cases
    alone, and not called at all for a person who leads none. `led_part` is a second
    reading of the same source over the led cases (the regisseur's own steps). `probe`: the
    rows without which it yields nothing; the source does not run when none exists.
    `counted` (and `led_counted`, of `led_part`): the same reading, with the number of
    actions it yields without a limit found without building them all (the API's count)."""

    code: str
    label: str | Promise
    mail: str | Promise
    collect: Collect
    log: LogShown | None = None
    people: People | None = None
    led: bool = False
    led_part: Collect | None = None
    probe: Probe | None = None
    counted: Counted | None = None
    led_counted: Counted | None = None


_SOURCES: dict[str, ActionSource] = {}


def register_action_source(
    code: str,
    *,
    label: str | Promise,
    mail: str | Promise,
    log: LogShown | None = None,
    people: People | None = None,
    led: bool = False,
    led_part: Collect | None = None,
    probe: Probe | None = None,
    counted: Counted | None = None,
    led_counted: Counted | None = None,
) -> Callable[[Collect], Collect]:
    if led_counted is not None and led_part is None:
        raise ValueError(f"The action source {code!r} counts a led part it does not have.")

    def decorate(collect: Collect) -> Collect:
        if code in _SOURCES and _SOURCES[code].collect is not collect:
            raise ValueError(f"An action source named {code!r} is already registered.")
        _SOURCES[code] = ActionSource(
            code, label, mail, collect, log, people, led, led_part, probe, counted, led_counted
        )
        return collect

    return decorate


def log_shown(actor: Actor, actions: Iterable[Action]) -> None:
    """The access log of the actions a page, the API or a mail shows: the cases (one record
    each, as "My cases" writes them), and the rows of case-less actions through their
    source's own log."""
    from arrangeer.cases.access import log_listed

    actions = list(actions)
    log_listed(actor, list({a.case.pk: a.case for a in actions if a.case is not None}.values()))
    caseless: dict[str, list[Action]] = {}
    for action in actions:
        if action.case is None:
            caseless.setdefault(action.source, []).append(action)
    for code, shown in caseless.items():
        source = _SOURCES.get(code)
        if source is None or source.log is None:
            raise ValueError(f"The action source {code!r} shows actions without a case: it logs.")
        source.log(actor, shown)


def extra_people() -> list[QuerySet[User]]:
    """Who may have actions without being on a team (the sources' `people`)."""
    return [source.people() for source in _SOURCES.values() if source.people is not None]


def sources() -> dict[str, ActionSource]:
    return dict(_SOURCES)


def limited(queryset: QS, limit: int | None) -> QS:
    """The first `limit` rows of an ordered queryset (all of them for None)."""
    return queryset if limit is None else queryset[:limit]


T = TypeVar("T")


def first(rows: Iterable[T], key: Callable[[T], Any], limit: int | None) -> list[T]:
    """The first `limit` of rows already read, in the list's order. For a source that reads
    what the person leads (bounded by their own caseload, a few hundred cases): sorting those
    few rows here keeps the database from walking a whole index in date order to find them."""
    ordered = sorted(rows, key=key)
    return ordered if limit is None else ordered[:limit]


def actions_for(
    user: User,
    *,
    today: dt.date | None = None,
    at: dt.datetime | None = None,
    limit: int | None = None,
    cases: QuerySet[Case] | None = None,
    organisation_id: int | None = None,
    only: Collection[str] | None = None,
) -> list[Action]:
    """What `user` has to do, most urgent first (the earliest date first; undated last):
    the first `limit` actions, or all of them. Only for cases the access layer lets them see
    (`organisation_id` narrows that list to the cases seen through one organisation, `cases`
    to any part of it; `only` to some sources).

    Each source yields its own first `limit` in the same order, so the first `limit` of all
    of them together are among what was read. The sources of what the person leads read
    only the led cases (by key), and none of them runs for a person who leads no case."""
    return _gather(user, today, at, limit, cases, organisation_id, only, counting=False)[0]


def counted_actions(
    user: User,
    *,
    limit: int,
    today: dt.date | None = None,
    organisation_id: int | None = None,
    only: Collection[str] | None = None,
) -> tuple[list[Action], int]:
    """The first `limit` actions of `actions_for` and the number of all of them (the API's
    page and `count`): a source that registers `counted` reads its first `limit` and counts
    the rest without building them; any other is read in full and counted as read."""
    return _gather(user, today, None, limit, None, organisation_id, only, counting=True)


def _gather(
    user: User,
    today: dt.date | None,
    at: dt.datetime | None,
    limit: int | None,
    cases: QuerySet[Case] | None,
    organisation_id: int | None,
    only: Collection[str] | None,
    *,
    counting: bool,
) -> tuple[list[Action], int]:
    from arrangeer.cases.access import visible_cases_and_keys
    from arrangeer.cases.models import Case as CaseModel

    at = at or timezone.now()
    today = today or timezone.localtime(at).date()
    if cases is None:
        # A dozen sources put the visible cases into their queries. A person with up to a
        # couple of thousand places: read their cases' keys once (and which of them they
        # lead, in the same query), and each source looks its cases up by key (evaluating the
        # grounds of every place a dozen times was most of the page). More places: the
        # visible cases stay a condition per case.
        cases, ids, led = visible_cases_and_keys(user, at=at, organisation_id=organisation_id)
        if ids is not None and led is not None:  # none at all: a seat still acts
            scope = _Scope(_by_keys(ids), _by_keys(led) if led else None)
            return _collect(user, scope, today, limit, only, organisation_id, counting)
    # Compile the visible cases' (large) query once and hand the sources its SQL, instead of
    # letting Django compile it a dozen times.
    try:
        sql, params = cases.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # a person who sees no case: only actions without a case
        scope = _Scope(CaseModel.objects.none(), None)
        return _collect(user, scope, today, limit, only, organisation_id, counting)
    cases = CaseModel.objects.filter(pk__in=RawSQL(sql, params))  # noqa: S611 - Django's own SQL
    led_keys: list[int] = []
    if only is None or any(_SOURCES[c].led or _SOURCES[c].led_part for c in only if c in _SOURCES):
        # Found from the regisseur's own cases (their index), each tested for visibility.
        led_keys = list(cases.filter(regisseur=user).values_list("pk", flat=True))
    scope = _Scope(cases, _by_keys(led_keys) if led_keys else None)
    return _collect(user, scope, today, limit, only, organisation_id, counting)


@dataclass(frozen=True)
class _Scope:
    """The cases the sources read: the visible ones, and those the person leads (None: they
    lead none, and the sources of the led cases do not run)."""

    visible: QuerySet[Case]
    led: QuerySet[Case] | None


def _by_keys(ids: list[int]) -> QuerySet[Case]:
    """The cases with these keys, the keys passed as one value (an array, or JSON on SQLite):
    a thousand parameters in each of a dozen queries cost more to send than to look up."""
    from arrangeer.cases.models import Case as CaseModel

    if connection.vendor == "postgresql":
        # The array written out once: as a list, the driver would write it out again for
        # each of the dozen queries it goes into.
        literal = "{" + ",".join(map(str, ids)) + "}"
        keys = RawSQL("SELECT unnest(%s::bigint[])", [literal])
    else:
        keys = RawSQL("SELECT value FROM json_each(%s)", [json.dumps(ids)])
    return CaseModel.objects.filter(pk__in=keys)


def _collect(
    user: User,
    scope: _Scope,
    today: dt.date,
    limit: int | None,
    only: Collection[str] | None,
    organisation_id: int | None = None,
    counting: bool = False,
) -> tuple[list[Action], int]:
    """The first `limit` actions, and (`counting`) the number of all of them."""
    found: list[Action] = []
    total = 0
    order = {code: i for i, code in enumerate(_SOURCES)}
    running = {
        code: source
        for code, source in _SOURCES.items()
        if (only is None or code in only) and (not source.led or scope.led is not None)
    }
    empty = _found_empty(user, today, running)
    for code, source in running.items():
        if code in empty:
            continue
        parts: list[tuple[Collect, Counted | None, QuerySet[Case]]] = []
        if not source.led:
            parts.append((source.collect, source.counted, scope.visible))
        if scope.led is not None:
            if source.led:
                parts.append((source.collect, source.counted, scope.led))
            if source.led_part is not None:
                parts.append((source.led_part, source.led_counted, scope.led))
        for collect, counted, cases in parts:
            if counting and counted is not None:
                read, number = counted(user, cases, today, limit)
                found.extend(_narrowed(read, organisation_id))
                total += number
            else:
                # Counting without `counted`: read in full, counted as read.
                kept = _narrowed(
                    collect(user, cases, today, None if counting else limit), organisation_id
                )
                found.extend(kept)
                total += len(kept)
    found.sort(
        key=lambda a: (
            a.due is None,
            a.due or dt.date.max,
            order.get(a.source, 0),
            a.order_name,
            a.case_pk,
            a.tiebreak,
        )
    )
    return (found if limit is None else found[:limit]), total


def _narrowed(actions: Iterable[Action], organisation_id: int | None) -> list[Action]:
    """`cases` narrows the actions on a case; one without, by its organisation. (A source
    that registers `counted` yields actions on a case only: its number is not narrowed.)"""
    return [
        a for a in actions if a.case is not None or organisation_id in (None, a.organisation_id)
    ]


def _found_empty(user: User, today: dt.date, running: dict[str, ActionSource]) -> set[str]:
    """The sources that would yield nothing: those whose probe finds no row. All probes in
    one query (none without a probe): a source with nothing to show costs a query or two and
    the compiling of its joins of the visible cases, for most people most sources."""
    probes = tuple((code, source.probe) for code, source in running.items() if source.probe)
    if not probes:
        return set()
    sql, params, codes = _probe_query(
        probes, today, connection.vendor, timezone.get_current_timezone_name()
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, user.pk])
        row = cursor.fetchone()
    if row is None:  # no such person stored (cannot be): every source runs
        return set()
    found = {code for code, exists in zip(codes, row, strict=True) if exists}
    return set(codes) - found


_ANYONE = -1  # the person's key while the probes' query is compiled


@lru_cache(maxsize=32)
def _probe_query(
    probes: tuple[tuple[str, Probe], ...], today: dt.date, vendor: str, zone: str
) -> tuple[str, tuple[Any, ...], tuple[str, ...]]:
    """The probes' query for a day, compiled once (building and compiling two dozen
    subqueries cost more than running them): its SQL, its parameters but the person's key
    (the last), and the source of each column. The probes name the person as `PERSON`, the
    key of the one row of users read."""
    checks: dict[str, Exists] = {}
    codes: list[str] = []
    for code, probe in probes:
        for queryset in probe(today):
            checks[f"probe_{len(checks)}"] = Exists(queryset)
            codes.append(code)
    query = User.objects.filter(pk=_ANYONE).annotate(**checks).values_list(*checks)
    sql, params = query.query.sql_with_params()
    if not params or params[-1] != _ANYONE:
        raise ValueError("The person's key is not the last parameter of the probes' query.")
    return sql, tuple(params[:-1]), tuple(codes)


# What a listed action needs of its case (and the access log of its child): loading whole
# rows for hundreds of cases is most of the cost of the page.
CASE_FIELDS = ("uuid", "child__first_name", "child__last_name", "child__pseudonym")
# The list's order within one source, for a query on cases.
CASE_ORDER = ("child__last_name", "pk")
