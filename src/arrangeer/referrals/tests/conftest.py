from __future__ import annotations

import pytest

from arrangeer.organisations.models import Membership
from arrangeer.testing.world import World, build_world


@pytest.fixture
def world(db: None) -> World:
    return build_world(with_plan=True)


@pytest.fixture
def referrer_membership(world: World) -> Membership:
    return Membership.objects.get(user=world.teacher_other_school)
