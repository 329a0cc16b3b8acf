"""The decision route: the bodies in order, each informs or decides; the group starts only
when the route is through; a body refusing stops it. And the proposal's length check."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

import pytest

from arrangeer.groups import selectors, services
from arrangeer.groups.constants import PROPOSAL_MAX_WORDS, BodyStatus, GroupStatus
from arrangeer.groups.models import DecisionBody, DecisionRoute
from arrangeer.testing import groups as helpers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_alkmaars_five_bodies_are_shipped_in_order():
    route = DecisionRoute.objects.get(region__isnull=True)
    bodies = list(DecisionBody.objects.filter(route=route).order_by("position"))
    assert [b.name for b in bodies] == [
        "Beleidsoverleg",
        "RBO",
        "Regisseursoverleg",
        "PORA",
        "OOGO",
    ]
    assert [b.role for b in bodies] == ["informeert", "informeert", "besluit", "besluit", "besluit"]


def test_a_region_with_its_own_route_uses_it(world):
    own = DecisionRoute.objects.create(region=world.region, name="Eigen route")
    DecisionBody.objects.create(route=own, position=1, name="Bestuur", role="besluit")
    group = helpers.proposal(world)
    assert group.route == own
    services.submit(user=world.users["policy_officer"], group=group)
    assert [d.body.name for d in selectors.decisions_of(group)] == ["Bestuur"]


def _decide(world, group, decision, status, **extra):
    return services.record_body_decision(
        user=world.users["policy_officer"],
        group=group,
        decision=decision,
        status=status,
        decided_on=extra.pop("decided_on", timezone.localdate()),
        text=extra.pop("text", "Besproken"),
        **extra,
    )


def test_the_group_cannot_start_before_the_route_is_through(world):
    group = helpers.proposal(world)
    helpers.set_up(world, group)
    user = world.users["policy_officer"]
    with pytest.raises(ValidationError, match="only when the decision route is through"):
        services.start(user=user, group=group, started_on=timezone.localdate())
    services.submit(user=user, group=group)
    decisions = selectors.decisions_of(group)
    for decision in decisions[:-1]:
        status = BodyStatus.INFORMED if decision.body.role == "informeert" else BodyStatus.APPROVED
        _decide(world, group, decision, status)
    group.refresh_from_db()
    assert group.status == GroupStatus.IN_ROUTE
    with pytest.raises(ValidationError, match="only when the decision route is through"):
        services.start(user=user, group=group, started_on=timezone.localdate())
    _decide(world, group, decisions[-1], BodyStatus.APPROVED, conditions="Evaluatie na een jaar")
    group.refresh_from_db()
    assert group.status == GroupStatus.APPROVED
    assert group.approved_on == timezone.localdate()
    services.start(user=user, group=group, started_on=timezone.localdate())
    group.refresh_from_db()
    assert group.status == GroupStatus.RUNNING


def test_the_bodies_speak_in_order_and_in_their_role(world):
    group = helpers.proposal(world)
    services.submit(user=world.users["policy_officer"], group=group)
    first, second, third, *_ = selectors.decisions_of(group)
    with pytest.raises(ValidationError, match="record the decision of Beleidsoverleg first"):
        _decide(world, group, second, BodyStatus.INFORMED)
    with pytest.raises(ValidationError) as informs:
        _decide(world, group, first, BodyStatus.APPROVED)
    assert "is informed" in str(informs.value)
    _decide(world, group, first, BodyStatus.INFORMED)
    _decide(world, group, second, BodyStatus.INFORMED)
    with pytest.raises(ValidationError) as decides:
        _decide(world, group, third, BodyStatus.INFORMED)
    assert "decides" in str(decides.value)
    with pytest.raises(ValidationError, match="before the previous body"):
        _decide(
            world,
            group,
            third,
            BodyStatus.APPROVED,
            decided_on=timezone.localdate() - dt.timedelta(days=3),
        )


def test_a_body_refusing_stops_the_arrangement(world):
    group = helpers.proposal(world)
    helpers.set_up(world, group)
    services.submit(user=world.users["policy_officer"], group=group)
    decisions = selectors.decisions_of(group)
    _decide(world, group, decisions[0], BodyStatus.INFORMED)
    _decide(world, group, decisions[1], BodyStatus.INFORMED)
    with pytest.raises(ValidationError, match="why the body refused"):
        _decide(world, group, decisions[2], BodyStatus.REFUSED, text="")
    _decide(world, group, decisions[2], BodyStatus.REFUSED, text="Geen dekking in de begroting")
    group.refresh_from_db()
    assert group.status == GroupStatus.REFUSED
    assert selectors.next_decision(selectors.decisions_of(group)) is None
    with pytest.raises(ValidationError, match="not in the decision route"):
        _decide(world, group, decisions[3], BodyStatus.APPROVED)
    with pytest.raises(ValidationError, match="refused"):
        services.start(
            user=world.users["policy_officer"], group=group, started_on=timezone.localdate()
        )


def test_the_proposal_is_at_most_about_two_a4(world):
    group = helpers.proposal(world)
    long = {**helpers.PROPOSAL, "approach": "woord " * PROPOSAL_MAX_WORDS}
    with pytest.raises(ValidationError) as error:
        services.update_proposal(
            user=world.users["policy_officer"], group=group, name=group.name, fields=long
        )
    assert "two A4" in str(error.value)
    assert f"at most {PROPOSAL_MAX_WORDS} words" in str(error.value)


def test_an_incomplete_proposal_does_not_enter_the_route(world):
    group = services.create_proposal(
        user=world.users["policy_officer"], region=world.region, name="Leeg", fields={}
    )
    with pytest.raises(ValidationError, match="Fill in the proposal"):
        services.submit(user=world.users["policy_officer"], group=group)
    group.refresh_from_db()
    assert group.status == GroupStatus.PROPOSAL


def test_only_the_regions_policy_officers_and_swv_staff_write_proposals(world):
    with pytest.raises(PermissionDenied):
        services.create_proposal(
            user=world.users["teacher"], region=world.region, name="X", fields={}
        )
    group = services.create_proposal(
        user=world.users["swv_specialist"], region=world.region, name="Van het SWV", fields={}
    )
    with pytest.raises(PermissionDenied):
        services.update_proposal(user=world.users["coordinator"], group=group, name="Y", fields={})


def test_the_business_case_compares_costs_at_the_regions_tariff(world):
    from decimal import Decimal

    from arrangeer.plans.models import Tariff

    group = helpers.proposal(world)
    costs = selectors.cost_comparison(group, today=timezone.localdate())
    assert costs.individual_per_year is None  # no tariff yet
    Tariff.objects.create(
        region=world.region,
        product_code="45A12",
        funding_framework="jeugdwet_zin",
        price=Decimal("75.00"),
        valid_from=timezone.localdate() - dt.timedelta(days=30),
    )
    group.capacity = 12
    costs = selectors.cost_comparison(group, today=timezone.localdate())
    # 12 arrangements of 12 hours a week, 40 school weeks, at 75 euro an hour.
    assert costs.individual_per_child == Decimal("36000.00")
    assert costs.individual_per_year == Decimal("432000.00")
    assert costs.group_per_child == Decimal("20000.00")
    assert costs.saving == Decimal("192000.00")
