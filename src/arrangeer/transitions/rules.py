"""The dates of a transition: the one derived from the child's age and school, the school year
it falls in, and the day the regisseur is warned (the region's rule)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from arrangeer.children.ages import age_on
from arrangeer.children.models import Child
from arrangeer.organisations.constants import SchoolSector

from .constants import (
    COHORT_MONTH,
    PRIMARY_AGE,
    SCHOOL_YEAR_START,
    SECONDARY_AGE,
    SECONDARY_YEARS,
    TransitionKind,
)

PRIMARY = {SchoolSector.PO, SchoolSector.SBO, SchoolSector.SO}
SECONDARY = {SchoolSector.VO, SchoolSector.VSO}


@dataclass(frozen=True)
class Derived:
    kind: str
    expected_on: dt.date


def school_year_start(year: int) -> dt.date:
    month, day = SCHOOL_YEAR_START
    return dt.date(year, month, day)


def school_year_of(day: dt.date) -> int:
    """The calendar year in which the school year holding `day` began."""
    return day.year if day >= school_year_start(day.year) else day.year - 1


def school_year_label(day: dt.date) -> str:
    start = school_year_of(day)
    return f"{start}/{start + 1}"


def _birthday(born: dt.date, age: int) -> dt.date:
    try:
        return born.replace(year=born.year + age)
    except ValueError:  # 29 February
        return born.replace(year=born.year + age, day=28)


def _secondary_start(born: dt.date) -> dt.date:
    year = born.year + SECONDARY_AGE + (1 if born.month >= COHORT_MONTH else 0)
    return school_year_start(year)


def _not_before(day: dt.date, today: dt.date) -> dt.date:
    """A date in the past means the child stayed longer: the next start of a school year."""
    if day > today:
        return day
    return school_year_start(school_year_of(today) + 1)


def sector_of(child: Child) -> str:
    if child.sector:
        return child.sector
    school = child.school
    return school.sector if school is not None else ""


def derive(child: Child, today: dt.date) -> Derived | None:
    """The child's next transition from its age and the kind of school (the regisseur corrects
    it where the child's path differs): day care until 4, primary school until the August of
    the cohort's twelfth year, four years of (v)mbo-track secondary school."""
    return derive_from(child.date_of_birth, sector_of(child), child.school_id is not None, today)


def derive_from(born: dt.date, sector: str, at_school: bool, today: dt.date) -> Derived | None:
    """`derive` on the values it needs (for a list that reads no child objects): the birth
    date, the sector (the child's own, else its school's) and whether it has a school."""
    if not sector and not at_school and age_on(born, today) < PRIMARY_AGE:
        return Derived(TransitionKind.KDV_PO, _birthday(born, PRIMARY_AGE) + dt.timedelta(days=1))
    if sector in PRIMARY:
        return Derived(TransitionKind.PO_VO, _not_before(_secondary_start(born), today))
    if sector in SECONDARY:
        start = _secondary_start(born)
        finished = school_year_start(start.year + SECONDARY_YEARS)
        return Derived(TransitionKind.VO_MBO, _not_before(finished, today))
    return None


def warn_from(expected_on: dt.date, warn_months_before: int | None) -> dt.date:
    """The first day of the warning: the region's number of months before the transition, or
    (the default) the start of the last school year before it."""
    if warn_months_before is None:
        return school_year_start(school_year_of(expected_on - dt.timedelta(days=1)))
    months = expected_on.year * 12 + expected_on.month - 1 - warn_months_before
    year, month = divmod(months, 12)
    day = min(expected_on.day, 28)
    return dt.date(year, month + 1, day)
