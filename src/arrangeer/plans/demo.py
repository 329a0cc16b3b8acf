"""Demo plans for the persona cases, one at every stage, written through the real services
by the professionals who may write each part: Emma's is a draft, Ayoub's waits for the
parents' agreement, Lotte's is adopted, Daan's was adjusted after an evaluation (two adopted
versions to compare), and Noor's plan is closed. Idempotent: a case with a plan is skipped.

Also each demo region's reference data: support-level labels (demo wording: the Landelijk
Doelgroepenmodel's own level names could not be verified, so a region sets its own) and a
goal bank."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from arrangeer.accounts.models import User
from arrangeer.cases import services as case_services
from arrangeer.cases.access import Actor, CaseAccess, access_case
from arrangeer.cases.models import Case
from arrangeer.children.models import Child
from arrangeer.organisations.constants import Role
from arrangeer.organisations.models import Membership, Organisation, Region

from . import services
from .models import BankGoal, Goal, Module, Plan, SupportLevelLabel

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


def _access(username: str, case: Case) -> CaseAccess:
    return access_case(Actor(User.objects.get(username=username)), case.uuid)


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


def _content(case: Case, first: str) -> tuple[CaseAccess, CaseAccess, Goal, Goal, Module]:
    """What every demo plan holds: the child on two domains, a network, needs of child,
    parents and school, an education and a care goal, a module for each, progress."""
    school = _access("coordinator", case)
    team = _access("jeugdteam", case)
    regie_school = _org("coordinator", Role.COORDINATOR)
    youth_team = _org("jeugdteam", Role.YOUTH_WORKER)
    services.add_item(
        school,
        kind="domain",
        fields={
            "domain": "leren",
            "going_well": f"{first} rekent graag en snel.",
            "needs_attention": "Begrijpend lezen en het plannen van werk.",
            "child_can_wants": f"{first} wil zelf kunnen laten zien wat hij of zij kan.",
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
    for name, relation, involvement, support in [
        ("Moeder", "ouder", "dichtbij", "steun"),
        ("Oma Joke", "grootouder", "dichtbij", "steun"),
        ("Broer (15)", "broer_zus", "regelmatig", "neutraal"),
        ("Trainer voetbal", "coach", "soms", "steun"),
        ("Buurman", "buren", "op_afstand", "belasting"),
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
    services.add_item(
        team,
        kind="network",
        fields={
            "name": "Juf of meester",
            "relation": "leerkracht",
            "involvement": "regelmatig",
            "support": "steun",
            "category": "gezin",
        },
    )
    for access, whom, text, category in [
        (school, "kind", "Een rustige werkplek en korte, duidelijke opdrachten.", "onderwijs"),
        (team, "ouders", "Steun bij een vast avondritme.", "gezin"),
        (school, "school", "Advies van het SWV over begrijpend lezen.", "onderwijs"),
    ]:
        services.add_item(
            access, kind="need", fields={"of_whom": whom, "text": text, "category": category}
        )
    reading = _goal(
        school,
        domain="leren",
        what=f"{first} begrijpt een tekst op het eigen niveau",
        indicator="Toets begrijpend lezen, score 0 tot 10",
        baseline="Score 4",
        target="Score 7",
        owner=f"{first}, met de leerkracht",
    )
    evening = _goal(
        team,
        side="zorg",
        domain="thuis_gezin",
        what="Rust in huis rond bedtijd",
        indicator="Logboek van de ouders",
        baseline="Vier avonden per week ruzie",
        target="Hooguit één avond per week",
        owner="Ouders, met de gezinscoach",
        scale="behaald",
        scale_min=None,
        scale_max=None,
        category="jeugdhulp",
    )
    _module(
        school,
        [reading],
        title="Leesbegeleiding in kleine groep",
        provider=regie_school,
        method_description="Drie keer per week begrijpend lezen met de intern begeleider.",
        method_rationale="Korte, herhaalde oefening met directe feedback helpt bij lezen.",
    )
    care = _module(
        team,
        [evening],
        title="Gezinsbegeleiding thuis",
        side="zorg",
        provider=youth_team,
        function="versterken",
        place="thuis",
        intensity=Decimal(1),
        intensity_unit="sessies",
        funding_framework="jeugdwet_zin",
        instrument="beschikking",
        decision_status="toegekend",
        requested_on=_days(-60),
        decided_on=_days(-50),
        reference_number="BS-2026-0412",
        category="jeugdhulp",
        method_description="Wekelijks gesprek thuis over ritme en afspraken.",
        method_rationale="Kleine vaste afspraken thuis geven rust.",
    )
    for days, value in [(-35, 4), (-21, 5), (-7, 6)]:
        services.record_measurement(
            school, reading, measured_on=_days(days), value=Decimal(value), achievement=""
        )
    for days, achievement in [(-28, "niet"), (-14, "deels")]:
        services.record_measurement(
            team, evening, measured_on=_days(days), value=None, achievement=achievement
        )
    for days, delivered, reason in [
        (-35, True, ""),
        (-28, True, ""),
        (-21, False, "vakantie"),
        (-14, True, ""),
        (-7, False, "kind_afwezig"),
    ]:
        services.record_delivery(
            team,
            care,
            on_date=_days(days),
            delivered=delivered,
            amount=Decimal(1),
            miss_reason=reason,
        )
    return school, team, reading, evening, care


def agree_and_adopt(regie: CaseAccess, case: Case, child_view: str) -> None:
    """Send the plan, record every parent with gezag agreeing, adopt it with the child's view."""
    version = services.send_for_agreement(regie)
    for parent in case.child.representatives.filter(has_authority=True):
        services.record_parent_agreement(
            regie,
            content_hash=version.content_hash,
            representative=parent,
            decision="instemming",
            given_on=timezone.localdate(),
            evidence="papier",
        )
    services.adopt_plan(
        regie,
        content_hash=version.content_hash,
        child_heard="in_overleg",
        child_view=child_view,
        child_view_category="onderwijs",
    )


