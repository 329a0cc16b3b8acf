"""The pieces of the persona children's plans, written through the real services by the
professionals who may write each part (the child's school, the youth team, the regisseur);
demo/stories.py puts them together along each case's route and timeline.

Also each demo region's reference data: support-level labels (demo wording: the Landelijk
Doelgroepenmodel's own level names could not be verified, so a region sets its own) and a
goal bank."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from arrangeer.accounts.models import User
from arrangeer.cases import demo as case_demo
from arrangeer.cases.access import Actor, CaseAccess, access_case
from arrangeer.cases.models import Case
from arrangeer.organisations.constants import Role
from arrangeer.organisations.models import Membership, Organisation, Region

from . import services
from .models import BankGoal, Goal, Module, PlanVersion, SupportLevelLabel, Tariff

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


def _access(username: str, case: Case) -> CaseAccess:
    return case_demo.demo_access(User.objects.get(username=username), case)


def _org(username: str, role: str) -> Organisation:
    return Membership.objects.get(user__username=username, role=role).organisation


def _days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def _goal(access: CaseAccess, **fields: Any) -> Goal:
    base: dict[str, Any] = {
        "side": "onderwijs",
        "deadline": _days(120),
        "scale": "getal",
        "scale_min": Decimal(0),
        "scale_max": Decimal(10),
        "category": "onderwijs",
    }
    base.update(fields)
    goal = services.add_item(access, kind="goal", fields=base)
    assert isinstance(goal, Goal)
    return goal


def _module(access: CaseAccess, goals: list[Goal], **fields: Any) -> Module:
    base: dict[str, Any] = {
        "side": "onderwijs",
        "function": "versterken",
        "place": "school",
        "intensity": Decimal(2),
        "intensity_unit": "uren",
        "start_date": _days(-42),
        "end_date": _days(140),
        "funding_framework": "wpo_school",
        "instrument": "geen",
        "decision_status": "nvt",
        "goals": goals,
        "category": "onderwijs",
    }
    base.update(fields)
    module = services.add_item(access, kind="module", fields=base)
    assert isinstance(module, Module)
    return module


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


def _story(case: Case) -> PlanStory:
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


def _school(case: Case) -> CaseAccess:
    """The child's school writes the education side (its coordinator)."""
    assert case.child.school is not None
    coordinator = case_demo.school_coordinator(case.child.school)
    return case_demo.demo_access(coordinator.user, case)


