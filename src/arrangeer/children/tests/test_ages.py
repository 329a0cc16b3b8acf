"""The age rules of the child's own voice, in one place: the bands, and the date of birth the
database filters on agree with the age counted in Python on every day, 29 February included."""

from __future__ import annotations

import datetime as dt

import pytest

from arrangeer.children.ages import (
    OWN_ACCOUNT_AGE,
    OWN_CONSENT_AGE,
    age_band,
    age_on,
    decides_alone,
    decides_together,
    parents_decide,
    years_before,
)
from arrangeer.vocabulary import AgeBand


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (0, AgeBand.UNDER_12),
        (11, AgeBand.UNDER_12),
        (12, AgeBand.FROM_12),
        (15, AgeBand.FROM_12),
        (16, AgeBand.FROM_16),
        (17, AgeBand.FROM_16),
    ],
)
def test_the_band_follows_the_age(age, band):
    assert age_band(age) == band
    assert [parents_decide(band), decides_together(band), decides_alone(band)].count(True) == 1


@pytest.mark.parametrize("years", [OWN_ACCOUNT_AGE, OWN_CONSENT_AGE])
def test_the_date_of_birth_filter_and_the_counted_age_agree_on_every_day(years):
    days = [dt.date(2027, 1, 1) + dt.timedelta(days=n) for n in range(0, 4 * 366, 7)]
    days += [dt.date(2028, 2, 28), dt.date(2028, 2, 29), dt.date(2028, 3, 1), dt.date(2027, 3, 1)]
    births = [dt.date(2012, 2, 29), dt.date(2011, 2, 28), dt.date(2011, 3, 1), dt.date(2015, 7, 9)]
    for day in days:
        for born in births:
            assert (age_on(born, day) >= years) == (born <= years_before(day, years)), (born, day)
