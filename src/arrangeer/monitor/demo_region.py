"""The region's processes in the demo history (monitor/demo.py): escalations, Loket consults
and "known in both domains", aanmeldingen, transitions and quality concerns on the generated
arrangements, written in bulk, so the monitor's themes of the region's processes show real
figures.

Everything generated is finished (decided, advised and followed up, accepted or declined,
handed over, closed): it adds to no one's Mijn acties. The people who act are the region's
generated colleagues, not the personas, and the aanmeldingen go to schools whose coordinator
is not a showcase persona, so the personas' worklists keep their own story. A Loket consult
needs the parents' consent for the Loket, which the demo keeps current (given in the last
year, by whom the child's age asks): the consults are of the last year only."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from django.utils import timezone

from faker import Faker

from arrangeer.cases.demo import ROUTE_COVERAGE_LEADS
from arrangeer.cases.models import Case
from arrangeer.children.models import Child, LegalRepresentative
from arrangeer.children.validators import bsn_is_valid
from arrangeer.consents.constants import ConsentPurpose, Evidence
from arrangeer.consents.models import Consent
from arrangeer.escalations.constants import EscalationStatus, StepKind
from arrangeer.escalations.models import Escalation, EscalationStep, LadderLevel
from arrangeer.loket.constants import ConsultStatus, Domain, Source, Urgency
from arrangeer.loket.models import Consult, Match, Registration
from arrangeer.organisations.constants import OrganisationType, Role
from arrangeer.organisations.models import Membership, Organisation, Region
from arrangeer.plans.constants import FundingFramework, IntensityUnit, ModuleFunction, Place
from arrangeer.plans.demo import DEMO_TARIFFS
from arrangeer.plans.models import Module
from arrangeer.quality.constants import ConcernKind, ConcernStatus
from arrangeer.quality.constants import StepKind as ConcernStepKind
from arrangeer.quality.models import Concern, ConcernStep, ContactPoint
from arrangeer.referrals.constants import ConsentHow, EventKind, ReferralStatus
from arrangeer.referrals.models import Intake, Referral, ReferralEvent
from arrangeer.transitions.constants import TransitionKind, TransitionStatus
from arrangeer.transitions.models import Transition
from arrangeer.vocabulary import AgeBand, DataCategory

from .demo_outcomes import seed_outcomes
from .demo_safety import seed_safety_activities

DEMO_TEXT = "Monitorhistorie (demo)"
# Who refers a child, and how often (weights).
REFERRER_TYPES = [
    (OrganisationType.JGZ, 30),
    (OrganisationType.CARE_PROVIDER, 20),
    (OrganisationType.YOUTH_TEAM, 25),
    (OrganisationType.SCHOOL, 15),
    (OrganisationType.LEERPLICHT, 10),
]
# The demo region's product code of care with a tariff.
CARE_PRODUCT_CODE = DEMO_TARIFFS[0][0]
NEXT_TRANSITION = {"po": TransitionKind.PO_VO, "vo": TransitionKind.VO_MBO}


def _at(day: dt.date, rng: random.Random) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(rng.randint(8, 16), 0)))


def _generated(memberships: Sequence[Membership]) -> list[Membership]:
    """The region's generated colleagues (no login of their own), not the personas."""
    return [m for m in memberships if not m.user.has_usable_password()]


def demo_bsn(index: int, region: Region) -> str:
    """A valid BSN of the demo history (the elfproef), one per index and region."""
    base = 700_000_000 + (region.pk % 100) * 1_000_000 + index * 100
    while not bsn_is_valid(str(base)):
        base += 1
    return str(base)


