"""The rules about a plan's state, each in one place (ARCHITECTURE.md rule 5): the route's
guards, the services that send and adopt a plan, and the pages all ask these functions.
They read all of the plan, whatever the asker may see, and answer with counts and yes/no."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet

from arrangeer.children.models import LegalRepresentative

from .constants import (
    DECIDING_ROLES,
    AgreementDecision,
    DecisionStatus,
    Instrument,
    NeedOf,
    PlanStatus,
    VersionStatus,
)
from .models import Evaluation, Goal, Module, ParentAgreement, Plan, PlanVersion, SupportNeed

if TYPE_CHECKING:
    from arrangeer.cases.access import CaseAccess


def live_goals(plan: Plan) -> QuerySet[Goal]:
    return Goal.objects.filter(plan=plan, removed_at__isnull=True)


def missing_support_needs(plan: Plan) -> list[str]:
    """Whose support needs (child, parents, school) are not recorded yet."""
    present = set(
        SupportNeed.objects.filter(plan=plan, removed_at__isnull=True).values_list(
            "of_whom", flat=True
        )
    )
    return [value for value in NeedOf.values if value not in present]


def smart_goal_count(plan: Plan) -> int:
    """Goals with every SMART part present (the service refuses others, but a goal written
    before a rule tightened is checked too)."""
    blank = Q()
    for name in ("what", "indicator", "baseline", "target", "owner"):
        blank |= Q(**{name: ""})
    return live_goals(plan).exclude(blank).exclude(deadline__isnull=True).count()


def goals_without_module(plan: Plan) -> int:
    return (
        live_goals(plan)
        .annotate(served=Count("modules", filter=Q(modules__removed_at__isnull=True)))
        .filter(served=0)
        .count()
    )


def decisions_issued(plan: Plan) -> bool:
    """The plan has modules, and every module that needs a decision (any instrument but
    "none") has it granted: the regisseur checks that the right beschikkingen and TLVs were
    issued (seed 003, bijlage 5)."""
    modules = Module.objects.filter(plan=plan, removed_at__isnull=True)
    counts = modules.aggregate(
        total=Count("pk"),
        open=Count(
            "pk",
            filter=~Q(instrument=Instrument.NONE) & ~Q(decision_status=DecisionStatus.GRANTED),
        ),
    )
    total: int = counts["total"]
    still_open: int = counts["open"]
    return total > 0 and still_open == 0


def parents_with_authority(plan: Plan) -> list[LegalRepresentative]:
    return list(
        LegalRepresentative.objects.filter(child__cases=plan.case_id, has_authority=True).order_by(
            "last_name", "first_name", "pk"
        )
    )


def agreeing_parents(version: PlanVersion) -> set[int]:
    return set(
        ParentAgreement.objects.filter(
            version=version,
            decision=AgreementDecision.AGREES,
            content_hash=version.content_hash,
        ).values_list("representative_id", flat=True)
    )


def current_version(plan: Plan) -> PlanVersion | None:
    """The version now at stake: the one with the parents, or else the one in force."""
    return (
        PlanVersion.objects.filter(
            plan=plan, status__in=[VersionStatus.AWAITING, VersionStatus.ADOPTED]
        )
        .order_by("-number")
        .defer("content")
        .first()
    )


def handelingsdeel_agreed(plan: Plan) -> bool:
    """Every parent with gezag agreed, each on their own, with the exact current version."""
    version = current_version(plan)
    if version is None:
        return False
    parents = {p.pk for p in parents_with_authority(plan)}
    return bool(parents) and parents <= agreeing_parents(version)


def evaluation_recorded(plan: Plan, *, since: dt.datetime | None = None) -> bool:
    """The version in force has been evaluated (after `since`, when given: a route that comes
    back to its evaluation step asks for a new evaluation each time round)."""
    evaluations = Evaluation.objects.filter(plan=plan, version__status=VersionStatus.ADOPTED)
    if since is not None:
        evaluations = evaluations.filter(recorded_at__gt=since)
    return evaluations.exists()


def plan_adopted(plan: Plan) -> bool:
    """A version is in force and the draft is not being adjusted."""
    return plan.status == PlanStatus.ADOPTED


def may_record_decision(access: CaseAccess, module: Module) -> bool:
    """Who records the state of a module's decision (constants.DECIDING_ROLES): a team member
    in the deciding role who may see the module; for an indicatie, decided outside Arrangeer,
    the regisseur. The page's link, the form, the API and the service all ask this."""
    if access.member is None or access.read_only or not access.allows(module.category):
        return False
    if module.instrument not in DECIDING_ROLES:
        return False
    if module.instrument == Instrument.INDICATIE:
        return access.is_regisseur
    roles = {m.membership.role for m in access.all_members}
    return bool(roles & DECIDING_ROLES[module.instrument])
