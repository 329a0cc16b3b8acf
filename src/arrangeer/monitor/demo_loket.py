"""The Integraal Loket in the demo history (monitor/demo_region.py), in bulk: consults of the
last year, advised within the five working days mostly (each with the parents' consent for
the Loket, kept current); and the children the school and a youth team both registered
("known in both domains")."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from arrangeer.cases.models import Case
from arrangeer.children.models import Child, LegalRepresentative
from arrangeer.children.validators import bsn_is_valid
from arrangeer.consents.constants import ConsentPurpose, Evidence
from arrangeer.consents.models import Consent
from arrangeer.loket.constants import ConsultStatus, Domain, Source, Urgency
from arrangeer.loket.models import Consult, Match, Registration
from arrangeer.organisations.constants import OrganisationType, Role
from arrangeer.organisations.models import Membership, Organisation, Region
from arrangeer.vocabulary import AgeBand, DataCategory

from .demo_common import DEMO_TEXT, at, ended, generated


def demo_bsn(index: int, region: Region) -> str:
    """A valid BSN of the demo history (the elfproef), one per index and region."""
    base = 700_000_000 + (region.pk % 100) * 1_000_000 + index * 100
    while not bsn_is_valid(str(base)):
        base += 1
    return str(base)


def seed_loket(
    region: Region,
    cases: list[Case],
    memberships: list[Membership],
    rng: random.Random,
    today: dt.date,
) -> None:
    """Consults of the last year on the generated arrangements `cases`, and the children
    known in both domains."""
    loket = next(
        (
            m.organisation
            for m in memberships
            if m.organisation.type == OrganisationType.INTEGRAL_DESK
        ),
        Organisation.objects.filter(region=region, type=OrganisationType.INTEGRAL_DESK).first(),
    )
    if loket is not None:
        _consults(_Desk.of(loket, cases, memberships), cases, rng, today)
    _known_in_both(region, cases, memberships, rng)


@dataclass(frozen=True)
class _Desk:
    """The Loket, its adviser, the seat each regisseur asks from, and each child's parent."""

    loket: Organisation
    adviser: Membership | None
    seat_of: dict[int, Membership]
    parents: dict[int, LegalRepresentative]

    @classmethod
    def of(cls, loket: Organisation, cases: list[Case], memberships: list[Membership]) -> _Desk:
        adviser = next(
            (
                m
                for m in memberships
                if m.organisation == loket and m.role == Role.INTEGRAL_DESK_ADVISER
            ),
            None,
        )
        parents = {
            r.child_id: r
            for r in LegalRepresentative.objects.filter(child__in=[c.child_id for c in cases])
        }
        return cls(
            loket=loket,
            adviser=adviser,
            seat_of={m.user_id: m for m in reversed(memberships)},
            parents=parents,
        )


def _consults(desk: _Desk, cases: list[Case], rng: random.Random, today: dt.date) -> None:
    """A consult for about half of the arrangements that ran during the last year."""
    consults, consents = [], []
    window_start = today - dt.timedelta(days=330)
    for case in cases:
        asked = window_start + dt.timedelta(days=rng.randint(0, 300))
        opened = timezone.localtime(case.opened_at).date()
        if not (opened < asked < ended(case, today) - dt.timedelta(days=10)):
            continue
        if rng.random() > 0.6:
            continue
        consent = _consent(desk, case, asked, today)
        consents.append(consent)
        consults.append(_consult(desk, case, consent, asked, rng))
    Consent.objects.bulk_create(consents)
    Consult.objects.bulk_create(consults)


def _consent(desk: _Desk, case: Case, asked: dt.date, today: dt.date) -> Consent:
    """The consent for the Loket, given on the day it was asked, by whom the age asks."""
    band = case.child.age_band(today)
    return Consent(
        case=case,
        organisation=desk.loket,
        categories=[DataCategory.EDUCATION.value, DataCategory.YOUTH_CARE.value],
        purpose=DEMO_TEXT,
        purpose_kind=ConsentPurpose.LOKET,
        given_by_representative=None if band == AgeBand.FROM_16 else desk.parents[case.child_id],
        given_by_child=band != AgeBand.UNDER_12,
        age_band_at_giving=band,
        valid_from=asked,
        evidence=Evidence.SIGNED_FORM,
        recorded_by=case.regisseur,
    )


