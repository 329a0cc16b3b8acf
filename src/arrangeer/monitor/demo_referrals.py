"""The aanmeldingen of the demo history (monitor/demo_region.py), in bulk: a third of the
arrangements came in as an aanmelding (accepted, with an intake), sent by the region's
generated colleagues; some aanmeldingen were declined (no case opened). They go to schools
whose coordinator is not a showcase persona, so the personas' worklists keep their story."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils import timezone

from faker import Faker

from arrangeer.cases.demo import ROUTE_COVERAGE_LEADS
from arrangeer.cases.models import Case
from arrangeer.children.models import LegalRepresentative
from arrangeer.organisations.constants import OrganisationType, Role
from arrangeer.organisations.models import Membership, Region
from arrangeer.referrals.constants import ConsentHow, EventKind, ReferralStatus
from arrangeer.referrals.models import Intake, Referral, ReferralEvent

from .demo_common import DEMO_TEXT, at, generated

# Who refers a child, and how often (weights).
REFERRER_TYPES = [
    (OrganisationType.JGZ, 30),
    (OrganisationType.CARE_PROVIDER, 20),
    (OrganisationType.YOUTH_TEAM, 25),
    (OrganisationType.SCHOOL, 15),
    (OrganisationType.LEERPLICHT, 10),
]


@dataclass
class _Referring:
    """Who may refer (the generated colleagues by the type of their organisation, and the
    types that have any, weighted), the generators, and what was written so far."""

    region: Region
    referrers: dict[str, list[Membership]]
    kinds: Sequence[tuple[str, int]]
    rng: random.Random
    faker: Faker
    referrals: list[Referral] = field(default_factory=list)
    events: list[tuple[Referral, str, dt.datetime, Membership | None]] = field(default_factory=list)
    intakes: list[tuple[Referral, dt.date]] = field(default_factory=list)

    def referrer(self, school_id: int | None) -> Membership:
        """A referrer of a weighted type, from another organisation than the school if any."""
        rng = self.rng
        kind = rng.choices([k for k, _w in self.kinds], [w for _k, w in self.kinds])[0]
        options = [m for m in self.referrers[kind] if m.organisation_id != school_id]
        return rng.choice(options or self.referrers[kind])


def seed_referrals(
    region: Region,
    cases: list[Case],
    memberships: list[Membership],
    rng: random.Random,
    faker: Faker,
    today: dt.date,
) -> None:
    """The aanmeldingen of the generated arrangements `cases`, and some declined ones."""
    showcase = {
        m.organisation_id for m in memberships if m.user.username in ROUTE_COVERAGE_LEADS.values()
    }
    referrers: dict[str, list[Membership]] = {}
    for m in generated(memberships):
        referrers.setdefault(m.organisation.type, []).append(m)
    kinds = [(kind, w) for kind, w in REFERRER_TYPES if referrers.get(kind)]
    receivers = {
        m.organisation_id: m
        for m in generated(memberships)
        if m.role == Role.COORDINATOR and m.organisation_id not in showcase
    }
    if not kinds or not receivers:
        return
    parents = {
        r.child_id: r
        for r in LegalRepresentative.objects.filter(child__in=[c.child_id for c in cases])
    }
    made = _Referring(region=region, referrers=referrers, kinds=kinds, rng=rng, faker=faker)
    for case in cases:
        school_id = case.child.school_id
        if school_id is None or school_id not in receivers or rng.random() > 0.35:
            continue
        submitted = _accepted(made, case, school_id, parents[case.child_id])
        if rng.random() < 0.35:
            _declined(made, case, school_id, submitted, today)
    _save(made, receivers)


def _accepted(made: _Referring, case: Case, school_id: int, parent: LegalRepresentative) -> dt.date:
    """The aanmelding of the arrangement's child at its school, some days before the case
    opened, accepted with an intake; returns the day it was submitted."""
    rng = made.rng
    opened = timezone.localtime(case.opened_at).date()
    submitted = opened - dt.timedelta(days=rng.randint(8, 30))
    referrer = made.referrer(school_id)
    accepted = submitted + dt.timedelta(days=rng.randint(2, 12))
    referral = Referral(
        region=made.region,
        receiving_organisation_id=school_id,
        referrer=referrer.user,
        referrer_membership=referrer,
        referrer_organisation_name=referrer.organisation.name,
        first_name=case.child.first_name,
        last_name=case.child.last_name,
        date_of_birth=case.child.date_of_birth,
        bsn=case.child.bsn,
        current_school_id=school_id,
        parent_first_name=parent.first_name,
        parent_last_name=parent.last_name,
        parent_relation=parent.relation,
        reason=DEMO_TEXT,
        tried=DEMO_TEXT,
        consent_how=ConsentHow.SIGNED_FORM,
        consent_on=submitted,
        consent_given_by=f"{parent.first_name} {parent.last_name}",
        status=ReferralStatus.ENDED if case.closed_at else ReferralStatus.STARTED,
        submitted_at=at(submitted, rng),
        status_since=case.closed_at or case.opened_at,
        case=case,
        started_on=opened,
        ended_on=case.closed_at.date() if case.closed_at else None,
    )
    made.referrals.append(referral)
    made.events += [
        (referral, EventKind.SUBMITTED, referral.submitted_at, referrer),
        (referral, EventKind.ACCEPTED, at(accepted, rng), None),
    ]
    made.intakes.append((referral, accepted + dt.timedelta(days=rng.randint(1, 14))))
    return submitted


def _declined(
    made: _Referring, case: Case, school_id: int, submitted: dt.date, today: dt.date
) -> None:
    """An aanmelding the school declined: another child, no case (unless that is recent)."""
    rng, faker = made.rng, made.faker
    declined = submitted + dt.timedelta(days=rng.randint(40, 200))
    if declined >= today - dt.timedelta(days=10):
        return
    other_referrer = made.referrer(school_id)
    other = Referral(
        region=made.region,
        receiving_organisation_id=school_id,
        referrer=other_referrer.user,
        referrer_membership=other_referrer,
        referrer_organisation_name=other_referrer.organisation.name,
        first_name=faker.first_name(),
        last_name=faker.last_name(),
        date_of_birth=case.child.date_of_birth + dt.timedelta(days=rng.randint(-300, 300)),
        parent_first_name=faker.first_name(),
        parent_last_name=faker.last_name(),
        parent_relation="ouder",
        reason=DEMO_TEXT,
        tried=DEMO_TEXT,
        consent_how=ConsentHow.IN_CONVERSATION,
        consent_on=declined,
        consent_given_by="ouder",
        status=ReferralStatus.DECLINED,
        submitted_at=at(declined, rng),
        status_since=at(declined + dt.timedelta(days=5), rng),
    )
    made.referrals.append(other)
    made.events += [
        (other, EventKind.SUBMITTED, other.submitted_at, other_referrer),
        (other, EventKind.DECLINED, other.status_since, None),
    ]


def _save(made: _Referring, receivers: dict[int, Membership]) -> None:
    """The aanmeldingen, their events (the receiving coordinator's where no referrer acted)
    and the intakes."""
    Referral.objects.bulk_create(made.referrals)
    receiver_of = {r.pk: receivers[r.receiving_organisation_id] for r in made.referrals}
    ReferralEvent.objects.bulk_create(
        [
            ReferralEvent(
                referral=r,
                kind=kind,
                at=at_,
                by=(by or receiver_of[r.pk]).user,
                by_organisation=(by or receiver_of[r.pk]).organisation.name,
                text=DEMO_TEXT if kind == EventKind.DECLINED else "",
            )
            for r, kind, at_, by in made.events
        ],
        batch_size=1000,
    )
    Intake.objects.bulk_create(
        [
            Intake(
                referral=r,
                school_information=DEMO_TEXT,
                received_on=day,
                recorded_by=receiver_of[r.pk].user,
                recorded_at=at(day, made.rng),
            )
            for r, day in made.intakes
        ]
    )
