"""The pieces of the persona children's plans, written through the real services by the
professionals who may write each part (the child's school, the youth team, the regisseur);
demo/stories.py puts them together along each case's route and timeline."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from arrangeer.cases import demo as case_demo
from arrangeer.cases.access import CaseAccess
from arrangeer.cases.models import Case
from arrangeer.organisations.constants import Role

from .. import services
from ..models import Evaluation, Goal, Module, PlanVersion
from .stories import story_of
from .writing import (
    add_goal,
    add_module,
    agree_and_adopt,
    at_hour,
    persona_access,
    persona_org,
    regie_access,
)


def _school(case: Case) -> CaseAccess:
    """The child's school writes the education side (its coordinator)."""
    assert case.child.school is not None
    coordinator = case_demo.school_coordinator(case.child.school)
    return case_demo.demo_access(coordinator.user, case)


def picture(case: Case) -> None:
    """The child in view: two domains, the network, the needs of child, parents and school
    (the route's step "Ondersteuningsbehoefte in beeld")."""
    persona = case_demo.PERSONA_BY_BSN[case.child.bsn]
    story = story_of(case)
    first = persona.first_name
    school, team = _school(case), persona_access("jeugdteam", case)
    services.add_item(
        school,
        kind="domain",
        fields={
            "domain": "leren",
            "going_well": story.going_well,
            "needs_attention": story.needs_attention,
            "child_can_wants": f"{first} wil zelf kunnen laten zien wat {persona.pronoun} kan.",
            "support_level": 3,
            "category": "onderwijs",
        },
    )
    services.add_item(
        team,
        kind="domain",
        fields={
            "domain": "thuis_gezin",
            "going_well": "Warme band met moeder en oma.",
            "needs_attention": "Onrust in huis in de avond sinds de verhuizing.",
            "protective_factors": "Betrokken grootouders dichtbij.",
            "hindering_factors": "Krappe woning, weinig eigen plek.",
            "support_level": 4,
            "category": "gezin",
        },
    )
    teacher = "Juf of meester" if case.child.sector in ("po", "sbo", "so") else "Mentor"
    for name, relation, involvement, support in [
        ("Moeder", "ouder", "dichtbij", "steun"),
        ("Oma Joke", "grootouder", "dichtbij", "steun"),
        ("Broer (15)" if persona.age < 15 else "Zus (13)", "broer_zus", "regelmatig", "neutraal"),
        ("Trainer voetbal", "coach", "soms", "steun"),
        ("Buurman", "buren", "op_afstand", "belasting"),
        (teacher, "leerkracht", "regelmatig", "steun"),
    ]:
        services.add_item(
            team,
            kind="network",
            fields={
                "name": name,
                "relation": relation,
                "involvement": involvement,
                "support": support,
                "category": "gezin",
            },
        )
    for access, whom, text, category in [
        (school, "kind", "Een rustige werkplek en korte, duidelijke opdrachten.", "onderwijs"),
        (team, "ouders", "Steun bij een vast avondritme.", "gezin"),
        (school, "school", story.school_need, "onderwijs"),
    ]:
        services.add_item(
            access, kind="need", fields={"of_whom": whom, "text": text, "category": category}
        )


def set_goals(case: Case) -> tuple[Goal, Goal]:
    """An education goal (the school) and a care goal (the youth team), both SMART."""
    story = story_of(case)
    education = add_goal(_school(case), domain="leren", **story.education_goal)
    care = add_goal(
        persona_access("jeugdteam", case),
        side="zorg",
        domain="thuis_gezin" if story.care_module["place"] == "thuis" else "sociaal_emotioneel",
        scale="behaald",
        scale_min=None,
        scale_max=None,
        category="jeugdhulp",
        **story.care_goal,
    )
    return education, care


def arrange(case: Case, goals: tuple[Goal, Goal], *, start: dt.date) -> tuple[Module, Module]:
    """A module for each goal, starting on the day the plan is meant to be adopted."""
    story = story_of(case)
    education, care = goals
    school = _school(case)
    assert case.child.school is not None
    taught = add_module(
        school,
        [education],
        provider=case.child.school,
        start_date=start,
        end_date=start + dt.timedelta(days=182),
        **story.education_module,
    )
    helped = add_module(
        persona_access("jeugdteam", case),
        [care],
        side="zorg",
        provider=persona_org("jeugdteam", Role.YOUTH_WORKER),
        intensity=Decimal(1),
        start_date=start,
        end_date=start + dt.timedelta(days=182),
        funding_framework="jeugdwet_zin",
        instrument="beschikking",
        decision_status="toegekend",
        requested_on=start - dt.timedelta(days=10),
        decided_on=start - dt.timedelta(days=3),
        reference_number=f"BS-{start.year}-0412",
        decision_ends_on=start + dt.timedelta(days=182),
        product_code="45A06",
        category="jeugdhulp",
        **story.care_module,
    )
    return taught, helped