def _consult(
    desk: _Desk, case: Case, consent: Consent, asked: dt.date, rng: random.Random
) -> Consult:
    """The regisseur's question, advised mostly within the five working days, and followed
    up three days later."""
    due = asked + dt.timedelta(days=7)  # five working days
    advised = asked + dt.timedelta(days=rng.choice([2, 3, 4, 5, 6, 7, 7, 9, 12]))
    adviser = desk.adviser
    return Consult(
        case=case,
        loket=desk.loket,
        consent=consent,
        question=DEMO_TEXT,
        tried=DEMO_TEXT,
        urgency=Urgency.URGENT if rng.random() < 0.2 else Urgency.NORMAL,
        asked_by=case.regisseur,
        asked_as=desk.seat_of[case.regisseur_id],
        asked_at=at(asked, rng),
        due_on=due,
        status=ConsultStatus.FOLLOWED_UP,
        advice=DEMO_TEXT,
        advised_by=adviser.user if adviser else None,
        advised_as=adviser,
        advised_at=at(advised, rng),
        outcome=DEMO_TEXT,
        outcome_by=case.regisseur,
        outcome_at=at(advised + dt.timedelta(days=3), rng),
    )


def _known_in_both(
    region: Region, cases: list[Case], memberships: list[Membership], rng: random.Random
) -> None:
    """Known in both domains: the child's school (on opening the case, or on marking a
    thuiszitter) and a youth team that recorded a signal; matched around the opening."""
    school_seats = {
        m.organisation_id: m
        for m in generated(memberships)
        if m.role == Role.COORDINATOR and m.organisation.type == OrganisationType.SCHOOL
    }
    youth = [
        m
        for m in generated(memberships)
        if m.role == Role.YOUTH_WORKER and m.organisation.type == OrganisationType.YOUTH_TEAM
    ]
    if not youth:
        return
    children: list[Child] = []
    pairs: list[tuple[Registration, Registration, dt.datetime]] = []
    for index, case in enumerate(cases):
        seat = school_seats.get(case.child.school_id) if case.child.school_id else None
        if seat is None or rng.random() > 0.4:
            continue
        case.child.bsn = demo_bsn(index, region)
        children.append(case.child)
        opened = timezone.localtime(case.opened_at).date()
        education, signal = _registrations(region, case, seat, rng.choice(youth))
        pairs.append((education, signal, at(opened + dt.timedelta(days=rng.randint(0, 5)), rng)))
    Child.objects.bulk_update(children, ["bsn"], batch_size=500)
    _match(pairs, rng)


def _registrations(
    region: Region, case: Case, seat: Membership, team: Membership
) -> tuple[Registration, Registration]:
    """The school's registration of the child (its case) and the youth team's signal."""
    education = Registration(
        region=region,
        bsn=case.child.bsn,
        domain=Domain.EDUCATION,
        organisation=seat.organisation,
        contact=seat,
        case=case,
        child_name=case.child.full_name,
        source=Source.THUISZITTER if case.is_thuiszitter else Source.CASE_OPENED,
    )
    signal = Registration(
        region=region,
        bsn=case.child.bsn,
        domain=Domain.YOUTH,
        organisation=team.organisation,
        contact=team,
        child_name=case.child.full_name,
        source=Source.SIGNAL,
    )
    return education, signal


def _match(pairs: list[tuple[Registration, Registration, dt.datetime]], rng: random.Random) -> None:
    """The registrations and their match: the school's on the day of the match, the youth
    team's signal some time before."""
    registrations = [r for education, signal, _when in pairs for r in (education, signal)]
    Registration.objects.bulk_create(registrations)
    matches = Match.objects.bulk_create(Match(education=e, youth=y) for e, y, _when in pairs)
    for match, (education, signal, day) in zip(matches, pairs, strict=True):
        match.matched_at = day
        education.recorded_at = day
        signal.recorded_at = day - dt.timedelta(days=rng.randint(10, 200))
    Match.objects.bulk_update(matches, ["matched_at"], batch_size=500)
    Registration.objects.bulk_update(registrations, ["recorded_at"], batch_size=500)
