"""Deadlines in working days skip weekends and the recognised holidays of the Algemene
termijnenwet, and only those."""

from __future__ import annotations

import datetime as dt

import pytest

from arrangeer.core.workdays import add_working_days, is_working_day


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (dt.date(2026, 1, 1), False),  # New Year's Day
        (dt.date(2026, 4, 3), True),  # Good Friday: not in the termijnenwet
        (dt.date(2026, 4, 6), False),  # Easter Monday
        (dt.date(2026, 4, 27), False),  # King's Day
        (dt.date(2026, 5, 5), False),  # Liberation Day, every year
        (dt.date(2026, 5, 14), False),  # Ascension Day
        (dt.date(2026, 5, 25), False),  # Whit Monday
        (dt.date(2026, 12, 25), False),
        (dt.date(2026, 12, 28), True),  # an ordinary Monday
        (dt.date(2026, 12, 26), False),  # a Saturday and Boxing Day
        (dt.date(2027, 4, 27), False),  # King's Day in another year
        (dt.date(2025, 4, 26), False),  # King's Day 2025 fell on a Sunday: Saturday the 26th
    ],
)
def test_which_days_count(day: dt.date, working: bool) -> None:
    assert is_working_day(day) is working


def test_five_working_days_around_christmas() -> None:
    # Wed 23 Dec + 5: Thu 24, (Fri 25 and Sat 26, Sun 27 out), Mon 28, Tue 29, Wed 30, Thu 31.
    assert add_working_days(dt.date(2026, 12, 23), 5) == dt.date(2026, 12, 31)


def test_five_working_days_in_an_ordinary_week() -> None:
    assert add_working_days(dt.date(2026, 11, 30), 5) == dt.date(2026, 12, 7)


def test_over_the_turn_of_the_year_and_may() -> None:
    assert add_working_days(dt.date(2026, 12, 31), 1) == dt.date(2027, 1, 4)
    # Mon 4 May 2026 + 1: Tue 5 May is Liberation Day, so Wednesday.
    assert add_working_days(dt.date(2026, 5, 4), 1) == dt.date(2026, 5, 6)
