"""The plan's queries kept compiled (plans/compiled.py): a query is reused only under a key
that names everything shaping it; the tests' settings compile every reuse anew and compare."""

from __future__ import annotations

import pytest

from arrangeer.plans import compiled
from arrangeer.plans.constants import Side
from arrangeer.plans.models import Goal

pytestmark = pytest.mark.django_db


def test_a_key_that_misses_what_shapes_the_query_is_caught_on_reuse() -> None:
    def goals_of(side: str) -> object:
        return lambda plan_pk: Goal.objects.filter(plan_id=plan_pk, side=side).order_by("pk")

    key = ("test", "goals of a side")
    assert compiled.models_of(Goal, key, goals_of(Side.EDUCATION), 1) == []
    # The same query again under its key: reused (and checked) without complaint.
    assert compiled.models_of(Goal, key, goals_of(Side.EDUCATION), 2) == []
    # Another side under the same key: the key misses the side, and the check says so.
    with pytest.raises(AssertionError, match="not what it builds now"):
        compiled.models_of(Goal, key, goals_of(Side.CARE), 1)
