"""Factories shared by every app's tests. Traits read as sentences: UserFactory(parent=True)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

import factory
from django_otp.plugins.otp_totp.models import TOTPDevice

from arrangeer.accounts.constants import AccountKind
from arrangeer.accounts.models import User
from arrangeer.cases.models import Case
from arrangeer.organisations.constants import OrganisationType, Role, SchoolSector
from arrangeer.organisations.models import Membership, Organisation, Region

PASSWORD = "Een-lang-testwachtwoord-42"


class RegionFactory(factory.django.DjangoModelFactory[Region]):
    class Meta:
        model = Region
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Regio {n}")
    slug = factory.Sequence(lambda n: f"regio-{n}")


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Organisatie {n}")
    type = OrganisationType.YOUTH_TEAM

    class Params:
        school = factory.Trait(
            type=OrganisationType.SCHOOL,
            sector=SchoolSector.PO,
            name=factory.Sequence(lambda n: f"Basisschool {n}"),
        )
        swv = factory.Trait(type=OrganisationType.SWV)
        leerplicht = factory.Trait(type=OrganisationType.LEERPLICHT)
        provider = factory.Trait(type=OrganisationType.CARE_PROVIDER)
        municipality = factory.Trait(type=OrganisationType.MUNICIPALITY)
        jgz = factory.Trait(type=OrganisationType.JGZ)


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    email = factory.LazyAttribute(lambda u: f"{u.username}@test.arrangeer.invalid")
    kind = AccountKind.PROFESSIONAL
    password = factory.django.Password(PASSWORD)

    class Params:
        parent = factory.Trait(kind=AccountKind.PARENT)
        youth = factory.Trait(kind=AccountKind.YOUTH)
        with_totp = factory.Trait(
            totp=factory.RelatedFactory(
                "arrangeer.testing.factories.TOTPDeviceFactory", factory_related_name="user"
            )
        )


class TOTPDeviceFactory(factory.django.DjangoModelFactory[TOTPDevice]):
    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(UserFactory)
    name = "authenticator"
    confirmed = True


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.YOUTH_WORKER


def _adopt_plan(case: Case, create: bool, extracted: object, **kwargs: object) -> None:
    """A plan of needs, a goal and a module, sent, agreed by the parents, adopted: through the
    plan services, as a regisseur would."""
    from arrangeer.testing.plans import PlanWork

    work = PlanWork(case.regisseur, case, case.initiating_organisation)
    work.record_needs()
    work.set_goal()
    work.arrange_and_adopt()


def _close(case: Case, create: bool, extracted: object, **kwargs: object) -> None:
    """Closed by the regisseur through the case services (the child moved away)."""
    from arrangeer.cases import services
    from arrangeer.cases.access import Actor, access_case

    services.close_case(access_case(Actor(case.regisseur), case.uuid), reason="moved")
    case.refresh_from_db()


def _add_youth_worker(case: Case, create: bool, extracted: object, **kwargs: object) -> None:
    """A youth team worker of the case's region, an active member of the team."""
    from arrangeer.cases.constants import MemberBasis, MemberStatus
    from arrangeer.cases.models import TeamMember

    team = OrganisationFactory.create(region=case.region, name="Jeugdteam Noord")
    worker = MembershipFactory.create(organisation=team, role=Role.YOUTH_WORKER)
    TeamMember.objects.create(
        case=case,
        membership=worker,
        status=MemberStatus.ACTIVE,
        basis=MemberBasis.LEGAL_TASK_YOUTH_TEAM,
        proposed_by=case.regisseur,
        decided_at=timezone.now(),
        decided_by=case.regisseur,
    )


class CaseFactory(factory.django.DjangoModelFactory[Case]):
    """An open case, opened through `cases.opening.open_case` by a school's support
    coordinator (the regisseur) for a pupil of ten with one parent with gezag.
    Traits: adopted=True (a plan with an adopted version), closed=True, with_team=True (a
    youth team worker on the team)."""

    class Meta:
        model = Case
        skip_postgeneration_save = True

    # Everything is read by _create, which opens the case. Pass `opener` (a coordinator's
    # membership, a world's) to open it at an existing school.
    opener = factory.SubFactory(
        MembershipFactory,
        organisation=factory.SubFactory(OrganisationFactory, school=True),
        role=Role.COORDINATOR,
    )
    first_name = "Sem"
    last_name = factory.Sequence(lambda n: f"de Vries {n}")
    age = 10
    parent_first_name = "Anna"

    class Params:
        adopted = factory.Trait(adopt=factory.PostGeneration(_adopt_plan))
        closed = factory.Trait(close=factory.PostGeneration(_close))
        with_team = factory.Trait(youth_worker=factory.PostGeneration(_add_youth_worker))

    @classmethod
    def _create(cls, model_class: type[Case], *args: Any, **kwargs: Any) -> Case:
        from arrangeer.cases.access import Actor
        from arrangeer.cases.opening import open_case
        from arrangeer.children.ages import years_before

        opener: Membership = kwargs["opener"]
        return open_case(
            actor=Actor(opener.user),
            membership=opener,
            child_fields={
                "first_name": kwargs["first_name"],
                "last_name": kwargs["last_name"],
                "date_of_birth": years_before(timezone.localdate(), kwargs["age"]),
            },
            representatives=[
                {
                    "first_name": kwargs["parent_first_name"],
                    "last_name": kwargs["last_name"],
                    "relation": "ouder",
                    "has_authority": True,
                }
            ],
        )
