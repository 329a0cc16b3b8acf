from __future__ import annotations

import pytest

from arrangeer.cases import demo as case_demo
from arrangeer.demo import personas as demo
from arrangeer.demo import stories
from arrangeer.meetings.models import ActionItem, Meeting

pytestmark = pytest.mark.django_db


def test_the_demo_has_planned_held_and_approved_meetings_and_seeding_twice_changes_nothing():
    demo.seed_region(seed=2026)
    case_demo.seed_persona_cases(seed=2026)
    assert stories.seed_persona_stories() == 5
    stages: dict[str, list[str]] = {}
    for m in Meeting.objects.select_related("case__child").order_by("starts_at"):
        stages.setdefault(m.case.child.first_name, []).append(m.status)
    assert stages == {
        "Emma": ["gepland"],
        "Ayoub": ["gehouden"],
        "Lotte": ["vastgesteld"],
        "Daan": ["vastgesteld", "vastgesteld", "gepland"],
        "Noor": ["vastgesteld", "vastgesteld"],
    }
    # One agreement per held MDO; those due long ago are done.
    assert ActionItem.objects.count() == 6
    assert ActionItem.objects.filter(done_at__isnull=True).count() == 3
    assert stories.seed_persona_stories() == 0
    assert Meeting.objects.count() == 8
