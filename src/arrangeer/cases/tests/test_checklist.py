"""The regisseur's checklist on the route page (seed 003, bijlage 5): every automatic item
ticked from the data (one case that ticks, one that does not), the items ticked by hand through
the page (audited, the regisseur only), and the role called by the region's name for it."""

from __future__ import annotations

import datetime as dt
import re

from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest

from arrangeer.audit.models import AccessLogEntry
from arrangeer.cases import services as case_services
from arrangeer.cases.access import Actor, access_case
from arrangeer.cases.models import Case, ChecklistMark
from arrangeer.meetings.models import ActionItem
from arrangeer.plans.models import Module
from arrangeer.routes import services as route_services
from arrangeer.routes.models import Route
from arrangeer.testing.auth import login_verified
from arrangeer.testing.escalations import matrix_escalation
from arrangeer.testing.meetings import busy_meeting, hold_mdo, plan_mdo
from arrangeer.testing.world import World, build_world, years_ago

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ALKMAAR = "Routekaart onderwijs-zorgarrangementen regio Alkmaar"


@pytest.fixture
def world() -> World:
    return build_world()


@pytest.fixture
def plan_world() -> World:
    return build_world(with_plan=True)


def _page(world: World, who: str = "coordinator", case: Case | None = None):
    client = login_verified(Client(), world.users[who])
    return client.get(reverse("cases:route", args=[(case or world.case).uuid]))


def _items(response) -> dict[str, str]:
    """item code → "yes"/"no" as the page shows it."""
    html = response.content.decode()
    section = re.search(r'data-testid="checklist".*?</section>', html, flags=re.S)
    assert section is not None, "no checklist on the page"
    return dict(re.findall(r'data-item="([a-z_]+)" data-done="(yes|no)"', section.group(0)))


def _tick(world: World, item: str, done: bool = True, who: str = "coordinator"):
    client = login_verified(Client(), world.users[who])
    return client.post(
        reverse("cases:checklist_tick", args=[world.case.uuid]),
        {"item": item, "done": "1" if done else "0"},
        follow=True,
    )


# --- automatic items ------------------------------------------------------------------------


def test_the_mdo_composition_is_not_complete_without_the_required_swv(world):
    # Risk behaviour requires the SWV on the team; the SWV's specialist left it.
    regie = access_case(Actor(world.coordinator), world.case.uuid)
    case_services.update_flags(regie, flags={"has_risk_behaviour": True})
    case_services.end_team_member(regie, world.members["swv_specialist"], reason="Verhuisd")
    assert _items(_page(world))["mdo_composition_complete"] == "no"


def test_the_mdo_composition_is_complete_with_the_required_partner_on_the_team(world):
    # Risk behaviour without absence: the SWV is required, and the SWV is active on the team.
    regie = access_case(Actor(world.coordinator), world.case.uuid)
    case_services.update_flags(regie, flags={"has_risk_behaviour": True})
    assert _items(_page(world))["mdo_composition_complete"] == "yes"


def test_decisions_issued_when_every_module_needing_one_has_it_granted(plan_world):
    # The care module's toewijzing is granted; the education module needs no decision.
    assert _items(_page(plan_world))["decisions_issued"] == "yes"


def test_decisions_not_issued_while_a_decision_is_requested(plan_world):
    assert plan_world.plan is not None
    Module.objects.filter(pk=plan_world.plan.care_module.pk).update(
        decision_status="aangevraagd", decided_on=None
    )
    assert _items(_page(plan_world))["decisions_issued"] == "no"


def test_decisions_not_issued_without_a_plan(world):
    assert _items(_page(world))["decisions_issued"] == "no"


def test_smart_agreements_recorded_and_followed_after_an_mdo(world):
    busy_meeting(world.case, regisseur=world.coordinator, participants=1, actions=2)
    assert ActionItem.objects.filter(meeting__case=world.case).exists()
    assert _items(_page(world))["smart_agreements"] == "yes"


