"""The derived transition and the day of the warning (no database)."""

from __future__ import annotations

import datetime as dt

from arrangeer.children.models import Child
from arrangeer.organisations.constants import SchoolSector
from arrangeer.transitions import rules
from arrangeer.transitions.constants import TransitionKind

TODAY = dt.date(2026, 11, 30)


def child(born: dt.date, sector: str = "") -> Child:
    return Child(first_name="A", last_name="B", date_of_birth=born, sector=sector)


def test_a_toddler_goes_to_primary_school_the_day_after_turning_four():
    found = rules.derive(child(dt.date(2023, 3, 10)), TODAY)
    assert found == rules.Derived(TransitionKind.KDV_PO, dt.date(2027, 3, 11))


def test_a_primary_pupil_goes_to_secondary_school_with_its_cohort():
    found = rules.derive(child(dt.date(2015, 9, 30), SchoolSector.PO), TODAY)
    assert found == rules.Derived(TransitionKind.PO_VO, dt.date(2027, 8, 1))
    # Born from October on: the next cohort, a year later.
    later = rules.derive(child(dt.date(2015, 10, 1), SchoolSector.SBO), TODAY)
    assert later == rules.Derived(TransitionKind.PO_VO, dt.date(2028, 8, 1))


def test_a_pupil_who_stayed_longer_goes_at_the_next_school_year():
    found = rules.derive(child(dt.date(2012, 5, 1), SchoolSector.PO), TODAY)
    assert found == rules.Derived(TransitionKind.PO_VO, dt.date(2027, 8, 1))


def test_a_secondary_pupil_goes_to_mbo_after_four_years():
    found = rules.derive(child(dt.date(2012, 5, 1), SchoolSector.VO), TODAY)
    assert found == rules.Derived(TransitionKind.VO_MBO, dt.date(2028, 8, 1))


def test_nothing_is_derived_for_mbo_or_a_child_of_school_age_without_school():
    assert rules.derive(child(dt.date(2008, 5, 1), SchoolSector.MBO), TODAY) is None
    assert rules.derive(child(dt.date(2018, 5, 1)), TODAY) is None


def test_the_warning_starts_with_the_last_school_year_unless_the_region_says_otherwise():
    assert rules.warn_from(dt.date(2027, 8, 1), None) == dt.date(2026, 8, 1)
    assert rules.warn_from(dt.date(2027, 3, 11), None) == dt.date(2026, 8, 1)
    assert rules.warn_from(dt.date(2027, 8, 1), 6) == dt.date(2027, 2, 1)
    assert rules.warn_from(dt.date(2027, 1, 31), 2) == dt.date(2026, 11, 28)
    assert rules.school_year_label(dt.date(2027, 8, 1)) == "2027/2028"
    assert rules.school_year_label(dt.date(2027, 7, 31)) == "2026/2027"