def picture(case: Case) -> None:
    """The child in view: two domains, the network, the needs of child, parents and school
    (the route's step "Ondersteuningsbehoefte in beeld")."""
    persona = case_demo.PERSONA_BY_BSN[case.child.bsn]
    story = _story(case)
    first = persona.first_name
    school, team = _school(case), _access("jeugdteam", case)
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
    story = _story(case)
    education = _goal(_school(case), domain="leren", **story.education_goal)
    care = _goal(
        _access("jeugdteam", case),
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
    story = _story(case)
    education, care = goals
    school = _school(case)
    assert case.child.school is not None
    taught = _module(
        school,
        [education],
        provider=case.child.school,
        start_date=start,
        end_date=start + dt.timedelta(days=182),
        **story.education_module,
    )
    helped = _module(
        _access("jeugdteam", case),
        [care],
        side="zorg",
        provider=_org("jeugdteam", Role.YOUTH_WORKER),
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
    version = services.send_for_agreement(_regie(case))
    PlanVersion.objects.filter(pk=version.pk).update(sent_at=_at(on))
    return version


def agree_and_adopt(
    regie: CaseAccess, case: Case, child_view: str, *, on: dt.date | None = None
) -> None:
    """Send the plan, record every parent with gezag agreeing, adopt it with the child's view:
    now, or on the day `on` in the past (the demo's timeline: sent in the morning, agreed and
    adopted that afternoon)."""
    version = services.send_for_agreement(regie)
    if on is not None:
        PlanVersion.objects.filter(pk=version.pk).update(sent_at=_at(on, 9))
    for parent in case.child.representatives.filter(has_authority=True):
        services.record_parent_agreement(
            regie,
            content_hash=version.content_hash,
            representative=parent,
            decision="instemming",
            given_on=on or timezone.localdate(),
            evidence="papier",
        )
    services.adopt_plan(
        regie,
        content_hash=version.content_hash,
        child_heard="in_overleg",
        child_view=child_view,
        child_view_category="onderwijs",
    )
    if on is not None:
        PlanVersion.objects.filter(pk=version.pk).update(adopted_at=_at(on))


def adopt(case: Case, *, on: dt.date) -> None:
    agree_and_adopt(_regie(case), case, _story(case).child_view, on=on)


def progress(case: Case, goals: tuple[Goal, Goal], modules: tuple[Module, Module]) -> None:
    """Measurements and deliveries since the plan was adopted (its modules' start): the
    education goal creeps up, the care goal is partly reached, a session was missed."""
    school, team = _school(case), _access("jeugdteam", case)
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
        _regie(case),
        held_on=held_on,
        decision=decision,
        next_evaluation_on=None if decision == "afsluiten" else held_on + dt.timedelta(days=90),
        summary=summary,
        category="onderwijs",
        ratings={goals[0]: ("behaald" if decision == "afsluiten" else "deels", "Van 4 naar 6")},
    )
    services.rate_goal(
        _access("jeugdteam", case),
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
    attendance = _goal(
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
    _module(
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
    agree_and_adopt(_regie(case), case, "Met de ochtendstart lukt het beter.", on=on)


def _regie(case: Case) -> CaseAccess:
    assert case.regisseur is not None
    return case_demo.demo_access(case.regisseur, case)


def _at(day: dt.date, hour: int = 16) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def _latest_evaluation(case: Case) -> Any:
    from .models import Evaluation

    return Evaluation.objects.filter(plan__case=case).order_by("-held_on", "-recorded_at").first()


# What the plan of a case shows in each step of the shipped routes (the checks to reach that
# step hold): needs recorded, a goal set, the plan adopted, evaluated to adjust or to close.
ROUTE_STAGES: dict[str, tuple[str, ...]] = {
    "gezamenlijk-doelen-stellen": ("needs",),
    "gezamenlijk-arrangeren": ("needs", "goal"),
    "uitvoeren-en-monitoren": ("needs", "goal", "adopt"),
    "gezamenlijk-evalueren": ("needs", "goal", "adopt"),
    "bijstellen-arrangement": ("needs", "goal", "adopt", "adjust"),
    "uitvoering": ("needs", "goal", "adopt"),
    "evaluatie": ("needs", "goal", "adopt"),
    "besluitvorming": ("needs", "goal", "adopt", "close"),
}


def _route_plan(case: Case, stages: tuple[str, ...]) -> None:
    assert case.regisseur is not None
    regie = access_case(Actor(case.regisseur), case.uuid)
    first = case.child.first_name
    if "needs" in stages:
        for of_whom, text in [
            ("kind", f"{first} heeft een vaste plek en vaste tijden nodig om te werken."),
            ("ouders", "Ouders willen weten hoe ze thuis kunnen helpen met huiswerk."),
            ("school", "De leerkracht vraagt advies over differentiëren in de klas."),
        ]:
            services.add_item(
                regie,
                kind="need",
                fields={"of_whom": of_whom, "text": text, "category": "onderwijs"},
            )
    if "goal" not in stages:
        return
    goal = _goal(
        regie,
        domain="leren",
        what=f"{first} maakt een weektaak zelfstandig af",
        indicator="Afgeronde weektaken, bijgehouden door de leerkracht",
        baseline="1 van de 5 weektaken af",
        target="4 van de 5 weektaken af",
        owner=f"{first}, met de leerkracht",
    )
    if "adopt" not in stages:
        return
    _module(
        regie,
        [goal],
        title="Begeleiding bij plannen en organiseren",
        provider=case.child.school,
        method_description="Twee keer per week tien minuten de weektaak plannen met de leerkracht.",
        method_rationale="Samen plannen maakt werk overzichtelijk en haalbaar.",
    )
    agree_and_adopt(regie, case, "Ik wil mijn werk zelf af kunnen maken.")
    if "adjust" in stages or "close" in stages:
        services.record_evaluation(
            regie,
            held_on=timezone.localdate(),
            decision="bijstellen" if "adjust" in stages else "afsluiten",
            next_evaluation_on=_days(90) if "adjust" in stages else None,
            summary=(
                "De weektaak lukt beter; het doel wordt verhoogd."
                if "adjust" in stages
                else "Het doel is gehaald; het arrangement stopt."
            ),
            category="onderwijs",
            ratings={goal: ("behaald" if "close" in stages else "deels", "")},
        )


@transaction.atomic
def seed_route_plans(lead_usernames: list[str]) -> int:
    """A plan fitting its step for every open case led by the given regisseurs that is in a
    step after the plan work began and has no plan yet (the cases that show every step of
    the route). Idempotent: a case with a plan is skipped."""
    cases = (
        Case.objects.filter(
            status="open",
            plan__isnull=True,
            regisseur__username__in=lead_usernames,
            current_step__code__in=ROUTE_STAGES,
            child__school__isnull=False,
        )
        .select_related("child__school", "regisseur", "current_step")
        .order_by("pk")
    )
    made = 0
    for case in cases:
        assert case.current_step is not None
        _route_plan(case, ROUTE_STAGES[case.current_step.code])
        made += 1
    return made
