"""What the plan page, the dossier and the PDF show of a plan, cut to what the viewer may see.

Items of a category the viewer has no ground for are left out here (absent, not blanked), so
no template can show them by mistake. The number of queries does not depend on the number of
goals, modules, measurements or versions."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Hashable, Sequence
from decimal import Decimal
from typing import Any, TypeVar

from django.db.models import CharField, Count, OuterRef, QuerySet, Subquery, Sum, Value
from django.utils import timezone

from arrangeer.accounts.models import User
from arrangeer.cases.access import CaseAccess
from arrangeer.cases.dossier import representatives
from arrangeer.vocabulary import DataCategory

from . import charts, compiled, rules
from .constants import (
    DECISION_PLAN_STATUSES,
    EDITABLE_STATUSES,
    RECORDING_STATUSES,
    Instrument,
    LifeDomain,
    MissReason,
    NeedOf,
    PlanStatus,
    Side,
    VersionStatus,
)
from .kinds import KINDS
from .models import (
    Attachment,
    DecisionRecord,
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
from .parts import PlanParts, read_parts
from .view_objects import (
    AgreementRow,
    Delivery,
    DomainGroup,
    EvaluationView,
    GoalView,
    HiddenPart,
    ModuleView,
    NeedGroup,
    PlanView,
)


def category_counts(plan: Plan) -> list[tuple[str, str, int]]:
    """(kind, category, number of items) of the plan's content, every category, one query.
    Counts only: what a viewer may not see is named by its kind and category, never shown."""
    return _category_counts(plan, list(KINDS))


def _category_counts(plan: Plan, kinds: Sequence[str]) -> list[tuple[str, str, int]]:
    """`category_counts` of the kinds named (keys of `KINDS`), in one query (compiled once)."""

    def build(plan_pk: int) -> QuerySet[Any]:
        queries: list[QuerySet[Any]] = [
            KINDS[key]
            .queryset()
            .filter(plan_id=plan_pk, removed_at__isnull=True)
            .order_by()
            .values("category")
            .annotate(kind=Value(key, output_field=CharField()), n=Count("pk"))
            .values_list("kind", "category", "n")
            for key in kinds
        ]
        first, *rest = queries
        return first.union(*rest, all=True) if rest else first

    return [
        (str(kind), str(category), int(n))
        for kind, category, n in compiled.rows_of(("counts", tuple(kinds)), build, plan.pk)
    ]


def categories_used(plan: Plan) -> frozenset[str]:
    """Every data category the plan's content uses (the consent form proposes these)."""
    return frozenset(category for _kind, category, _n in category_counts(plan))


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


def _items(
    model: type[ItemT], plan: Plan, access: CaseAccess, shape: Hashable = (), **annotations: Any
) -> list[ItemT]:
    """The plan's items of this kind in the reader's categories (the query compiled once for
    these categories and `shape`, what else shapes the annotations)."""

    def build(plan_pk: int) -> QuerySet[Any]:
        return (  # type: ignore[no-any-return]
            model.objects.in_categories(access)
            .filter(plan_id=plan_pk)
            .defer(*_UNSHOWN)
            .annotate(**annotations)
            .order_by(*[str(name) for name in model._meta.ordering or ()], "pk")
        )

    return compiled.models_of(model, (access.categories, shape), build, plan.pk)


