"""The toddlers waiting for the Startklas' joint intake: children of the region's
peuteropvang (`Organisation.preschool`), the peuteropvang and the school on their team with the
parents' consent, each with a draft plan."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from faker import Faker

from arrangeer.accounts.constants import AccountKind
from arrangeer.accounts.models import User
from arrangeer.cases.constants import MemberBasis, MemberStatus
from arrangeer.cases.demo import professional_first_names
from arrangeer.cases.models import Case, TeamMember
from arrangeer.children.ages import months_before
from arrangeer.children.models import Child, LegalRepresentative
from arrangeer.consents.constants import Evidence
from arrangeer.consents.models import Consent
from arrangeer.organisations.constants import OrganisationType, PreschoolKind, Role
from arrangeer.organisations.models import Membership, Organisation, Region
from arrangeer.plans.constants import (
    PlanStatus,
    Side,
)
from arrangeer.plans.models import Goal, Plan
from arrangeer.vocabulary import AgeBand, DataCategory

from ..models import GroupArrangement
from .children import case_of
from .data import DEMO_EMAIL_DOMAIN, PRESCHOOL


def intake_candidates(
    group: GroupArrangement,
    coordinator: Membership,
    teacher: Membership,
    case_route: object,
    names: list[str],
    rng: random.Random,
    faker: Faker,
    today: dt.date,
) -> None:
    """Two toddlers of the region's peuteropvang who reached the intake age this year, their
    joint intake still to come: not at school yet, the peuteropvang and the Startklas' school
    on their team with the parents' consent; each with a plan holding the education goal the
    place will serve."""
    school = group.school
    assert school is not None
    preschool = _preschool(group.region, rng.randint(0, 10_000))
    children = [
        Child(
            first_name=rng.choice(names),
            last_name=faker.last_name(),
            date_of_birth=months_before(today, months),
        )
        for months in (43, 46)
    ]
    Child.objects.bulk_create(children)
    parents = LegalRepresentative.objects.bulk_create(
        LegalRepresentative(
            child=c,
            first_name=faker.first_name(),
            last_name=c.last_name,
            relation="ouder",
            has_authority=True,
        )
        for c in children
    )
    cases = [
        case_of(
            child,
            group,
            coordinator,
            case_route,
            closed_on=None,
            destination="",
            since=today - dt.timedelta(days=14),
            first=True,
        )
        for child in children
    ]
    Case.objects.bulk_create(cases)
    _consented_teams(
        cases, parents, school=school, team=(coordinator, teacher, preschool), today=today
    )
    _draft_plans(cases, coordinator, school, today)


def _consented_teams(
    cases: list[Case],
    parents: list[LegalRepresentative],
    *,
    school: Organisation,
    team: tuple[Membership, Membership, Membership],
    today: dt.date,
) -> None:
    """The parents' consent for the school and the peuteropvang, and the team on it: the
    coordinator, the teacher and the peuteropvang's worker (`team`, in that order)."""
    coordinator, _teacher, preschool = team
    consents = Consent.objects.bulk_create(
        Consent(
            case=case,
            organisation=organisation,
            categories=[DataCategory.EDUCATION],
            purpose="Peuteropvang en school bereiden samen de intake voor de Startklas voor.",
            given_by_representative=parent,
            age_band_at_giving=AgeBand.UNDER_12,
            valid_from=today - dt.timedelta(days=30),
            evidence=Evidence.SIGNED_FORM,
            recorded_by=coordinator.user,
        )
        for case, parent in zip(cases, parents, strict=True)
        for organisation in (school, preschool.organisation)
    )
    consent_of = {(c.case_id, c.organisation_id): c for c in consents}
    now = timezone.now()
    TeamMember.objects.bulk_create(
        TeamMember(
            case=case,
            membership=membership,
            status=MemberStatus.ACTIVE,
            basis=MemberBasis.CONSENT,
            consent=consent_of[(case.pk, membership.organisation_id)],
            proposed_by=coordinator.user,
            decided_at=now,
            decided_by=coordinator.user,
        )
        for case in cases
        for membership in team
    )


def _draft_plans(
    cases: list[Case], coordinator: Membership, school: Organisation, today: dt.date
) -> None:
    """A draft plan per toddler holding the education goal the place will serve."""
    plans = [
        Plan(case=case, status=PlanStatus.DRAFT, created_by=coordinator.user) for case in cases
    ]
    Plan.objects.bulk_create(plans)
    Goal.objects.bulk_create(
        Goal(
            plan=plan,
            category=DataCategory.EDUCATION,
            author=coordinator.user,
            author_organisation=school.name,
            updated_by=coordinator.user,
            side=Side.EDUCATION,
            domain="leren",
            what="Het kind speelt en leert mee in een kleine groep",
            indicator="Observatie in de klas",
            baseline="Speelt vooral alleen",
            target="Doet mee aan de kring en het spel",
            deadline=today + dt.timedelta(days=180),
            owner="Het kind, met de leerkracht",
            scale="behaald",
        )
        for plan in plans
    )


def _preschool(region: Region, seed: int) -> Membership:
    """The region's peuteropvang whose children come to the Startklas' intake (a care
    provider that runs a preschool facility), with its pedagogical worker."""
    organisation, _created = Organisation.objects.get_or_create(
        region=region,
        name=PRESCHOOL,
        defaults={
            "type": OrganisationType.CARE_PROVIDER,
            "preschool": PreschoolKind.PEUTEROPVANG,
            "municipality": "Leiden",
        },
    )
    found = Membership.objects.filter(organisation=organisation).order_by("pk").first()
    if found is not None:
        return found
    rng = random.Random(seed + 1)
    faker = Faker("nl_NL")
    faker.seed_instance(seed + 1)
    user = User.objects.create(
        username="peuteropvang",
        first_name=rng.choice(professional_first_names()),
        last_name=faker.last_name(),
        email=f"peuteropvang@{DEMO_EMAIL_DOMAIN}",
        kind=AccountKind.PROFESSIONAL,
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    return Membership.objects.create(user=user, organisation=organisation, role=Role.CARE_WORKER)
