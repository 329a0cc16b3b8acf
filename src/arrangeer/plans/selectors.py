"""What the plan page, the dossier and the PDF show of a plan, cut to what the viewer may see.

Items of a category the viewer has no ground for are left out here (absent, not blanked), so
no template can show them by mistake. The number of queries does not depend on the number of
goals, modules, measurements or versions."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.safestring import SafeString

from arrangeer.accounts.models import User
from arrangeer.cases.access import CaseAccess
from arrangeer.children.models import LegalRepresentative

from . import charts
from .constants import (
    EDITABLE_STATUSES,
    RECORDING_STATUSES,
    LifeDomain,
    MissReason,
    NeedOf,
    PlanStatus,
    Realisation,
    Side,
    VersionStatus,
)
from .models import (
    Attachment,
    DeliveryRecord,
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
    SupportLevelLabel,
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


def _weeks(start: dt.date, end: dt.date, today: dt.date) -> Decimal:
    until = min(today, end)
    if until <= start:
        return Decimal(0)
    return Decimal((until - start).days) / Decimal(7)


def _deliveries(plan: Plan, modules: list[Module], today: dt.date) -> dict[int, Delivery]:
    rows = (
        DeliveryRecord.objects.filter(module__plan=plan, removed_at__isnull=True)
        .values("module_id", "delivered", "miss_reason")
        .annotate(total=Sum("amount"), n=Count("id"))
        .order_by()
    )
    delivered: dict[int, Decimal] = defaultdict(Decimal)
    missed: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for row in rows:
        if row["delivered"]:
            delivered[row["module_id"]] += row["total"] or 0
        else:
            missed[row["module_id"]][row["miss_reason"]] += row["total"] or 0
    labels = dict(MissReason.choices)
    result = {}
    for module in modules:
        planned = (module.intensity * _weeks(module.start_date, module.end_date, today)).quantize(
            Decimal("0.1")
        )
        done = delivered[module.pk]
        missed_total = sum(missed[module.pk].values(), Decimal(0))
        result[module.pk] = Delivery(
            planned=planned,
            delivered=done,
            missed=missed_total,
            missed_by_reason=[
                (str(labels.get(reason, reason)), amount)
                for reason, amount in sorted(missed[module.pk].items())
            ],
            unrecorded=max(Decimal(0), planned - done - missed_total),
        )
    return result


ItemT = TypeVar("ItemT", DomainEntry, NetworkPerson, SupportNeed)
# Timestamps the pages do not show: not loaded (converting them is most of the cost of a row).
_UNSHOWN = ("created_at", "updated_at", "removed_at", "removed_by", "updated_by")


def _attach_people(pairs: Sequence[tuple[Any, str]]) -> None:
    """Set the user behind each (object, attribute) from one query of the few distinct
    people, instead of a full user row per object."""
    ids = {getattr(obj, f"{attribute}_id") for obj, attribute in pairs}
    if not ids:
        return
    people = {
        u.pk: u for u in User.objects.filter(pk__in=ids).only("username", "first_name", "last_name")
    }
    for obj, attribute in pairs:
        # Straight into the relation's cache: the descriptor's checks cost more than the rest.
        obj._meta.get_field(attribute).set_cached_value(
            obj, people[getattr(obj, f"{attribute}_id")]
        )


def _items(model: type[ItemT], plan: Plan, allowed: list[str]) -> list[ItemT]:
    return list(
        model.objects.filter(plan=plan, removed_at__isnull=True, category__in=allowed)
        .defer(*_UNSHOWN)
        .order_by(*[str(name) for name in model._meta.ordering or ()], "pk")
    )


def plan_view(access: CaseAccess, *, plan: Plan | None = None) -> PlanView:
    """Everything the viewer may see of the case's plan."""
    plan = plan or Plan.objects.filter(case=access.case).first()
    allowed = sorted(access.categories)
    writer = access.member is not None
    view = PlanView(plan=plan, is_regisseur=access.is_regisseur)
    if plan is None:
        view.can_write = writer
        view.can_record = writer
        return view
    view.can_write = writer and plan.status in EDITABLE_STATUSES
    view.can_record = writer and plan.status in RECORDING_STATUSES
    today = timezone.localdate()

    entries = _items(DomainEntry, plan, allowed)
    by_domain: dict[str, list[DomainEntry]] = defaultdict(list)
    for entry in entries:
        by_domain[entry.domain].append(entry)
    view.domains = [
        DomainGroup(value, str(label), by_domain[value])
        for value, label in LifeDomain.choices
        if by_domain[value]
    ]
    view.network = _items(NetworkPerson, plan, allowed)
    view.network_picture = charts.network_picture(
        access.case.child.full_name, view.network, ident=f"net-{plan.uuid.hex[:8]}"
    )
    needs = _items(SupportNeed, plan, allowed)
    by_whom: dict[str, list[SupportNeed]] = defaultdict(list)
    for need in needs:
        by_whom[need.of_whom].append(need)
    view.needs = [
        NeedGroup(value, str(label), by_whom[value])
        for value, label in NeedOf.choices
        if by_whom[value]
    ]

    goals = list(
        Goal.objects.filter(plan=plan, removed_at__isnull=True, category__in=allowed)
        .defer(*_UNSHOWN)
        .order_by("side", "deadline", "created_at", "pk")
    )
    measurements: dict[int, list[Measurement]] = defaultdict(list)
    for measurement in (
        Measurement.objects.filter(
            goal__plan=plan,
            goal__removed_at__isnull=True,
            goal__category__in=allowed,
            removed_at__isnull=True,
        )
        .defer("created_at", "removed_at", "removed_by")
        .order_by("measured_on", "created_at", "pk")
    ):
        measurements[measurement.goal_id].append(measurement)
    modules = list(
        Module.objects.filter(plan=plan, removed_at__isnull=True)
        .select_related("provider", "intervention")
        .defer(*_UNSHOWN)
        .order_by("side", "start_date", "created_at", "pk")
    )
    served_goal_ids: set[int] = set()
    links: dict[int, list[int]] = defaultdict(list)
    live_module_ids = {m.pk for m in modules}
    for module_id, goal_id in Module.goals.through.objects.filter(module__plan=plan).values_list(
        "module_id", "goal_id"
    ):
        if module_id in live_module_ids:
            served_goal_ids.add(goal_id)
            links[module_id].append(goal_id)
    visible_modules = [m for m in modules if m.category in allowed]
    _attach_people(
        [(o, "author") for o in (*entries, *view.network, *needs, *goals, *visible_modules)]
        + [(m, "measured_by") for found in measurements.values() for m in found]
    )
    goals_by_id = {goal.pk: goal for goal in goals}
    modules_by_goal: dict[int, list[Module]] = defaultdict(list)
    for module in visible_modules:
        for goal_id in links[module.pk]:
            modules_by_goal[goal_id].append(module)

    evaluations = list(Evaluation.objects.filter(plan=plan).select_related("recorded_by")[:3])
    ratings_by_eval: dict[int, list[GoalEvaluation]] = defaultdict(list)
    latest_rating: dict[int, GoalEvaluation] = {}
    if evaluations:
        for rating in (
            GoalEvaluation.objects.filter(evaluation__in=evaluations, goal__category__in=allowed)
            .select_related("goal")
            .order_by("evaluation_id", "goal__what")
        ):
            ratings_by_eval[rating.evaluation_id].append(rating)
            if evaluations[0].pk == rating.evaluation_id:
                latest_rating[rating.goal_id] = rating
    view.evaluations = [
        EvaluationView(e, ratings_by_eval[e.pk], e.category in allowed) for e in evaluations
    ]

    for goal in goals:
        goal_view = GoalView(
            goal=goal,
            measurements=measurements[goal.pk],
            modules=modules_by_goal[goal.pk],
            served=goal.pk in served_goal_ids,
            chart=charts.progress_chart(
                goal, measurements[goal.pk], ident=f"g-{goal.uuid.hex[:12]}"
            ),
            rating=latest_rating.get(goal.pk),
        )
        if goal.side == Side.EDUCATION:
            view.education_goals.append(goal_view)
        else:
            view.care_goals.append(goal_view)
    deliveries = _deliveries(plan, visible_modules, today)
    view.modules = [
        ModuleView(
            module,
            [goals_by_id[g] for g in links[module.pk] if g in goals_by_id],
            deliveries[module.pk],
        )
        for module in visible_modules
    ]

    view.versions = list(
        PlanVersion.objects.filter(plan=plan)
        .defer("content")
        .select_related("sent_by", "adopted_by")
        .order_by("-number")
    )
    view.in_force = next((v for v in view.versions if v.status == VersionStatus.ADOPTED), None)
    view.current = next(
        (v for v in view.versions if v.status in (VersionStatus.AWAITING, VersionStatus.ADOPTED)),
        None,
    )
    if view.current is not None:
        agreements = {
            a.representative_id: a
            for a in ParentAgreement.objects.filter(version=view.current).select_related(
                "recorded_by"
            )
        }
        parents = LegalRepresentative.objects.filter(
            child_id=access.case.child_id, has_authority=True
        ).order_by("last_name", "first_name", "pk")
        view.agreements = [AgreementRow(p, agreements.get(p.pk)) for p in parents]
        view.changed_since_sent = bool(
            plan.status == PlanStatus.AWAITING_AGREEMENT
            and view.current.status == VersionStatus.AWAITING
            and plan.content_changed_at
            and plan.content_changed_at > view.current.sent_at
        )
    view.support_labels = dict(
        SupportLevelLabel.objects.filter(region_id=access.case.region_id).values_list(
            "level", "label"
        )
    )
    view.attachments = list(
        Attachment.objects.filter(plan=plan, removed_at__isnull=True, category__in=allowed)
        .select_related("uploaded_by")
        .order_by("-uploaded_at")
    )
    return view
