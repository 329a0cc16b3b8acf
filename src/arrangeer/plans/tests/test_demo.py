from __future__ import annotations

import pytest

from arrangeer.cases import demo as case_demo
from arrangeer.demo import personas as demo
from arrangeer.demo import stories
from arrangeer.plans import demo as plan_demo
from arrangeer.plans.models import BankGoal, Plan, PlanVersion, SupportLevelLabel

pytestmark = pytest.mark.django_db


def test_the_persona_plans_show_every_stage_and_seeding_twice_changes_nothing():
    demo.seed_region(seed=2026)
    case_demo.seed_persona_cases(seed=2026)
    assert stories.seed_persona_stories() == 5
    stages = {p.case.child.first_name: p.status for p in Plan.objects.select_related("case__child")}
    assert stages == {
        "Ayoub": "awaiting_agreement",
        "Lotte": "adopted",
        "Daan": "adopted",
        "Noor": "closed",
    }  # Emma's case is a signal still: no plan yet
    daan = Plan.objects.get(case__child__first_name="Daan")
    assert list(
        PlanVersion.objects.filter(plan=daan).order_by("number").values_list("status", flat=True)
    ) == ["superseded", "adopted"]  # adjusted after an evaluation
    counts = (Plan.objects.count(), PlanVersion.objects.count(), BankGoal.objects.count())
    assert stories.seed_persona_stories() == 0
    assert (Plan.objects.count(), PlanVersion.objects.count(), BankGoal.objects.count()) == counts
    assert SupportLevelLabel.objects.count() == 14  # 7 levels in each demo region


def test_the_cases_showing_every_step_have_a_plan_that_fits_their_step():
    from arrangeer.routes.guards import evaluate

    demo.seed_region(seed=2026)
    case_demo.seed_persona_cases(seed=2026)
    case_demo.seed_route_coverage(seed=2026)
    leads = list(case_demo.ROUTE_COVERAGE_LEADS.values())
    made = plan_demo.seed_route_plans(leads)
    assert made >= 8  # five steps of Holland Rijnland, three of Alkmaar
    plans = Plan.objects.filter(case__regisseur__username__in=leads).select_related(
        "case__current_step", "case__route"
    )
    status = {}
    for plan in plans:
        step = plan.case.current_step
        status.setdefault(step.code, set()).add(plan.status)
        # The checks of every step before this one hold: the case could have come here.
        earlier = plan.case.route.steps.filter(number__lt=step.number)
        for before in earlier:
            if before.code in (
                "waarnemen",
                "organiseren-breed-overleg",
                "orientatie-en-afstemming",
            ):
                continue  # checks about the school route and the team, not the plan
            for result in evaluate(plan.case, before.guards):
                if result.guard.code == "evaluation_recorded":
                    continue  # asked when leaving the evaluation step, per round
                if result.guard.code in (
                    "invitees_approved",
                    "mdo_held_with_parents",
                    "child_heard",
                ):
                    continue  # the MDO's checks, not the plan's (meetings/tests/test_demo.py)
                if result.guard.code == "plan_adopted" and plan.evaluations.exists():
                    continue  # evaluated since: being adjusted, or closed
                assert result.passed, (step.code, before.code, result.guard.code)
    assert status["uitvoeren-en-monitoren"] == {"adopted"}
    assert status["bijstellen-arrangement"] == {"draft"}
    assert status["besluitvorming"] == {"closed"}
    assert plan_demo.seed_route_plans(leads) == 0
