"""The Startklas history's fixed data: the names, the cohorts and where those who left went,
the goals the place serves, the evaluation rounds and their realisations, and the texts of the
proposal and the business case."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ..constants import (
    Destination,
)

STARTKLAS = "Startklas De Regenboog"
SCHOOL = "Basisschool De Regenboog"
PRESCHOOL = "Peuteropvang De Boomgaard"
NOTE = "Startklas-historie (demo)"
# As the demo's other generated colleagues (demo/personas.py).
DEMO_EMAIL_DOMAIN = "demo.arrangeer.invalid"
# Per school year (oldest first): children who came in; where those who left went.
COHORTS = (13, 13, 10)
DESTINATIONS = (
    [Destination.REGULAR] * 22 + [Destination.SBO] * 2 + [Destination.SO, Destination.OTHER]
)
# The goals the Startklas place serves in the plan of every child who went through it:
# (domain, what, indicator, baseline, target).
STARTKLAS_GOALS = (
    (
        "leren",
        "Het kind speelt en leert mee in een kleine groep",
        "Observatie in de klas",
        "Speelt vooral alleen",
        "Doet mee aan de kring en het spel",
    ),
    (
        "taal",
        "Het kind vertelt in korte zinnen wat het wil of nodig heeft",
        "Taalobservatie van de leerkracht",
        "Wijst aan of gebruikt losse woorden",
        "Zegt in korte zinnen wat het wil",
    ),
    (
        "zelfredzaamheid",
        "Het kind volgt de dagstructuur van de klas zelfstandig",
        "Observatie van de onderwijsassistent",
        "Heeft bij elke overgang een volwassene nodig",
        "Gaat met de dagritmekaarten zelf naar de volgende activiteit",
    ),
)
# The Startklas evaluates each child's plan twice in the school year and at its end, before
# the outflow. Per round (1, 2, 3): reached, partly, not (the goals are reached more often
# later in the year, as in the Startklas monitor of seed 000).
EVALUATION_WEEKS = (8, 16)
STARTKLAS_REALISATION = {1: (25, 50, 25), 2: (40, 42, 18), 3: (62, 28, 10)}
# The monitor shows a count of goals only when at least this many children are behind it
# (monitor.suppression.THRESHOLD): the history has that many per realisation and round, so
# the demo's group monitor shows its goal realisation.
SHOWN_CHILDREN = 10

PROPOSAL = {
    "occasion": (
        "Op de speciale scholen en in het medisch kinderdagverblijf lopen bijna honderd "
        "losse arrangementen voor jonge kinderen. Samen inkopen is goedkoper en beter."
    ),
    "target_group": (
        "Kinderen van vier jaar die anders naar een medisch kinderdagverblijf of het speciaal "
        "onderwijs gaan."
    ),
    "problem": (
        "Jonge kinderen met een ontwikkelingsvraag beginnen hun schooltijd buiten de wijk, "
        "met veel losse trajecten en lange reistijden."
    ),
    "partners": "SWV Leiden, De Regenboog, Jeugdhulp Rijnland, de gemeenten.",
    "objective": "Zo veel mogelijk kinderen stromen na de Startklas door naar een reguliere groep.",
    "conditions": (
        "Een gespecialiseerde leerkracht, een onderwijsassistent (24 uur) en een pedagogisch "
        "professional uit de jeugdhulp, samen in één klas van twaalf."
    ),
    "perspectives": "Ouders, school en jeugdhulp kijken samen naar het kind: één plan.",
    "approach": "Onderwijs en zorg de hele schooldag in één klas in een gewone basisschool.",
    "financing": "Passend onderwijs (SWV) en Jeugdwet (gemeenten) samen.",
    "planning": "Start na de zomervakantie, evaluatie na elk schooljaar.",
}
BUSINESS_CASE = {
    "summary": "Eén groep van twaalf in plaats van twaalf losse arrangementen.",
    "societal_value": "Kinderen gaan in hun eigen wijk naar school; minder vervoer.",
    "outcome_indicators": "Aandeel naar regulier onderwijs, doelrealisatie, wachtlijst.",
    "risks": "Te weinig instroom; personeel vinden.",
    "business_financing": "SWV en gemeenten delen de kosten.",
    "business_planning": "Drie schooljaren, daarna besluit over voortzetten.",
}


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