def seed_processes(
    region: Region,
    cases: list[Case],
    modules: list[Module],
    rng: random.Random,
    faker: Faker,
) -> None:
    """The processes of the generated arrangements `cases` (their child and regisseur loaded)."""
    today = timezone.localdate()
    memberships = list(
        Membership.objects.active()
        .filter(organisation__region=region)
        .select_related("organisation", "user")
        .order_by("pk")
    )
    _collective(region, modules, rng)
    _escalations(region, cases, modules, rng, today)
    _loket(region, cases, memberships, rng, today)
    _referrals(region, cases, memberships, rng, faker, today)
    _transitions(cases, rng, today)
    _concerns(region, cases, memberships, rng, today)
    seed_safety_activities(region, cases, memberships, rng, today)
    seed_outcomes(region, cases, modules)


def _collective(region: Region, modules: list[Module], rng: random.Random) -> None:
    """The care modules carry the region's product code (so they have a tariff), and one
    provider supports many pupils within the class: a candidate for a group arrangement in
    the monitor (individual → collective)."""
    provider = (
        Organisation.objects.filter(region=region, type=OrganisationType.CARE_PROVIDER)
        .order_by("name")
        .first()
    )
    care = [m for m in modules if m.funding_framework == FundingFramework.JEUGDWET_ZIN]
    for module in care:
        module.product_code = CARE_PRODUCT_CODE
        module.intensity_unit = IntensityUnit.HOURS
        if provider is not None and rng.random() < 0.6:
            module.provider = provider
            module.function = ModuleFunction.VERSTERKEN
            module.place = Place.SCHOOL
    Module.objects.bulk_update(
        care, ["product_code", "intensity_unit", "provider", "function", "place"], batch_size=500
    )


def _ended(case: Case, today: dt.date) -> dt.date:
    return case.closed_at.date() if case.closed_at else today


