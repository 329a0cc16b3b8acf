"""What each persona child's plan says (demo/stories.py walks the cases): the child on two
domains, an education and a care goal with a module each that fits where it takes place, and
the child's own view."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from arrangeer.cases import demo as case_demo
from arrangeer.cases.models import Case


@dataclass(frozen=True)
class PlanStory:
    """What one persona child's plan says: the child on two domains, an education and a care
    goal and a module for each that fits where it takes place, and the child's own view."""

    going_well: str
    needs_attention: str
    school_need: str
    education_goal: dict[str, str]
    education_module: dict[str, Any]
    care_goal: dict[str, str]
    care_module: dict[str, Any]
    child_view: str


def _reading(first: str) -> tuple[dict[str, str], dict[str, Any]]:
    return (
        {
            "what": f"{first} begrijpt een tekst op het eigen niveau",
            "indicator": "Toets begrijpend lezen, score 0 tot 10",
            "baseline": "Score 4",
            "target": "Score 7",
            "owner": f"{first}, met de leerkracht",
        },
        {
            "title": "Leesbegeleiding in kleine groep",
            "function": "versterken",
            "place": "school",
            "method_description": "Drie keer per week begrijpend lezen met de intern begeleider.",
            "method_rationale": "Korte, herhaalde oefening met directe feedback helpt bij lezen.",
        },
    )


def _calm_in_class(first: str, pronoun: str) -> tuple[dict[str, str], dict[str, Any]]:
    return (
        {
            "what": f"{first} herkent boosheid en gebruikt het afgesproken stopsignaal",
            "indicator": "Logboek van school en thuis",
            "baseline": "Vier uitbarstingen per week",
            "target": "Hooguit één uitbarsting per week",
            "owner": f"{first}, met de gezinscoach en de leerkracht",
        },
        {
            "title": "Jeugdhulp in de klas: oefenen met het stopsignaal",
            "function": "versterken",
            "place": "school",
            "intensity_unit": "sessies",
            "method_description": (
                f"De gezinscoach oefent wekelijks in de klas met {first}; thuis gebruiken de "
                f"ouders hetzelfde signaal als {pronoun} boos wordt."
            ),
            "method_rationale": "Eén signaal op school en thuis maakt het voorspelbaar.",
        },
    )


def _evening(first: str, pronoun: str, function: str) -> tuple[dict[str, str], dict[str, Any]]:
    return (
        {
            "what": "Rust in huis rond bedtijd",
            "indicator": "Logboek van de ouders",
            "baseline": "Vier avonden per week ruzie",
            "target": "Hooguit één avond per week",
            "owner": "Ouders, met de gezinscoach",
        },
        {
            "title": "Gezinsbegeleiding thuis",
            "function": function,
            "place": "thuis",
            "intensity_unit": "sessies",
            "method_description": (
                f"Wekelijks gesprek thuis over ritme en afspraken, zodat {first} uitgerust "
                f"is als {pronoun} naar school gaat."
            ),
            "method_rationale": "Kleine vaste afspraken thuis geven rust.",
        },
    )


def story_of(case: Case) -> PlanStory:
    persona = case_demo.PERSONA_BY_BSN[case.child.bsn]
    first, pronoun = persona.first_name, persona.pronoun
    reading = _reading(first)
    if first == "Lotte":
        return PlanStory(
            going_well=f"{first} is goed met haar handen en weet wat ze wil: de zorg in.",
            needs_attention="Sinds de zomer niet meer op school; plannen en beginnen lukt niet.",
            school_need="Een opbouwrooster en een vaste mentor op school.",
            education_goal={
                "what": f"{first} volgt weer lessen op school",
                "indicator": "Aanwezig volgens het rooster, uren per week",
                "baseline": "0 uur per week",
                "target": "12 uur per week",
                "owner": f"{first}, met de mentor",
            },
            education_module={
                "title": "Opbouwrooster met een vaste mentor",
                "function": "terugleiden",
                "place": "school",
                "method_description": "Elke week meer lesuren, met een vaste start bij de mentor.",
                "method_rationale": "Stap voor stap terug, met één vast aanspreekpunt.",
            },
            care_goal={
                "what": f"{first} heeft een vast dagritme",
                "indicator": "Dagplanning, bijgehouden met de gezinscoach",
                "baseline": "Twee dagen per week een vast ritme",
                "target": "Vijf dagen per week een vast ritme",
                "owner": f"{first}, met de gezinscoach",
            },
            care_module={
                "title": "Begeleiding thuis naar een dagritme",
                "function": "terugleiden",
                "place": "thuis",
                "intensity_unit": "sessies",
                "method_description": "Wekelijks thuis de week plannen, op weg terug naar school.",
                "method_rationale": "Een vast ritme thuis maakt de stap naar school kleiner.",
            },
            child_view="Ik wil mijn diploma halen en hulp bij plannen.",
        )
    care = (
        _evening(first, pronoun, "opbouwen") if first == "Daan" else _calm_in_class(first, pronoun)
    )
    return PlanStory(
        going_well=f"{first} rekent graag en snel.",
        needs_attention="Begrijpend lezen en het plannen van werk.",
        school_need="Advies van het SWV over begrijpend lezen.",
        education_goal=reading[0],
        education_module=reading[1],
        care_goal=care[0],
        care_module=care[1],
        child_view={
            "Daan": "Lezen vind ik moeilijk, maar ik wil het leren.",
            "Noor": "Ik wil graag beter lezen, en niet meer zo boos worden.",
        }.get(first, "Ik wil rustig kunnen werken in de klas."),
    )
