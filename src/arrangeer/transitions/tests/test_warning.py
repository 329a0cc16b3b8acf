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


def _reference(user, today: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """The warnings as the rule reads on whole objects: each case the person leads, its stored
    transition or the one derived from its child, from the warning day on; in the list's order
    (the date, the child's last name, the case, the transition)."""
    from arrangeer.cases.access import visible_cases
    from arrangeer.transitions import rules
    from arrangeer.transitions.constants import UNFINISHED
    from arrangeer.transitions.models import Transition

    rows = []
    for case in visible_cases(user).filter(regisseur=user).select_related("child__school"):
        stored = Transition.objects.filter(case=case, status__in=UNFINISHED).first()
        derived = rules.derive(case.child, today)
        if stored is None and derived is None:
            continue
        kind = stored.kind if stored is not None else derived.kind
        expected_on = stored.expected_on if stored is not None else derived.expected_on
        rule = TransitionRule.objects.filter(region_id=case.region_id).first()
        warn = rules.warn_from(expected_on, rule.warn_months_before if rule else None)
        if today >= warn:
            tiebreak = stored.pk if stored is not None else 0
            key = f"transition:{case.pk}:{kind}:{expected_on.isoformat()}"
            rows.append(((expected_on, case.child.last_name, case.pk, tiebreak), key, warn))
    return [(key, order[0], warn) for order, key, warn in sorted(rows)]


def test_the_warnings_come_in_the_lists_order_and_a_limit_cuts_that_order(world, clock):
    from arrangeer.cases import services as case_services
    from arrangeer.children.models import Child

    clock.set_day(dt.date(2027, 3, 1))
    membership = world.coordinator.memberships.get(organisation=world.school)
    opened = {}
    for last_name, born in [
        ("Zwart", dt.date(2015, 1, 10)),
        ("Appel", dt.date(2015, 5, 1)),
        ("Mol", dt.date(2013, 3, 3)),
        ("Appel", dt.date(2014, 12, 1)),
        ("Jong", dt.date(2019, 2, 2)),  # seven: no transition near yet
        ("Vo", dt.date(2010, 4, 4)),  # secondary school, four years in: to mbo
    ]:
        opened[last_name, born] = case_services.open_case(
            actor=Actor(world.coordinator),
            membership=membership,
            child_fields={"first_name": "Kind", "last_name": last_name, "date_of_birth": born},
        )
    Child.objects.filter(pk=opened["Vo", dt.date(2010, 4, 4)].child_id).update(sector="vo")
    mol = opened["Mol", dt.date(2013, 3, 3)]
    services.set_transition(
        access_case(Actor(world.coordinator), mol.uuid),
        kind=TransitionKind.SCHOOL_CHANGE,
        expected_on=dt.date(2027, 6, 1),
    )
    found = lines(world.coordinator, clock)
    expected = _reference(world.coordinator, dt.date(2027, 3, 1))
    assert [(a.key, a.due, a.remind_from) for a in found] == expected
    assert len(found) >= 5 and found[0].case == mol  # the stored, earlier one first
    assert [a.case.child.last_name for a in found[1:3]] == ["Appel", "Appel"]
    for limit in range(1, len(found) + 1):
        cut = actions_for(world.coordinator, at=clock.now, only=["transition"], limit=limit)
        assert [a.key for a in cut] == [a.key for a in found[:limit]]
    # A region's own warning period moves the warnings, for the derived and stored alike.
    TransitionRule.objects.create(region=world.region, warn_months_before=3)
    found = lines(world.coordinator, clock)
    assert [(a.key, a.due, a.remind_from) for a in found] == _reference(
        world.coordinator, dt.date(2027, 3, 1)
    )
    assert [a.case for a in found] == [mol]
