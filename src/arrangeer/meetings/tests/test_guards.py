"""Each MDO guard blocks and unblocks, is on the shipped routes and cannot be overridden;
the MDO's agreements and waiting invitees appear in My actions."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest

from arrangeer.cases import journey
from arrangeer.cases.access import Actor, access_case
from arrangeer.cases.actions import actions_for
from arrangeer.meetings import services
from arrangeer.meetings.constants import Attendance, DecisionChannel, InviteeKind
from arrangeer.routes import guards
from arrangeer.routes.models import Route, Step
from arrangeer.testing.meetings import hold_mdo, meeting_started, plan_mdo
from arrangeer.testing.world import World, build_world

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def world() -> World:
    return build_world()


def _holds(code: str, world: World) -> bool:
    return guards.get(code).check(world.case)


def test_invitees_approved_blocks_until_the_parents_decided_on_every_invitee(world):
    assert not _holds("invitees_approved", world)
    meeting = plan_mdo(world.case, regisseur=world.coordinator, approve=False)
    assert not _holds("invitees_approved", world)
    access = access_case(Actor(world.coordinator), world.case.uuid)
    (chair,) = meeting.invitees.filter(kind=InviteeKind.PROFESSIONAL)
    services.approve_invitee(access, chair, representative=world.parent, via=DecisionChannel.PHONE)
    assert _holds("invitees_approved", world)
    teacher = services.propose_invitee(access, meeting, member=world.members["teacher"])
    assert not _holds("invitees_approved", world)
    services.refuse_invitee(
        access, teacher, representative=world.parent, via=DecisionChannel.PHONE, reason="Nee"
    )
    assert _holds("invitees_approved", world)


def test_mdo_held_with_parents_blocks_until_an_mdo_with_the_parents_is_recorded(world):
    assert not _holds("mdo_held_with_parents", world)
    meeting = meeting_started(plan_mdo(world.case, regisseur=world.coordinator))
    access = access_case(Actor(world.coordinator), world.case.uuid)
    services.record_meeting(
        access,
        meeting,
        attendance={
            i.pk: Attendance.ABSENT if i.kind == InviteeKind.PARENT else Attendance.PRESENT
            for i in meeting.invitees.all()
        },
        minutes={},
        parents_absent_reason="Ziek",
    )
    assert not _holds("mdo_held_with_parents", world)
    hold_mdo(world.case, regisseur=world.coordinator)
    assert _holds("mdo_held_with_parents", world)


def test_child_heard_by_attending_or_by_their_view_written_beforehand(world):
    hold_mdo(world.case, regisseur=world.coordinator, child_present=False)
    assert not _holds("child_heard", world)
    meeting = plan_mdo(world.case, regisseur=world.coordinator)
    access = access_case(Actor(world.coordinator), world.case.uuid)
    services.add_preparation(
        access,
        meeting,
        category="onderwijs",
        text="Ik wil graag weer naar school.",
        is_child_view=True,
    )
    assert not _holds("child_heard", world)  # not until the meeting is held
    hold_mdo(world.case, regisseur=world.coordinator, child_present=False)
    assert _holds("child_heard", world)


def test_the_guards_are_on_the_shipped_routes_and_not_overridable():
    expected = {
        ("Holland Rijnland", "informeren-en-voorbereiden"): {"invitees_approved"},
        ("Holland Rijnland", "gezamenlijk-arrangeren"): {"mdo_held_with_parents", "child_heard"},
        ("Alkmaar", "orientatie-en-afstemming"): {"invitees_approved"},
        ("Alkmaar", "voorbereiding"): {"mdo_held_with_parents", "child_heard"},
    }
    for (route, code), wanted in expected.items():
        step = Step.objects.get(
            route__region__isnull=True, route__name__contains=route, route__version=1, code=code
        )
        assert wanted <= set(step.guards)
        assert not wanted & set(step.overridable_guards)
    assert Route.objects.filter(region__isnull=True).count() == 2


def test_leaving_informeren_is_refused_without_a_planned_mdo_even_with_a_reason(world):
    access = access_case(Actor(world.coordinator), world.case.uuid)
    journey.record_school_plan(
        access, kind="opp", evaluated_on=timezone.localdate(), missing_reason=""
    )
    step = Step.objects.get(route_id=world.case.route_id, code="informeren-en-voorbereiden")
    journey.move_case(access, to_step=step)
    target = Step.objects.get(route_id=world.case.route_id, code="organiseren-breed-overleg")
    with pytest.raises(ValidationError) as refused:
        journey.move_case(
            access_case(Actor(world.coordinator), world.case.uuid),
            to_step=target,
            override_reason="Wij plannen het MDO later wel",
        )
    assert str(guards.get("invitees_approved").blocked) in " ".join(refused.value.messages)
    plan_mdo(world.case, regisseur=world.coordinator)
    journey.move_case(access_case(Actor(world.coordinator), world.case.uuid), to_step=target)


def test_agreements_and_waiting_invitees_are_in_my_actions(world):
    meeting = plan_mdo(world.case, regisseur=world.coordinator, approve=False)
    titles = [a.title for a in actions_for(world.coordinator) if a.source.startswith("meeting")]
    assert any("approve the invitees" in t for t in titles)
    access = access_case(Actor(world.coordinator), world.case.uuid)
    (chair,) = meeting.invitees.filter(kind=InviteeKind.PROFESSIONAL)
    services.approve_invitee(access, chair, representative=world.parent, via=DecisionChannel.PHONE)
    held = hold_mdo(world.case, regisseur=world.coordinator)
    due = timezone.localdate() + dt.timedelta(days=10)
    # Agreements can be added until the minutes are approved; here on a second meeting.
    second = plan_mdo(world.case, regisseur=world.coordinator, start_in=dt.timedelta(days=14))
    meeting_started(second)
    services.record_meeting(
        access,
        second,
        attendance={i.pk: Attendance.PRESENT for i in second.invitees.all()},
        minutes={},
    )
    services.add_action(
        access, second, what="Gesprek met de leerkracht", owner=world.members["teacher"], due=due
    )
    mine = [a for a in actions_for(world.teacher) if a.source == "meeting_action"]
    assert [(a.title, a.due) for a in mine] == [("MDO agreement: Gesprek met de leerkracht", due)]
    assert world.child.first_name not in mine[0].title
    assert held.status == "vastgesteld"
    # No one else carries it.
    assert not [a for a in actions_for(world.youth_worker) if a.source == "meeting_action"]


def test_my_actions_are_constant_in_queries(world, django_assert_max_num_queries):
    meeting = meeting_started(plan_mdo(world.case, regisseur=world.coordinator))
    access = access_case(Actor(world.coordinator), world.case.uuid)
    services.record_meeting(access, meeting, attendance={}, minutes={}, parents_absent_reason="x")
    for n in range(12):
        services.add_action(
            access,
            meeting,
            what=f"Actie {n}",
            owner=world.members["teacher"],
            due=timezone.localdate() + dt.timedelta(days=n),
        )
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        actions_for(world.teacher)
    for n in range(12, 30):
        services.add_action(
            access,
            meeting,
            what=f"Actie {n}",
            owner=world.members["teacher"],
            due=timezone.localdate(),
        )
    with django_assert_max_num_queries(len(few)):
        assert len([a for a in actions_for(world.teacher) if a.source == "meeting_action"]) == 30
