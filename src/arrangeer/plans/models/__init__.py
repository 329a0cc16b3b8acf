"""The plan's models, split by aggregate: the plan and its lifecycle, its content, and the
reference data kept in the admin."""

from .decisions import DecisionRecord
from .goals import Goal, Measurement
from .items import DomainEntry, NetworkPerson, PlanItem, SupportNeed
from .modules import DeliveryRecord, Module
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
