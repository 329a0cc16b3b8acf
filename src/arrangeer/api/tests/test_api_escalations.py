"""The escalatieladder and the regisseur's checklist in the API: the same door, selectors and
services as the pages — raised by the team, moved up on request (If-Match) and by the
deadline when read, decided at the level where it waits, the last decision binding as the
module's funding; who sees it; the checklist ticked by hand with If-Match."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from arrangeer.api import services
from arrangeer.audit.models import AccessLogEntry
from arrangeer.cases.access import Actor, access_case
from arrangeer.escalations import services as escalation_services
from arrangeer.escalations.models import Escalation
from arrangeer.plans.constants import DecisionStatus
from arrangeer.plans.models import Module
from arrangeer.testing.escalations import ladder
from arrangeer.testing.factories import OrganisationFactory
from arrangeer.testing.world import World, build_world

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
JSON = "application/json"


@pytest.fixture
def world() -> World:
    built = build_world(with_plan=True)
    ladder(built.region, board=built.swv, breakthrough=built.municipality)
    return built


def _api(world: World, persona: str) -> Client:
    user = world.users[persona]
    _record, raw = services.create_token(
        user=user, membership=user.memberships.first(), name="test", days=1
    )
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_ACCEPT_LANGUAGE="en")


def _url(world: World, name: str, **kwargs: object) -> str:
    return reverse(f"api:{name}", kwargs={"case_id": world.case.uuid, **kwargs})


def _raise(world: World, client: Client | None = None, **extra: Any) -> Any:
    assert world.plan is not None
    body = {
        "module": str(world.plan.education_module.uuid),
        "question": "Wie betaalt de leesbegeleiding?",
        "options": "De school uit eigen middelen, of het SWV met een arrangement",
        "parties": [world.school.pk, world.municipality.pk],
        "cost_at_stake": "4500.00",
        **extra,
    }
    client = client or _api(world, "coordinator")
    return client.post(_url(world, "escalations"), body, content_type=JSON)


def _move_up(world: World, client: Client, escalation_id: str, etag: str | None) -> Any:
    headers = {"HTTP_IF_MATCH": etag} if etag is not None else {}
    return client.post(
        _url(world, "escalation_move_up", escalation_id=escalation_id),
        {"note": "Geen overeenstemming"},
        content_type=JSON,
        **headers,
    )


def test_the_team_raises_and_moves_up_with_if_match_and_the_level_then_sees_it(world):
    coordinator = _api(world, "coordinator")
    raised = _raise(world, coordinator)
    assert raised.status_code == 201, raised.content
    body = raised.json()
    assert body["level"]["number"] == 1
    assert body["status"] == "open"
    assert [p["id"] for p in body["parties"]] == sorted([world.school.pk, world.municipality.pk])
    assert body["steps"][0]["kind"] == "ingediend"
    escalation_id, etag = body["id"], raised["ETag"]
    # The team reads it; the municipality's policy officer does not sit at the team's level.
    listed = _api(world, "teacher").get(_url(world, "escalations"))
    assert [e["id"] for e in listed.json()] == [escalation_id]
    officer = _api(world, "policy_officer")
    assert officer.get(_url(world, "escalations")).status_code == 404

    assert _move_up(world, coordinator, escalation_id, None).status_code == 428
    assert _move_up(world, coordinator, escalation_id, '"stale"').status_code == 412
    assert Escalation.objects.get(uuid=escalation_id).level.number == 1
    moved = _move_up(world, coordinator, escalation_id, etag)
    assert moved.status_code == 200, moved.content
    assert moved.json()["level"]["number"] == 2
    assert moved["ETag"] != etag
    # The old ETag is stale now.
    assert _move_up(world, coordinator, escalation_id, etag).status_code == 412

    # At level 2 (a role at the parties) the municipality's policy officer sits: they read
    # this escalation, may decide, and may not move it up or withdraw it (not the team).
    seen = officer.get(_url(world, "escalation", escalation_id=escalation_id))
    assert seen.status_code == 200
    assert seen.json()["may_decide"] is True
    assert seen.json()["may_move_up"] is False
    assert _move_up(world, officer, escalation_id, seen["ETag"]).status_code == 404
    assert [e["id"] for e in officer.get(_url(world, "escalations")).json()] == [escalation_id]
    # The teacher is on the team but not who decides above it.
    decide = _url(world, "escalation_decide", escalation_id=escalation_id)
    assert _api(world, "teacher").post(decide, {}, content_type=JSON).status_code == 404
    # Every read went through the access layer, in the API's channel, as an escalation.
    logged = AccessLogEntry.objects.filter(
        channel="api", object_type="escalation", user_id=world.users["policy_officer"].pk
    )
    assert logged.filter(outcome="allowed").count() >= 2
    assert logged.filter(outcome="denied").count() == 1


def test_the_last_levels_decision_binds_and_becomes_the_modules_funding(world):
    coordinator = _api(world, "coordinator")
    raised = _raise(world, coordinator)
    escalation_id, etag = raised.json()["id"], raised["ETag"]
    for number in (2, 3, 4):
        moved = _move_up(world, coordinator, escalation_id, etag)
        assert moved.json()["level"]["number"] == number
        etag = moved["ETag"]
    assert moved.json()["is_last_level"] is True
    assert moved.json()["may_move_up"] is False
    officer = _api(world, "policy_officer")  # the municipality: the doorbraakfunctionaris
    read = officer.get(_url(world, "escalation", escalation_id=escalation_id))
    assert read.json()["is_last_level"] is True
    decide = _url(world, "escalation_decide", escalation_id=escalation_id)
    body = {
        "payer": world.swv.pk,
        "funding_framework": "wpo_swv",
        "instrument": "swv_arrangement",
        "pays_what": "De leesbegeleiding, twee uur per week",
        "from_date": "2026-09-01",
    }
    assert officer.post(decide, body, content_type=JSON).status_code == 428
    unknown = officer.post(
        decide, {**body, "payer": 999999}, content_type=JSON, HTTP_IF_MATCH=read["ETag"]
    )
    assert unknown.status_code == 400
    assert "payer" in unknown.json()["errors"]
    decided = officer.post(decide, body, content_type=JSON, HTTP_IF_MATCH=read["ETag"])
    assert decided.status_code == 200, decided.content
    assert decided.json()["status"] == "besloten"
    assert world.plan is not None
    module = Module.objects.get(pk=world.plan.education_module.pk)
    assert (module.funding_framework, module.instrument) == ("wpo_swv", "swv_arrangement")
    assert module.decision_status == DecisionStatus.GRANTED
    # Decided, it waits at no level: the officer's door to it shuts; the team reads the
    # binding step.
    assert officer.get(_url(world, "escalation", escalation_id=escalation_id)).status_code == 404
    steps = coordinator.get(_url(world, "escalation", escalation_id=escalation_id)).json()["steps"]
    assert steps[-1]["kind"] == "besloten"
    assert steps[-1]["binding"] is True
    assert steps[-1]["payer"] == {"id": world.swv.pk, "name": world.swv.name}


def test_a_payer_or_party_of_another_region_is_refused_by_the_service_in_its_words(world):
    """The region rule is the service's (escalations.services), as on the page."""
    elsewhere = OrganisationFactory(name="Jeugdteam elders")
    assert elsewhere.region_id != world.case.region_id
    foreign = _raise(world, parties=[world.school.pk, elsewhere.pk])
    assert foreign.status_code == 400
    assert foreign.json()["errors"] == {"parties": ["Choose organisations of this case's region."]}
    coordinator = _api(world, "coordinator")
    raised = _raise(world, coordinator)
    url = _url(world, "escalation_decide", escalation_id=raised.json()["id"])
    body = {
        "payer": elsewhere.pk,
        "funding_framework": "jeugdwet_zin",
        "instrument": "beschikking",
        "pays_what": "De begeleiding",
        "from_date": "2026-09-01",
    }
    refused = coordinator.post(url, body, content_type=JSON, HTTP_IF_MATCH=raised["ETag"])
    assert refused.status_code == 400
    assert refused.json()["errors"] == {"payer": ["Choose an organisation of this case's region."]}
    assert Escalation.objects.get().status == "open"
    # The same body with a payer of the region is decided (the ETag was not used up).
    decided = coordinator.post(
        url, {**body, "payer": world.youth_team.pk}, content_type=JSON, HTTP_IF_MATCH=raised["ETag"]
    )
    assert decided.status_code == 200, decided.content
    assert decided.json()["status"] == "besloten"


