"""The warning of a coming transition in Mijn acties, with a frozen clock."""

from __future__ import annotations

import datetime as dt

import pytest

from arrangeer.cases.access import Actor, access_case
from arrangeer.cases.actions import actions_for
from arrangeer.transitions import services
from arrangeer.transitions.constants import TransitionKind
from arrangeer.transitions.models import TransitionRule

pytestmark = pytest.mark.django_db


def lines(user, clock) -> list:
    return actions_for(user, at=clock.now, only=["transition"])


def test_the_regisseur_is_warned_from_the_start_of_the_last_school_year(world, clock):
    clock.set_day(dt.date(2027, 3, 1))
    access = access_case(Actor(world.coordinator), world.case.uuid)
    services.set_transition(
        access, kind=TransitionKind.SCHOOL_CHANGE, expected_on=dt.date(2028, 8, 1)
    )
    clock.set_day(dt.date(2027, 7, 31))
    assert lines(world.coordinator, clock) == []
    clock.set_day(dt.date(2027, 8, 1))
    found = lines(world.coordinator, clock)
    assert len(found) == 1
    assert found[0].due == dt.date(2028, 8, 1)
    assert found[0].remind_from == dt.date(2027, 8, 1)
    assert "2028/2029" in found[0].title
    assert found[0].url.endswith("/overstap/")
    # Only the regisseur is warned, not the rest of the team.
    assert lines(world.teacher, clock) == []


def test_the_region_sets_how_long_before_it_warns(world, clock):
    TransitionRule.objects.create(region=world.region, warn_months_before=3)
    clock.set_day(dt.date(2027, 3, 1))
    access = access_case(Actor(world.coordinator), world.case.uuid)
    services.set_transition(access, kind=TransitionKind.PO_VO, expected_on=dt.date(2028, 8, 1))
    clock.set_day(dt.date(2028, 4, 30))
    assert lines(world.coordinator, clock) == []
    clock.set_day(dt.date(2028, 5, 1))
    assert len(lines(world.coordinator, clock)) == 1


def test_the_derived_transition_warns_without_anything_saved(world, clock):
    # The world's pupil (13, primary school) goes to secondary school at the next August.
    found = lines(world.coordinator, clock)
    assert len(found) == 1
    assert found[0].due.month == 8 and found[0].due.day == 1


def test_the_source_reads_a_few_queries_for_the_whole_caseload(
    world, clock, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        lines(world.coordinator, clock)
