"""A decision (TLV, beschikking, SWV arrangement) recorded on the adopted plan by the
organisation that decides: only the decision's fields of the module change, no new version,
no new instemming; the plan's page shows its history, and "decision pending" stops."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest

from arrangeer.api import services as api_services
from arrangeer.audit.models import AccessLogEntry
from arrangeer.plans import services
from arrangeer.plans.models import DecisionRecord, Module, ParentAgreement, Plan, PlanVersion
from arrangeer.testing.plans import PlanWork, module_fields
from arrangeer.testing.world import World

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
JSON = "application/json"


def _tlv_module(world: World, plan, *, requested_days_ago: int = 60) -> Module:
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
            requested_on=TODAY - dt.timedelta(days=requested_days_ago),
            intensity=Decimal(20),
        ),
    )
    assert isinstance(module, Module)
    return module


@pytest.fixture
def adopted_tlv(world: World, plan) -> Module:
    """A requested TLV in the plan, which is then adopted: the plan in force."""
    module = _tlv_module(world, plan)
    PlanWork(world.coordinator, world.case, world.school).agree_and_adopt()
    module.refresh_from_db()
    return module


def _decision_url(world: World, module: Module) -> str:
    return reverse("plans:decision", kwargs={"case_id": world.case.uuid, "item_id": module.uuid})


def _api(world: World, persona: str) -> Client:
    user = world.users[persona]
    _record, raw = api_services.create_token(
        user=user, membership=user.memberships.first(), name="test", days=1
    )
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_ACCEPT_LANGUAGE="en")


def _api_url(world: World, module: Module) -> str:
    return reverse(
        "api:plan_module_decisions", kwargs={"case_id": world.case.uuid, "item_id": module.uuid}
    )


def test_the_swv_records_a_granted_tlv_on_the_adopted_plan_without_a_new_version(
    world, adopted_tlv, client_for, english
):
    plan = Plan.objects.get(case=world.case)
    versions, agreements = PlanVersion.objects.count(), ParentAgreement.objects.count()
    regisseur = client_for("coordinator")
    actions = reverse("actions:my_actions")
    assert "is still pending" in regisseur.get(actions).content.decode()

    swv = client_for("swv_specialist")
    page = swv.get(reverse("plans:plan", kwargs={"case_id": world.case.uuid})).content.decode()
    assert _decision_url(world, adopted_tlv) in page  # the way to record it, on the plan
    response = swv.post(
        _decision_url(world, adopted_tlv),
        {
            "lock_version": adopted_tlv.lock_version,
            "decision_status": "toegekend",
            "reference_number": "TLV-2026-0042",
            "requested_on": adopted_tlv.requested_on.isoformat(),
            "decided_on": (TODAY - dt.timedelta(days=2)).isoformat(),
            "note": "Geldig tot het einde van het schooljaar",
        },
    )
    assert response.status_code == 302

    module = Module.objects.get(pk=adopted_tlv.pk)
    assert module.decision_status == "toegekend" and module.reference_number == "TLV-2026-0042"
    plan.refresh_from_db()
    assert plan.status == "adopted"
    assert PlanVersion.objects.count() == versions
    assert ParentAgreement.objects.count() == agreements
    record = DecisionRecord.objects.get(module=module)
    in_force = PlanVersion.objects.get(plan=plan, status="adopted")
    assert record.version_number == in_force.number
    assert record.recorded_by == world.users["swv_specialist"]
    assert AccessLogEntry.objects.filter(
        object_type="plan_decision", object_id=str(module.uuid), username="swv_specialist"
    ).exists()

    # Visible in the plan's history on the plan page, to the whole team that sees the module.
    shown = regisseur.get(reverse("plans:plan", kwargs={"case_id": world.case.uuid}))
    body = shown.content.decode()
    assert 'data-testid="decision-records"' in body
    assert "TLV-2026-0042" in body and "Granted" in body
    assert f"on the adopted version {in_force.number}" in body
    # "Decision pending" stops nagging the regisseur.
    assert "is still pending" not in regisseur.get(actions).content.decode()


def test_only_the_deciding_organisation_records_the_decision(world, adopted_tlv, client_for):
    plan_url = reverse("plans:plan", kwargs={"case_id": world.case.uuid})
    for persona in ("coordinator", "teacher"):
        client = client_for(persona)
        assert _decision_url(world, adopted_tlv) not in client.get(plan_url).content.decode()
        assert client.get(_decision_url(world, adopted_tlv)).status_code == 403
        refused = client.post(
            _decision_url(world, adopted_tlv),
            {"lock_version": adopted_tlv.lock_version, "decision_status": "toegekend"},
        )
        assert refused.status_code == 403
    # The youth worker may not see an education module at all: it is absent for them.
    assert client_for("youth_worker").get(_decision_url(world, adopted_tlv)).status_code == 404
    assert Module.objects.get(pk=adopted_tlv.pk).decision_status == "aangevraagd"
    assert not DecisionRecord.objects.exists()


def test_a_granted_decision_needs_its_date_and_says_so(world, adopted_tlv, client_for, english):
    response = client_for("swv_specialist").post(
        _decision_url(world, adopted_tlv),
        {"lock_version": adopted_tlv.lock_version, "decision_status": "afgewezen"},
    )
    assert response.status_code == 200
    assert "Give the date of the decision." in response.content.decode()
    assert Module.objects.get(pk=adopted_tlv.pk).decision_status == "aangevraagd"


def test_no_decision_is_recorded_while_the_plan_is_with_the_parents(
    world, plan, client_for, english
):
    module = _tlv_module(world, plan)
    services.send_for_agreement(PlanWork(world.coordinator, world.case, world.school).access())
    module.refresh_from_db()
    response = client_for("swv_specialist").post(
        _decision_url(world, module),
        {
            "lock_version": module.lock_version,
            "decision_status": "toegekend",
            "decided_on": TODAY.isoformat(),
        },
    )
    assert response.status_code == 200
    assert "with the parents for their agreement" in response.content.decode()
    assert Module.objects.get(pk=module.pk).decision_status == "aangevraagd"


def test_the_youth_team_records_a_beschikking_through_the_api_with_if_match(world, plan, english):
    PlanWork(world.coordinator, world.case, world.school).agree_and_adopt()
    care = Module.objects.get(pk=plan.care_module.pk)
    url = _api_url(world, care)
    youth = _api(world, "youth_worker")
    body = {
        "decision_status": "toegekend",
        "reference_number": "JW-2026-777",
        "requested_on": (TODAY - dt.timedelta(days=20)).isoformat(),
        "decided_on": (TODAY - dt.timedelta(days=1)).isoformat(),
    }
    assert youth.post(url, body, content_type=JSON).status_code == 428
    stale = youth.post(url, body, content_type=JSON, HTTP_IF_MATCH=f'"{care.uuid}-0"')
    assert stale.status_code == 412
    etag = f'"{care.uuid}-{care.lock_version}"'
    created = youth.post(url, body, content_type=JSON, HTTP_IF_MATCH=etag)
    assert created.status_code == 201, created.content
    assert created.json()["reference_number"] == "JW-2026-777"
    assert created.json()["version_number"] is not None
    assert created["ETag"] == f'"{care.uuid}-{care.lock_version + 1}"'
    listed = youth.get(url).json()["results"]
    assert [r["decision_status"] for r in listed] == ["toegekend"]
    assert Plan.objects.get(pk=plan.plan.pk).status == "adopted"
    # The teacher may not see the care module: absent, in the history too.
    assert _api(world, "teacher").get(url).status_code == 404
    # Emergency access reads the history, and does not write (in the API a refused write
    # is a 404, as everywhere in it).
    emergency = _api(world, "emergency_worker")
    assert emergency.get(url).status_code == 200
    refused = emergency.post(url, body, content_type=JSON, HTTP_IF_MATCH=created["ETag"])
    assert refused.status_code == 404
    assert DecisionRecord.objects.filter(module=care).count() == 1