def test_reading_moves_up_what_passed_its_deadline(world, monkeypatch):
    escalation_id = _raise(world).json()["id"]
    later = timezone.now() + dt.timedelta(days=10)  # past the team's 5 working days
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: later.date())
    read = _api(world, "coordinator").get(_url(world, "escalation", escalation_id=escalation_id))
    assert read.json()["level"]["number"] == 2
    assert read.json()["steps"][-1]["kind"] in ("termijn",)


def test_only_the_raiser_or_the_regisseur_withdraws(world):
    raised = _raise(world)
    escalation_id, etag = raised.json()["id"], raised["ETag"]
    url = _url(world, "escalation_withdraw", escalation_id=escalation_id)
    teacher = _api(world, "teacher")
    assert teacher.post(url, {}, content_type=JSON, HTTP_IF_MATCH=etag).status_code == 404
    done = _api(world, "coordinator").post(url, {}, content_type=JSON, HTTP_IF_MATCH=etag)
    assert done.status_code == 200
    assert done.json()["status"] == "ingetrokken"


def test_a_raise_outside_the_case_or_region_is_refused_and_saves_nothing(world):
    foreign = _raise(world, parties=[world.school.pk, 999999])
    assert foreign.status_code == 400
    assert "parties" in foreign.json()["errors"]
    one = _raise(world, parties=[world.school.pk])
    assert one.status_code == 400
    unknown = _raise(world, extra_field="x")
    assert unknown.status_code == 400
    # Not on the team (emergency access alone is not the team): the 404 of an unknown case.
    assert _raise(world, _api(world, "emergency_worker")).status_code == 404
    assert not Escalation.objects.exists()


