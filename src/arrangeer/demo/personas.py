"""The demo region: organisations and one persona per role, shaped after the sources.

Regions and municipalities carry real names (allowed by DOMAIN.md); schools, providers and
people are fictional. Everything is created idempotently by natural key, so running the
seed twice changes nothing.
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
from arrangeer.escalations import demo as escalation_demo
from arrangeer.organisations.constants import OrganisationType as T
from arrangeer.organisations.constants import Role
from arrangeer.organisations.constants import SchoolSector as S
from arrangeer.organisations.models import Membership, Organisation, Region, SchoolBoard
from arrangeer.organisations.services import sync_functional_admin
from arrangeer.quality import demo as quality_demo

DEMO_PASSWORD = "Arrangeer-demo-2026"  # noqa: S105 - printed on purpose: demo accounts only
DEMO_EMAIL_DOMAIN = "demo.arrangeer.invalid"


@dataclass(frozen=True)
class RegionSpec:
    name: str
    slug: str
    swv: str
    municipalities: tuple[str, ...]
    schools: tuple[tuple[str, str, str], ...]  # name, sector, place
    providers: tuple[str, ...]


HOLLAND_RIJNLAND = RegionSpec(
    name="Holland Rijnland",
    slug="holland-rijnland",
    swv="Samenwerkingsverband Passend Onderwijs Rijn en Duin",
    municipalities=("Leiden", "Leiderdorp", "Katwijk", "Alphen aan den Rijn"),
    schools=(
        ("Basisschool De Regenboog", S.PO, "Leiden"),
        ("Basisschool Het Kompas", S.PO, "Leiderdorp"),
        ("Basisschool De Zeester", S.PO, "Katwijk"),
        ("Openbare Basisschool De Windroos", S.PO, "Alphen aan den Rijn"),
        ("SBO De Brug", S.SBO, "Leiden"),
        ("Het Rijnlands Lyceum Zuid", S.VO, "Leiden"),
        ("Duin en Bollen College", S.VO, "Katwijk"),
        ("Groene Hart Scholengemeenschap", S.VO, "Alphen aan den Rijn"),
        ("Mytylschool De Horizon", S.SO, "Leiden"),
        ("VSO De Sleutel", S.VSO, "Leiderdorp"),
        ("MBO Rijnland Vakschool", S.MBO, "Leiden"),
        ("Basisschool De Vlinder", S.PO, "Leiden"),
    ),
    providers=(
        "Jeugdhulp De Linde",
        "Kinder- en Jeugdpsychiatrie Rijnstreek",
        "Gezinshuis De Hoeve",
    ),
)

ALKMAAR = RegionSpec(
    name="Regio Alkmaar",
    slug="alkmaar",
    swv="Samenwerkingsverband Noord-Kennemerland Passend Leren",
    municipalities=("Alkmaar", "Bergen", "Heiloo", "Castricum", "Dijk en Waard"),
    schools=(
        ("Basisschool De Kraaienhorst", S.PO, "Alkmaar"),
        ("Basisschool Het Duinpad", S.PO, "Bergen"),
        ("Basisschool De Ooievaar", S.PO, "Heiloo"),
        ("Basisschool De Kieviet", S.PO, "Castricum"),
        ("SBO Het Baken", S.SBO, "Alkmaar"),
        ("Petrus Canisius Scholengroep West", S.VO, "Alkmaar"),
        ("Jan Arentsz Scholengemeenschap", S.VO, "Alkmaar"),
        ("Bonhoeffer Scholengemeenschap", S.VO, "Castricum"),
        ("SO De Watermolen", S.SO, "Alkmaar"),
        ("VSO Het Tij", S.VSO, "Heiloo"),
        ("Noord-Kennemer Vakcollege MBO", S.MBO, "Alkmaar"),
        ("Startklas De Kleine Boog", S.PO, "Dijk en Waard"),
    ),
    providers=("Jeugdzorg Kennemerduin", "Ouder-Kindcentrum De Polder", "Autismeteam Noord"),
)

REGIONS = (HOLLAND_RIJNLAND, ALKMAAR)


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


def _brin(rng: random.Random) -> str:
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    return f"{rng.randint(10, 99)}{rng.choice(letters)}{rng.choice(letters)}"


def _digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randint(0, 9)) for _ in range(n))


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


def _organisations_for(region: Region, spec: RegionSpec, rng: random.Random) -> None:
    def make(name: str, type_: str, **extra: str) -> Organisation:
        org, _ = Organisation.objects.get_or_create(
            region=region, name=name, defaults={"type": type_, **extra}
        )
        return org

    make(spec.swv, T.SWV, kvk=_digits(rng, 8))
    for municipality in spec.municipalities:
        make(f"Gemeente {municipality}", T.MUNICIPALITY, municipality=municipality)
        make(f"Jeugd- en gezinsteam {municipality}", T.YOUTH_TEAM, municipality=municipality)
    make(f"Leerplicht {spec.municipalities[0]}", T.LEERPLICHT, municipality=spec.municipalities[0])
    make(f"JGZ {spec.name}", T.JGZ, agb=_digits(rng, 8))
    make(f"Integraal Loket {spec.name}", T.INTEGRAL_DESK)
    make(f"Zorgkantoor {spec.name}", T.ZORGKANTOOR)
    make("Zorgverzekeraar Zorg en Zekerheid Demo", T.HEALTH_INSURER)
    for provider in spec.providers:
        make(provider, T.CARE_PROVIDER, agb=_digits(rng, 8), kvk=_digits(rng, 8))
    for name, sector, place in spec.schools:
        if Organisation.objects.filter(region=region, name=name).exists():
            continue
        brin = _brin(rng)
        while Organisation.objects.filter(brin=brin).exists():
            brin = _brin(rng)
        make(name, T.SCHOOL, sector=sector, municipality=place, brin=brin)
    _school_links(region, spec)


# The demo's school boards by the sectors of their schools; the region's SWV holds its PO and
# VO schools (special education included), not the MBO, which has no SWV.
BOARDS = (
    ("Stichting Primair Onderwijs", (S.PO, S.SBO, S.SO)),
    ("Stichting Voortgezet Onderwijs", (S.VO, S.VSO)),
    ("ROC", (S.MBO,)),
)
SWV_SECTORS = (S.PO, S.SBO, S.SO, S.VO, S.VSO)


def _school_links(region: Region, spec: RegionSpec) -> None:
    """Each school's SWV and board, set once: a school that has them keeps its own."""
    schools = Organisation.objects.filter(region=region, type=T.SCHOOL)
    swv = Organisation.objects.get(region=region, name=spec.swv)
    schools.filter(swv__isnull=True, sector__in=SWV_SECTORS).update(swv=swv)
    for prefix, sectors in BOARDS:
        board, _ = SchoolBoard.objects.get_or_create(region=region, name=f"{prefix} {spec.name}")
        schools.filter(school_board__isnull=True, sector__in=sectors).update(school_board=board)


