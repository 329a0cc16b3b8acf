"""Mijn acties reads the sources of what a person leads from the cases they lead only, and
skips them for a person who leads none: the lists are the same as when every source reads
every visible case. Compared on the seeded demo (every source has lines in it), for eight
demo professionals, on three days, the whole list and every page of 50, on both shapes of
the visible cases (keys read once, and a condition per case)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.utils import timezone

import pytest

from arrangeer.accounts.constants import AccountKind
from arrangeer.accounts.models import User
from arrangeer.cases.access import visibility, visible_cases
from arrangeer.cases.actions import Action, actions_for, registry, sources
from arrangeer.cases.models import Case
from arrangeer.testing.actions import miscounted, missed_by_probes

# Slow (the demo seeded for this module, every page of eight people on three days, twice):
# once per `make test`, in the SQLite pass.
pytestmark = [pytest.mark.django_db, pytest.mark.one_pass("sqlite")]

PAGE = 50
# Today, a month on (steps overdue, thuiszitters past the mark, regie offers due) and a
# school year on (transitions, consents to renew at 12 and 16, evaluations).
DAYS = (0, 31, 290)


def _unrestricted(user: User, today: dt.date) -> list[Action]:
    """The reference: every part of every source reads every visible case (none skipped,
    nothing cut), in the list's order."""
    cases = visible_cases(user)
    found: list[Action] = []
    for source in sources().values():
        found += source.collect(user, cases, today, None)
        if source.led_part is not None:
            found += source.led_part(user, cases, today, None)
    order = {code: i for i, code in enumerate(sources())}
    return sorted(
        found,
        key=lambda a: (
            a.due is None,
            a.due or dt.date.max,
            order[a.source],
            a.order_name,
            a.case_pk,
            a.tiebreak,
        ),
    )


def _lines(actions: list[Action]) -> list[tuple[object, ...]]:
    """Everything a line shows or a reminder uses."""
    return [
        (a.source, a.case_pk, a.name, str(a.title), a.due, a.key, a.remind_from, a.url)
        for a in actions
    ]


def _led(user: User) -> set[int]:
    return set(Case.objects.filter(regisseur=user).values_list("pk", flat=True))


# The demo's professionals: regisseurs of two regions, a teacher, the youth team, the SWV,
# care, leerplicht (closed cases too) and the Loket (lines without a team place).
PERSONAS = (
    "coordinator",
    "coordinator_alkmaar",
    "leerkracht",
    "jeugdteam",
    "swv",
    "zorgaanbieder",
    "leerplicht",
    "loket",
)


def _people() -> list[User]:
    found = list(
        User.objects.filter(
            username__in=PERSONAS, kind=AccountKind.PROFESSIONAL, is_active=True
        ).order_by("username")
    )
    assert len(found) == len(PERSONAS)
    return found