def plan_view(
    access: CaseAccess,
    *,
    plan: Plan | None = None,
    parts: PlanParts | None = None,
    dossier: bool = False,
) -> PlanView:
    """Everything the viewer may see of the case's plan. `parts` (the plan with its goals and
    modules, `read_parts`) when the page has read them already, for its funding too.
    `dossier`: only what the dossier page shows of it (no attachments, no list of versions
    nor the parents' agreements: the version in force and the current one only)."""
    parts = parts or read_parts(access.case, plan=plan)
    plan = parts.plan
    writer = access.member is not None and not access.read_only
    view = PlanView(plan=plan, is_regisseur=access.is_regisseur and not access.read_only)
    if plan is None:
        view.can_write = writer
        view.can_record = writer
        return view
    view.can_write = writer and plan.status in EDITABLE_STATUSES
    view.can_record = writer and plan.status in RECORDING_STATUSES
    if not access.is_family:  # the team sees that parts exist which it may not see
        view.hidden_parts = _hidden_parts(plan, access, parts)
    entries, needs = _fill_descriptions(view, plan, access)

    goals = [goal for goal in parts.goals if access.allows(goal.category)]
    measurements = _measurements(plan, access) if goals else defaultdict(list)
    links: defaultdict[int, list[int]] = defaultdict(list, parts.links)
    visible_modules = [m for m in parts.modules if access.allows(m.category)]
    _attach_people(
        [(o, "author") for o in (*entries, *view.network, *needs, *goals, *visible_modules)]
        + [(m, "measured_by") for found in measurements.values() for m in found]
    )
    latest_rating = _fill_evaluations(view, plan, access, with_recorder=not dossier)
    _fill_goals(view, goals, measurements, visible_modules, links, latest_rating)
    _fill_modules(view, access, plan, goals, visible_modules, links)
    if dossier and parts.versions_read:
        view.in_force, view.current = parts.in_force, parts.current
    else:
        _fill_versions(view, access, plan)
    # The region's labels of the levels the entries shown name (read with the entries).
    view.support_labels = {
        entry.support_level: label
        for entry in entries
        if entry.support_level and (label := getattr(entry, "support_label", None)) is not None
    }
    if not dossier:
        view.attachments = list(
            Attachment.objects.visible_to(access)
            .filter(plan=plan)
            .select_related("uploaded_by")
            .order_by("-uploaded_at")
        )
    return view


def _hidden_parts(plan: Plan, access: CaseAccess, parts: PlanParts) -> list[HiddenPart]:
    """How many items of each kind the plan holds in each category the viewer may not see.
    The goals and modules are counted from the parts read (every live one, whatever its
    category); the other kinds in one query."""
    order = {key: n for n, key in enumerate(KINDS)}
    counted: dict[tuple[str, str], int] = defaultdict(int)
    for kind, items in (("goal", parts.goals), ("module", parts.modules)):
        for item in items:
            if item.category not in access.categories:
                counted[kind, item.category] += 1
    described = [key for key in KINDS if key not in ("goal", "module")]
    for kind, category, count in _category_counts(plan, described):
        if category not in access.categories:
            counted[kind, category] = count
    return sorted(
        (HiddenPart(kind, category, count) for (kind, category), count in counted.items()),
        key=lambda p: (DataCategory.values.index(p.category), order[p.kind]),
    )


def _fill_descriptions(
    view: PlanView, plan: Plan, access: CaseAccess
) -> tuple[list[DomainEntry], list[SupportNeed]]:
    """The life domains, the network (with its picture) and the support needs; returns the
    entries and needs shown, whose authors the page names."""
    label = SupportLevelLabel.objects.filter(
        region_id=access.case.region_id, level=OuterRef("support_level")
    ).values("label")[:1]
    region = access.case.region_id
    entries = _items(DomainEntry, plan, access, ("region", region), support_label=Subquery(label))
    by_domain: dict[str, list[DomainEntry]] = defaultdict(list)
    for entry in entries:
        by_domain[entry.domain].append(entry)
    view.domains = [
        DomainGroup(value, str(label), by_domain[value])
        for value, label in LifeDomain.choices
        if by_domain[value]
    ]
    view.network = _items(NetworkPerson, plan, access)
    view.network_picture = charts.network_picture(
        access.case.child.full_name, view.network, ident=f"net-{plan.uuid.hex[:8]}"
    )
    needs = _items(SupportNeed, plan, access)
    by_whom: dict[str, list[SupportNeed]] = defaultdict(list)
    for need in needs:
        by_whom[need.of_whom].append(need)
    view.needs = [
        NeedGroup(value, str(label), by_whom[value])
        for value, label in NeedOf.choices
        if by_whom[value]
    ]
    return entries, needs


