"""The plan's guards for the route map: each blocks, then holds once the plan is right."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

import pytest

from arrangeer.children.models import LegalRepresentative
from arrangeer.plans import services
from arrangeer.plans.models import Goal, Module, SupportNeed
from arrangeer.routes.guards import all_guards, evaluate, get
from arrangeer.testing.plans import goal_fields, module_fields

pytestmark = pytest.mark.django_db

CODES = [
    "support_needs_recorded",
    "smart_goal_present",
    "goals_served_by_modules",
    "handelingsdeel_agreed",
    "evaluation_recorded",
]


def _holds(case, code: str) -> bool:
    [result] = evaluate(case, [code])
    return result.passed


def test_the_plan_registers_its_five_guards_with_a_label_and_an_explanation():
    registered = all_guards()
    for code in CODES:
        guard = registered[code]
        assert str(guard.label) and str(guard.blocked)


def test_a_case_without_a_plan_passes_none_of_them(world, db):
    [result] = evaluate(world.closed_case, ["smart_goal_present"])
    assert not result.passed
    assert "SMART" in result.explanation
    for code in CODES:
        assert not _holds(world.closed_case, code)


def test_support_needs_blocks_until_child_parents_and_school_are_all_recorded(world, plan, access):
    assert _holds(world.case, "support_needs_recorded")
    parents_need = SupportNeed.objects.get(plan=plan.plan, of_whom="ouders")
    services.remove_item(access("youth_worker"), parents_need, expected_version=1)
    assert not _holds(world.case, "support_needs_recorded")
    services.add_item(
        access("coordinator"),
        kind="need",
        fields={"of_whom": "ouders", "text": "Uitleg over de toets", "category": "onderwijs"},
    )
    assert _holds(world.case, "support_needs_recorded")


def test_smart_goal_blocks_without_goals_and_holds_with_one(world, plan, access):
    assert _holds(world.case, "smart_goal_present")
    for goal in Goal.objects.filter(plan=plan.plan):
        persona = "coordinator" if goal.category == "onderwijs" else "youth_worker"
        services.remove_item(access(persona), goal, expected_version=goal.lock_version)
    assert not _holds(world.case, "smart_goal_present")
    services.add_item(access("coordinator"), kind="goal", fields=goal_fields())
    assert _holds(world.case, "smart_goal_present")


def test_goals_served_blocks_while_a_goal_has_no_module(world, plan, access):
    assert _holds(world.case, "goals_served_by_modules")
    new = services.add_item(access("coordinator"), kind="goal", fields=goal_fields(what="Nieuw"))
    assert not _holds(world.case, "goals_served_by_modules")
    assert get("goals_served_by_modules").blocked
    services.add_item(
        access("coordinator"),
        kind="module",
        fields=module_fields([new], world.school, title="Nieuwe module"),  # type: ignore[list-item]
    )
    assert _holds(world.case, "goals_served_by_modules")
    # A removed module no longer serves its goal.
    module = Module.objects.get(title="Nieuwe module")
    services.remove_item(access("coordinator"), module, expected_version=1)
    assert not _holds(world.case, "goals_served_by_modules")


def test_handelingsdeel_agreed_follows_the_current_version_and_every_parent_with_gezag(
    world, plan, access
):
    # Version 1 was agreed by the one parent with gezag and adopted.
    assert _holds(world.case, "handelingsdeel_agreed")
    regie = access("coordinator")
    version = services.send_for_agreement(regie)
    assert not _holds(world.case, "handelingsdeel_agreed")  # the new version is at stake
    services.record_parent_agreement(
        regie,
        content_hash=version.content_hash,
        representative=world.parent,
        decision="instemming",
        given_on=timezone.localdate(),
        evidence="overleg",
    )
    assert _holds(world.case, "handelingsdeel_agreed")
    LegalRepresentative.objects.filter(pk=world.parent_without_authority.pk).update(
        has_authority=True
    )
    assert not _holds(world.case, "handelingsdeel_agreed")


def test_evaluation_recorded_blocks_for_a_newly_adopted_version(world, plan, access):
    assert _holds(world.case, "evaluation_recorded")  # version 1 was evaluated
    regie = access("coordinator")
    version = services.send_for_agreement(regie)
    services.record_parent_agreement(
        regie,
        content_hash=version.content_hash,
        representative=world.parent,
        decision="instemming",
        given_on=timezone.localdate(),
        evidence="papier",
    )
    services.adopt_plan(
        regie,
        content_hash=version.content_hash,
        child_heard="vooraf",
        child_view="Goed",
        child_view_category="onderwijs",
    )
    assert not _holds(world.case, "evaluation_recorded")
    services.record_evaluation(
        regie,
        held_on=timezone.localdate(),
        decision="voortzetten",
        next_evaluation_on=timezone.localdate() + dt.timedelta(days=42),
        summary="",
        category="onderwijs",
        ratings={},
    )
    assert _holds(world.case, "evaluation_recorded")
