"""Demo cases: the personas' own cases built through the real services, and any number of
generated cases in bulk (for `seed_demo --cases N` and `make bench`).

One module per part: `personas` (the persona children), `persona_cases` (their cases through
the services), `names` (names and ages of generated people), `generated` (cases written in
bulk), `bulk` (how many, led by whom; every step of the route covered), `route_partners`
(the required partners on the demo teams) and `accesses` (the accesses of one story). The
other apps' demo modules and the demo app import from this package."""

from .accesses import demo_access, forget_accesses
from .bulk import (
    CASES_PER_SCHOOL,
    LARGE_SCHOOL,
    ROUTE_COVERAGE_LEADS,
    case_states_summary,
    seed_bulk_cases,
    seed_route_coverage,
)
from .names import (
    age_and_group,
    child_first_names,
    group_for,
    professional_first_names,
    sector_ages,
)
from .persona_cases import school_coordinator, seed_persona_cases
from .personas import (
    CONSENT_PURPOSE,
    PARENT_WITHOUT_AUTHORITY,
    PERSONA_BY_BSN,
    PERSONA_CHILDREN,
    PLAN_CATEGORIES,
    PersonaChild,
)
from .route_partners import seed_route_partners

__all__ = [
    "CASES_PER_SCHOOL",
    "CONSENT_PURPOSE",
    "LARGE_SCHOOL",
    "PARENT_WITHOUT_AUTHORITY",
    "PERSONA_BY_BSN",
    "PERSONA_CHILDREN",
    "PLAN_CATEGORIES",
    "ROUTE_COVERAGE_LEADS",
    "PersonaChild",
    "age_and_group",
    "case_states_summary",
    "child_first_names",
    "demo_access",
    "forget_accesses",
    "group_for",
    "professional_first_names",
    "school_coordinator",
    "sector_ages",
    "seed_bulk_cases",
    "seed_persona_cases",
    "seed_route_coverage",
    "seed_route_partners",
]