def _draft(case: Case) -> None:
    _content(case, case.child.first_name)


def _awaiting(case: Case) -> None:
    school, *_ = _content(case, case.child.first_name)
    services.send_for_agreement(school)


def _adopted(case: Case) -> None:
    school, *_ = _content(case, case.child.first_name)
    agree_and_adopt(school, case, "Ik wil mijn diploma halen en hulp bij plannen.")


def _adjusted(case: Case) -> None:
    school, team, reading, evening, _care = _content(case, case.child.first_name)
    agree_and_adopt(school, case, "Lezen vind ik moeilijk, maar ik wil het leren.")
    services.record_evaluation(
        school,
        held_on=timezone.localdate(),
        decision="bijstellen",
        next_evaluation_on=_days(90),
        summary="Leesdoel bijna gehaald: de lat gaat omhoog en de schooltijd wordt opgebouwd.",
        category="onderwijs",
        ratings={reading: ("deels", "Van 4 naar 6")},
    )
    services.rate_goal(
        team,
        _latest_evaluation(case),
        evening,
        realisation="deels",
        note="Drie rustige avonden per week",
    )
    reading = Goal.objects.get(pk=reading.pk)
    services.change_item(
        school, reading, expected_version=reading.lock_version, fields={"target": "Score 8"}
    )
    attendance = _goal(
        school,
        domain="leren",
        what="Is elke ochtend op tijd op school",
        indicator="Verzuimregistratie",
        baseline="Twee keer per week te laat",
        target="Hooguit één keer per maand te laat",
        owner="Daan en moeder",
        scale="behaald",
        scale_min=None,
        scale_max=None,
    )
    _module(
        school,
        [attendance],
        title="Opbouwrooster met ochtendstart",
        provider=_org("coordinator", Role.COORDINATOR),
        function="opbouwen",
        intensity=Decimal("2.5"),
        start_date=_days(0),
        end_date=_days(90),
        funding_framework="wpo_swv",
        instrument="swv_arrangement",
        decision_status="aangevraagd",
        requested_on=_days(0),
        intervention=None,
        method_description="Elke ochtend een korte start met de intern begeleider.",
        method_rationale="Een vaste, warme start maakt op tijd komen makkelijker.",
    )
    agree_and_adopt(school, case, "Met de ochtendstart lukt het beter.")


