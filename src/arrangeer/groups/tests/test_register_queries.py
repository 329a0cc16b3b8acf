"""The group's registration page costs the same number of queries for 2 children as for 8
(a Startklas has 12 places): each child still comes through its own case access, by the
access layer's door for several cases at once, and the goals, attendance and progress of all
places are read together."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from arrangeer.audit.models import AccessLogEntry
from arrangeer.groups import services
from arrangeer.groups.constants import IntakeChoice
from arrangeer.organisations.models import Membership
from arrangeer.plans.models import DeliveryRecord, Measurement
from arrangeer.testing import groups as helpers
from arrangeer.testing.auth import login_verified

from .conftest import coordinator_access, young_child

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _place(world, group, count):
    placed = []
    for _ in range(count):
        case, goal = young_child(world)
        services.record_intake(
            coordinator_access(world, case),
            group=group,
            intake_on=timezone.localdate(),
            choice=IntakeChoice.GROUP,
            parents_prefer=IntakeChoice.GROUP,
            parents_view="De ouders kozen samen met de school voor de groep.",
            goals=[goal],
        )
        placed.append((case, goal))
    return placed


@pytest.fixture
def register(world, client):
    """A running group whose teacher is the coordinator who opened every child's case (on
    each child's team with education), logged in on the registration page."""
    group = helpers.running_group(world, capacity=12)
    group.teacher = Membership.objects.get(user=world.users["coordinator"])
    group.save(update_fields=["teacher"])
    teacher = login_verified(client, world.users["coordinator"])
    url = reverse("groups:register", kwargs={"group_id": group.uuid})
    return group, teacher, url


def _get(teacher, url):
    with CaptureQueriesContext(connection) as queries:
        page = teacher.get(url)
    assert page.status_code == 200
    return len(queries), page.content.decode()


def _post(teacher, url, case, goal, on):
    line = str(case.uuid)
    with CaptureQueriesContext(connection) as queries:
        response = teacher.post(
            url,
            {
                "on": on.isoformat(),
                f"{line}-attendance": "aanwezig",
                f"{line}-hours": "20",
                f"{line}-goal": goal.pk,
                f"{line}-value": "6",
                f"{line}-note": "Speelt samen in de kring.",
            },
        )
    assert response.status_code == 302, response.content.decode()[-2000:]
    return len(queries)


def test_the_registration_page_reads_the_same_for_2_and_8_children(world, register):
    group, teacher, url = register
    placed = _place(world, group, 2)
    # Something of this week on the page for each child: attendance and progress.
    today = timezone.localdate()
    _post(teacher, url, *placed[0], today)
    small, body = _get(teacher, url)
    assert body.count('data-testid="line"') == 2
    assert 'data-testid="registered"' in body and 'data-testid="progress"' in body

    placed += _place(world, group, 6)
    _post(teacher, url, *placed[-1], today)
    views_before = AccessLogEntry.objects.filter(object_type=services.REGISTER_OBJECT_TYPE).count()
    large, body = _get(teacher, url)
    assert body.count('data-testid="line"') == 8
    assert body.count('data-testid="registered"') == 2
    assert large == small, f"{small} queries for 2 children, {large} for 8"
    # Each child still went through its own case access: one record per child on the log.
    views = AccessLogEntry.objects.filter(object_type=services.REGISTER_OBJECT_TYPE)
    assert views.count() - views_before == 8
    assert {e.case_ref for e in views.order_by("-seq")[:8]} == {c.uuid for c, _g in placed}


def test_saving_a_line_costs_the_same_for_2_and_8_children(world, register):
    group, teacher, url = register
    placed = _place(world, group, 2)
    today = timezone.localdate()
    small = _post(teacher, url, *placed[0], today)
    placed += _place(world, group, 6)
    # The same line for another child, now with 8 children on the page.
    large = _post(teacher, url, *placed[2], today)
    assert large == small, f"{small} queries for 2 children, {large} for 8"
    for case, goal in (placed[0], placed[2]):
        assert DeliveryRecord.objects.filter(module__plan__case=case).count() == 1
        assert Measurement.objects.filter(goal=goal, note="Speelt samen in de kring.").exists()
    assert not DeliveryRecord.objects.filter(module__plan__case=placed[1][0]).exists()


def test_a_page_with_errors_costs_the_same_for_2_and_8_children(world, register):
    group, teacher, url = register

    def refused(case):
        with CaptureQueriesContext(connection) as queries:
            response = teacher.post(
                url,
                {
                    "on": timezone.localdate().isoformat(),
                    f"{case.uuid}-attendance": "aanwezig",
                    f"{case.uuid}-note": "Zonder doel.",
                    f"{case.uuid}-goal": "",
                },
            )
        assert response.status_code == 200
        assert 'id="foutoverzicht"' in response.content.decode()
        return len(queries)

    placed = _place(world, group, 2)
    small = refused(placed[0][0])
    placed += _place(world, group, 6)
    large = refused(placed[0][0])
    assert large == small, f"{small} queries for 2 children, {large} for 8"
    assert not DeliveryRecord.objects.filter(module__plan__case=placed[0][0]).exists()