def _measurements(plan: Plan, access: CaseAccess) -> defaultdict[int, list[Measurement]]:
    """The measurements of the plan's goals the viewer may see, oldest first, by goal id."""
    measurements: defaultdict[int, list[Measurement]] = defaultdict(list)

    def build(plan_pk: int) -> QuerySet[Measurement]:
        return (
            Measurement.objects.in_categories(access)
            .filter(goal__plan_id=plan_pk, goal__removed_at__isnull=True)
            .defer("created_at", "removed_at", "removed_by")
            .order_by("measured_on", "created_at", "pk")
        )

    for measurement in compiled.models_of(Measurement, access.categories, build, plan.pk):
        measurements[measurement.goal_id].append(measurement)
    return measurements


def _fill_evaluations(
    view: PlanView, plan: Plan, access: CaseAccess, *, with_recorder: bool = True
) -> dict[int, GoalEvaluation]:
    """The last three evaluations with their ratings (`with_recorder`: and who recorded
    them); returns the latest rating of each goal, by goal id."""
    found = Evaluation.objects.filter(plan=plan)
    if with_recorder:
        found = found.select_related("recorded_by")
    evaluations = list(found[:3])
    ratings_by_eval: dict[int, list[GoalEvaluation]] = defaultdict(list)
    latest_rating: dict[int, GoalEvaluation] = {}
    if evaluations:
        for rating in (
            GoalEvaluation.objects.in_categories(access)
            .filter(evaluation__in=evaluations)
            .select_related("goal")
            .order_by("evaluation_id", "goal__what")
        ):
            ratings_by_eval[rating.evaluation_id].append(rating)
            if evaluations[0].pk == rating.evaluation_id:
                latest_rating[rating.goal_id] = rating
    view.evaluations = [
        EvaluationView(e, ratings_by_eval[e.pk], access.allows(e.category)) for e in evaluations
    ]
    return latest_rating


def _fill_goals(
    view: PlanView,
    goals: list[Goal],
    measurements: defaultdict[int, list[Measurement]],
    modules: list[Module],
    links: defaultdict[int, list[int]],
    latest_rating: dict[int, GoalEvaluation],
) -> None:
    """Each goal with its measurements, chart, latest rating and the modules serving it, on
    the education side or the care side."""
    served_goal_ids = {goal_id for served in links.values() for goal_id in served}
    modules_by_goal: dict[int, list[Module]] = defaultdict(list)
    for module in modules:
        for goal_id in links[module.pk]:
            modules_by_goal[goal_id].append(module)
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


def _fill_modules(
    view: PlanView,
    access: CaseAccess,
    plan: Plan,
    goals: list[Goal],
    modules: list[Module],
    links: defaultdict[int, list[int]],
) -> None:
    """Each module with the goals it serves, its deliveries and (for the team) its
    decisions' history."""
    goals_by_id = {goal.pk: goal for goal in goals}
    deliveries = _deliveries(plan, modules, timezone.localdate()) if modules else {}
    decisions: dict[int, list[DecisionRecord]] = defaultdict(list)
    # The decisions' history is the team's (the portal shows the plan, not its process).
    if not access.is_family and any(m.instrument != Instrument.NONE for m in modules):
        for record in (
            DecisionRecord.objects.in_categories(access)
            .filter(module__in=modules)
            .select_related("recorded_by")
        ):
            decisions[record.module_id].append(record)
    view.modules = [
        ModuleView(
            module,
            [goals_by_id[g] for g in links[module.pk] if g in goals_by_id],
            deliveries[module.pk],
            decisions[module.pk],
            can_decide=plan.status in DECISION_PLAN_STATUSES
            and rules.may_record_decision(access, module),
        )
        for module in modules
    ]


def _fill_versions(view: PlanView, access: CaseAccess, plan: Plan) -> None:
    """The plan's versions, the one in force, the current one and the parents' agreement
    with it."""
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
    if view.current is None:
        return
    agreements = {
        a.representative_id: a
        for a in ParentAgreement.objects.filter(version=view.current).select_related("recorded_by")
    }
    parents = [p for p in representatives(access.case.child_id) if p.has_authority]
    view.agreements = [AgreementRow(p, agreements.get(p.pk)) for p in parents]
    view.changed_since_sent = bool(
        plan.status == PlanStatus.AWAITING_AGREEMENT
        and view.current.status == VersionStatus.AWAITING
        and plan.content_changed_at
        and plan.content_changed_at > view.current.sent_at
    )
