"""The demo regions: their organisations, school boards and SWV, the route each works with,
the escalatieladder and the quality contact points.

Regions and municipalities carry real names (allowed by DOMAIN.md); schools, providers and
people are fictional. Everything is created idempotently by natural key, so running the
seed twice changes nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from arrangeer.escalations import demo as escalation_demo
from arrangeer.organisations.constants import OrganisationType as T
from arrangeer.organisations.constants import Role
from arrangeer.organisations.constants import SchoolSector as S
from arrangeer.organisations.models import Membership, Organisation, Region, SchoolBoard
from arrangeer.quality import demo as quality_demo


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


def _brin(rng: random.Random) -> str:
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    return f"{rng.randint(10, 99)}{rng.choice(letters)}{rng.choice(letters)}"


def _digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randint(0, 9)) for _ in range(n))


def seed_organisations(region: Region, spec: RegionSpec, rng: random.Random) -> None:
    """The region's organisations of `spec` (identifiers drawn from `rng`; a school's BRIN
    unique), each school linked to its SWV and board."""

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


# Each demo region works with the route of its own source document (seeds 002 and 003).
DEMO_ROUTES = {
    HOLLAND_RIJNLAND.slug: "Routekaart integraal arrangeren Holland Rijnland",
    ALKMAAR.slug: "Routekaart onderwijs-zorgarrangementen regio Alkmaar",
}


def seed_routes(regions: dict[str, Region]) -> None:
    """Each demo region adopts the model route of its source document, unless it has a route."""
    from arrangeer.routes.models import Route
    from arrangeer.routes.services import adopt_route

    for slug, name in DEMO_ROUTES.items():
        region = regions[slug]
        if Route.objects.filter(region=region, is_active=True).exists():
            continue
        model = Route.objects.filter(region__isnull=True, name=name).order_by("-version").first()
        if model is not None:
            adopt_route(model, region=region)


def seed_ladders(regions: dict[str, Region]) -> None:
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


def seed_contact_points(regions: dict[str, Region]) -> None:
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
