"""The quality concerns of the demo history (monitor/demo_region.py), in bulk: about one in
five arrangements had a concern about the quality of the support, reported by a professional
(the history's families have no account of their own), handled and closed."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from arrangeer.cases.models import Case
from arrangeer.organisations.constants import OrganisationType
from arrangeer.organisations.models import Membership, Organisation, Region
from arrangeer.quality.constants import ConcernKind, ConcernStatus, StepKind
from arrangeer.quality.models import Concern, ConcernStep, ContactPoint

from .demo_common import DEMO_TEXT, at, ended


def seed_concerns(
    region: Region,
    cases: list[Case],
    memberships: list[Membership],
    rng: random.Random,
    today: dt.date,
) -> None:
    """Concerns on the generated arrangements `cases`, with their steps."""
    points = list(ContactPoint.objects.filter(region=region).order_by("pk"))
    providers = [
        m.organisation for m in memberships if m.organisation.type == OrganisationType.CARE_PROVIDER
    ]
    if not points:
        return
    concerns = []
    for case in cases:
        if rng.random() > 0.2:
            continue
        concern = _concern(case, points, providers, rng, today)
        if concern is not None:
            concerns.append(concern)
    Concern.objects.bulk_create(concerns)
    steps = []
    for concern in concerns:
        for kind, when in (
            (StepKind.REPORTED, concern.reported_at),
            (StepKind.ACKNOWLEDGED, concern.acknowledged_at),
            (StepKind.OUTCOME, concern.closed_at),
        ):
            assert when is not None
            steps.append(ConcernStep(concern=concern, kind=kind, at=when, by=concern.reporter))
    ConcernStep.objects.bulk_create(steps, batch_size=1000)


def _concern(
    case: Case,
    points: list[ContactPoint],
    providers: list[Organisation],
    rng: random.Random,
    today: dt.date,
) -> Concern | None:
    """A concern about the school (education) or a care provider, acknowledged mostly within
    the week and closed some weeks later; None when that is still to come."""
    opened = timezone.localtime(case.opened_at).date()
    reported = opened + dt.timedelta(days=rng.randint(30, 200))
    closed = reported + dt.timedelta(days=rng.randint(20, 60))
    if closed >= min(ended(case, today), today):
        return None
    kind = rng.choices(ConcernKind.values, [30, 30, 20, 15, 5])[0]
    school = kind == ConcernKind.EDUCATION and case.child.school_id
    concerned_id = case.child.school_id if school else None
    if concerned_id is None:
        concerned_id = rng.choice(providers).pk if providers else case.child.school_id
    if concerned_id is None:
        return None
    due = reported + dt.timedelta(days=7)
    acknowledged = reported + dt.timedelta(days=rng.choice([1, 2, 3, 5, 6, 7, 9, 12]))
    return Concern(
        case=case,
        contact_point=rng.choice(points),
        kind=kind,
        concerned_id=concerned_id,
        what=DEMO_TEXT,
        since=reported - dt.timedelta(days=30),
        reporter=case.regisseur,
        reporter_organisation=case.initiating_organisation.name
        if case.initiating_organisation
        else "",
        from_family=False,
        status=ConcernStatus.CLOSED,
        reported_at=at(reported, rng),
        acknowledge_due=due,
        acknowledged_at=at(acknowledged, rng),
        closed_at=at(closed, rng),
        outcome=DEMO_TEXT,
    )
