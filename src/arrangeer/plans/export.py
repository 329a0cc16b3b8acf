"""The plan's parts of the whole-file export (cases.export's registry; imported from
PlansConfig.ready()): the plan, its items, goals with their measurements, modules with what
was delivered, the versions with the parents' agreement and the child's view, every
evaluation, the attachments and the changes to the plan's items.

What the person may see is what the plan page shows them (`selectors.plan_view`, the same
category rule): items of other categories are absent, an evaluation's summary shows only in
its category."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.utils.translation import gettext as _

from arrangeer.cases.access import CaseAccess
from arrangeer.cases.export import (
    Part,
    Record,
    history_part,
    item_history,
    record,
    register_part,
    text,
    when,
)
from arrangeer.core.models_util import field_label

from .kinds import DOMAIN, GOAL, KINDS, MODULE, NEED, NETWORK, Kind
from .models import (
    DeliveryRecord,
    Evaluation,
    GoalEvaluation,
    ParentAgreement,
    Plan,
    PlanItem,
    PlanVersion,
)
from .selectors import plan_view
from .view_objects import ModuleView, PlanView


def _item(kind: Kind, item: PlanItem, *, extra: list[tuple[str, Any]] | None = None) -> Record:
    names = [name for name in kind.fields if name != "goals"]
    return record(
        item,
        names,
        title=kind.title(item) or str(kind.label),
        extra=[
            (field_label(PlanItem, "category"), item.get_category_display()),
            (_("Written by"), f"{item.author} ({item.author_organisation})"),
            (field_label(PlanItem, "created_at"), item.created_at),
            *(extra or []),
        ],
    )


def _plan_parts(access: CaseAccess, view: PlanView) -> list[Part]:
    plan = view.plan
    assert plan is not None
    goal_parts = _goal_records(view)
    module_records = _module_records(view)
    return [
        Part(
            "plan",
            _("Plan"),
            [
                record(
                    plan,
                    ["status", "adjustment_reason", "created_at", "content_changed_at"],
                    title=_("Plan"),
                )
            ],
        ),
        Part(
            "domains",
            str(DOMAIN.label_plural),
            [_item(DOMAIN, e) for group in view.domains for e in group.entries],
        ),
        Part("network", str(NETWORK.label_plural), [_item(NETWORK, p) for p in view.network]),
        Part(
            "needs",
            str(NEED.label_plural),
            [_item(NEED, n) for group in view.needs for n in group.needs],
        ),
        Part("goals", str(GOAL.label_plural), goal_parts),
        Part("modules", str(MODULE.label_plural), module_records),
        Part("versions", _("Versions of the plan"), _versions(access, plan)),
        Part("evaluations", _("Evaluations"), _evaluations(access, plan)),
        _attachments_part(view),
        history_part("plan_history", _("Changes to the plan"), _history(access, plan)),
    ]


def _goal_records(view: PlanView) -> list[Record]:
    """Each goal the person sees, with the modules serving it and its measurements."""
    goal_parts: list[Record] = []
    for goal_view in view.education_goals + view.care_goals:
        goal_parts.append(
            _item(
                GOAL,
                goal_view.goal,
                extra=[(_("Modules for this goal"), [m.title for m in goal_view.modules])],
            )
        )
        goal_parts[-1].parts.append(
            Part(
                "measurements",
                _("Progress"),
                [
                    record(
                        m,
                        ["measured_on", "value", "achievement", "note", "measured_by"],
                        title=text(m.measured_on),
                    )
                    for m in goal_view.measurements
                ],
                table=True,
            )
        )
    return goal_parts


def _module_records(view: PlanView) -> list[Record]:
    """Each module the person sees, with what was delivered (one query for every module)
    and the decisions recorded on it."""
    deliveries: dict[int, list[DeliveryRecord]] = defaultdict(list)
    for delivery in (
        DeliveryRecord.objects.filter(
            module__in=[m.module for m in view.modules], removed_at__isnull=True
        )
        .select_related("recorded_by")
        .order_by("on_date", "pk")
    ):
        deliveries[delivery.module_id].append(delivery)
    return [_module_record(module_view, deliveries) for module_view in view.modules]


def _module_record(module_view: ModuleView, deliveries: dict[int, list[DeliveryRecord]]) -> Record:
    module_record = _item(
        MODULE,
        module_view.module,
        extra=[
            (
                field_label(type(module_view.module), "goals"),
                [g.what for g in module_view.goals],
            ),
            (_("Planned so far"), module_view.delivery.planned),
            (_("Delivered"), module_view.delivery.delivered),
            (_("Missed"), module_view.delivery.missed),
        ],
    )
    module_record.parts.append(
        Part(
            "deliveries",
            _("What was delivered"),
            [
                record(
                    d,
                    ["on_date", "delivered", "amount", "miss_reason", "note", "recorded_by"],
                    title=text(d.on_date),
                )
                for d in deliveries[module_view.module.pk]
            ],
            table=True,
        )
    )
    if module_view.decisions:
        module_record.parts.append(
            Part(
                "decisions",
                _("Decisions recorded"),
                [
                    record(
                        r,
                        [
                            "instrument",
                            "decision_status",
                            "reference_number",
                            "requested_on",
                            "decided_on",
                            "note",
                            "version_number",
                            "recorded_by",
                            "recorded_by_organisation",
                            "recorded_at",
                        ],
                        title=when(r.recorded_at),
                    )
                    for r in module_view.decisions
                ],
                table=True,
            )
        )
    return module_record


def _attachments_part(view: PlanView) -> Part:
    return Part(
        "attachments",
        _("Attachments"),
        [
            record(
                a,
                ["description", "content_type", "size", "uploaded_by", "uploaded_at"],
                title=a.original_name,
                extra=[(field_label(type(a), "category"), a.get_category_display())],
            )
            for a in view.attachments
        ],
        note=_(
            "The files themselves are not in this overview: open them on the plan's page "
            "or ask the regisseur for a copy."
        ),
    )


def _versions(access: CaseAccess, plan: Plan) -> list[Record]:
    versions = list(
        PlanVersion.objects.filter(plan=plan)
        .defer("content")
        .select_related("sent_by", "adopted_by")
        .order_by("number")
    )
    agreements: dict[int, list[ParentAgreement]] = defaultdict(list)
    for agreement in (
        ParentAgreement.objects.filter(version__plan=plan)
        .select_related("representative", "recorded_by")
        .order_by("recorded_at", "pk")
    ):
        agreements[agreement.version_id].append(agreement)
    found = []
    for version in versions:
        names = ["status", "sent_at", "sent_by", "adopted_at", "adopted_by", "child_heard"]
        extra: list[tuple[str, Any]] = [(_("Fingerprint"), version.content_hash[:8])]
        if version.child_view and access.allows(version.child_view_category):
            extra.append((field_label(PlanVersion, "child_view"), version.child_view))
        found.append(
            record(
                version,
                names,
                extra=extra,
                parts=[
                    Part(
                        "agreements",
                        _("The parents' agreement"),
                        [
                            record(
                                a,
                                [
                                    "decision",
                                    "given_on",
                                    "evidence",
                                    "signed_at",
                                    "signed_with",
                                    "changed_from",
                                    "note",
                                    "recorded_by",
                                ],
                                title=str(a.representative),
                                extra=[(_("Recorded at"), a.recorded_at)],
                            )
                            for a in agreements[version.pk]
                        ],
                    )
                ],
            )
        )
    return found


def _evaluations(access: CaseAccess, plan: Plan) -> list[Record]:
    """Every evaluation (the plan page shows the latest three): decision and dates for all,
    the summary in its category, the rating of each goal the person may see."""
    evaluations = list(
        Evaluation.objects.filter(plan=plan).select_related("recorded_by", "version")
    )
    ratings: dict[int, list[GoalEvaluation]] = defaultdict(list)
    for rating in (
        GoalEvaluation.objects.in_categories(access)
        .filter(evaluation__plan=plan, goal__removed_at__isnull=True)
        .select_related("goal", "recorded_by")
        .order_by("goal__what", "pk")
    ):
        ratings[rating.evaluation_id].append(rating)
    found = []
    for evaluation in evaluations:
        names = ["held_on", "version", "decision", "next_evaluation_on", "recorded_by"]
        if access.allows(evaluation.category):
            names.append("summary")
        found.append(
            record(
                evaluation,
                names,
                parts=[
                    Part(
                        "goal_ratings",
                        _("Per goal"),
                        [
                            record(r, ["realisation", "note"], title=r.goal.what)
                            for r in ratings[evaluation.pk]
                        ],
                    )
                ],
            )
        )
    return found


def _history(access: CaseAccess, plan: Plan) -> list[Record]:
    sources = []
    for kind in KINDS.values():
        model: Any = kind.model
        shown = model.objects.in_categories(access, with_removed=True).filter(plan=plan)
        shown = shown.values("pk")
        rows = list(model.history.filter(id__in=shown).select_related("history_user"))
        sources.append((model, rows, str(kind.label)))
    return item_history(sources, hidden=("lock_version", "updated_at", "updated_by"))


@register_part("plan", order=60)
def plan_parts(access: CaseAccess) -> list[Part]:
    view = plan_view(access)
    if view.plan is None:
        return [Part("plan", _("Plan"), [], note=_("There is no plan yet."))]
    return _plan_parts(access, view)
