"""Age in months (the Startklas' intake at 3 years and 6 months) and the child's own account
from 12: the months counted in Python and the date-of-birth filter agree on every day."""

from __future__ import annotations

import datetime as dt

import pytest

from arrangeer.children.ages import months_before, months_old
from arrangeer.children.models import Child


def test_months_are_completed_months():
    born = dt.date(2022, 5, 15)
    assert months_old(born, dt.date(2025, 11, 14)) == 41
    assert months_old(born, dt.date(2025, 11, 15)) == 42
    assert months_before(dt.date(2025, 11, 15), 42) == born


def test_a_birthday_on_the_31st_counts_from_the_last_day_of_a_shorter_month():
    born = dt.date(2022, 8, 31)
    assert months_old(born, dt.date(2023, 2, 27)) == 5
    assert months_old(born, dt.date(2023, 2, 28)) == 6
    assert months_before(dt.date(2023, 2, 28), 6) == born


@pytest.mark.parametrize("months", [1, 6, 42, 48])
def test_the_date_of_birth_filter_and_the_counted_months_agree_on_every_day(months):
    """Every day around the day the child turns `months` months, for births on month ends
    and 29 February: both sides of the threshold are checked."""
    births = [dt.date(2023, 1, 31), dt.date(2023, 3, 30), dt.date(2024, 2, 29), dt.date(2023, 7, 9)]
    for born in births:
        first = born + dt.timedelta(days=months * 30 - 40)
        days = [first + dt.timedelta(days=n) for n in range(months + 80)]
        answers = {months_old(born, day) >= months for day in days}
        assert answers == {True, False}
        for day in days:
            assert (months_old(born, day) >= months) == (born <= months_before(day, months)), (
                born,
                day,
            )


def test_a_child_uses_an_account_of_its_own_from_its_12th_birthday():
    child = Child(first_name="Sem", last_name="Jansen", date_of_birth=dt.date(2014, 3, 10))
    assert not child.may_use_own_account(dt.date(2026, 3, 9))
    assert child.may_use_own_account(dt.date(2026, 3, 10))
