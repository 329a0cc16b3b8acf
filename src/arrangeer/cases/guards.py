"""The guards about the case itself (its school plan and its team), in the routes app's registry.
Imported from CasesConfig.ready(); the plan and MDO apps register theirs in their own modules."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from arrangeer.cases.journey import school_plan_in_order
from arrangeer.cases.models import Case
from arrangeer.cases.partners import missing_partners
from arrangeer.routes import checklist
from arrangeer.routes.guards import register


@register(
    "gp_opp_evaluated",
    label=_("The school's own route was followed: a GP or OPP was made and evaluated"),
    blocked=_(
        "Record that a groeiplan (GP) or OPP exists and was evaluated, or why there is none "
        "(for instance when the signal came from outside school)."
    ),
)
def gp_opp_evaluated(case: Case) -> bool:
    return school_plan_in_order(case)


@register(
    "required_partners_on_team",
    label=_("The partners the situation requires are on the team"),
    blocked=_(
        "Not every required partner is on the team: the SWV for a thuiszitter, risk "
        "behaviour, a complex case or an exemption; leerplicht for absence. The dossier says "
        "who is missing."
    ),
)
def required_partners_on_team(case: Case) -> bool:
    return not missing_partners(case)


@checklist.register("mdo_composition_complete")
def mdo_composition_complete(case: Case) -> bool:
    """The regisseur's checklist: the same rule as the route's check on the team."""
    return not missing_partners(case)
