"""The demo region's people: one persona per role, shaped after the sources, with a password
and an authenticator `make run` prints, and generated colleagues at every organisation so a
generated case always has people for its team. `seed_region` loads the regions
(demo/regions.py) and them.

People are fictional. Everything is created idempotently by natural key, so running the seed
twice changes nothing.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import random
from dataclasses import dataclass

from django.db import transaction

from django_otp.plugins.otp_totp.models import TOTPDevice
from faker import Faker

from arrangeer.accounts.constants import AccountKind
from arrangeer.accounts.models import User
from arrangeer.cases.demo import professional_first_names
from arrangeer.organisations.constants import OrganisationType as T
from arrangeer.organisations.constants import Role
from arrangeer.organisations.models import Membership, Organisation, Region
from arrangeer.organisations.services import sync_functional_admin
from arrangeer.quality import demo as quality_demo

# The regions, where the management commands and the benchmark have always found them.
from .regions import ALKMAAR as ALKMAAR
from .regions import HOLLAND_RIJNLAND as HOLLAND_RIJNLAND
from .regions import REGIONS as REGIONS
from .regions import RegionSpec as RegionSpec
from .regions import link_schools as link_schools
from .regions import seed_contact_points, seed_ladders, seed_organisations, seed_routes

DEMO_PASSWORD = "Arrangeer-demo-2026"  # noqa: S105 - printed on purpose: demo accounts only
DEMO_EMAIL_DOMAIN = "demo.arrangeer.invalid"


@dataclass(frozen=True)
class Persona:
    username: str
    first_name: str
    last_name: str
    kind: str
    role: str | None
    organisation: str | None
    description: str
    region: str = "holland-rijnland"


def demo_totp_key(username: str) -> str:
    """A fixed authenticator secret per demo persona, so `make run` can print it."""
    return hashlib.sha256(f"arrangeer-demo:{username}".encode()).hexdigest()[:40]


def demo_totp_base32(username: str) -> str:
    return base64.b32encode(binascii.unhexlify(demo_totp_key(username))).decode()


def personas() -> list[Persona]:
    return [
        *_school_staff(),
        *_care_and_support(),
        *_public_bodies(),
        *_region_roles(),
        *_family(),
    ]


def _school_staff() -> list[Persona]:
    """The schools' people: the coordinators of both regions and two teachers."""
    hr = HOLLAND_RIJNLAND
    return [
        Persona(
            "coordinator",
            "Marieke",
            "de Vries",
            AccountKind.PROFESSIONAL,
            Role.COORDINATOR,
            hr.schools[0][0],
            "ondersteuningscoördinator, De Regenboog (Leiden)",
        ),
        Persona(
            "coordinator_alkmaar",
            "Wendy",
            "Schouten",
            AccountKind.PROFESSIONAL,
            Role.COORDINATOR,
            ALKMAAR.schools[0][0],
            "ondersteuningscoördinator, De Kraaienhorst (Alkmaar): route in vijf fasen",
            region=ALKMAAR.slug,
        ),
        Persona(
            "leerkracht",
            "Sander",
            "Bakker",
            AccountKind.PROFESSIONAL,
            Role.TEACHER,
            hr.schools[0][0],
            "leerkracht, De Regenboog (Leiden)",
        ),
        Persona(
            "leerkracht_ander",
            "Fatima",
            "El Amrani",
            AccountKind.PROFESSIONAL,
            Role.TEACHER,
            hr.schools[1][0],
            "leerkracht van een andere school, Het Kompas",
        ),
    ]


def _care_and_support() -> list[Persona]:
    """The youth teams, the SWV and the care provider."""
    hr = HOLLAND_RIJNLAND
    return [
        Persona(
            "jeugdteam",
            "Joost",
            "Visser",
            AccountKind.PROFESSIONAL,
            Role.YOUTH_WORKER,
            "Jeugd- en gezinsteam Leiden",
            "jeugd- en gezinscoach, JGT Leiden",
        ),
        Persona(
            "jeugdteam_ander",
            "Ilse",
            "Mulder",
            AccountKind.PROFESSIONAL,
            Role.YOUTH_WORKER,
            "Jeugd- en gezinsteam Leiden",
            "jeugd- en gezinscoach, niet in teams van de demo",
        ),
        Persona(
            "swv",
            "Peter",
            "Jansen",
            AccountKind.PROFESSIONAL,
            Role.SWV_SPECIALIST,
            hr.swv,
            "onderwijsspecialist SWV",
        ),
        Persona(
            "zorgaanbieder",
            "Yvonne",
            "Smit",
            AccountKind.PROFESSIONAL,
            Role.CARE_WORKER,
            hr.providers[0],
            "medewerker gespecialiseerde jeugdhulp",
        ),
    ]


def _public_bodies() -> list[Persona]:
    """Leerplicht, the JGZ and the Integraal Loket."""
    hr = HOLLAND_RIJNLAND
    return [
        Persona(
            "leerplicht",
            "Karim",
            "Haddou",
            AccountKind.PROFESSIONAL,
            Role.LEERPLICHT_OFFICER,
            "Leerplicht Leiden",
            "leerplichtambtenaar",
        ),
        Persona(
            "jgz",
            "Anouk",
            "Dekker",
            AccountKind.PROFESSIONAL,
            Role.JGZ_WORKER,
            "JGZ Holland Rijnland",
            "jeugdarts JGZ",
        ),
        Persona(
            "loket",
            "Femke",
            "van Leeuwen",
            AccountKind.PROFESSIONAL,
            Role.INTEGRAL_DESK_ADVISER,
            f"Integraal Loket {hr.name}",
            "adviseur Integraal Loket (adviseert Ayoubs team, met toestemming voor het Loket)",
        ),
    ]


