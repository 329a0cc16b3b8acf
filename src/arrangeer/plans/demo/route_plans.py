"""The plans of the cases that show every step of the shipped routes (`seed_demo`, and the
Startklas's children): needs, a goal, the plan adopted and evaluated, as far as the case's step
asks."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from arrangeer.cases.access import Actor, access_case
from arrangeer.cases.models import Case

from .. import services
from .writing import add_goal, add_module, agree_and_adopt, from_today

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
    goal = add_goal(
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
    add_module(
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
            next_evaluation_on=from_today(90) if "adjust" in stages else None,
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
