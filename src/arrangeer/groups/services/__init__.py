"""The writes of group arrangements. Each is one transaction with a clear message for what
is refused. The arrangement itself (proposal, business case, route, set-up) is written by the
region's policy officers and SWV staff (`selectors.may_manage`); a child's intake, place and
outflow go through the child's case (`cases.access`), and the place is a module in the
child's own plan (`plans.services.add_item`), so the child keeps one plan.

One module per part: `arrangement` (the proposal to the start), `places` (the child's intake,
place and outflow), `progress` (the evaluation cycle and the weekly registration); `common`
holds what they share. Other apps and the views import from this package."""

from .arrangement import (
    create_proposal,
    record_body_decision,
    set_up,
    start,
    submit,
    update_business_case,
    update_proposal,
)
from .common import COST_FIELDS, MODULE_CATEGORY, OBJECT_TYPE, PLACE_DAYS, REGISTER_OBJECT_TYPE
from .places import place_from_waiting_list, record_intake, record_outflow
from .progress import Registration, record_evaluation, register_week, week_of

__all__ = [
    "COST_FIELDS",
    "MODULE_CATEGORY",
    "OBJECT_TYPE",
    "PLACE_DAYS",
    "REGISTER_OBJECT_TYPE",
    "Registration",
    "create_proposal",
    "place_from_waiting_list",
    "record_body_decision",
    "record_evaluation",
    "record_intake",
    "record_outflow",
    "register_week",
    "set_up",
    "start",
    "submit",
    "update_business_case",
    "update_proposal",
    "week_of",
]