def test_the_list_reads_in_a_constant_number_of_queries(world):
    client = _api(world, "coordinator")
    _raise(world, client)
    url = _url(world, "escalations")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(url).json()) == 1
    access = access_case(Actor(world.coordinator), world.case.uuid)
    assert world.plan is not None
    for _ in range(3):
        escalation_services.raise_escalation(
            access,
            module=world.plan.education_module,
            question="Wie betaalt?",
            options="A of B",
            parties=[world.school, world.swv],
            cost_at_stake=Decimal("100"),
        )
    with CaptureQueriesContext(connection) as four:
        assert len(client.get(url).json()) == 4
    assert len(four) == len(one)


def test_the_regisseur_reads_the_checklist_and_ticks_an_item_by_hand_with_if_match(world):
    client = _api(world, "coordinator")
    read = client.get(_url(world, "checklist"))
    assert read.status_code == 200
    codes = [item["code"] for item in read.json()["items"]]
    assert codes[0] == "chairs_mdo" and len(codes) == 10
    assert read.json()["role"]
    scaled = next(i for i in read.json()["items"] if i["code"] == "scaled_up")
    assert scaled == {**scaled, "automatic": True, "done": False}
    _raise(world, client)
    again = client.get(_url(world, "checklist")).json()["items"]
    assert next(i for i in again if i["code"] == "scaled_up")["done"] is True

    url = _url(world, "checklist_item", code="chairs_mdo")
    item = client.get(url)
    assert item.json()["done"] is False
    assert client.patch(url, {"done": True}, content_type=JSON).status_code == 428
    stale = client.patch(url, {"done": True}, content_type=JSON, HTTP_IF_MATCH='"x"')
    assert stale.status_code == 412
    ticked = client.patch(url, {"done": True}, content_type=JSON, HTTP_IF_MATCH=item["ETag"])
    assert ticked.status_code == 200
    assert ticked.json()["done"] is True
    assert ticked.json()["ticked_by"] == world.coordinator.get_full_name()
    again_stale = client.patch(url, {"done": False}, content_type=JSON, HTTP_IF_MATCH=item["ETag"])
    assert again_stale.status_code == 412
    # An item read from the data is not ticked by hand; an unknown item is not there.
    automatic = _url(world, "checklist_item", code="scaled_up")
    etag = client.get(automatic)["ETag"]
    refused = client.patch(automatic, {"done": True}, content_type=JSON, HTTP_IF_MATCH=etag)
    assert refused.status_code == 400
    assert client.get(_url(world, "checklist_item", code="nothing")).status_code == 404
    # The rest of the team does not read the regisseur's checklist.
    assert _api(world, "teacher").get(_url(world, "checklist")).status_code == 404