def _region_roles() -> list[Persona]:
    """The region's policy officers, its quality contact point and functional management."""
    hr = HOLLAND_RIJNLAND
    return [
        Persona(
            "beleid",
            "Hans",
            "Vermeulen",
            AccountKind.PROFESSIONAL,
            Role.POLICY_OFFICER,
            "Gemeente Leiden",
            "beleidsmedewerker (alleen geaggregeerde cijfers)",
        ),
        Persona(
            "beleid_swv",
            "Margriet",
            "Brouwer",
            AccountKind.PROFESSIONAL,
            Role.POLICY_OFFICER,
            hr.swv,
            "beleidsmedewerker SWV: de monitor van de scholen van het SWV (geaggregeerd)",
        ),
        Persona(
            "kwaliteit",
            "Ruud",
            "Kok",
            AccountKind.PROFESSIONAL,
            Role.POLICY_OFFICER,
            "Gemeente Leiden",
            "accountmanager contractbeheer: behandelt meldingen bij het meldpunt kwaliteit",
        ),
        Persona(
            "beheer",
            "Linda",
            "Hoekstra",
            AccountKind.PROFESSIONAL,
            Role.FUNCTIONAL_ADMIN,
            hr.swv,
            "functioneel beheerder (geen kinddata)",
        ),
    ]


def _family() -> list[Persona]:
    """The family: a parent with gezag, one without, and two young people."""
    return [
        Persona(
            "ouder",
            "Sanne",
            "de Boer",
            AccountKind.PARENT,
            None,
            None,
            "moeder van Daan, met gezag; portaal: /gezin/",
        ),
        Persona(
            "ouder_zonder_gezag",
            "Mark",
            "de Boer",
            AccountKind.PARENT,
            None,
            None,
            "vader van Daan, zonder gezag; portaal: /gezin/",
        ),
        Persona(
            "jongere12",
            "Daan",
            "de Boer",
            AccountKind.YOUTH,
            None,
            None,
            "Daan, 12, groep 8 van De Regenboog; portaal: /gezin/",
        ),
        Persona(
            "jongere17",
            "Lotte",
            "Kramer",
            AccountKind.YOUTH,
            None,
            None,
            "Lotte, 17, MBO Rijnland Vakschool; portaal: /gezin/",
        ),
    ]


def _persona_user(persona: Persona) -> User:
    user, created = User.objects.get_or_create(
        username=persona.username,
        defaults={
            "first_name": persona.first_name,
            "last_name": persona.last_name,
            "email": f"{persona.username}@{DEMO_EMAIL_DOMAIN}",
            "kind": persona.kind,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        TOTPDevice.objects.create(
            user=user, name="authenticator", key=demo_totp_key(user.username), confirmed=True
        )
    return user


def _colleagues(region: Region, faker: Faker, rng: random.Random) -> None:
    """Coordinators and teachers at every school, workers at every team and provider, so a
    generated case always has people to put on its team."""
    per_type: dict[str, list[str]] = {
        T.SCHOOL: [Role.COORDINATOR, Role.TEACHER],
        T.YOUTH_TEAM: [Role.YOUTH_WORKER],
        T.CARE_PROVIDER: [Role.CARE_WORKER],
        T.SWV: [Role.SWV_SPECIALIST],
        T.LEERPLICHT: [Role.LEERPLICHT_OFFICER],
        T.JGZ: [Role.JGZ_WORKER],
    }
    names = professional_first_names()
    for org in Organisation.objects.filter(region=region).order_by("pk"):
        for role in per_type.get(org.type, []):
            if Membership.objects.filter(organisation=org, role=role).exists():
                continue
            first, last = rng.choice(names), faker.last_name()
            base = f"{region.slug[:3]}-{org.pk}-{role[:6]}"
            user = User.objects.create(
                username=base,
                first_name=first,
                last_name=last,
                email=f"{base}@{DEMO_EMAIL_DOMAIN}",
                kind=AccountKind.PROFESSIONAL,
            )
            user.set_unusable_password()
            user.save(update_fields=["password"])
            Membership.objects.create(user=user, organisation=org, role=role)


@transaction.atomic
def seed_region(*, seed: int = 2026) -> None:
    rng = random.Random(seed)
    faker = Faker("nl_NL")
    faker.seed_instance(seed)
    for spec in REGIONS:
        region, _ = Region.objects.get_or_create(slug=spec.slug, defaults={"name": spec.name})
        seed_organisations(region, spec, rng)
    regions = {r.slug: r for r in Region.objects.filter(slug__in=[s.slug for s in REGIONS])}
    for persona in personas():
        user = _persona_user(persona)
        if persona.role and persona.organisation:
            org = Organisation.objects.get(
                region=regions[persona.region], name=persona.organisation
            )
            Membership.objects.get_or_create(user=user, organisation=org, role=persona.role)
            if persona.role == Role.FUNCTIONAL_ADMIN:
                sync_functional_admin(user)
    for region in Region.objects.filter(slug__in=[s.slug for s in REGIONS]):
        _colleagues(region, faker, rng)
    seed_routes(regions)
    seed_ladders(regions)
    seed_contact_points(regions)


def seed_quality_concern() -> None:
    """Daan's mother reports a concern about his youth care provider to the municipality's
    contact point (after the persona stories, so the provider is on his team)."""
    from arrangeer.cases.models import Case

    case = (
        Case.objects.filter(child__bsn="111222333", status="open")
        .select_related("child", "region")
        .first()
    )
    parent = User.objects.filter(username="ouder").first()
    if case is None or parent is None:
        return
    quality_demo.seed_concern(case, parent=parent, provider_name=HOLLAND_RIJNLAND.providers[0])
