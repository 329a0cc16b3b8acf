"""The plan's registrations in the case's registries (imported from PlansConfig.ready()):
its sections on the dossier page, the plan and its funding (cases.dossier), and the data
categories its content uses, which the consent form proposes (cases.consents)."""

from __future__ import annotations

from collections.abc import Iterable

from arrangeer.cases.access import CaseAccess
from arrangeer.cases.consents import register_categories_in_use
from arrangeer.cases.dossier import register_section, shared
from arrangeer.cases.models import Case

from .funding import FundingOverview, funding_overview
from .models import Plan
from .parts import PlanParts, read_parts
from .selectors import categories_used, plan_view
from .view_objects import PlanView


def _parts(access: CaseAccess) -> PlanParts:
    """The plan's goals and modules, read once for both sections of the page (with the
    version in force and the current one, which the plan's section names)."""
    return shared(("plans.parts", access.case.pk), lambda: read_parts(access.case, versions=True))


@register_section("plan", template="plans/_dossier.html")
def plan_section(access: CaseAccess) -> PlanView:
    return plan_view(access, parts=_parts(access), dossier=True)


@register_categories_in_use
def plan_categories(case: Case) -> Iterable[str]:
    plan = Plan.objects.filter(case=case).first()
    return categories_used(plan) if plan is not None else ()


@register_section("funding", template="plans/_funding.html")
def funding_section(access: CaseAccess) -> FundingOverview:
    return funding_overview(access, parts=_parts(access))
