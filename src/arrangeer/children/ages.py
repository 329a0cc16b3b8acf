"""The age rules of the child's own voice (WGBO, Jeugdwet), in one place for the access layer,
the portal, the login, consents and the reminders:

- from 12 a child has an account of its own and a say in consent, together with a parent with
  parental authority (hoorrecht);
- from 16 the young person decides alone, and the parents see only what is shared with them.
"""

from __future__ import annotations

import datetime as dt

from arrangeer.vocabulary import AgeBand

OWN_ACCOUNT_AGE = 12
OWN_CONSENT_AGE = 16


def age_on(date_of_birth: dt.date, day: dt.date) -> int:
    return (
        day.year
        - date_of_birth.year
        - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))
    )


def age_band(age: int) -> AgeBand:
    if age >= OWN_CONSENT_AGE:
        return AgeBand.FROM_16
    if age >= OWN_ACCOUNT_AGE:
        return AgeBand.FROM_12
    return AgeBand.UNDER_12


def decides_alone(band: str) -> bool:
    """From 16: the young person gives and withdraws consent alone, and decides what the
    parents see."""
    return band == AgeBand.FROM_16


def decides_together(band: str) -> bool:
    """12 to 15: the child and a parent with parental authority decide together."""
    return band == AgeBand.FROM_12


def parents_decide(band: str) -> bool:
    """Under 12: the parents with parental authority decide; the child has no account."""
    return band == AgeBand.UNDER_12


def years_before(day: dt.date, years: int) -> dt.date:
    """The last date of birth of someone who is `years` old on `day` (a child born on 29
    February has its birthday on 28 February in other years)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def months_old(date_of_birth: dt.date, day: dt.date) -> int:
    """Completed months of age on `day` (the Startklas' intake at 3 years and 6 months is 42)."""
    months = (day.year - date_of_birth.year) * 12 + day.month - date_of_birth.month
    if day.day < date_of_birth.day and not _last_day_of_month(day):
        months -= 1
    return months


def months_before(day: dt.date, months: int) -> dt.date:
    """The last date of birth of someone who is `months` months old on `day` (a month without
    that day counts from its last day), for the database's date-of-birth filter."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    last = _days_in_month(year, month)
    if day.day >= last or _last_day_of_month(day):
        return dt.date(year, month, last)
    return dt.date(year, month, day.day)


def _days_in_month(year: int, month: int) -> int:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day


def _last_day_of_month(day: dt.date) -> bool:
    return (day + dt.timedelta(days=1)).day == 1
