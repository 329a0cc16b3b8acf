"""Each demo region's reference data for plans: support-level labels (demo wording: the
Landelijk Doelgroepenmodel's own level names could not be verified, so a region sets its own),
a goal bank and made-up tariffs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from arrangeer.organisations.models import Region

from ..models import BankGoal, SupportLevelLabel, Tariff

DEMO_LEVELS = [
    "Basisondersteuning in de groep",
    "Extra aandacht van de leerkracht",
    "Extra ondersteuning door de school",
    "Ondersteuning met expertise van buiten de school",
    "Arrangement van het samenwerkingsverband",
    "Intensief onderwijs-zorgarrangement",
    "Zeer intensieve ondersteuning of speciale setting",
]

BANK = [
    (
        "onderwijs",
        "leren",
        "Leest zelfstandig een tekst op het eigen AVI-niveau",
        "AVI-toets",
        "lezen avi",
    ),
    (
        "onderwijs",
        "leren",
        "Plant zelfstandig de weektaak",
        "Weektaak af op vrijdag",
        "planning executieve functies",
    ),
    (
        "onderwijs",
        "sociaal_emotioneel",
        "Vraagt hulp aan de leerkracht als het vastloopt",
        "Observatie, turven per week",
        "hulp vragen",
    ),
    (
        "onderwijs",
        "leren",
        "Is elke ochtend op tijd op school",
        "Verzuimregistratie",
        "verzuim aanwezigheid opbouwen",
    ),
    (
        "onderwijs",
        "communicatie",
        "Vertelt in de kring over het weekend",
        "Observatie",
        "taal spreken",
    ),
    (
        "zorg",
        "thuis_gezin",
        "Een vast avondritme met rust rond bedtijd",
        "Logboek van de ouders",
        "slapen ritme opvoeding",
    ),
    (
        "zorg",
        "sociaal_emotioneel",
        "Herkent boosheid en gebruikt een afgesproken stopsignaal",
        "Logboek school en thuis",
        "boosheid emotieregulatie",
    ),
    (
        "zorg",
        "vrije_tijd",
        "Doet wekelijks mee aan een sport- of clubactiviteit",
        "Aanwezigheid bij de club",
        "sport vrije tijd",
    ),
    (
        "zorg",
        "thuis_gezin",
        "Ouders voelen zich gesteund in de opvoeding",
        "Vragenlijst ouders",
        "opvoedondersteuning ouders",
    ),
]


DEMO_TARIFFS = [
    ("45A06", "jeugdwet_zin", Decimal("72.50")),
    ("45A06", "jeugdwet_pgb", Decimal("58.00")),
]


def seed_reference(region: Region) -> None:
    for level, label in enumerate(DEMO_LEVELS, start=1):
        SupportLevelLabel.objects.get_or_create(
            region=region, level=level, defaults={"label": label}
        )
    for side, domain, what, indicator, keywords in BANK:
        BankGoal.objects.get_or_create(
            region=region,
            what=what,
            defaults={"side": side, "domain": domain, "indicator": indicator, "keywords": keywords},
        )
    # Made-up tariffs of the demo region: the care modules' product code has one, the
    # education modules have none ("geen tarief" in the funding overview).
    for code, framework, price in DEMO_TARIFFS:
        Tariff.objects.get_or_create(
            region=region,
            product_code=code,
            funding_framework=framework,
            unit="uren",
            valid_from=dt.date(2025, 1, 1),
            defaults={"price": price},
        )
