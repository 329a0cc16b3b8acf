"""The rules about a plan's state, each in one place (ARCHITECTURE.md rule 5): the route's
guards, the services that send and adopt a plan, and the pages all ask these functions.
They read all of the plan, whatever the asker may see, and answer with counts and yes/no."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet

from arrangeer.children.models import LegalRepresentative

from .constants import AgreementDecision, NeedOf, PlanStatus, VersionStatus
from .models import Evaluation, Goal, ParentAgreement, Plan, PlanVersion, SupportNeed


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
