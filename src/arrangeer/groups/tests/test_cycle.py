"""The running group's cycle: attendance and progress registered by its three professionals
in one place, landing in each child's own plan, within each one's team place and categories;
the outflow ending the place module in the plan; the evaluation moments and the decision at
the end (Alkmaar phase 5), on the group page and in the monitor."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

import pytest

from arrangeer.groups import services
from arrangeer.groups.constants import Destination, EndDecision
from arrangeer.monitor.views_groups import group_figures
from arrangeer.plans import services as plan_services
from arrangeer.plans.models import DeliveryRecord, Measurement, Module
from arrangeer.testing import groups as helpers
from arrangeer.testing.auth import login_verified

from .conftest import coordinator_access

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _register_url(group):
    return reverse("groups:register", kwargs={"group_id": group.uuid})


def _line(world, field):
    return f"{world.case.uuid}-{field}"


def test_the_teacher_registers_attendance_and_progress_into_the_childs_plan(world, client):
    group = helpers.matrix_group(world)
    module = Module.objects.get(pk=group.placements.get().module_id)
    goal = world.plan.education_goal
    teacher = login_verified(client, world.users["teacher"])
    page = teacher.get(_register_url(group))
    assert page.status_code == 200
    assert world.child.full_name in page.content.decode()
    today = timezone.localdate().isoformat()
    response = teacher.post(
        _register_url(group),
        {
            "on": today,
            _line(world, "attendance"): "aanwezig",
            _line(world, "hours"): "20",
            _line(world, "goal"): goal.pk,
            _line(world, "value"): "6",
            _line(world, "note"): "Speelt nu samen in de kring.",
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    delivery = DeliveryRecord.objects.get(module=module)
    assert delivery.delivered and delivery.amount == 20
    measurement = Measurement.objects.get(goal=goal, note="Speelt nu samen in de kring.")
    assert measurement.note == "Speelt nu samen in de kring." and measurement.value == 6
    # The child's own plan shows it: delivered hours of the place.
    plan = teacher.get(reverse("plans:plan", kwargs={"case_id": world.case.uuid}))
    assert "20 of" in plan.content.decode()
    # A second attendance line in the same week is refused; nothing of the page is saved.
    again = teacher.post(
        _register_url(group),
        {"on": today, _line(world, "goal"): goal.pk, _line(world, "value"): "7"},
    )
    assert again.status_code == 302  # the attendance field is gone: progress only
    assert Measurement.objects.filter(goal=goal, measured_by=world.users["teacher"]).count() == 2
    assert DeliveryRecord.objects.filter(module=module).count() == 1


def test_a_refused_line_saves_nothing(world, client):
    group = helpers.matrix_group(world)
    teacher = login_verified(client, world.users["teacher"])
    before = (DeliveryRecord.objects.count(), Measurement.objects.count())
    response = teacher.post(
        _register_url(group),
        {
            "on": timezone.localdate().isoformat(),
            _line(world, "attendance"): "aanwezig",
            _line(world, "note"): "Zonder doel en zonder voortgang.",
            _line(world, "goal"): "",
        },
    )
    assert response.status_code == 200
    assert 'id="foutoverzicht"' in response.content.decode()
    assert (DeliveryRecord.objects.count(), Measurement.objects.count()) == before


def test_who_registers_which_child(world, client):
    """The matrix of the three professionals and the group's child: the teacher is on the
    child's team with education; the teaching assistant is not on the team; the pedagogical
    professional's organisation had its consent withdrawn. A pedagogue on the team with
    youth care only may write progress on a youth-care goal of the place, not attendance."""
    group = helpers.matrix_group(world)
    url = _register_url(group)
    cases = {
        "teacher": ('data-testid="line"', True),
        "school_colleague": ('data-testid="unseen"', False),
        "care_worker_withdrawn": ('data-testid="unseen"', False),
    }
    for name, (marker, sees) in cases.items():
        client.logout()
        page = login_verified(client, world.users[name]).get(url)
        assert page.status_code == 200, name
        body = page.content.decode()
        assert marker in body, name
        assert (world.child.full_name in body) is sees, name
    # Not a professional of the group: no registration page at all.
    for name in ("coordinator", "policy_officer", "youth_worker", "parent"):
        client.logout()
        assert login_verified(client, world.users[name]).get(url).status_code == 404, name

    # A pedagogue on the team with youth care only: progress on the youth-care goal of the
    # place, no attendance (the place is education).
    from arrangeer.organisations.models import Membership

    care_goal = world.plan.care_goal
    module = Module.objects.get(pk=group.placements.get().module_id)
    module.goals.add(care_goal)
    group.pedagogue = Membership.objects.get(user=world.users["youth_worker"])
    group.save(update_fields=["pedagogue"])
    client.logout()
    pedagogue = login_verified(client, world.users["youth_worker"])
    body = pedagogue.get(url).content.decode()
    assert world.child.full_name in body
    assert _line(world, "goal") in body and _line(world, "attendance") not in body
    assert world.plan.education_goal.what not in body
    before = DeliveryRecord.objects.count()
    response = pedagogue.post(
        url,
        {
            "on": timezone.localdate().isoformat(),
            _line(world, "goal"): care_goal.pk,
            _line(world, "achievement"): "behaald",
            _line(world, "attendance"): "aanwezig",  # not on the form: ignored
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert Measurement.objects.filter(goal=care_goal, measured_by=world.users["youth_worker"])
    assert DeliveryRecord.objects.count() == before


def test_the_outflow_ends_the_place_in_the_plan_in_the_same_transaction(world, clock):
    group = helpers.matrix_group(world)
    placement = group.placements.get()
    clock.advance(days=30)
    services.record_outflow(
        coordinator_access(world, world.case),
        group=group,
        left_on=timezone.localdate(),
        destination=Destination.SBO,
        note="Het plan gaat mee naar de SBO.",
    )
    module = Module.objects.get(pk=placement.module_id)
    assert module.end_date == module.ended_on == timezone.localdate()
    assert "SBO" in module.end_reason
    placement.refresh_from_db()
    assert placement.status == "uitgestroomd"


def test_an_outflow_the_plan_refuses_leaves_the_place_as_it_was(world, monkeypatch, clock):
    group = helpers.matrix_group(world)
    placement = group.placements.get()
    clock.advance(days=30)

    def refuse(*args, **kwargs):
        raise ValidationError("Het plan is gesloten.")

    monkeypatch.setattr(plan_services, "end_module", refuse)
    with pytest.raises(ValidationError):
        services.record_outflow(
            coordinator_access(world, world.case),
            group=group,
            left_on=timezone.localdate(),
            destination=Destination.REGULAR,
        )
    placement.refresh_from_db()
    assert placement.status == "geplaatst"


def test_the_evaluation_cycle_and_its_decision(world, client):
    group = helpers.running_group(world)
    officer = world.users["policy_officer"]
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        services.record_evaluation(
            user=officer,
            group=group,
            held_on=today,
            goals_findings="",
            indicators_findings="",
            decision=EndDecision.CONTINUE,
        )
    assert set(refused.value.message_dict) >= {"goals_findings", "decision_note", "next_on"}
    services.record_evaluation(
        user=officer,
        group=group,
        held_on=today,
        goals_findings="Acht van de tien kinderen halen hun doelen.",
        indicators_findings="85% naar regulier.",
        next_on=today + dt.timedelta(days=180),
    )
    services.record_evaluation(
        user=officer,
        group=group,
        held_on=today,
        goals_findings="De groep werkt.",
        indicators_findings="Uitstroom naar regulier blijft hoog.",
        decision=EndDecision.INTEGRATE,
        decision_note="De Startklas wordt een vast onderdeel van het aanbod.",
    )
    with pytest.raises(PermissionDenied):  # only the region's managers evaluate
        services.record_evaluation(
            user=world.users["teacher"],
            group=group,
            held_on=today,
            goals_findings="x",
            indicators_findings="y",
            next_on=today + dt.timedelta(days=1),
        )
    page = login_verified(client, officer).get(
        reverse("groups:detail", kwargs={"group_id": group.uuid})
    )
    body = page.content.decode()
    assert "Integrate into regular processes" in body and "No decision yet" in body
    rows, total = group_figures([group])
    assert rows[0].evaluations == 2 and total.evaluations == 2
    assert rows[0].decision == "Integrate into regular processes"


def test_the_evaluation_page(world, client):
    group = helpers.running_group(world)
    officer = login_verified(client, world.users["policy_officer"])
    url = reverse("groups:evaluate", kwargs={"group_id": group.uuid})
    assert officer.get(url).status_code == 200
    response = officer.post(
        url,
        {
            "held_on": timezone.localdate().isoformat(),
            "goals_findings": "Goed op weg.",
            "indicators_findings": "Nog te vroeg.",
            "decision": "doorontwikkelen",
            "decision_note": "Meer plaatsen.",
            "next_on": (timezone.localdate() + dt.timedelta(days=90)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert group.evaluations.get().decision == EndDecision.DEVELOP
    client.logout()
    teacher = login_verified(client, world.users["teacher"])
    assert teacher.get(url).status_code == 404
