from __future__ import annotations

import pytest

from arrangeer.cases import demo as case_demo
from arrangeer.core import demo
from arrangeer.plans import demo as plan_demo
from arrangeer.plans.models import BankGoal, Plan, PlanVersion, SupportLevelLabel

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_plan_at_every_stage_and_seeding_twice_changes_nothing():
    demo.seed_region(seed=2026)
    case_demo.seed_persona_cases(seed=2026)
    assert plan_demo.seed_demo_plans() == 5
    stages = {p.case.child.first_name: p.status for p in Plan.objects.select_related("case__child")}
    assert stages == {
        "Emma": "draft",
        "Ayoub": "awaiting_agreement",
        "Lotte": "adopted",
        "Daan": "adopted",
        "Noor": "closed",
    }
    daan = Plan.objects.get(case__child__first_name="Daan")
    assert list(
        PlanVersion.objects.filter(plan=daan).order_by("number").values_list("status", flat=True)
    ) == ["superseded", "adopted"]  # adjusted after an evaluation
    counts = (Plan.objects.count(), PlanVersion.objects.count(), BankGoal.objects.count())
    assert plan_demo.seed_demo_plans() == 0
    assert (Plan.objects.count(), PlanVersion.objects.count(), BankGoal.objects.count()) == counts
    assert SupportLevelLabel.objects.count() == 14  # 7 levels in each demo region
