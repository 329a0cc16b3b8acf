"""Working days for the product's deadlines (the escalatieladder, the Loket's advice, the quality
contact point): Monday to Friday, without the days the Algemene termijnenwet (art. 3) counts as
recognised holidays. A deadline that would fall on such a day moves on, as a legal term does.

The recognised days: New Year's Day, Easter Monday, Ascension Day, Whit Monday, Christmas and
Boxing Day, King's Day and 5 May (Liberation Day, every year for the termijnenwet). The dates
of the moving feasts come from the `holidays` package; Good Friday is a holiday there but not
in the termijnenwet. School holidays are not counted out: they differ per region and school.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays

NOT_IN_THE_TERMIJNENWET = {"Good Friday", "Easter Sunday", "Pentecost"}


@lru_cache(maxsize=64)
def recognised_holidays(year: int) -> frozenset[dt.date]:
    dutch = holidays.country_holidays("NL", years=year, language="en_US")
    days = {day for day, name in dutch.items() if name not in NOT_IN_THE_TERMIJNENWET}
    days.add(dt.date(year, 5, 5))
    return frozenset(days)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in recognised_holidays(day.year)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The day `days` working days after `start` (the start itself does not count)."""
    day = start
    left = days
    while left > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day
