from __future__ import annotations

import pytest

from arrangeer.cases import demo as case_demo
from arrangeer.cases.actions import actions_for
from arrangeer.cases.constants import MemberStatus
from arrangeer.demo import personas as demo
from arrangeer.demo import stories
from arrangeer.transitions import demo as transition_demo
from arrangeer.transitions.constants import TransitionKind, TransitionStatus
from arrangeer.transitions.models import Transition

pytestmark = pytest.mark.django_db


def test_daan_goes_to_the_lyceum_and_seeding_twice_changes_nothing():
    demo.seed_region(seed=2026)
    case_demo.seed_persona_cases(seed=2026)
    stories.seed_persona_stories()
    assert transition_demo.seed_persona_transitions() == 1
    transition = Transition.objects.select_related("case__regisseur", "receiving_member").get()
    assert transition.case.child.first_name == "Daan"
    assert transition.kind == TransitionKind.PO_VO
    assert transition.status == TransitionStatus.PROPOSED
    assert transition.receiving_school.name == "Het Rijnlands Lyceum Zuid"
    assert transition.receiving_member.status == MemberStatus.PROPOSED
    lines = actions_for(transition.case.regisseur, only=["transition"])
    assert any(line.case == transition.case for line in lines)
    assert transition_demo.seed_persona_transitions() == 0
    assert Transition.objects.count() == 1
