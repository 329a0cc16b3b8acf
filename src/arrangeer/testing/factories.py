"""Factories shared by every app's tests. Traits read as sentences: UserFactory(parent=True)."""

from __future__ import annotations

import factory
from django_otp.plugins.otp_totp.models import TOTPDevice

from arrangeer.accounts.constants import AccountKind
from arrangeer.accounts.models import User
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
