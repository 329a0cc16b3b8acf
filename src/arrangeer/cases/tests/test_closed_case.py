"""Closing follows the route, and a closed case stays readable for its last regisseur and
the family during its retention period — read-only, every read logged — while everyone
else gets the 404 of a case that does not exist."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

import pytest

from arrangeer.audit.models import AccessLogEntry
from arrangeer.cases import services as case_services
from arrangeer.cases.access import Actor, access_case
from arrangeer.cases.constants import CaseStatus, StepChangeKind
from arrangeer.cases.models import Case, StepChange
from arrangeer.routes import services as route_services
from arrangeer.routes.models import Route, Step
from arrangeer.testing.factories import CaseFactory
from arrangeer.testing.world import World, build_world

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def world() -> World:
    return build_world(with_plan=True)


def _alkmaar_case(world: World, step_code: str) -> Case:
    model = Route.objects.get(region__isnull=True, name__contains="Alkmaar")
    route_services.adopt_route(model, region=world.region)
    case = CaseFactory(
        opener=world.coordinator.memberships.get(), first_name="Jip", last_name="Vos"
    )
    step = Step.objects.get(route=case.route, code=step_code)
    Case.objects.filter(pk=case.pk).update(current_step=step)
    return Case.objects.get(pk=case.pk)


def _close_url(case: Case) -> str:
    return reverse("cases:close", kwargs={"case_id": case.uuid})


def test_in_alkmaar_phase_4_does_not_close_the_case_only_phase_5_does(world, verified_client):
    case = _alkmaar_case(world, "evaluatie")
    client = verified_client(world.coordinator)
    form = client.get(_close_url(case)).content.decode()
    assert "5. Besluitvorming" in form  # the page says where the route closes
    refused = client.post(_close_url(case), {"reason": "goals_reached"})
    assert refused.status_code == 200
    body = refused.content.decode()
    assert "closes the case in step “5. Besluitvorming”" in body and "4. Evaluatie" in body
    api_token = _token(world, "coordinator")
    api = client_api(api_token).post(
        reverse("api:case_close", kwargs={"case_id": case.uuid}),
        {"reason": "goals_reached"},
        content_type="application/json",
    )
    assert api.status_code == 400
    assert Case.objects.get(pk=case.pk).status == CaseStatus.OPEN

    Case.objects.filter(pk=case.pk).update(
        current_step=Step.objects.get(route=case.route, code="besluitvorming")
    )
    closed = client.post(_close_url(case), {"reason": "goals_reached", "note": "Doelen gehaald"})
    assert closed.status_code == 302
    assert closed["Location"] == reverse("cases:detail", kwargs={"case_id": case.uuid})
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    change = StepChange.objects.filter(case=case).order_by("-at", "-pk").first()
    assert change.kind == StepChangeKind.CLOSE  # along the route


def test_a_child_who_moved_closes_the_case_in_any_step(world, verified_client):
    case = _alkmaar_case(world, "evaluatie")
    response = verified_client(world.coordinator).post(_close_url(case), {"reason": "moved"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    change = StepChange.objects.filter(case=case).order_by("-at", "-pk").first()
    assert change.kind == StepChangeKind.CLOSED  # outside the route, recorded as such


def _token(world: World, persona: str) -> str:
    from arrangeer.api import services as api_services

    user = world.users[persona]
    _record, raw = api_services.create_token(
        user=user, membership=user.memberships.first(), name="test", days=1
    )
    return raw


def client_api(raw: str):
    from django.test import Client

    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_ACCEPT_LANGUAGE="en")


def _close_world_case(world: World, *, days_ago: int = 0) -> Case:
    access = access_case(Actor(world.coordinator), world.case.uuid)
    case_services.close_case(access, reason="moved")
    if days_ago:
        Case.objects.filter(pk=world.case.pk).update(
            closed_at=timezone.now() - dt.timedelta(days=days_ago)
        )
    return Case.objects.get(pk=world.case.pk)


def test_the_regisseur_reads_the_closed_case_and_cannot_change_it(world, verified_client):
    case = _close_world_case(world)
    client = verified_client(world.coordinator)
    for name in ("cases:detail", "plans:plan", "cases:team", "cases:access_log", "cases:history"):
        response = client.get(reverse(name, kwargs={"case_id": case.uuid}))
        assert response.status_code == 200, name
    detail = client.get(reverse("cases:detail", kwargs={"case_id": case.uuid})).content.decode()
    assert 'data-testid="closed-read-only"' in detail
    plan_page = client.get(reverse("plans:plan", kwargs={"case_id": case.uuid})).content.decode()
    assert "Add a goal" not in plan_page  # no way to write is offered
    # Every read is logged like any other.
    reads = AccessLogEntry.objects.filter(
        username=world.coordinator.username, case_ref=case.uuid, outcome="allowed"
    )
    assert reads.filter(object_type="plan").exists()
    # Writes are refused (403: the regisseur knows the case), and logged as refused.
    refused = client.post(
        reverse("cases:flags", kwargs={"case_id": case.uuid}), {"is_complex": "on"}
    )
    assert refused.status_code == 403
    assert not Case.objects.get(pk=case.pk).is_complex
    assert AccessLogEntry.objects.filter(
        username=world.coordinator.username, case_ref=case.uuid, outcome="denied"
    ).exists()
    item_new = client.post(
        reverse("plans:item_new", kwargs={"case_id": case.uuid, "slug": "doelen"}), {}
    )
    assert item_new.status_code == 403
    # The API reads, and refuses the write as every refusal in the API: 404.
    api = client_api(_token(world, "coordinator"))
    assert api.get(reverse("api:case", kwargs={"case_id": case.uuid})).status_code == 200
    patched = api.patch(
        reverse("api:case", kwargs={"case_id": case.uuid}),
        {"is_complex": True},
        content_type="application/json",
        HTTP_IF_MATCH='"x"',
    )
    assert patched.status_code == 404


def test_everyone_else_of_the_team_loses_the_closed_case(world, verified_client):
    case = _close_world_case(world)
    for persona in ("teacher", "youth_worker", "swv_specialist", "leerplicht", "emergency_worker"):
        client = verified_client(world.users[persona])
        response = client.get(reverse("cases:detail", kwargs={"case_id": case.uuid}))
        assert response.status_code == 404, persona


def test_the_family_reads_the_closed_case_in_the_portal_and_cannot_change_it(
    world, verified_client
):
    case = _close_world_case(world)
    parent = verified_client(world.users["parent"])
    home = parent.get(reverse("portal:home", kwargs={"case_id": case.uuid}))
    assert home.status_code == 200
    assert 'data-testid="closed-read-only"' in home.content.decode()
    assert AccessLogEntry.objects.filter(
        username="parent", case_ref=case.uuid, basis="family", outcome="allowed"
    ).exists()
    written = parent.post(
        reverse("portal:our_view", kwargs={"case_id": case.uuid}), {"text": "Nog iets"}
    )
    assert written.status_code == 403
    child = verified_client(world.users["child_13"])
    assert child.get(reverse("portal:home", kwargs={"case_id": case.uuid})).status_code == 200


def test_after_the_retention_period_of_its_categories_the_regisseur_loses_the_case(
    world, verified_client
):
    # Education data is kept 2 years; the coordinator sees education only.
    case = _close_world_case(world, days_ago=365 * 2 + 5)
    url = reverse("cases:detail", kwargs={"case_id": case.uuid})
    assert verified_client(world.coordinator).get(url).status_code == 404
    # The family still reads what is kept longer (youth care, family: 20 years).
    parent = verified_client(world.users["parent"])
    assert parent.get(reverse("portal:home", kwargs={"case_id": case.uuid})).status_code == 200


def test_closing_records_where_the_child_goes_and_reopening_clears_it(world, verified_client):
    """Along the route and outside it, the closing records the destination (the regional
    monitor's outcome after the arrangement); a wrong value changes nothing."""
    case = _alkmaar_case(world, "besluitvorming")
    client = verified_client(world.coordinator)
    form = client.get(_close_url(case)).content.decode()
    assert 'name="destination"' in form and "Regular education (PO, VO)" in form
    refused = client.post(_close_url(case), {"reason": "goals_reached", "destination": "maan"})
    assert refused.status_code == 200
    assert Case.objects.get(pk=case.pk).status == CaseStatus.OPEN
    closed = client.post(_close_url(case), {"reason": "goals_reached", "destination": "regulier"})
    assert closed.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.destination) == (CaseStatus.CLOSED, "regulier")
    assert case.history.latest().destination == "regulier"  # in the case's history
    case_services.reopen_case(case, actor=Actor(world.coordinator), reason="Toch verder")
    assert Case.objects.get(pk=case.pk).destination == ""


def test_a_destination_that_is_no_choice_is_refused_by_the_service(world):
    access = access_case(Actor(world.coordinator), world.case.uuid)
    with pytest.raises(ValidationError) as error:
        case_services.close_case(access, reason="moved", destination="maan")
    assert error.value.message_dict == {
        "destination": ["Choose where the child goes after the arrangement."]
    }
    assert Case.objects.get(pk=world.case.pk).status == CaseStatus.OPEN
    case_services.close_case(access, reason="moved", destination="so_vso")
    assert Case.objects.get(pk=world.case.pk).destination == "so_vso"
