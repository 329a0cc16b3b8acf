"""Public API of the plans app (ARCHITECTURE.md rule 1): every write of the plan, each one
transaction that checks the rule and writes the access log; and the reads other apps use."""

from ..selectors import plan_view
from ..view_objects import PlanView
from .attachments import add_attachment, add_family_attachment, remove_attachment
from .binding import record_binding_funding_decision
from .common import StaleEdit, plan_of
from .decisions import record_decision
from .family_agreement import agree_in_portal
from .items import add_item, add_parents_view, change_item, remove_item
from .lifecycle import (
    adopt_plan,
    record_parent_agreement,
    send_for_agreement,
    start_adjustment,
    version_for_family,
)
from .progress import end_module, rate_goal, record_delivery, record_evaluation, record_measurement

__all__ = [
    "PlanView",
    "StaleEdit",
    "add_attachment",
    "add_family_attachment",
    "add_item",
    "add_parents_view",
    "adopt_plan",
    "agree_in_portal",
    "change_item",
    "end_module",
    "plan_of",
    "plan_view",
    "rate_goal",
    "record_binding_funding_decision",
    "record_decision",
    "record_delivery",
    "record_evaluation",
    "record_measurement",
    "record_parent_agreement",
    "remove_attachment",
    "remove_item",
    "send_for_agreement",
    "start_adjustment",
    "version_for_family",
]