def test_smart_agreements_not_followed_when_one_is_past_its_day_and_not_done(world):
    busy_meeting(world.case, regisseur=world.coordinator, participants=1, actions=2)
    ActionItem.objects.filter(meeting__case=world.case, what="Afspraak 1").update(
        due=timezone.localdate() - dt.timedelta(days=1)
    )
    assert _items(_page(world))["smart_agreements"] == "no"


def test_smart_agreements_not_ticked_without_any(world):
    assert _items(_page(world))["smart_agreements"] == "no"


def test_meetings_planned_with_a_meeting_ahead(world):
    plan_mdo(world.case, regisseur=world.coordinator)
    assert _items(_page(world))["meetings_planned"] == "yes"


def test_meetings_not_planned_once_the_only_meeting_was_held(world):
    hold_mdo(world.case, regisseur=world.coordinator)
    assert _items(_page(world))["meetings_planned"] == "no"


def test_scaled_up_once_an_escalation_is_raised(plan_world):
    assert _items(_page(plan_world))["scaled_up"] == "no"
    matrix_escalation(plan_world)
    assert _items(_page(plan_world))["scaled_up"] == "yes"


# --- by hand ----------------------------------------------------------------------------------


def test_the_regisseur_ticks_an_item_by_hand_and_it_is_audited(world):
    assert _items(_page(world))["chairs_mdo"] == "no"
    response = _tick(world, "chairs_mdo")
    assert response.status_code == 200
    assert _items(response)["chairs_mdo"] == "yes"
    mark = ChecklistMark.objects.get(case=world.case, item="chairs_mdo")
    assert mark.done and mark.by_user == world.coordinator and mark.by_membership is not None
    assert AccessLogEntry.objects.filter(
        case_ref=world.case.uuid, object_type="checklist", object_id="chairs_mdo"
    ).exists()
    assert "ticked by" in response.content.decode()
    # Unticking is a new mark: the history keeps both.
    assert _items(_tick(world, "chairs_mdo", done=False))["chairs_mdo"] == "no"
    assert list(
        ChecklistMark.objects.filter(case=world.case, item="chairs_mdo").values_list(
            "done", flat=True
        )
    ) == [True, False]


def test_a_tick_that_changes_nothing_records_nothing(world):
    _tick(world, "every_role_discussed")
    _tick(world, "every_role_discussed")
    assert ChecklistMark.objects.filter(case=world.case).count() == 1


def test_an_automatic_item_cannot_be_ticked_by_hand(world):
    response = _tick(world, "decisions_issued")
    assert "cannot be ticked by hand" in response.content.decode()
    assert not ChecklistMark.objects.exists()


@pytest.mark.parametrize("who", ["teacher", "youth_worker"])
def test_only_the_regisseur_sees_and_ticks_the_checklist(world, who):
    assert 'data-testid="checklist"' not in _page(world, who).content.decode()
    assert _tick(world, "chairs_mdo", who=who).status_code == 404
    assert not ChecklistMark.objects.exists()


def test_someone_outside_the_case_gets_404(world):
    assert _tick(world, "chairs_mdo", who="teacher_other_school").status_code == 404


# --- the role's name -------------------------------------------------------------------------


def test_the_checklist_is_the_regisseurs_on_a_route_that_names_no_other(world):
    assert "Tasks of the regisseur" in _page(world).content.decode()


def test_alkmaar_calls_the_role_procesbegeleider(world):
    model = Route.objects.get(name=ALKMAAR, region__isnull=True, version=1)
    assert model.regisseur_title == "procesbegeleider"
    own = route_services.activate_route(route_services.copy_route(model, region=world.region))
    assert own.regisseur_title == "procesbegeleider"
    case = case_services.open_case(
        actor=Actor(world.coordinator),
        membership=world.coordinator.memberships.get(),
        child_fields={"first_name": "Noor", "last_name": "Alkmaar", "date_of_birth": years_ago(10)},
    )
    assert case.route_id == own.pk
    html = _page(world, case=case).content.decode()
    assert "Tasks of the procesbegeleider" in html
