"""What the plan page, the dossier and the PDF are built from: the objects `selectors.plan_view`
fills with what the viewer may see (the plan's parts grouped for the page, the goals with their
measurements, the modules with their delivery, the evaluations, and the parts the viewer may not
see, named by kind and category only)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from arrangeer.children.models import LegalRepresentative
from arrangeer.vocabulary import DataCategory

from .constants import PlanStatus, Realisation, Side
from .models import (
    Attachment,
    DecisionRecord,
    DomainEntry,
    Evaluation,
    Goal,
    GoalEvaluation,
    Measurement,
    Module,
    NetworkPerson,
    ParentAgreement,
    Plan,
    PlanVersion,
    SupportNeed,
)


@dataclass
class GoalView:
    goal: Goal
    measurements: list[Measurement]
    modules: list[Module]
    served: bool
    chart: SafeString
    rating: GoalEvaluation | None = None


@dataclass
class Delivery:
    planned: Decimal
    delivered: Decimal
    missed: Decimal
    missed_by_reason: list[tuple[str, Decimal]]
    unrecorded: Decimal

    @property
    def percent(self) -> int | None:
        if self.planned <= 0:
            return None
        return round(100 * self.delivered / self.planned)


@dataclass
class ModuleView:
    module: Module
    goals: list[Goal]
    delivery: Delivery
    decisions: list[DecisionRecord] = field(default_factory=list)
    can_decide: bool = False


@dataclass
class DomainGroup:
    domain: str
    label: str
    entries: list[DomainEntry]


@dataclass
class NeedGroup:
    of_whom: str
    label: str
    needs: list[SupportNeed]


@dataclass
class AgreementRow:
    parent: LegalRepresentative
    agreement: ParentAgreement | None


@dataclass
class EvaluationView:
    evaluation: Evaluation
    ratings: list[GoalEvaluation]
    show_summary: bool


# "1 goal", "3 goals": how many items of a kind, for the parts a viewer may not see.
_COUNTED: dict[str, Promise] = {
    "domain": ngettext_lazy(
        "%(count)d entry on a life domain", "%(count)d entries on a life domain", "count"
    ),
    "network": ngettext_lazy(
        "%(count)d person around the child", "%(count)d people around the child", "count"
    ),
    "need": ngettext_lazy("%(count)d support need", "%(count)d support needs", "count"),
    "goal": ngettext_lazy("%(count)d goal", "%(count)d goals", "count"),
    "module": ngettext_lazy("%(count)d module", "%(count)d modules", "count"),
}


@dataclass(frozen=True)
class HiddenPart:
    """That the plan holds items of a category the viewer may not see: a count, never
    content ("1 goal in Youth care — no consent")."""

    kind: str
    category: str
    count: int

    @property
    def text(self) -> str:
        items = _COUNTED[self.kind] % {"count": self.count}
        return _("%(items)s in %(category)s — no consent") % {
            "items": items,
            "category": DataCategory(self.category).label,
        }


@dataclass
class PlanView:
    plan: Plan | None
    domains: list[DomainGroup] = field(default_factory=list)
    network: list[NetworkPerson] = field(default_factory=list)
    network_picture: SafeString = field(default_factory=lambda: SafeString(""))
    needs: list[NeedGroup] = field(default_factory=list)
    education_goals: list[GoalView] = field(default_factory=list)
    care_goals: list[GoalView] = field(default_factory=list)
    modules: list[ModuleView] = field(default_factory=list)
    evaluations: list[EvaluationView] = field(default_factory=list)
    versions: list[PlanVersion] = field(default_factory=list)
    current: PlanVersion | None = None
    in_force: PlanVersion | None = None
    agreements: list[AgreementRow] = field(default_factory=list)
    changed_since_sent: bool = False
    support_labels: dict[int, str] = field(default_factory=dict)
    attachments: list[Attachment] = field(default_factory=list)
    can_write: bool = False
    can_record: bool = False
    is_regisseur: bool = False
    hidden_parts: list[HiddenPart] = field(default_factory=list)

    @property
    def status(self) -> str:
        return self.plan.status if self.plan else PlanStatus.DRAFT

    @property
    def is_empty(self) -> bool:
        return not (
            self.domains
            or self.network
            or self.needs
            or self.education_goals
            or self.care_goals
            or self.modules
        )

    @property
    def goal_columns(self) -> list[tuple[str, list[GoalView]]]:
        """Education goals and care goals side by side."""
        return [
            (str(Side.EDUCATION.label), self.education_goals),
            (str(Side.CARE.label), self.care_goals),
        ]

    @property
    def realisation_choices(self) -> list[tuple[str, str]]:
        return [(value, str(label)) for value, label in Realisation.choices]

    @property
    def next_evaluation(self) -> dt.date | None:
        for view in self.evaluations:
            return view.evaluation.next_evaluation_on
        return None
