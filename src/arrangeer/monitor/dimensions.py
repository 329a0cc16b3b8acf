"""The dimensions of a case (models.CaseDimensions), read live: what every fact table copies
from the case, its child and the child's school, and what a count on the facts equals."""

from __future__ import annotations

from django.db.models import F

from .tables import DIMENSION_PATHS


def case_dimensions(prefix: str = "") -> dict[str, F]:
    """The case's dimensions by their names in the fact tables, from rows that reach the case
    through `prefix` ("" for the case itself, "plan__case__" for a module): its region and
    child, and what the filters narrow on (tables.DIMENSION_PATHS)."""
    return {
        "region": F(f"{prefix}region"),
        "child": F(f"{prefix}child"),
        **{name: F(f"{prefix}{path}") for name, path in DIMENSION_PATHS.items()},
    }
