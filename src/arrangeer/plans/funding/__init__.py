"""The funding of a plan across laws: who pays each module, how much, and where the funds
leave a gap or overlap.

The rules are here and nowhere else: the funding overview (dossier and plan page), the
regisseur's *Mijn acties* and the "decision pending" line all call them. Each rule takes the
plan's modules and goals as plain rows and returns plain `Signal`s; none reads the database.

The rules, each a function in `rules`:
- a goal with no funded module (granted, or paid without a separate decision);
- a module whose requested decision is still pending after the route's decision period;
- a decision that ends before the module does;
- a beschikking that ends within four weeks (shown instead of the previous one);
- two modules on the same side (education or care) for the same function and an overlapping
  period, paid from different laws (possible double funding: an education module and a care
  module with one function are the arrangement working together, not a double payment);
- a care module in school time without an agreement on who pays;
- PGB and zorg in natura for the same function in an overlapping period.

One module per part: `rules` (the signals and the rules that find them), `amounts` (tariffs
and amounts, in Python and in SQL), `overview` (the case's funding as the reader sees it).
Other apps import from this package.
"""

from .amounts import amount_of, amount_within, days_between, tariff_for, tariff_price, weeks_of
from .overview import FundingOverview, FundingRow, decision_days_of, funding_overview
from .rules import (
    FUNDED_STATUSES,
    GoalRow,
    Rule,
    Signal,
    beschikkingen_expiring,
    decider_of,
    decision_due,
    decisions_ending_early,
    decisions_overdue,
    digest,
    double_funding,
    find_signals,
    goals_unfunded,
    is_funded,
    law_of,
    pgb_and_in_kind,
    school_time_unagreed,
    signals,
)

__all__ = [
    "FUNDED_STATUSES",
    "FundingOverview",
    "FundingRow",
    "GoalRow",
    "Rule",
    "Signal",
    "amount_of",
    "amount_within",
    "beschikkingen_expiring",
    "days_between",
    "decider_of",
    "decision_days_of",
    "decision_due",
    "decisions_ending_early",
    "decisions_overdue",
    "digest",
    "double_funding",
    "find_signals",
    "funding_overview",
    "goals_unfunded",
    "is_funded",
    "law_of",
    "pgb_and_in_kind",
    "school_time_unagreed",
    "signals",
    "tariff_for",
    "tariff_price",
    "weeks_of",
]
