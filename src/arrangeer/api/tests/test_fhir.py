"""The FHIR export through its endpoint: the plan in force (the draft only on request), the
child as a Patient, organisations with their Dutch identifiers, measurements as Observations,
consents with their policy and who gave them — and every Bundle parsed and checked as FHIR R4B
by fhir.resources, plus the links between its resources."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client
from django.urls import reverse

import pytest
from fhir.resources.R4B.bundle import Bundle

from arrangeer.api import services
from arrangeer.plans import services as plan_services
from arrangeer.testing.plans import access_for, goal_fields
from arrangeer.testing.world import World, build_world

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

BSN = "http://fhir.nl/fhir/NamingSystem/bsn"
AGB = "http://fhir.nl/fhir/NamingSystem/agb-z"
KVK = "http://fhir.nl/fhir/NamingSystem/kvk"
BRIN = "https://arrangeer.nl/fhir/NamingSystem/brin"
NL_CORE = "http://nictiz.nl/fhir/StructureDefinition/"


@pytest.fixture
def world() -> World:
    world = build_world(with_plan=True)
    world.school.brin = "12AB"
    world.school.save(update_fields=["brin"])
    world.provider.kvk, world.provider.agb = "12345678", "01234567"
    world.provider.save(update_fields=["kvk", "agb"])
    world.youth_team.agb = "07654321"
    world.youth_team.save(update_fields=["agb"])
    return world


def _client(world: World, persona: str, language: str = "en") -> Client:
    user = world.users[persona]
    _record, raw = services.create_token(
        user=user, membership=user.memberships.first(), name="test", days=1
    )
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_ACCEPT_LANGUAGE=language)


def _url(world: World) -> str:
    return reverse("api:fhir", kwargs={"case_id": world.case.uuid})


def _references(value: Any) -> list[str]:
    if isinstance(value, dict):
        found = [value["reference"]] if isinstance(value.get("reference"), str) else []
        return found + [r for v in value.values() for r in _references(v)]
    if isinstance(value, list):
        return [r for v in value for r in _references(v)]
    return []


def valid_bundle(body: bytes) -> dict[str, Any]:
    """Parse the answer as a FHIR R4B Bundle (fhir.resources refuses anything FHIR does not
    allow), each entry as its own resource type, and check what a receiving system relies on:
    identity and time of the Bundle, entries addressed by their id, no dangling reference."""
    parsed = Bundle.model_validate_json(body)
    assert parsed.type == "collection"
    assert parsed.identifier is not None and parsed.identifier.system == "urn:ietf:rfc:3986"
    assert parsed.identifier.value.startswith("urn:uuid:")
    assert parsed.timestamp is not None
    data = json.loads(body)
    full_urls = set()
    for entry, typed in zip(data["entry"], parsed.entry or [], strict=True):
        resource = entry["resource"]
        assert typed.resource.get_resource_type() == resource["resourceType"]
        assert entry["fullUrl"] == f"urn:uuid:{resource['id']}"
        full_urls.add(entry["fullUrl"])
    assert len(full_urls) == len(data["entry"])  # each resource once
    dangling = set(_references(data["entry"])) - full_urls
    assert not dangling
    return data


def _bundle(world: World, persona: str, query: str = "") -> dict[str, Any]:
    response = _client(world, persona).get(_url(world) + query)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/fhir+json"
    return valid_bundle(response.content)


def _resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def _by_reference(bundle: dict[str, Any], reference: str) -> dict[str, Any]:
    (found,) = [e["resource"] for e in bundle["entry"] if e["fullUrl"] == reference]
    return found


def test_the_export_is_the_adopted_version_and_the_draft_only_when_asked(world):
    # The world's plan was adopted as version 1 and is being adjusted: a new target in the
    # draft ("AVI E6") that the parents have not agreed to.
    adopted = _bundle(world, "coordinator")
    (care_plan,) = _resources(adopted, "CarePlan")
    assert care_plan["status"] == "active"
    assert care_plan["identifier"][0]["value"] == f"{world.plan.plan.uuid}/1"
    assert care_plan["period"]["start"]
    (goal,) = _resources(adopted, "Goal")
    assert goal["lifecycleStatus"] == "active"
    assert goal["target"][0]["detailString"] == "AVI E5"
    draft = _bundle(world, "coordinator", "?versie=concept")
    assert _resources(draft, "CarePlan")[0]["status"] == "draft"
    (draft_goal,) = _resources(draft, "Goal")
    assert draft_goal["lifecycleStatus"] == "proposed"
    assert draft_goal["target"][0]["detailString"] == "AVI E6"
    assert "identifier" not in _resources(draft, "CarePlan")[0]
    youth = _bundle(world, "youth_worker")
    assert _resources(youth, "Goal")[0]["target"][0]["detailString"] == "Hooguit één avond per week"


def test_an_unknown_version_choice_is_refused_in_dutch(world):
    response = _client(world, "coordinator", "nl").get(_url(world) + "?versie=2")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "concept" in response.json()["errors"]["versie"][0]
    assert "Laat" in response.json()["errors"]["versie"][0]


def test_a_plan_never_adopted_has_no_care_plan_but_the_draft_on_request():
    world = build_world()
    plan_services.add_item(
        access_for(world.coordinator, world.case), kind="goal", fields=goal_fields()
    )
    in_force = _bundle(world, "coordinator")
    assert not _resources(in_force, "CarePlan") and not _resources(in_force, "Goal")
    assert _resources(in_force, "Patient") and _resources(in_force, "CareTeam")
    draft = _bundle(world, "coordinator", "?versie=concept")
    assert _resources(draft, "CarePlan")[0]["status"] == "draft"
    assert len(_resources(draft, "Goal")) == 1


def test_the_child_is_a_patient_with_the_bsn_only_for_who_may_see_it(world):
    youth = _bundle(world, "youth_worker")
    (patient,) = _resources(youth, "Patient")
    assert patient["meta"]["profile"] == [NL_CORE + "nl-core-Patient"]
    assert patient["identifier"] == [{"system": BSN, "value": "111222333"}]
    assert patient["name"][0]["family"] == "Vermeer" and patient["name"][0]["given"] == ["Sem"]
    assert patient["birthDate"] == world.child.date_of_birth.isoformat()
    (care_plan,) = _resources(youth, "CarePlan")
    assert _by_reference(youth, care_plan["subject"]["reference"]) == patient
    teacher = _bundle(world, "teacher")
    (patient,) = _resources(teacher, "Patient")
    assert patient["identifier"][0]["system"] != BSN
    assert "111222333" not in json.dumps(teacher)


def test_organisations_carry_their_brin_kvk_and_agb_instead_of_internal_numbers(world):
    youth = _bundle(world, "youth_worker")
    (care_plan,) = _resources(youth, "CarePlan")
    (activity,) = care_plan["activity"]
    provider = _by_reference(youth, activity["detail"]["performer"][0]["reference"])
    assert provider["name"] == "Jeugdhulp Test"
    assert provider["identifier"] == [
        {"system": KVK, "value": "12345678"},
        {"system": AGB, "value": "01234567"},
    ]
    assert provider["meta"]["profile"] == [NL_CORE + "nl-core-HealthcareProvider-Organization"]
    (team,) = _resources(youth, "CareTeam")
    assert team["meta"]["profile"] == [NL_CORE + "nl-core-CareTeam"]
    places = {
        _by_reference(youth, p["onBehalfOf"]["reference"])["name"]: p for p in team["participant"]
    }
    assert "Basisschool De Test" in places and "Jeugdteam Test" in places
    teacher = _bundle(world, "teacher")
    organisations = {o["name"]: o for o in _resources(teacher, "Organization")}
    school = organisations["Basisschool De Test"]
    assert school["identifier"] == [{"system": BRIN, "value": "12AB"}]
    assert "meta" not in school  # a school is no healthcare provider: no nl-core profile
    assert organisations["Jeugdteam Test"]["identifier"] == [{"system": AGB, "value": "07654321"}]
    assert "arrangeer.nl/fhir/NamingSystem/organisation" not in json.dumps(teacher)


def test_measurements_are_observations_of_the_goals_the_viewer_may_see(world):
    teacher = _bundle(world, "teacher")
    (observation,) = _resources(teacher, "Observation")
    (goal,) = _resources(teacher, "Goal")
    assert observation["focus"][0]["reference"] == f"urn:uuid:{goal['id']}"
    assert goal["outcomeReference"] == [{"reference": f"urn:uuid:{observation['id']}"}]
    assert observation["status"] == "final"
    assert observation["valueQuantity"]["value"] == 4
    assert observation["referenceRange"][0]["high"]["value"] == 10
    assert observation["category"][0]["coding"][0]["code"] == "onderwijs"
    youth = _bundle(world, "youth_worker")
    (observation,) = _resources(youth, "Observation")
    assert observation["valueCodeableConcept"]["coding"][0]["code"] == "deels"
    assert observation["focus"][0]["reference"] == f"urn:uuid:{world.plan.care_goal.uuid}"


def test_consents_name_their_policy_rule_and_who_gave_them_for_the_regisseur_only(world):
    coordinator = _bundle(world, "coordinator")
    consents = _resources(coordinator, "Consent")
    assert len(consents) == 3
    for consent in consents:
        assert consent["policy"][0]["uri"] == "https://eur-lex.europa.eu/eli/reg/2016/679/oj"
        assert consent["policyRule"]["coding"][0]["code"] == "OPTIN"
        performers = consent["performer"]
        assert performers[0] == {"type": "RelatedPerson", "display": "Eva Vermeer (Mother)"}
        assert performers[1]["reference"] == f"urn:uuid:{world.child.uuid}"  # the child too
        actor = consent["provision"]["actor"][0]["reference"]["reference"]
        assert _by_reference(coordinator, actor)["resourceType"] == "Organization"
    assert sorted(c["status"] for c in consents) == ["active", "active", "inactive"]
    assert not _resources(_bundle(world, "youth_worker"), "Consent")


@pytest.mark.parametrize("persona", ["coordinator", "teacher", "youth_worker", "swv_specialist"])
def test_every_bundle_is_valid_fhir_for_every_team_member(world, persona):
    for query in ("", "?versie=concept"):
        bundle = _bundle(world, persona, query)
        assert _resources(bundle, "Patient") and _resources(bundle, "CareTeam")
