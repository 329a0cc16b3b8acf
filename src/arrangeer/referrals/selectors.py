"""The reads of the aanmelding and the Meldcode, for one viewer."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Case as When_
from django.db.models import IntegerField, QuerySet, Value, When

from arrangeer.accounts.models import User
from arrangeer.cases.access import CaseAccess

from .access import ReferralAccess, receiving_memberships
from .constants import OPEN_STATUSES, REFERRAL_CATEGORY, SAFETY_CATEGORY, MeldcodeStepKind
from .models import MeldcodeStep, Referral, ReferralEvent, VerwijsindexSignal

# How many aanmeldingen a list shows: every open one, and the latest decided ones.
LIST_LIMIT = 100


def incoming(user: User) -> list[Referral]:
    """The aanmeldingen sent to the schools where this person is support coordinator: those
    waiting first (oldest first), then the decided ones, newest first. One query."""
    schools = receiving_memberships(user).values("organisation_id")
    found = (
        Referral.objects.filter(receiving_organisation_id__in=schools)
        .select_related("receiving_organisation", "case__child")
        .annotate(
            waiting=When_(
                When(status__in=list(OPEN_STATUSES), then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("waiting", "submitted_at", "pk")
    )
    return list(found[:LIST_LIMIT])


def sent(user: User) -> QuerySet[Referral]:
    """The aanmeldingen this person sent: their status, nothing of the file (the case is
    loaded for the access log's reference only)."""
    return (
        Referral.objects.filter(referrer=user)
        .select_related("receiving_organisation", "case__child")
        .order_by("-submitted_at", "-pk")
    )


def trail(access: ReferralAccess) -> list[ReferralEvent]:
    return list(access.referral.events.select_related("by"))


def referral_shown(access: CaseAccess) -> Referral | None:
    """The aanmelding a case started with, for a viewer who reads education data."""
    if not access.allows(REFERRAL_CATEGORY):
        return None
    return (
        Referral.objects.filter(case=access.case)
        .select_related("receiving_organisation", "current_school")
        .first()
    )


@dataclass
class SafetyView:
    """The Meldcode and Verwijsindex of a case for one viewer: the content only with the
    safety category; that a Meldcode trajectory runs, for everyone on the dossier."""

    runs: bool
    completed: bool
    visible: bool
    steps: list[MeldcodeStep] = field(default_factory=list)
    signals: list[VerwijsindexSignal] = field(default_factory=list)


def safety_view(access: CaseAccess) -> SafetyView:
    steps = MeldcodeStep.objects.filter(case=access.case)
    if not access.allows(SAFETY_CATEGORY):
        kinds = set(steps.values_list("step", flat=True))
        # Others read that a trajectory runs, nothing more (not even how it ended).
        return SafetyView(
            runs=bool(kinds) and MeldcodeStepKind.DECIDE not in kinds,
            completed=False,
            visible=False,
        )
    shown = list(steps.select_related("by"))
    kinds = {step.step for step in shown}
    return SafetyView(
        runs=bool(kinds) and MeldcodeStepKind.DECIDE not in kinds,
        completed=MeldcodeStepKind.DECIDE in kinds,
        visible=True,
        steps=shown,
        signals=list(VerwijsindexSignal.objects.filter(case=access.case).select_related("by")),
    )
