"""Checks of the probes of "My actions" (cases.actions): a source whose probe finds nothing
does not run, so a probe that misses a row of its source hides a person's action."""

from __future__ import annotations

import datetime as dt

from arrangeer.accounts.models import User
from arrangeer.cases.access import visible_cases
from arrangeer.cases.actions import actions_for, counted_actions, registry, sources


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


def miscounted(user: User, today: dt.date) -> dict[str, tuple[int, int]]:
    """The sources that register `counted` (or `led_counted`) whose number, with the first
    1 or 51 actions read, is not the number of actions they yield read in full (as
    `actions_for` reads them: the led cases, the organisation's narrowing, the probe), or
    whose first actions differ; "*" for every source together. For the person's every
    narrowing (none, and each of their organisations, as an API token gives): the source
    → (counted, built)."""
    from arrangeer.organisations.models import Membership

    organisations = [
        None,
        *Membership.objects.filter(user=user)
        .order_by("organisation_id")
        .values_list("organisation_id", flat=True)
        .distinct(),
    ]
    counted = [
        [code]
        for code, source in sources().items()
        if source.counted is not None or source.led_counted is not None
    ]
    wrong: dict[str, tuple[int, int]] = {}
    for organisation_id in organisations:
        for only in [*counted, None]:
            built = actions_for(user, today=today, organisation_id=organisation_id, only=only)
            for limit in (1, 51):
                first, number = counted_actions(
                    user, today=today, limit=limit, organisation_id=organisation_id, only=only
                )
                if number != len(built) or first != built[:limit]:
                    wrong[only[0] if only else "*"] = (number, len(built))
    return wrong
