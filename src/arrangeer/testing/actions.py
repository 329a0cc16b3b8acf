"""Checks of the probes of "My actions" (cases.actions): a source whose probe finds nothing
does not run, so a probe that misses a row of its source hides a person's action."""

from __future__ import annotations

import datetime as dt

from arrangeer.accounts.models import User
from arrangeer.cases.access import visible_cases
from arrangeer.cases.actions import registry, sources


def missed_by_probes(user: User, today: dt.date) -> tuple[set[str], set[str]]:
    """The sources whose probe finds nothing for `user` on `today` though the source yields
    actions when every part of it reads every visible case (the probe is not a superset:
    a bug), and those whose probe rightly finds nothing (skipped)."""
    cases = visible_cases(user)
    empty = registry._found_empty(user, today, sources())
    missed = set()
    for code in empty:
        source = sources()[code]
        found = list(source.collect(user, cases, today, None))
        if source.led_part is not None:
            found += source.led_part(user, cases, today, None)
        if found:
            missed.add(code)
    return missed, empty - missed
