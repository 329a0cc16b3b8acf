"""Routes as data: the two shipped routes exactly as the sources have them, the checks on a
route's shape, and functional management (copy, edit an unused version, activate)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

import pytest

from arrangeer.cases import services as case_services
from arrangeer.cases.access import Actor
from arrangeer.routes import services
from arrangeer.routes.models import Route, Step
from arrangeer.routes.validation import StepSpec, route_errors
from arrangeer.testing.admin import admin_form_data
from arrangeer.testing.world import build_world, years_ago

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

HR = "Routekaart integraal arrangeren Holland Rijnland"
ALKMAAR = "Routekaart onderwijs-zorgarrangementen regio Alkmaar"


def model_route(name: str) -> Route:
    return Route.objects.get(region__isnull=True, name=name, version=1)


def _steps(route: Route) -> list[Step]:
    return list(route.steps.select_related("phase").order_by("number"))


def test_holland_rijnland_ships_nine_steps_in_three_phases_around_the_mdo():
    steps = _steps(model_route(HR))
    assert [(s.phase.name, s.name) for s in steps if s.phase] == [
        ("Voorafgaand aan het MDO", "Waarnemen"),
        ("Voorafgaand aan het MDO", "Informeren en voorbereiden"),
        ("Voorafgaand aan het MDO", "Organiseren van het breed overleg"),
        ("Tijdens het MDO", "Ondersteuningsbehoefte in beeld"),
        ("Tijdens het MDO", "Gezamenlijk doelen stellen"),
        ("Tijdens het MDO", "Gezamenlijk arrangeren"),
        ("Na het MDO", "Uitvoeren en monitoren arrangement"),
        ("Na het MDO", "Gezamenlijk evalueren"),
        ("Na het MDO", "Bijstellen arrangement"),
    ]
    by_code = {s.code: s for s in steps}
    # evaluate → adjust → carry out again; evaluation may also close.
    assert by_code["gezamenlijk-evalueren"].next_steps == [
        "bijstellen-arrangement",
        "uitvoeren-en-monitoren",
    ]
    assert by_code["bijstellen-arrangement"].next_steps == ["uitvoeren-en-monitoren"]
    assert [s.code for s in steps if s.can_close] == ["gezamenlijk-evalueren"]
    assert by_code["waarnemen"].guards == ["gp_opp_evaluated"]
    assert by_code["organiseren-breed-overleg"].guards == ["required_partners_on_team"]
    assert all(s.expected_result and s.description for s in steps)


def test_alkmaar_ships_five_phases_with_continue_adjust_or_close_after_evaluation():
    steps = _steps(model_route(ALKMAAR))
    assert [s.name for s in steps] == [
        "Oriëntatie en afstemming",
        "Voorbereiding",
        "Uitvoering",
        "Evaluatie",
        "Besluitvorming",
    ]
    by_code = {s.code: s for s in steps}
    assert by_code["evaluatie"].next_steps == ["uitvoering", "voorbereiding", "besluitvorming"]
    assert [s.code for s in steps if s.can_close] == ["besluitvorming"]
    assert by_code["orientatie-en-afstemming"].guards == [
        "required_partners_on_team",
        "invitees_approved",
    ]


@pytest.mark.parametrize("name", [HR, ALKMAAR])
def test_the_shipped_routes_pass_their_own_checks(name):
    assert route_errors(services.specs_of(model_route(name))) == []


def _spec(code: str, number: int, *nexts: str, close: bool = False, **extra: Any) -> StepSpec:
    return StepSpec(
        code=code, number=number, name=code.title(), next_steps=nexts, can_close=close, **extra
    )


def test_a_route_with_an_unreachable_step_is_refused_with_the_step_named():
    errors = route_errors([_spec("a", 1, "b"), _spec("b", 2, close=True), _spec("c", 3, "b")])
    assert any("“C”" in e and "cannot be reached" in e for e in errors)


def test_a_route_without_a_way_to_close_is_refused():
    assert any(
        "No step lets a case close" in e
        for e in route_errors([_spec("a", 1, "b"), _spec("b", 2, "a")])
    )


def test_a_step_from_which_closing_is_impossible_is_refused():
    errors = route_errors([_spec("a", 1, "b", "c"), _spec("b", 2, close=True), _spec("c", 3)])
    assert any("can never reach" in e and "“C”" in e for e in errors)


def test_unknown_next_steps_and_unknown_checks_are_refused():
    errors = route_errors(
        [_spec("a", 1, "nowhere", close=True, guards=("no_such_check",), overridable_guards=("x",))]
    )
    assert len(errors) == 3


# --- Functional management -------------------------------------------------------------------


@pytest.fixture
def world():
    return build_world()


def _step_key(data: dict[str, Any], code: str, field: str) -> str:
    prefix = next(k[: -len("-code")] for k, v in data.items() if k.endswith("-code") and v == code)
    return f"{prefix}-{field}"


def test_the_functional_administrator_copies_a_route_to_a_new_version(world, verified_client):
    client = verified_client(world.functional_admin)
    route = model_route(ALKMAAR)
    response = client.post(
        reverse("admin:routes_route_changelist"),
        {"action": "copy_to_new_version", "_selected_action": [route.pk]},
    )
    assert response.status_code == 302
    copy = Route.objects.get(name=ALKMAAR, version=2)
    assert copy.copied_from == route and not copy.is_active
    assert [s.code for s in copy.steps.all()] == [s.code for s in route.steps.all()]


def test_an_edit_that_breaks_reachability_is_refused_and_changes_nothing(world, verified_client):
    client = verified_client(world.functional_admin)
    copy = services.copy_route(model_route(ALKMAAR))
    url = reverse("admin:routes_route_change", args=[copy.pk])
    data = admin_form_data(client.get(url))
    # Voorbereiding no longer leads anywhere: Uitvoering and what follows become unreachable.
    data[_step_key(data, "voorbereiding", "next_steps")] = ""
    response = client.post(url, data)
    assert response.status_code == 200
    assert "cannot be reached" in response.content.decode()
    assert copy.steps.get(code="voorbereiding").next_steps == ["uitvoering"]


def test_an_unused_version_can_be_edited_and_activated(world, verified_client):
    client = verified_client(world.functional_admin)
    copy = services.copy_route(model_route(ALKMAAR), region=world.region)
    url = reverse("admin:routes_route_change", args=[copy.pk])
    data = admin_form_data(client.get(url))
    data[_step_key(data, "uitvoering", "duration_days")] = "60"
    assert client.post(url, data).status_code == 302
    assert copy.steps.get(code="uitvoering").duration_days == 60
    client.post(
        reverse("admin:routes_route_changelist"),
        {"action": "make_active", "_selected_action": [copy.pk]},
    )
    copy.refresh_from_db()
    assert copy.is_active
    assert services.route_for_new_case(world.region) == copy


def test_a_version_in_use_is_read_only_and_cases_keep_their_version(world, verified_client):
    route = world.case.route
    assert route is not None and route.name == HR  # the active model route
    client = verified_client(world.functional_admin)
    url = reverse("admin:routes_route_change", args=[route.pk])
    page = client.get(url)
    assert page.status_code == 200 and not page.context["has_change_permission"]
    data = admin_form_data(page)
    assert client.post(url, data).status_code == 403
    # A new version for the region: new cases take it, the old case keeps its own.
    services.adopt_route(model_route(ALKMAAR), region=world.region)
    new = case_services.open_case(
        actor=Actor(world.coordinator),
        membership=world.coordinator.memberships.get(),
        child_fields={"first_name": "Nova", "last_name": "Ster", "date_of_birth": years_ago(8)},
    )
    assert new.route is not None and new.route.name == ALKMAAR
    assert new.current_step is not None and new.current_step.code == "orientatie-en-afstemming"
    world.case.refresh_from_db()
    assert world.case.route == route


def test_people_without_the_functional_admin_role_cannot_reach_the_route_admin(
    world, verified_client
):
    response = verified_client(world.coordinator).get(reverse("admin:routes_route_changelist"))
    assert response.status_code == 403
    assert "functional administrator" in response.content.decode()


def test_the_functional_administrator_adds_a_new_route_for_the_region(world, verified_client):
    client = verified_client(world.functional_admin)
    url = reverse("admin:routes_route_add")
    page = client.get(url)
    assert page.status_code == 200
    data = admin_form_data(page)
    data.update(
        {
            "name": "Eigen route",
            "region": world.region.pk,
            "stall_days": "30",
            "decision_days": "42",
            "steps-TOTAL_FORMS": "2",
            "steps-0-number": "1",
            "steps-0-code": "kennismaken",
            "steps-0-name": "Kennismaken",
            "steps-0-responsible_role": "regisseur",
            "steps-0-duration_days": "14",
            "steps-0-next_steps": "afronden",
            "steps-1-number": "2",
            "steps-1-code": "afronden",
            "steps-1-name": "Afronden",
            "steps-1-responsible_role": "regisseur",
            "steps-1-duration_days": "14",
            "steps-1-can_close": "on",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    route = Route.objects.get(name="Eigen route", region=world.region)
    assert not route.is_active
    assert [(s.code, s.next_steps, s.can_close) for s in route.steps.all()] == [
        ("kennismaken", ["afronden"], False),
        ("afronden", [], True),
    ]
