"""The columns of the monitor's fact tables, in the order the SELECTs of services.py give them
(the key first), and the fields of a case whose write changes its own row of facts alone."""

from __future__ import annotations

from collections.abc import Iterable

from arrangeer.cases.constants import CASE_FLAGS

# The fact tables' columns.
MILESTONE_COLUMNS = ("case_id", "opened_on", "on_mdo", "on_plan", "on_besluit")
ROUND_COLUMNS = ("evaluation_id", "round")
SIGNAL_COLUMNS = ("case_id", "school_year", "rule")

# The case's dimensions in every fact table of a case, a rating or a module (dimensions.py).
DIMENSION_COLUMNS = (
    "region_id",
    "child_id",
    "school_id",
    "municipality",
    "sector",
    "route_id",
    "swv_id",
    "school_board_id",
)
CASE_FACT_COLUMNS = (
    "case_id",
    *DIMENSION_COLUMNS,
    "date_of_birth",
    "opened_at",
    "closed_at",
    "close_reason",
    "is_thuiszitter",
    "thuiszitter_since",
    "has_absence",
    "is_complex",
    "has_risk_behaviour",
    "has_exemption",
)
RATING_FACT_COLUMNS = (
    "rating_id",
    "case_id",
    *DIMENSION_COLUMNS,
    "held_on",
    "round",
    "side",
    "realisation",
    "goal_removed",
)


# The fields of a case that only its own row of facts reads (models.CaseFact: the flags and
# the thuiszitter's first day; CASE_FACT_COLUMNS): a write of these alone (the flags' form and
# API) refreshes that row alone. Milestones, ratings, modules, funding signals and the regional
# outcomes' and the Loket's tables read none of them.
CASE_ROW_ONLY = frozenset({*CASE_FLAGS, "thuiszitter_since", "flags_version"})


def case_row_only(fields: Iterable[str] | None) -> bool:
    """A case's save of `fields` (its `update_fields`; None: all) changes its own facts' row
    alone."""
    return fields is not None and bool(fields) and CASE_ROW_ONLY.issuperset(fields)