def _latest_evaluation(case: Case) -> Any:
    from .models import Evaluation

    return Evaluation.objects.filter(plan__case=case).order_by("-held_on", "-recorded_at").first()


def _closed(case: Case) -> None:
    school, *_ = _content(case, case.child.first_name)
    agree_and_adopt(school, case, "Het gaat goed, ik heb geen extra hulp meer nodig.")
    services.record_evaluation(
        school,
        held_on=timezone.localdate(),
        decision="afsluiten",
        next_evaluation_on=None,
        summary="Doelen behaald; de school gaat verder met basisondersteuning.",
        category="onderwijs",
        ratings={},
    )


CLOSED_CHILD_BSN = "100000022"
STAGES: list[tuple[str, Callable[[Case], None]]] = [
    ("100000009", _draft),  # Emma
    ("232323239", _awaiting),  # Ayoub
    ("123456782", _adopted),  # Lotte
    ("111222333", _adjusted),  # Daan
    (CLOSED_CHILD_BSN, _closed),  # Noor
]


def _closed_case() -> Case:
    """A fifth demo child whose plan was carried out and closed."""
    existing = Case.objects.filter(child__bsn=CLOSED_CHILD_BSN).first()
    if existing is not None:
        return existing
    membership = Membership.objects.select_related("organisation").get(
        user__username="coordinator", role=Role.COORDINATOR
    )
    actor = Actor(membership.user)
    case = case_services.open_case(
        actor=actor,
        membership=membership,
        child_fields={
            "first_name": "Noor",
            "last_name": "Visser",
            "date_of_birth": _days(-10 * 365 - 40),
            "bsn": CLOSED_CHILD_BSN,
            "group": "groep 6",
            "home_language": "Nederlands",
        },
        representatives=[
            {
                "first_name": "Ilse",
                "last_name": "Visser",
                "relation": "moeder",
                "has_authority": True,
                "email": "ouder.visser@demo.arrangeer.invalid",
            }
        ],
    )
    regie = access_case(actor, case.uuid)
    case_services.propose_team_member(
        regie,
        membership=Membership.objects.get(user__username="leerkracht", role=Role.TEACHER),
    )
    from arrangeer.consents import services as consent_services

    team = Membership.objects.select_related("organisation").get(
        user__username="jeugdteam", role=Role.YOUTH_WORKER
    )
    parent = case.child.representatives.get()
    consent_services.record_consent(
        regie,
        organisation=team.organisation,
        categories=["jeugdhulp", "gezin"],
        purpose="Samen één plan maken en uitvoeren",
        given_by_representative=parent,
        given_by_child=False,
        valid_from=timezone.localdate(),
        valid_until=None,
        evidence="signed_form",
    )
    member = case_services.propose_team_member(regie, membership=team)
    case_services.approve_team_member(
        regie, member, approved_by_representative=parent, approved_by_child=False
    )
    return case


@transaction.atomic
def seed_demo_plans() -> int:
    """Plans for the persona cases at every stage; returns how many were made."""
    for region in Region.objects.all():
        seed_reference(region)
    if not Child.objects.filter(bsn__in=[bsn for bsn, _ in STAGES[:-1]]).exists():
        return 0
    made = 0
    for bsn, build in STAGES:
        case = (
            _closed_case()
            if bsn == CLOSED_CHILD_BSN
            else Case.objects.filter(child__bsn=bsn, status="open").first()
        )
        if case is None or Plan.objects.filter(case=case).exists():
            continue
        build(case)
        made += 1
    return made


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
