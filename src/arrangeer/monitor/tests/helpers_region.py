"""The region's processes in bulk for the monitor's tests: escalations, Loket consults and
matches, aanmeldingen, transitions and concerns on given cases, with only what the monitor
counts (and what the models require)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from arrangeer.accounts.models import User
from arrangeer.cases.models import Case
from arrangeer.consents.constants import ConsentPurpose, Evidence
from arrangeer.consents.models import Consent
from arrangeer.escalations.constants import EscalationStatus, Seats
from arrangeer.escalations.models import Escalation, LadderLevel
from arrangeer.loket.constants import Domain, Source
from arrangeer.loket.models import Consult, Match, Registration
from arrangeer.monitor import services, services_region
from arrangeer.monitor.constants import year_start
from arrangeer.monitor.demo_region import demo_bsn
from arrangeer.organisations.constants import OrganisationType
from arrangeer.organisations.models import Membership, Organisation, Region
from arrangeer.plans.constants import FundingFramework, Instrument, ModuleFunction, Place, Side
from arrangeer.plans.models import Module, Plan
from arrangeer.quality.constants import ConcernStatus, ContactPointKind
from arrangeer.quality.models import Concern, ContactPoint
from arrangeer.referrals.constants import ConsentHow
from arrangeer.referrals.models import Intake, MeldcodeStep, Referral, VerwijsindexSignal
from arrangeer.transitions.constants import TransitionStatus
from arrangeer.transitions.models import Transition
from arrangeer.vocabulary import AgeBand, DataCategory

from .helpers import LAST_YEAR


def day_in(year: int = LAST_YEAR, days: int = 60) -> dt.date:
    return year_start(year) + dt.timedelta(days=days)


def moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def transitions(cases: list[Case], by: User, *, timely: bool, kind: str = "po_vo") -> None:
    on = day_in(days=200)
    done = on - dt.timedelta(days=5) if timely else on + dt.timedelta(days=20)
    Transition.objects.bulk_create(
        Transition(
            case=case,
            kind=kind,
            expected_on=on,
            status=TransitionStatus.DONE,
            completed_at=moment(done),
            created_by=by,
        )
        for case in cases
    )


def ladder(region: Region) -> list[LadderLevel]:
    return [
        LadderLevel.objects.create(
            region=region, number=n, name=f"Niveau {n}", seats=Seats.TEAM, deadline_days=5
        )
        for n in (1, 2)
    ]


def modules(
    cases: list[Case],
    by: User,
    provider: Organisation,
    *,
    function: str = ModuleFunction.VERSTERKEN,
    product_code: str = "",
) -> list[Module]:
    """A care module of 2 hours a week for 100 days (from day 40 of the school year) in a
    plan of each case."""
    plans = Plan.objects.bulk_create(Plan(case=case, created_by=by) for case in cases)
    start = day_in(days=40)
    made = Module.objects.bulk_create(
        Module(
            plan=plan,
            category=DataCategory.YOUTH_CARE,
            author=by,
            author_organisation="Test",
            updated_by=by,
            title="Module",
            side=Side.CARE,
            provider=provider,
            function=function,
            place=Place.SCHOOL,
            intensity=Decimal(2),
            start_date=start,
            end_date=start + dt.timedelta(days=100),
            funding_framework=FundingFramework.JEUGDWET_ZIN,
            instrument=Instrument.BESCHIKKING,
            product_code=product_code,
        )
        for plan in plans
    )
    # Loaded in bulk (no model signals): the facts per module as after an import.
    services.refresh_dimension_facts()
    return made


def escalations(
    cases: list[Case],
    by: User,
    provider: Organisation,
    level: LadderLevel,
    *,
    status: str,
    days: int,
) -> None:
    made = modules(cases, by, provider)
    raised = day_in(days=50)
    Escalation.objects.bulk_create(
        Escalation(
            case=module.plan.case,
            module=module,
            question="Wie betaalt de geheime module?",
            options="-",
            cost_at_stake=Decimal(1000),
            raised_by=by,
            raised_at=moment(raised),
            status=status,
            level=level,
            level_since=moment(raised),
            level_due=raised + dt.timedelta(days=7),
            closed_at=None
            if status == EscalationStatus.OPEN
            else moment(raised + dt.timedelta(days=days)),
        )
        for module in made
    )


def consults(
    cases: list[Case],
    seat: Membership,
    loket: Organisation,
    *,
    advice: str,
    urgency: str = "normaal",
) -> None:
    """`advice`: "in_time" (3 days), "late" (10 days, the deadline is 7) or "waiting"."""
    asked = day_in(days=70)
    consents = Consent.objects.bulk_create(
        Consent(
            case=case,
            organisation=loket,
            categories=[DataCategory.EDUCATION.value],
            purpose="Loket",
            purpose_kind=ConsentPurpose.LOKET,
            given_by_child=True,
            age_band_at_giving=AgeBand.FROM_16,
            valid_from=asked,
            evidence=Evidence.SIGNED_FORM,
            recorded_by=seat.user,
        )
        for case in cases
    )
    advised = asked + dt.timedelta(days=10 if advice == "late" else 3)
    Consult.objects.bulk_create(
        Consult(
            case=case,
            loket=loket,
            consent=consent,
            question="Geheime vraag",
            tried="-",
            urgency=urgency,
            asked_by=seat.user,
            asked_as=seat,
            asked_at=moment(asked),
            due_on=asked + dt.timedelta(days=7),
            advised_at=None if advice == "waiting" else moment(advised),
            advice="" if advice == "waiting" else "Geheim advies",
        )
        for case, consent in zip(cases, consents, strict=True)
    )
    services_region.refresh_region_facts()  # loaded in bulk, as after an import


def matches(
    cases: list[Case], school_seat: Membership, youth_seat: Membership, *, source: str
) -> None:
    region = school_seat.organisation.region
    pairs = []
    for case in cases:
        bsn = demo_bsn(case.pk, region)
        common = {"region": region, "bsn": bsn, "child_name": "Geheim Kind", "case": case}
        education = Registration.objects.create(
            **common,
            domain=Domain.EDUCATION,
            organisation=school_seat.organisation,
            contact=school_seat,
            source=source,
        )
        youth = Registration.objects.create(
            **common,
            domain=Domain.YOUTH,
            organisation=youth_seat.organisation,
            contact=youth_seat,
            source=Source.SIGNAL,
        )
        pairs.append(Match.objects.create(education=education, youth=youth))
    Match.objects.filter(pk__in=[m.pk for m in pairs]).update(matched_at=moment(day_in(days=80)))
    services_region.refresh_region_facts()


def referrals(
    count: int,
    referrer: Membership,
    school: Organisation,
    *,
    status: str,
    intake_days: int | None = None,
) -> None:
    submitted = moment(day_in(days=90))
    made = Referral.objects.bulk_create(
        Referral(
            region=school.region,
            receiving_organisation=school,
            referrer=referrer.user,
            referrer_membership=referrer,
            referrer_organisation_name=referrer.organisation.name,
            first_name="Geheim",
            last_name=f"Kind{i}",
            date_of_birth=dt.date(LAST_YEAR - 9, 1, 1),
            parent_first_name="Ouder",
            parent_last_name=f"Kind{i}",
            parent_relation="ouder",
            reason="Geheime reden",
            tried="-",
            consent_how=ConsentHow.SIGNED_FORM,
            consent_on=submitted.date(),
            consent_given_by="Ouder",
            status=status,
            submitted_at=submitted,
            status_since=submitted,
        )
        for i in range(count)
    )
    if intake_days is not None:
        Intake.objects.bulk_create(
            Intake(
                referral=r,
                school_information="-",
                received_on=submitted.date(),
                recorded_by=referrer.user,
                recorded_at=submitted + dt.timedelta(days=intake_days),
            )
            for r in made
        )


def contact_point(region: Region) -> ContactPoint:
    municipality = Organisation.objects.filter(
        region=region, type=OrganisationType.MUNICIPALITY
    ).first()
    assert municipality is not None
    return ContactPoint.objects.create(
        region=region, kind=ContactPointKind.MUNICIPALITY, organisation=municipality, name="Punt"
    )


def concerns(
    cases: list[Case],
    point: ContactPoint,
    concerned: Organisation,
    by: User,
    *,
    kind: str,
    ack_days: int | None,
    from_family: bool = False,
) -> None:
    reported = day_in(days=100)
    Concern.objects.bulk_create(
        Concern(
            case=case,
            contact_point=point,
            kind=kind,
            concerned=concerned,
            what="Geheime zorg",
            since=reported,
            reporter=by,
            reporter_organisation="Test",
            from_family=from_family,
            status=ConcernStatus.RECEIVED if ack_days is None else ConcernStatus.ACKNOWLEDGED,
            reported_at=moment(reported),
            acknowledge_due=reported + dt.timedelta(days=5),
            acknowledged_at=None if ack_days is None else moment(reported + dt.timedelta(ack_days)),
        )
        for case in cases
    )


def meldcode_steps(
    cases: list[Case], by: User, step: str, *, decision: str = "", year: int = LAST_YEAR
) -> None:
    MeldcodeStep.objects.bulk_create(
        MeldcodeStep(
            case=case,
            step=step,
            decision=decision,
            done_on=day_in(year, days=90),
            note="Geheime zorg over thuis",
            by=by,
            by_organisation="Basisschool De Test",
            recorded_at=moment(day_in(year, days=90)),
        )
        for case in cases
    )
    services_region.refresh_region_facts()


def verwijsindex_signals(cases: list[Case], by: User, *, match_with: str = "") -> None:
    VerwijsindexSignal.objects.bulk_create(
        VerwijsindexSignal(
            case=case,
            given_on=day_in(days=100),
            match_with=match_with,
            note="Geheim signaal",
            by=by,
            by_organisation="Jeugdteam Test",
            recorded_at=moment(day_in(days=100)),
        )
        for case in cases
    )
    services_region.refresh_region_facts()