def _compare(user: User, today: dt.date) -> list[Action]:
    expected = _unrestricted(user, today)
    assert _lines(actions_for(user, today=today)) == _lines(expected), (user.username, today)
    for page in range(1, len(expected) // PAGE + 2):
        limit = page * PAGE + 1
        shown = actions_for(user, today=today, limit=limit)
        assert _lines(shown) == _lines(expected[:limit]), (user.username, today, page)
    return expected


def test_the_led_cases_alone_give_every_action_of_every_person(demo, monkeypatch):
    today = timezone.localdate()
    people = _people()
    found: dict[str, int] = {}
    leads = set()
    for days in DAYS:
        for user in people:
            listed = _compare(user, today + dt.timedelta(days=days))
            found[user.username] = found.get(user.username, 0) + len(listed)
            if _led(user) & {a.case_pk for a in listed}:
                leads.add(user.username)
    # The comparison means something: lines for several people, led and not led, and from
    # most sources (those of the led cases among them).
    assert len([n for n in found.values() if n]) >= 5, found
    assert leads and set(found) - leads, leads
    # A condition per case (many places) instead of the keys: the same lists.
    monkeypatch.setattr(visibility, "WALK_FROM_PLACES", 0)
    for user in people[:4]:
        _compare(user, today + dt.timedelta(days=DAYS[1]))


def test_a_source_marked_led_wrongly_loses_actions_and_the_comparison_sees_it(demo, monkeypatch):
    """The guard of the comparison above: a source that yields lines on cases the person does
    not lead, marked as led, loses those lines, and the lists differ."""
    today = timezone.localdate() + dt.timedelta(days=DAYS[1])
    for user in _people():
        expected = _unrestricted(user, today)
        led = _led(user)
        lost = [a for a in expected if a.case is not None and a.case_pk not in led]
        if lost:
            break
    else:
        pytest.fail("no one in the demo has an action on a case they do not lead")
    code = lost[0].source
    wrong = dataclasses.replace(sources()[code], led=True)
    monkeypatch.setitem(registry._SOURCES, code, wrong)
    assert _lines(actions_for(user, today=today)) != _lines(expected)


def test_every_source_with_actions_has_a_probe_that_finds_them(demo):
    """A source runs only when its probe finds a row (`registry._found_empty`): for each of
    the demo's professionals on each day, every source that yields an action (reading every
    visible case, none skipped) has a probe that found something. The lists themselves are
    compared above (with the probes, against every source read in full)."""
    today = timezone.localdate()
    skipped = 0
    for days in DAYS:
        for user in _people():
            missed, empty = missed_by_probes(user, today + dt.timedelta(days=days))
            assert not missed, (user.username, days, missed)
            skipped += len(empty)
    assert skipped, "no probe found nothing: the check means nothing"


def test_a_probe_that_misses_rows_hides_actions_and_the_checks_see_it(demo, monkeypatch):
    """The guard of the two checks above: a probe that finds nothing for a source with
    actions hides them, and both the probe check and the comparison see it."""
    today = timezone.localdate() + dt.timedelta(days=DAYS[1])
    user = _people()[0]
    expected = _unrestricted(user, today)
    code = next(a.source for a in expected if sources()[a.source].probe is not None)
    wrong = dataclasses.replace(sources()[code], probe=lambda day: [Case.objects.filter(pk=-1)])
    monkeypatch.setitem(registry._SOURCES, code, wrong)
    assert code in missed_by_probes(user, today)[0]
    assert _lines(actions_for(user, today=today)) != _lines(expected)


def test_every_count_of_the_api_is_the_number_of_actions_built(demo):
    """The API's `count` (each source's `counted` number, found without building every
    action) is the number of actions built in full, for each of the demo's professionals on
    each day, through each of their organisations; and the first actions are the same. The
    demo has more steps and transitions than a page for some: the counts are really cut."""
    today = timezone.localdate()
    cut = 0
    for days in DAYS:
        for user in _people():
            day = today + dt.timedelta(days=days)
            assert not miscounted(user, day), (user.username, days)
            cut += len(actions_for(user, today=day, only=["step", "transition"])) > 1
    assert cut, "no one has more than one step or transition: no count was cut short"


@pytest.mark.parametrize("code", ["step", "transition", "funding_signals"])
def test_a_count_of_only_what_was_read_is_caught(demo, monkeypatch, code):
    """The guard of the check above: a `counted` that counts the actions it read (the first
    `limit`) instead of all of them gives the API a wrong count, and the check names it."""
    today = timezone.localdate() + dt.timedelta(days=DAYS[2])
    source = sources()[code]

    def only_read(counted: Any) -> Any:
        def count(*args: Any) -> tuple[list[Action], int]:
            read = list(counted(*args)[0])
            return read, len(read)

        return count

    wrong = dataclasses.replace(
        source,
        counted=source.counted and only_read(source.counted),
        led_counted=source.led_counted and only_read(source.led_counted),
    )
    monkeypatch.setitem(registry._SOURCES, code, wrong)
    found = [user for user in _people() if len(actions_for(user, today=today, only=[code])) > 1]
    assert found, f"no one has two actions of {code}: the guard means nothing"
    assert code in miscounted(found[0], today)
