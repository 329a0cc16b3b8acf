"""The MDO's guards for the route map (routes/guards.py); each asks meetings/rules.py."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

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


@register(
    "child_heard",
    label=_("The child was heard"),
    blocked=_(
        "The child takes part in the MDO, or their view is written down beforehand in the "
        "preparation of the meeting."
    ),
)
def child_heard(case: Case) -> bool:
    return rules.child_heard(case)