def send(case: Case, *, on: dt.date) -> PlanVersion:
    """The regisseur sends the plan to the parents, on a day in the demo's past."""
    version = services.send_for_agreement(regie_access(case))
    PlanVersion.objects.filter(pk=version.pk).update(sent_at=at_hour(on))
    return version


def adopt(case: Case, *, on: dt.date) -> None:
    agree_and_adopt(regie_access(case), case, story_of(case).child_view, on=on)


def progress(case: Case, goals: tuple[Goal, Goal], modules: tuple[Module, Module]) -> None:
    """Measurements and deliveries since the plan was adopted (its modules' start): the
    education goal creeps up, the care goal is partly reached, a session was missed."""
    school, team = _school(case), persona_access("jeugdteam", case)
    start = modules[0].start_date
    span = (timezone.localdate() - start).days
    days = [start + dt.timedelta(days=span * n // 4) for n in (1, 2, 3)]
    if goals[0].scale == "getal":
        for day, value in zip(days, (4, 5, 6), strict=True):
            services.record_measurement(
                school, goals[0], measured_on=day, value=Decimal(value), achievement=""
            )
    for day, achievement in zip(days[1:], ("niet", "deels"), strict=True):
        services.record_measurement(
            team, goals[1], measured_on=day, value=None, achievement=achievement
        )
    for n, day in enumerate(start + dt.timedelta(days=7 * w) for w in range(1, span // 7)):
        services.record_delivery(
            team,
            modules[1],
            on_date=day,
            delivered=n % 4 != 2,
            amount=Decimal(1),
            miss_reason="" if n % 4 != 2 else "kind_afwezig",
        )
        if n >= 5:
            break


def evaluate(
    case: Case, goals: tuple[Goal, Goal], *, held_on: dt.date, decision: str, summary: str
) -> None:
    """The regisseur records the evaluation; the youth team rates the care goal."""
    services.record_evaluation(
        regie_access(case),
        held_on=held_on,
        decision=decision,
        next_evaluation_on=None if decision == "afsluiten" else held_on + dt.timedelta(days=90),
        summary=summary,
        category="onderwijs",
        ratings={goals[0]: ("behaald" if decision == "afsluiten" else "deels", "Van 4 naar 6")},
    )
    services.rate_goal(
        persona_access("jeugdteam", case),
        _latest_evaluation(case),
        goals[1],
        realisation="behaald" if decision == "afsluiten" else "deels",
        note="Drie rustige avonden per week"
        if decision != "afsluiten"
        else "Het lukt nu vrijwel altijd",
    )


def adjust(case: Case, goals: tuple[Goal, Goal], *, on: dt.date) -> None:
    """After the evaluation the bar goes up and the school time is built up (a new version,
    agreed and adopted again)."""
    school = _school(case)
    reading = Goal.objects.get(pk=goals[0].pk)
    services.change_item(
        school, reading, expected_version=reading.lock_version, fields={"target": "Score 8"}
    )
    first = case.child.first_name
    attendance = add_goal(
        school,
        domain="leren",
        what="Is elke ochtend op tijd op school",
        indicator="Verzuimregistratie",
        baseline="Twee keer per week te laat",
        target="Hooguit één keer per maand te laat",
        owner=f"{first} en moeder",
        scale="behaald",
        scale_min=None,
        scale_max=None,
    )
    assert case.child.school is not None
    add_module(
        school,
        [attendance],
        title="Opbouwrooster met ochtendstart",
        provider=case.child.school,
        function="opbouwen",
        intensity=Decimal("2.5"),
        start_date=on,
        end_date=on + dt.timedelta(days=90),
        funding_framework="wpo_swv",
        instrument="swv_arrangement",
        decision_status="aangevraagd",
        requested_on=on,
        intervention=None,
        method_description="Elke ochtend een korte start met de intern begeleider.",
        method_rationale="Een vaste, warme start maakt op tijd komen makkelijker.",
    )
    agree_and_adopt(regie_access(case), case, "Met de ochtendstart lukt het beter.", on=on)


def _latest_evaluation(case: Case) -> Any:
    return Evaluation.objects.filter(plan__case=case).order_by("-held_on", "-recorded_at").first()
