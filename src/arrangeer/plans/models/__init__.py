"""The plan's models, split by aggregate: the plan and its lifecycle, its content, and the
reference data kept in the admin."""

from .decisions import DecisionRecord
from .items import (
    DeliveryRecord,
    DomainEntry,
    Goal,
    Measurement,
    Module,
    NetworkPerson,
    PlanItem,
    SupportNeed,
)
from .plan import (
    Attachment,
    Evaluation,
    GoalEvaluation,
    ParentAgreement,
    Plan,
    PlanVersion,
)
from .reference import BankGoal, Intervention, SupportLevelLabel, Tariff

__all__ = [
    "Attachment",
    "BankGoal",
    "DecisionRecord",
    "DeliveryRecord",
    "DomainEntry",
    "Evaluation",
    "Goal",
    "GoalEvaluation",
    "Intervention",
    "Measurement",
    "Module",
    "NetworkPerson",
    "ParentAgreement",
    "Plan",
    "PlanItem",
    "PlanVersion",
    "SupportLevelLabel",
    "SupportNeed",
    "Tariff",
]
