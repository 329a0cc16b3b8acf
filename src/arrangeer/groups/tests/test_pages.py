"""The pages, walked with a test client: proposal, business case, the route, set-up, start,
the intake list, a child's intake and outflow, and the monitor's figures page."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

import pytest

from arrangeer.groups.constants import GroupStatus, PlacementStatus
from arrangeer.groups.models import GroupArrangement, Placement
from arrangeer.organisations.models import Membership
from arrangeer.testing import groups as helpers
from arrangeer.testing.auth import login_verified

from .conftest import young_child

pytestmark = pytest.mark.django_db


def _member(world, name):
    return Membership.objects.get(user=world.users[name]).pk


def test_from_proposal_to_outflow_through_the_pages(world, client):
    officer = login_verified(client, world.users["policy_officer"])
    assert officer.get(reverse("groups:list")).status_code == 200
    response = officer.post(reverse("groups:new"), {"name": "Startklas Noord", **helpers.PROPOSAL})
    group = GroupArrangement.objects.get(name="Startklas Noord")
    assert response["Location"] == reverse("groups:detail", kwargs={"group_id": group.uuid})
    too_long = officer.post(
        reverse("groups:proposal", kwargs={"group_id": group.uuid}),
        {"name": group.name, **helpers.PROPOSAL, "planning": "woord " * 1000},
    )
    assert too_long.status_code == 200
    assert 'id="foutoverzicht"' in too_long.content.decode()
    officer.post(
        reverse("groups:business_case", kwargs={"group_id": group.uuid}),
        {"summary": "Een groep in plaats van losse arrangementen.", "yearly_cost": "200000"},
    )
    officer.post(reverse("groups:submit", kwargs={"group_id": group.uuid}))
    group.refresh_from_db()
    assert group.status == GroupStatus.IN_ROUTE
    for decision in group.decisions.order_by("body__position"):
        outcome = "geinformeerd" if decision.body.role == "informeert" else "akkoord"
        response = officer.post(
            reverse("groups:decide", kwargs={"group_id": group.uuid, "decision_id": decision.pk}),
            {"status": outcome, "decided_on": timezone.localdate().isoformat(), "text": "Ok"},
        )
        assert response.status_code == 302, response.content.decode()[-2000:]
    group.refresh_from_db()
    assert group.status == GroupStatus.APPROVED
    response = officer.post(
        reverse("groups:set_up", kwargs={"group_id": group.uuid}),
        {
            "capacity": "12",
            "school": world.school.pk,
            "location": "Lokaal 2",
            "teacher": _member(world, "teacher"),
            "assistant": _member(world, "school_colleague"),
            "assistant_hours": "24",
            "pedagogue": _member(world, "care_worker_withdrawn"),
            "hours_per_week": "22",
            "funding_framework": "wpo_swv",
            "instrument": "swv_arrangement",
            "intake_age_months": "42",
            "group_goals": "Doorstromen naar het regulier onderwijs",
            "group_approach": "Onderwijs en zorg in één klas",
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    officer.post(
        reverse("groups:start", kwargs={"group_id": group.uuid}),
        {"started_on": timezone.localdate().isoformat()},
    )
    group.refresh_from_db()
    assert group.status == GroupStatus.RUNNING
    monitor = officer.get(reverse("monitor:groups"))
    assert monitor.status_code == 200 and "Startklas Noord" in monitor.content.decode()
    client.logout()

    case, goal = young_child(world, months=43, preschool=True)
    coordinator = login_verified(client, world.users["coordinator"])
    intake_list = coordinator.get(reverse("groups:intake", kwargs={"group_id": group.uuid}))
    assert intake_list.status_code == 200
    assert case.child.first_name in intake_list.content.decode()
    url = reverse("groups:intake_decide", kwargs={"group_id": group.uuid, "case_id": case.uuid})
    missing = coordinator.post(url, {})
    assert 'id="foutoverzicht"' in missing.content.decode()
    response = coordinator.post(
        url,
        {
            # A week ago: the child leaves today, after its first day in the group.
            "intake_on": (timezone.localdate() - dt.timedelta(days=7)).isoformat(),
            "parents_prefer": "groep",
            "parents_view": "Moeder wil de Startklas.",
            "choice": "groep",
            "goals": [goal.pk],
        },
    )
    assert response.status_code == 302
    placement = Placement.objects.get(group=group, case=case)
    assert placement.status == PlacementStatus.PLACED
    plan = coordinator.get(reverse("plans:plan", kwargs={"case_id": case.uuid}))
    assert "Startklas Noord" in plan.content.decode()
    response = coordinator.post(
        reverse("groups:outflow", kwargs={"group_id": group.uuid, "case_id": case.uuid}),
        {"left_on": timezone.localdate().isoformat(), "destination": "regulier", "note": ""},
    )
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.LEFT and placement.destination == "regulier"


def test_the_group_pages_are_not_for_everyone(world, client):
    group = helpers.running_group(world)
    parent = login_verified(client, world.users["parent"])
    assert parent.get(reverse("groups:list")).status_code == 404
    client.logout()
    teacher = login_verified(client, world.users["teacher"])
    # The teacher works in the group: sees it, does not manage it.
    assert teacher.get(reverse("groups:detail", kwargs={"group_id": group.uuid})).status_code == 200
    assert teacher.get(reverse("groups:set_up", kwargs={"group_id": group.uuid})).status_code == 404
    assert teacher.get(reverse("groups:new")).status_code == 404
