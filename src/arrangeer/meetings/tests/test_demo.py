from __future__ import annotations

import pytest

from arrangeer.cases import demo as case_demo
from arrangeer.core import demo
from arrangeer.meetings import demo as meeting_demo
from arrangeer.meetings.models import ActionItem, Meeting
from arrangeer.plans import demo as plan_demo

pytestmark = pytest.mark.django_db


def test_the_demo_has_planned_held_and_approved_meetings_and_seeding_twice_changes_nothing():
    demo.seed_region(seed=2026)
    case_demo.seed_persona_cases(seed=2026)
    plan_demo.seed_demo_plans()
    assert meeting_demo.seed_demo_meetings() == 3
    stages = {
        m.case.child.first_name: m.status for m in Meeting.objects.select_related("case__child")
    }
    assert stages == {"Emma": "gepland", "Ayoub": "gehouden", "Lotte": "vastgesteld"}
    assert ActionItem.objects.count() == 2
    assert meeting_demo.seed_demo_meetings() == 0
    assert Meeting.objects.count() == 3
