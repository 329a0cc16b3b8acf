"""The regisseur's checklist (seed 003, bijlage 5: the procesbegeleider's tasks in Alkmaar's
framework), shown on the route page of a case.

The items are fixed here, in the order of the framework. An item the product can read from the
data is *automatic*: the app that owns the data registers its check from AppConfig.ready(),
as with the route's guards, so this module imports none of them:

    from arrangeer.routes.checklist import register

    @register("decisions_issued")
    def decisions_issued(case: Case) -> bool:
        ...

The other items are ticked by hand (`cases.services.tick_checklist_item`). A check only reads;
it never writes the access log (the route page already went through the access layer).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from arrangeer.cases.models import Case

Check = Callable[["Case"], bool]


@dataclass(frozen=True)
class Item:
    code: str
    label: str | Promise
    automatic: bool


# The procesbegeleider's tasks, in the order of seed 003, bijlage 5.
ITEMS: tuple[Item, ...] = (
    Item("chairs_mdo", _("Chairs the MDO (technically)"), automatic=False),
    Item("mdo_composition_complete", _("The MDO's composition is complete"), automatic=True),
    Item("every_role_discussed", _("Every role is discussed"), automatic=False),
    Item(
        "legal_framework_discussed",
        _("With jeugdbescherming or Veilig Thuis: the legal framework is discussed"),
        automatic=False,
    ),
    Item("smart_agreements", _("SMART agreements are recorded and followed"), automatic=True),
    Item("meetings_planned", _("The meetings are planned"), automatic=True),
    Item("decisions_issued", _("The right beschikkingen and TLVs are issued"), automatic=True),
    Item("acts_when_stalled", _("Acts when the process stalls"), automatic=False),
    Item("scaled_up", _("Scaled up or escalated"), automatic=True),
    Item(
        "school_support_coordinated",
        _("Support at school is coordinated with the youth coach"),
        automatic=False,
    ),
)
_ITEMS = {item.code: item for item in ITEMS}
MANUAL_CODES = tuple(item.code for item in ITEMS if not item.automatic)

_CHECKS: dict[str, Check] = {}


def register(code: str) -> Callable[[Check], Check]:
    """Register the check that ticks an automatic item from the data."""

    def decorate(check: Check) -> Check:
        item = _ITEMS.get(code)
        if item is None or not item.automatic:
            raise ValueError(f"{code!r} is not an automatic item of the checklist.")
        if code in _CHECKS and _CHECKS[code] is not check:
            raise ValueError(f"A check for {code!r} is already registered.")
        _CHECKS[code] = check
        return check

    return decorate


def get(code: str) -> Item:
    try:
        return _ITEMS[code]
    except KeyError:
        raise KeyError(f"No checklist item named {code!r}; known: {sorted(_ITEMS)}") from None


def check_of(code: str) -> Check:
    try:
        return _CHECKS[code]
    except KeyError:
        raise KeyError(f"No check registered for the checklist item {code!r}.") from None
