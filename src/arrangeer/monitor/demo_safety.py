"""The Meldcode steps and Verwijsindex signals of the demo history (monitor/demo.py), on the
generated arrangements, written in bulk, so the monitor's Integraal Loket page shows real
figures for them. Each is recorded by the case's regisseur, dated within the case's own
period and never after today."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from arrangeer.cases.models import Case
from arrangeer.organisations.constants import OrganisationType
from arrangeer.organisations.models import Membership, Organisation, Region
from arrangeer.referrals.constants import MeldcodeDecision, MeldcodeStepKind
from arrangeer.referrals.models import MeldcodeStep, VerwijsindexSignal

# How many of the arrangements had a Meldcode trajectory, how many of those went on past the
# consultation (steps 3 to 5), and how step 5 decided (weights).
MELDCODE_SHARE = 0.3
PAST_CONSULTATION = 0.8
DECISIONS = [
    (MeldcodeDecision.ORGANISE_HELP, 75),
    (MeldcodeDecision.BOTH, 15),
    (MeldcodeDecision.REPORT, 10),
]
# How many had a Verwijsindex signal, and how many of those signals found a match.
SIGNAL_SHARE = 0.22
MATCH_SHARE = 0.6


def _at(day: dt.date, rng: random.Random) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(rng.randint(8, 16), 0)))


def seed_safety_activities(
    region: Region,
    cases: list[Case],
    memberships: list[Membership],
    rng: random.Random,
    today: dt.date,
) -> None:
    """Steps and signals on the generated arrangements `cases` (their regisseur loaded)."""
    seat_of = {m.user_id: m for m in reversed(memberships)}
    partners = list(
        Organisation.objects.filter(
            region=region,
            type__in=[OrganisationType.YOUTH_TEAM, OrganisationType.CARE_PROVIDER],
        )
        .order_by("name")
        .values_list("name", flat=True)
    )
    steps: list[MeldcodeStep] = []
    signals: list[VerwijsindexSignal] = []
    for case in cases:
        opened = case.opened_at.date()
        last = min(today, case.closed_at.date() if case.closed_at else today)
        seat = seat_of.get(case.regisseur_id)
        common = {
            "case": case,
            "by": case.regisseur,
            "by_organisation": seat.organisation.name if seat else "",
        }
        if rng.random() < MELDCODE_SHARE:
            steps += _meldcode_steps(common, opened, last, rng)
        if rng.random() < SIGNAL_SHARE:
            given = opened + dt.timedelta(days=rng.randint(1, 60))
            if given <= last:
                match = rng.random() < MATCH_SHARE and bool(partners)
                signals.append(
                    VerwijsindexSignal(
                        given_on=given,
                        match_with=rng.choice(partners) if match else "",
                        recorded_at=_at(given, rng),
                        **common,
                    )
                )
    MeldcodeStep.objects.bulk_create(steps, batch_size=1000)
    VerwijsindexSignal.objects.bulk_create(signals, batch_size=1000)


def _meldcode_steps(
    common: dict[str, Any], opened: dt.date, last: dt.date, rng: random.Random
) -> list[MeldcodeStep]:
    """A Meldcode trajectory from soon after the case opened, one step every few days: the
    first two steps, mostly on to the decision (step 5), as far as the case's `last` day."""
    kinds = [MeldcodeStepKind.MAP, MeldcodeStepKind.CONSULT]
    if rng.random() < PAST_CONSULTATION:
        kinds += [MeldcodeStepKind.TALK, MeldcodeStepKind.WEIGH, MeldcodeStepKind.DECIDE]
    day = opened + dt.timedelta(days=rng.randint(3, 21))
    steps = []
    for kind in kinds:
        if day > last:
            break
        decision = ""
        if kind == MeldcodeStepKind.DECIDE:
            values, weights = zip(*DECISIONS, strict=True)
            decision = rng.choices(values, weights)[0]
        steps.append(
            MeldcodeStep(
                step=kind,
                done_on=day,
                decision=decision,
                recorded_at=_at(day, rng),
                **common,
            )
        )
        day += dt.timedelta(days=rng.randint(1, 7))
    return steps
