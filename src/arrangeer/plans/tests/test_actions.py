"""The plan's signals in "My actions" and the reminder mail: an evaluation coming up, a
module that ends within four weeks, a decision still pending after the route's days — for
the regisseur only, on the right days (travelling in time by passing `today`), with a
constant number of queries, and mailed once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from arrangeer.cases.actions import actions_for
from arrangeer.cases.reminders import send_reminders
from arrangeer.plans import services
from arrangeer.plans.models import Module
from arrangeer.routes.models import ReminderSent
from arrangeer.testing.plans import PlanWork, module_fields
from arrangeer.testing.world import World

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TODAY = timezone.localdate()


def _of(world: World, who: str, source: str, today: dt.date) -> list:
    return [a for a in actions_for(world.users[who], today=today) if a.source == source]


@pytest.fixture
def adopted(world: World, plan) -> PlanWork:
    """The world's plan, adjusted and adopted again: a plan in force."""
    work = PlanWork(regisseur=world.coordinator, case=world.case, provider=world.school)
    work.agree_and_adopt()
    return work


def test_an_evaluation_coming_up_is_an_action_for_the_regisseur_from_two_weeks_before(
    world, plan, adopted
):
    due = plan.evaluation.next_evaluation_on
    assert due is not None
    assert _of(world, "coordinator", "evaluation_due", due - dt.timedelta(days=15)) == []
    (near,) = _of(world, "coordinator", "evaluation_due", due - dt.timedelta(days=14))
    assert near.due == due and not near.is_overdue(due - dt.timedelta(days=14))
    (past,) = _of(world, "coordinator", "evaluation_due", due + dt.timedelta(days=3))
    assert past.is_overdue(due + dt.timedelta(days=3)) and past.key == near.key
    for who in ("youth_worker", "teacher", "swv_specialist"):
        assert _of(world, who, "evaluation_due", due) == []
    # Once evaluated, the next date counts.
    adopted.evaluate("voortzetten")
    (following,) = _of(world, "coordinator", "evaluation_due", TODAY + dt.timedelta(days=60))
    assert following.due == TODAY + dt.timedelta(days=56) and following.key != near.key


def test_a_plan_being_adjusted_has_no_evaluation_due(world, plan):
    assert _of(world, "coordinator", "evaluation_due", TODAY + dt.timedelta(days=365)) == []


def test_a_module_ending_within_four_weeks_is_an_action_until_its_end(world, plan, adopted):
    end = Module.objects.get(pk=plan.education_module.pk).end_date
    assert _of(world, "coordinator", "module_ending", end - dt.timedelta(days=29)) == []
    # Both modules of the world's plan end that day: one action each.
    ending = _of(world, "coordinator", "module_ending", end - dt.timedelta(days=28))
    assert len(ending) == 2 and len({a.key for a in ending}) == 2
    for action in ending:
        assert action.due == end and "#modules" in action.url
        # The title names no content of the plan: the regisseur may not see every category.
        assert plan.education_module.title not in action.title
        assert plan.care_module.title not in action.title
    assert len(_of(world, "coordinator", "module_ending", end)) == 2
    assert _of(world, "coordinator", "module_ending", end + dt.timedelta(days=1)) == []
    assert _of(world, "youth_worker", "module_ending", end) == []


def _request_decision(world: World, plan, *, days_ago: int) -> Module:
    work = PlanWork(regisseur=world.coordinator, case=world.case, provider=world.school)
    module = services.add_item(
        work.access(),
        kind="module",
        fields=module_fields(
            [plan.education_goal],
            world.swv,
            title="Plaatsing SO",
            funding_framework="wpo_swv",
            instrument="tlv",
            decision_status="aangevraagd",
            requested_on=TODAY - dt.timedelta(days=days_ago),
            intensity=Decimal(20),
        ),
    )
    assert isinstance(module, Module)
    return module


def test_a_decision_still_pending_after_the_routes_days_is_an_action(world, plan):
    module = _request_decision(world, plan, days_ago=10)
    days = world.case.route.decision_days
    due = module.requested_on + dt.timedelta(days=days)
    assert _of(world, "coordinator", "decision_pending", due - dt.timedelta(days=1)) == []
    (pending,) = _of(world, "coordinator", "decision_pending", due)
    assert pending.due == due
    assert _of(world, "youth_worker", "decision_pending", due) == []
    # The route sets the number of days.
    route = world.case.route
    route.decision_days = 7
    route.save(update_fields=["decision_days"])
    assert len(_of(world, "coordinator", "decision_pending", TODAY)) == 1
    # Decided: no longer pending.
    services.change_item(
        PlanWork(world.coordinator, world.case, world.school).access(),
        module,
        expected_version=module.lock_version,
        fields={"decision_status": "toegekend", "decided_on": TODAY},
    )
    assert _of(world, "coordinator", "decision_pending", due) == []


def test_the_plans_signals_take_the_same_queries_for_one_or_many_modules(world, plan):
    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            actions_for(world.coordinator, today=TODAY + dt.timedelta(days=200))
        return len(captured)

    _request_decision(world, plan, days_ago=60)
    one = count()
    for _ in range(4):
        _request_decision(world, plan, days_ago=60)
    assert count() <= one
    assert len(_of(world, "coordinator", "decision_pending", TODAY)) == 5


def test_the_plans_reminders_go_once_without_child_details(
    world, plan, adopted, mailoutbox, django_capture_on_commit_callbacks
):
    end = Module.objects.get(pk=plan.education_module.pk).end_date
    day = end - dt.timedelta(days=20)
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(today=day)
    sent = ReminderSent.objects.filter(user=world.coordinator, kind="module_ending")
    assert sent.count() == 2
    child = world.case.child
    mine = [m for m in mailoutbox if m.to == [world.coordinator.email]]
    assert any("ends within four weeks" in m.body for m in mine)
    for message in mine:
        assert child.first_name not in message.body + message.subject
        assert child.last_name not in message.body + message.subject
    before = len(mailoutbox)
    for later in (day, day + dt.timedelta(days=1), end):
        with django_capture_on_commit_callbacks(execute=True):
            send_reminders(today=later)
    assert len(mailoutbox) == before
    assert sent.count() == 2