def link_schools() -> None:
    """The SWV and board of every school of the demo regions that has none yet, as
    `seed_region` links its own: for schools added later (the bulk loader's generated
    schools, which belong to an SWV and a board as every school in the country does)."""
    for spec in REGIONS:
        region = Region.objects.filter(slug=spec.slug).first()
        if region is not None:
            _school_links(region, spec)


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
        _organisations_for(region, spec, rng)
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
    _routes(regions)
    _ladders(regions)
    _contact_points(regions)


def _ladders(regions: dict[str, Region]) -> None:
    """Each demo region's escalatieladder: the SWV's bestuur at level 3, the first
    municipality's doorbraakfunctionaris at the last level."""
    for spec in REGIONS:
        region = regions[spec.slug]
        escalation_demo.seed_ladder(
            region,
            board=Organisation.objects.get(region=region, name=spec.swv),
            breakthrough=Organisation.objects.get(
                region=region, name=f"Gemeente {spec.municipalities[0]}"
            ),
        )


# Who handles concerns at the first municipality's quality contact point of Holland Rijnland.
QUALITY_HANDLER = "kwaliteit"


def _contact_points(regions: dict[str, Region]) -> None:
    """Each demo region's quality contact points: the first municipality's, handled by an
    account manager (the persona in Holland Rijnland, a policy officer elsewhere), and the
    SWV's, handled by an education specialist for concerns about school."""
    for spec in REGIONS:
        region = regions[spec.slug]
        municipality = Organisation.objects.get(
            region=region, name=f"Gemeente {spec.municipalities[0]}"
        )
        swv = Organisation.objects.get(region=region, name=spec.swv)
        handler = (
            Membership.objects.filter(organisation=municipality, user__username=QUALITY_HANDLER)
            .order_by("pk")
            .first()
            or Membership.objects.filter(organisation=municipality, role=Role.POLICY_OFFICER)
            .order_by("pk")
            .first()
        )
        quality_demo.seed_contact_points(
            region,
            municipality=municipality,
            swv=swv,
            municipality_handler=handler,
            swv_handler=Membership.objects.filter(organisation=swv, role=Role.SWV_SPECIALIST)
            .order_by("pk")
            .first(),
        )


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


# Each demo region works with the route of its own source document (seeds 002 and 003).
DEMO_ROUTES = {
    HOLLAND_RIJNLAND.slug: "Routekaart integraal arrangeren Holland Rijnland",
    ALKMAAR.slug: "Routekaart onderwijs-zorgarrangementen regio Alkmaar",
}


def _routes(regions: dict[str, Region]) -> None:
    from arrangeer.routes.models import Route
    from arrangeer.routes.services import adopt_route

    for slug, name in DEMO_ROUTES.items():
        region = regions[slug]
        if Route.objects.filter(region=region, is_active=True).exists():
            continue
        model = Route.objects.filter(region__isnull=True, name=name).order_by("-version").first()
        if model is not None:
            adopt_route(model, region=region)
