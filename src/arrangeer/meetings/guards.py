"""The MDO's guards for the route map (routes/guards.py); each asks meetings/rules.py. Whether
the child was heard (`child_heard`) is asked in portal/hearing.py: the MDO is one of the ways."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from arrangeer.routes import checklist
from arrangeer.routes.guards import register

from . import rules

if TYPE_CHECKING:
    from arrangeer.cases.models import Case


@register(
    "invitees_approved",
    label=_("MDO planned and the parents approved the invitees"),
    blocked=_(
        "Plan the MDO and record the parents' answer about every professional you want to invite."
    ),
)
def invitees_approved(case: Case) -> bool:
    return rules.invitees_approved(case)


@register(
    "mdo_held_with_parents",
    label=_("MDO held with the parents present"),
    blocked=_("Hold the MDO with the parents and record it, with who was there."),
)
def mdo_held_with_parents(case: Case) -> bool:
    return rules.mdo_held_with_parents(case)


@checklist.register("smart_agreements")
def smart_agreements(case: Case) -> bool:
    return rules.smart_agreements_followed(case)


@checklist.register("meetings_planned")
def meetings_planned(case: Case) -> bool:
    return rules.next_meeting_planned(case)
