"""The escalatieladder on the route's timeline: each step of an escalation is a line for the
team, the module's name and the explanation only within the viewer's categories."""

from __future__ import annotations

import re

from django.urls import reverse

import pytest

from arrangeer.testing.world import World

from .test_ladder import client_for, decide_in_the_team, raise_on_care_module

pytestmark = pytest.mark.django_db


def escalation_lines(world: World, name: str) -> list[str]:
    page = client_for(world, name).get(reverse("cases:route", kwargs={"case_id": world.case.uuid}))
    assert page.status_code == 200
    rows = re.findall(r'<tr data-kind="escalation">(.*?)</tr>', page.content.decode(), re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in rows]


def test_each_step_is_a_line_of_the_timeline_within_the_viewers_categories(world, clock):
    assert world.plan is not None
    title = world.plan.care_module.title
    assert escalation_lines(world, "coordinator") == []
    escalation = raise_on_care_module(world)
    clock.advance(hours=2)
    decide_in_the_team(world, escalation, clock.now.date())

    youth = escalation_lines(world, "youth_worker")
    assert len(youth) == 2
    assert youth[0].startswith(clock.now.strftime("%d-%m-%Y")) and "Escalatie" in youth[0]
    assert all(title in line and "niveau 1" in line for line in youth)
    # The teacher (education only) reads that it happened, not what it is about.
    teacher = escalation_lines(world, "teacher")
    assert len(teacher) == 2
    assert not any(title in line for line in teacher)


def test_the_route_page_reads_as_many_queries_for_one_step_as_for_many(world, clock):
    """Issue 21: the timeline's escalation steps are read together, so the route page of a
    case that walked many escalations up the ladder costs what one step costs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from arrangeer.escalations.models import EscalationStep

    from .test_ladder import raise_on_care_module_again

    coordinator = client_for(world, "coordinator")
    url = reverse("cases:route", kwargs={"case_id": world.case.uuid})

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            page = coordinator.get(url)
        assert page.status_code == 200
        return len(queries), page.content.decode().count('<tr data-kind="escalation">')

    raise_on_care_module(world)
    coordinator.get(url)  # the first request settles what is read once per session
    few, lines = count()
    assert lines == 1
    for _ in range(4):
        raise_on_care_module_again(world)
    teacher = client_for(world, "teacher")  # the school is a party: each moved up a level
    for escalation in EscalationStep.objects.filter(escalation__case=world.case).values_list(
        "escalation__uuid", flat=True
    ):
        move_up = reverse(
            "escalations:move_up",
            kwargs={"case_id": world.case.uuid, "escalation_id": escalation},
        )
        assert teacher.post(move_up, {"note": "We komen er niet uit"}).status_code == 302
    many, lines = count()
    assert lines == 10  # five raised, five moved up
    assert many == few, f"{few} queries for one step, {many} for ten"
