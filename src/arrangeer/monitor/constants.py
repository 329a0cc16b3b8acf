"""The words and fixed numbers of the monitor."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _


class Theme(models.TextChoices):
    """One page per theme (docs/monitor.md defines every indicator)."""

    REACH = "bereik", _("Reach")
    LEAD_TIME = "doorlooptijd", _("Lead time")
    DROPOUT = "uitval", _("Dropout")
    GOALS = "doelrealisatie", _("Goal realisation")
    THUISZITTERS = "thuiszitters", _("Thuiszitters")
    # TLVs, vrijstellingen, after the arrangement (outcomes.py).
    OUTCOMES = "uitkomsten", _("Regional outcomes")
    SATISFACTION = "tevredenheid", _("Client satisfaction")
    FINANCING = "financiering", _("Funding")
    # The region's processes (indicators_region.py).
    ESCALATIONS = "escalaties", _("Escalations")
    LOKET = "loket", _("Integraal Loket")
    REFERRALS = "aanmeldingen", _("Aanmeldingen")
    TRANSITIONS = "overstappen", _("Transitions")
    QUALITY = "kwaliteit", _("Quality concerns")
    COLLECTIVE = "collectief", _("Individual → collective")


class Respondent(models.TextChoices):
    """Who answered the questionnaire (portal.SatisfactionAnswer.respondent)."""

    PARENT = "parent", _("Parents")
    YOUTH = "youth", _("Young people")


class AgeGroup(models.TextChoices):
    """Age on 1 October of the school year (the count date of the school year)."""

    UNDER_12 = "0-11", _("Under 12")
    FROM_12 = "12-15", _("12 to 15")
    FROM_16 = "16+", _("16 and older")


class Measure(models.TextChoices):
    """The lead times: from the signal (the case opened) to each milestone."""

    TO_MDO = "mdo", _("Signal to first MDO")
    TO_PLAN = "plan", _("Signal to adopted plan")
    TO_DECISION = "besluit", _("Signal to decision (TLV, beschikking)")


class Duration(models.TextChoices):
    """How long a thuiszitter has been at home, at the end of the period."""

    UNDER_MONTH = "lt1", _("Less than 1 month")
    ONE_TO_THREE = "1-3", _("1 to 3 months")
    OVER_THREE = "gt3", _("More than 3 months")


# Thuiszitterspact: within three months a suitable offer. In days, for SQL.
MONTH_DAYS = 30
THREE_MONTHS_DAYS = 91

# Individual → collective: a candidate for a group arrangement is a provider, function and
# place with at least this many children in the school year (and never fewer than the
# monitor's threshold: a smaller group is not shown at all).
CANDIDATE_MIN_CHILDREN = 5

# How many school years a trend shows (the selected one and those before it).
TREND_YEARS = 3

# A school year runs from 1 August to 31 July.
YEAR_START_MONTH = 8


def school_year_of(day: dt.date) -> int:
    """The school year a day falls in, by its first calendar year (2025 for 2025-2026)."""
    return day.year if day.month >= YEAR_START_MONTH else day.year - 1


def year_start(year: int) -> dt.date:
    return dt.date(year, YEAR_START_MONTH, 1)


def year_end(year: int) -> dt.date:
    """The first day after the school year (periods are half open: start ≤ day < end)."""
    return dt.date(year + 1, YEAR_START_MONTH, 1)


def year_label(year: int) -> str:
    return f"{year}-{year + 1}"


def count_date(year: int) -> dt.date:
    """1 October: the date ages are counted on, as DUO counts pupils."""
    return dt.date(year, 10, 1)