def _escalations(
    region: Region, cases: list[Case], modules: list[Module], rng: random.Random, today: dt.date
) -> None:
    """About half of the arrangements with a funded module had a dispute about it; most are
    decided at the first or second level, a few go up to the doorbraakfunctionaris."""
    levels = list(LadderLevel.objects.filter(region=region).order_by("number"))
    if not levels:
        return
    case_of = {c.pk: c for c in cases}
    found: list[tuple[Escalation, list[LadderLevel], str]] = []
    for module in modules:
        case = case_of[module.plan.case_id]
        if rng.random() > 0.55:
            continue
        raised = module.start_date + dt.timedelta(days=rng.randint(3, 30))
        reached = rng.choices(range(1, len(levels) + 1), [50, 30, 12, 8][: len(levels)])[0]
        climb = levels[:reached]
        days = sum(level.deadline_days for level in climb) + rng.randint(-3, 10)
        closed = raised + dt.timedelta(days=max(2, days))
        if closed >= min(_ended(case, today), today):
            continue
        status: str = (
            EscalationStatus.DECIDED if rng.random() < 0.85 else EscalationStatus.WITHDRAWN
        )
        escalation = Escalation(
            case=case,
            module=module,
            question=DEMO_TEXT,
            options=DEMO_TEXT,
            cost_at_stake=module.intensity * 40 * 75,
            raised_by=case.regisseur,
            raised_at=_at(raised, rng),
            status=status,
            level=climb[-1],
            level_since=_at(raised + dt.timedelta(days=days // 2), rng),
            level_due=closed + dt.timedelta(days=3),
            closed_at=_at(closed, rng),
        )
        found.append((escalation, climb, status))
    Escalation.objects.bulk_create([e for e, _c, _s in found])
    steps = []
    for escalation, climb, status in found:
        assert escalation.closed_at is not None
        common = {"escalation": escalation, "by": escalation.raised_by, "note": DEMO_TEXT}
        steps.append(
            EscalationStep(**common, kind=StepKind.RAISED, level=climb[0], at=escalation.raised_at)
        )
        for level in climb[1:]:
            steps.append(
                EscalationStep(
                    **common,
                    kind=StepKind.MOVED_UP_DEADLINE,
                    level=level,
                    at=escalation.level_since,
                )
            )
        last = StepKind.DECIDED if status == EscalationStatus.DECIDED else StepKind.WITHDRAWN
        steps.append(
            EscalationStep(
                **common,
                kind=last,
                level=climb[-1],
                at=escalation.closed_at,
                binding=status == EscalationStatus.DECIDED and climb[-1] == levels[-1],
            )
        )
    EscalationStep.objects.bulk_create(steps, batch_size=1000)


def _loket(
    region: Region,
    cases: list[Case],
    memberships: list[Membership],
    rng: random.Random,
    today: dt.date,
) -> None:
    """Consults of the last year, advised within the five working days mostly; and the
    children the school and a youth team both registered ("known in both domains")."""
    loket = next(
        (
            m.organisation
            for m in memberships
            if m.organisation.type == OrganisationType.INTEGRAL_DESK
        ),
        Organisation.objects.filter(region=region, type=OrganisationType.INTEGRAL_DESK).first(),
    )
    school_seats = {
        m.organisation_id: m
        for m in _generated(memberships)
        if m.role == Role.COORDINATOR and m.organisation.type == OrganisationType.SCHOOL
    }
    youth = [
        m
        for m in _generated(memberships)
        if m.role == Role.YOUTH_WORKER and m.organisation.type == OrganisationType.YOUTH_TEAM
    ]
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
    seat_of = {m.user_id: m for m in reversed(memberships)}
    if loket is not None:
        consults, consents = [], []
        window_start = today - dt.timedelta(days=330)
        for case in cases:
            asked = window_start + dt.timedelta(days=rng.randint(0, 300))
            opened = timezone.localtime(case.opened_at).date()
            if not (opened < asked < _ended(case, today) - dt.timedelta(days=10)):
                continue
            if rng.random() > 0.6:
                continue
            band = case.child.age_band(today)
            consent = Consent(
                case=case,
                organisation=loket,
                categories=[DataCategory.EDUCATION.value, DataCategory.YOUTH_CARE.value],
                purpose=DEMO_TEXT,
                purpose_kind=ConsentPurpose.LOKET,
                given_by_representative=None if band == AgeBand.FROM_16 else parents[case.child_id],
                given_by_child=band != AgeBand.UNDER_12,
                age_band_at_giving=band,
                valid_from=asked,
                evidence=Evidence.SIGNED_FORM,
                recorded_by=case.regisseur,
            )
            consents.append(consent)
            due = asked + dt.timedelta(days=7)  # five working days
            advised = asked + dt.timedelta(days=rng.choice([2, 3, 4, 5, 6, 7, 7, 9, 12]))
            consults.append(
                Consult(
                    case=case,
                    loket=loket,
                    consent=consent,
                    question=DEMO_TEXT,
                    tried=DEMO_TEXT,
                    urgency=Urgency.URGENT if rng.random() < 0.2 else Urgency.NORMAL,
                    asked_by=case.regisseur,
                    asked_as=seat_of[case.regisseur_id],
                    asked_at=_at(asked, rng),
                    due_on=due,
                    status=ConsultStatus.FOLLOWED_UP,
                    advice=DEMO_TEXT,
                    advised_by=adviser.user if adviser else None,
                    advised_as=adviser,
                    advised_at=_at(advised, rng),
                    outcome=DEMO_TEXT,
                    outcome_by=case.regisseur,
                    outcome_at=_at(advised + dt.timedelta(days=3), rng),
                )
            )
        Consent.objects.bulk_create(consents)
        Consult.objects.bulk_create(consults)

    # Known in both domains: the child's school (on opening the case, or on marking a
    # thuiszitter) and a youth team that recorded a signal.
    if not youth:
        return
    children, registrations, pairs = [], [], []
    for index, case in enumerate(cases):
        seat = school_seats.get(case.child.school_id) if case.child.school_id else None
        if seat is None or rng.random() > 0.4:
            continue
        case.child.bsn = demo_bsn(index, region)
        children.append(case.child)
        opened = timezone.localtime(case.opened_at).date()
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
        team = rng.choice(youth)
        signal = Registration(
            region=region,
            bsn=case.child.bsn,
            domain=Domain.YOUTH,
            organisation=team.organisation,
            contact=team,
            child_name=case.child.full_name,
            source=Source.SIGNAL,
        )
        registrations += [education, signal]
        pairs.append((education, signal, _at(opened + dt.timedelta(days=rng.randint(0, 5)), rng)))
    Child.objects.bulk_update(children, ["bsn"], batch_size=500)
    Registration.objects.bulk_create(registrations)
    matches = Match.objects.bulk_create(Match(education=e, youth=y) for e, y, _at_ in pairs)
    for match, (education, signal, at) in zip(matches, pairs, strict=True):
        match.matched_at = at
        education.recorded_at = at
        signal.recorded_at = at - dt.timedelta(days=rng.randint(10, 200))
    Match.objects.bulk_update(matches, ["matched_at"], batch_size=500)
    Registration.objects.bulk_update(registrations, ["recorded_at"], batch_size=500)


def _referrals(
    region: Region,
    cases: list[Case],
    memberships: list[Membership],
    rng: random.Random,
    faker: Faker,
    today: dt.date,
) -> None:
    """A third of the arrangements came in as an aanmelding (accepted, with an intake); some
    aanmeldingen were declined (no case opened)."""
    showcase = {
        m.organisation_id for m in memberships if m.user.username in ROUTE_COVERAGE_LEADS.values()
    }
    referrers: dict[str, list[Membership]] = {}
    for m in _generated(memberships):
        referrers.setdefault(m.organisation.type, []).append(m)
    kinds = [(kind, w) for kind, w in REFERRER_TYPES if referrers.get(kind)]
    receivers = {
        m.organisation_id: m
        for m in _generated(memberships)
        if m.role == Role.COORDINATOR and m.organisation_id not in showcase
    }
    if not kinds or not receivers:
        return
    parents = {
        r.child_id: r
        for r in LegalRepresentative.objects.filter(child__in=[c.child_id for c in cases])
    }

    def referrer_of(school_id: int | None) -> Membership:
        kind = rng.choices([k for k, _w in kinds], [w for _k, w in kinds])[0]
        options = [m for m in referrers[kind] if m.organisation_id != school_id]
        return rng.choice(options or referrers[kind])

    referrals, events, intakes = [], [], []
    for case in cases:
        school_id = case.child.school_id
        if school_id not in receivers or rng.random() > 0.35:
            continue
        opened = timezone.localtime(case.opened_at).date()
        submitted = opened - dt.timedelta(days=rng.randint(8, 30))
        referrer = referrer_of(school_id)
        parent = parents[case.child_id]
        accepted = submitted + dt.timedelta(days=rng.randint(2, 12))
        referral = Referral(
            region=region,
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
            submitted_at=_at(submitted, rng),
            status_since=case.closed_at or case.opened_at,
            case=case,
            started_on=opened,
            ended_on=case.closed_at.date() if case.closed_at else None,
        )
        referrals.append(referral)
        events += [
            (referral, EventKind.SUBMITTED, referral.submitted_at, referrer),
            (referral, EventKind.ACCEPTED, _at(accepted, rng), None),
        ]
        intakes.append((referral, accepted + dt.timedelta(days=rng.randint(1, 14))))
        if rng.random() < 0.35:
            # An aanmelding the school declined: another child, no case.
            declined = submitted + dt.timedelta(days=rng.randint(40, 200))
            if declined >= today - dt.timedelta(days=10):
                continue
            other_referrer = referrer_of(school_id)
            other = Referral(
                region=region,
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
                submitted_at=_at(declined, rng),
                status_since=_at(declined + dt.timedelta(days=5), rng),
            )
            referrals.append(other)
            events += [
                (other, EventKind.SUBMITTED, other.submitted_at, other_referrer),
                (other, EventKind.DECLINED, other.status_since, None),
            ]
    Referral.objects.bulk_create(referrals)
    receiver_of = {r.pk: receivers[r.receiving_organisation_id] for r in referrals}
    ReferralEvent.objects.bulk_create(
        [
            ReferralEvent(
                referral=r,
                kind=kind,
                at=at,
                by=(by or receiver_of[r.pk]).user,
                by_organisation=(by or receiver_of[r.pk]).organisation.name,
                text=DEMO_TEXT if kind == EventKind.DECLINED else "",
            )
            for r, kind, at, by in events
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
                recorded_at=_at(day, rng),
            )
            for r, day in intakes
        ]
    )


def _transitions(cases: list[Case], rng: random.Random, today: dt.date) -> None:
    """A warm handover for the children who changed school during their arrangement: to
    secondary school, to vocational education, or to another school; mostly in time."""
    transitions = []
    for case in cases:
        if case.closed_at is None or rng.random() > 0.4:
            continue
        on = case.closed_at.date() - dt.timedelta(days=rng.randint(0, 30))
        if on <= timezone.localtime(case.opened_at).date():
            continue
        sector = case.child.sector
        kind = NEXT_TRANSITION.get(sector, TransitionKind.SCHOOL_CHANGE)
        if rng.random() < 0.25:
            kind = TransitionKind.SCHOOL_CHANGE
        done = on + dt.timedelta(days=rng.choice([-40, -25, -14, -10, -7, -3, 0, 0, 12, 30]))
        transitions.append(
            Transition(
                case=case,
                kind=kind,
                expected_on=on,
                status=TransitionStatus.DONE,
                sending_school_id=case.child.school_id,
                completed_at=_at(min(done, today), rng),
                created_by=case.regisseur,
            )
        )
    Transition.objects.bulk_create(transitions)


def _concerns(
    region: Region,
    cases: list[Case],
    memberships: list[Membership],
    rng: random.Random,
    today: dt.date,
) -> None:
    """Concerns about the quality of the support, handled and closed."""
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
        opened = timezone.localtime(case.opened_at).date()
        reported = opened + dt.timedelta(days=rng.randint(30, 200))
        closed = reported + dt.timedelta(days=rng.randint(20, 60))
        if closed >= min(_ended(case, today), today):
            continue
        kind = rng.choices(ConcernKind.values, [30, 30, 20, 15, 5])[0]
        school = kind == ConcernKind.EDUCATION and case.child.school_id
        concerned_id = case.child.school_id if school else None
        if concerned_id is None:
            concerned_id = rng.choice(providers).pk if providers else case.child.school_id
        if concerned_id is None:
            continue
        due = reported + dt.timedelta(days=7)
        acknowledged = reported + dt.timedelta(days=rng.choice([1, 2, 3, 5, 6, 7, 9, 12]))
        # The history's families have no account of their own: professionals reported.
        from_family = False
        concerns.append(
            Concern(
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
                from_family=from_family,
                status=ConcernStatus.CLOSED,
                reported_at=_at(reported, rng),
                acknowledge_due=due,
                acknowledged_at=_at(acknowledged, rng),
                closed_at=_at(closed, rng),
                outcome=DEMO_TEXT,
            )
        )
    Concern.objects.bulk_create(concerns)
    steps = []
    for concern in concerns:
        for kind, at in (
            (ConcernStepKind.REPORTED, concern.reported_at),
            (ConcernStepKind.ACKNOWLEDGED, concern.acknowledged_at),
            (ConcernStepKind.OUTCOME, concern.closed_at),
        ):
            assert at is not None
            steps.append(ConcernStep(concern=concern, kind=kind, at=at, by=concern.reporter))
    ConcernStep.objects.bulk_create(steps, batch_size=1000)
