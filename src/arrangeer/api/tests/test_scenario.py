"""A case walked from its opening to an adopted plan and along its route through the API
alone: each stage is a function of the walk, so the held MDO (meetings) slots in as a stage
of its own once the meetings endpoints exist."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

import pytest

from arrangeer.api import services
from arrangeer.meetings.models import Meeting
from arrangeer.plans.models import Plan
from arrangeer.testing.meetings import meeting_started
from arrangeer.testing.world import World, build_world, years_ago

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
JSON = "application/json"


class Api:
    """A client for one persona's token, with the case's URLs at hand."""

    def __init__(self, world: World, persona: str) -> None:
        user = world.users[persona]
        _record, raw = services.create_token(
            user=user, membership=user.memberships.first(), name="scenario", days=1
        )
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_ACCEPT_LANGUAGE="en")
        self.case_id = ""

    def url(self, name: str, **kwargs: Any) -> str:
        if self.case_id:
            kwargs.setdefault("case_id", self.case_id)
        return reverse(f"api:{name}", kwargs=kwargs)

    def get(self, name: str, query: dict[str, str] | None = None, **kwargs: Any) -> Any:
        response = self.client.get(self.url(name, **kwargs), query or {})
        assert response.status_code == 200, response.content
        return response

    def post(self, name: str, body: dict[str, Any] | None = None, *, expect: int = 200, **kw: Any):
        response = self.client.post(self.url(name, **kw), body or {}, content_type=JSON)
        assert response.status_code == expect, response.content
        return response.json()


def open_case(world: World, api: Api) -> None:
    created = api.post(
        "cases",
        {
            "membership": world.coordinator.memberships.get().pk,
            "child": {
                "first_name": "Noor",
                "last_name": "Scenario",
                "date_of_birth": years_ago(9).isoformat(),
            },
            "representatives": [
                {"first_name": "Mira", "last_name": "Scenario", "relation": "moeder"}
            ],
        },
        expect=201,
    )
    api.case_id = created["id"]
    route = api.get("route").json()
    assert route["step"] == "waarnemen"


def build_team(world: World, api: Api) -> int:
    child = api.get("child").json()
    (parent,) = child["representatives"]
    api.post(
        "consents",
        {
            "organisation": world.swv.pk,
            "categories": ["onderwijs"],
            "purpose": "Samen het plan maken",
            "representative": parent["id"],
            "valid_from": timezone.localdate().isoformat(),
            "evidence": "signed_form",
        },
        expect=201,
    )
    proposed = api.post(
        "team", {"membership": world.swv_specialist.memberships.get().pk}, expect=201
    )
    approved = api.post("team_approve", {"representative": parent["id"]}, member_id=proposed["id"])
    assert approved["status"] == "active"
    return int(parent["id"])


def write_plan(world: World, api: Api) -> None:
    today = timezone.localdate()
    for of_whom, text in (
        ("kind", "Extra leestijd"),
        ("ouders", "Tips om thuis samen te lezen"),
        ("school", "Advies van het SWV over leesbegeleiding"),
    ):
        api.post(
            "plan_need_list",
            {"category": "onderwijs", "of_whom": of_whom, "text": text},
            expect=201,
        )
    goal = api.post(
        "plan_goal_list",
        {
            "category": "onderwijs",
            "side": "onderwijs",
            "domain": "leren",
            "what": "Noor leest zelfstandig op AVI E5",
            "indicator": "AVI-toets",
            "baseline": "AVI M4",
            "target": "AVI E5",
            "deadline": (today + dt.timedelta(days=120)).isoformat(),
            "owner": "Noor met de leerkracht",
            "scale": "behaald",
        },
        expect=201,
    )
    api.post(
        "plan_module_list",
        {
            "category": "onderwijs",
            "title": "Leesbegeleiding",
            "side": "onderwijs",
            "provider": world.school.pk,
            "function": "versterken",
            "place": "school",
            "intensity": "2",
            "intensity_unit": "uren",
            "start_date": today.isoformat(),
            "end_date": (today + dt.timedelta(days=150)).isoformat(),
            "funding_framework": "wpo_school",
            "instrument": "geen",
            "decision_status": "nvt",
            "method_description": "Herhaald lezen met feedback",
            "method_rationale": "Herhaald lezen verbetert de leesvloeiendheid",
            "goals": [goal["id"]],
        },
        expect=201,
    )


def agree_and_adopt(world: World, api: Api, parent_id: int) -> None:
    version = api.post("plan_send", expect=201)
    assert version["number"] == 1 and version["status"] == "awaiting"
    api.post(
        "plan_agreements",
        {
            "content_hash": version["content_hash"],
            "representative": parent_id,
            "decision": "instemming",
            "given_on": timezone.localdate().isoformat(),
            "evidence": "papier",
        },
        expect=201,
    )
    adopted = api.post(
        "plan_adopt",
        {
            "content_hash": version["content_hash"],
            "child_heard": "vooraf",
            "child_view": "Noor wil graag beter lezen.",
            "child_view_category": "onderwijs",
        },
    )
    assert adopted["status"] == "adopted"
    assert api.get("plan").json()["status"] == "adopted"


def move(api: Api, step: str, **extra: Any) -> None:
    api.post("transitions", {"to_step": step, **extra}, expect=201)


def walk_the_route_to_carrying_out(world: World, api: Api, parent_id: int) -> None:
    meeting_id = ""
    blocked = api.client.post(
        api.url("transitions"), {"to_step": "informeren-en-voorbereiden"}, content_type=JSON
    )
    assert blocked.status_code == 409
    assert blocked["Content-Type"] == "application/problem+json"
    assert "non_field_errors" in blocked.json()["errors"]
    api.post(
        "school_plan",
        {"kind": "opp", "evaluated_on": timezone.localdate().isoformat()},
    )
    for step in (
        "informeren-en-voorbereiden",
        "organiseren-breed-overleg",
        "ondersteuningsbehoefte-in-beeld",
        "gezamenlijk-doelen-stellen",
        "gezamenlijk-arrangeren",
        "uitvoeren-en-monitoren",
    ):
        # The MDO through the API: planned with the parents' approval before the broad
        # consultation is organised, held and its minutes approved before carrying out.
        if step == "organiseren-breed-overleg":
            meeting_id = plan_the_mdo(world, api, parent_id)
        if step == "uitvoeren-en-monitoren":
            hold_the_mdo(world, api, meeting_id)
        move(api, step, expected_step=api.get("route").json()["step"])


def plan_the_mdo(world: World, api: Api, parent_id: int) -> str:
    team = {m["name"]: m["id"] for m in api.get("team").json()}
    chair = team[world.coordinator.get_full_name()]
    specialist = team[world.swv_specialist.get_full_name()]
    start = (timezone.now() + dt.timedelta(days=7)).replace(minute=0, second=0, microsecond=0)
    meeting = api.post(
        "meetings",
        {
            "kind": "eerste_mdo",
            "starts_at": start.isoformat(),
            "ends_at": (start + dt.timedelta(hours=1)).isoformat(),
            "chair": chair,
            "place": "School, kamer 1",
        },
        expect=201,
    )
    assert [i["kind"] for i in meeting["invitees"]] == ["jeugdige", "ouder", "professional"]
    meeting_id = meeting["id"]
    invitee = api.post(
        "meeting_invitees", {"member": specialist}, expect=201, meeting_id=meeting_id
    )
    assert invitee["status"] == "voorgesteld"
    # Nothing goes out to whom the parents did not approve.
    refused = api.client.post(
        api.url("meeting_send", meeting_id=meeting_id),
        {"invitees": [invitee["id"]]},
        content_type=JSON,
    )
    assert refused.status_code == 400
    for professional in api.get("meeting_invitees", meeting_id=meeting_id).json():
        if professional["kind"] == "professional":
            decided = api.post(
                "meeting_invitee_approve",
                {"representative": parent_id, "via": "telefoon"},
                meeting_id=meeting_id,
                invitee_id=professional["id"],
            )
            assert decided["status"] == "goedgekeurd"
            assert decided["decided_by"] == "Mira Scenario"
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        sending = api.post("meeting_send", meeting_id=meeting_id)
    # The count is of the mails that went out: invitees without an address (the child, the
    # parent whose address is not known) are not in it.
    assert sending == {"sent": 2, "waiting_for_team": 0, "without_address": 2}
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        (attachment,) = message.attachments
        assert attachment[2].startswith("text/calendar; method=REQUEST")
    # The specialist answers their own invitation with their own token.
    specialist_api = Api(world, "swv_specialist")
    specialist_api.case_id = api.case_id
    answered = specialist_api.post(
        "meeting_respond", {"answer": "geaccepteerd"}, meeting_id=meeting_id
    )
    assert answered["status"] == "geaccepteerd"
    return str(meeting_id)


def hold_the_mdo(world: World, api: Api, meeting_id: str) -> None:
    # The day of the MDO comes: a meeting is recorded from its start on.
    meeting_started(Meeting.objects.get(uuid=meeting_id))
    meeting = api.get("meeting", meeting_id=meeting_id).json()
    team = {m["name"]: m["id"] for m in api.get("team").json()}
    recorded = api.post(
        "meeting_record",
        {
            "attendance": [
                {"invitee": i["id"], "attendance": "aanwezig"} for i in meeting["invitees"]
            ],
            "minutes": [
                {"agenda_item": item["id"], "minutes": "Besproken met Noor en haar moeder."}
                for item in meeting["agenda"]
            ],
        },
        meeting_id=meeting_id,
    )
    assert recorded["status"] == "gehouden"
    api.post(
        "meeting_decisions",
        {"text": "Leesbegeleiding op school, twee uur per week"},
        expect=201,
        meeting_id=meeting_id,
    )
    api.post(
        "meeting_actions",
        {
            "what": "Advies over leesbegeleiding aan de leerkracht",
            "owner": team[world.swv_specialist.get_full_name()],
            "due": (timezone.localdate() + dt.timedelta(days=14)).isoformat(),
        },
        expect=201,
        meeting_id=meeting_id,
    )
    approved = api.post("meeting_approve", meeting_id=meeting_id)
    assert approved["status"] == "vastgesteld" and approved["sees_minutes"]
    assert len(approved["decisions"]) == 1 and len(approved["actions"]) == 1


def evaluate_and_continue(world: World, api: Api) -> None:
    move(api, "gezamenlijk-evalueren")
    goal = api.get("plan_goal_list").json()["results"][0]
    today = timezone.localdate()
    api.post(
        "plan_evaluations",
        {
            "held_on": today.isoformat(),
            "decision": "voortzetten",
            "next_evaluation_on": (today + dt.timedelta(days=90)).isoformat(),
            "summary": "Het gaat goed",
            "category": "onderwijs",
            "ratings": [{"goal": goal["id"], "realisation": "deels"}],
        },
        expect=201,
    )
    move(api, "uitvoeren-en-monitoren")


def test_a_case_is_walked_from_opening_to_an_adopted_plan_and_along_its_route_by_api():
    world = build_world()
    api = Api(world, "coordinator")
    open_case(world, api)
    parent_id = build_team(world, api)
    write_plan(world, api)
    agree_and_adopt(world, api, parent_id)
    walk_the_route_to_carrying_out(world, api, parent_id)
    evaluate_and_continue(world, api)
    timeline = api.get("timeline").json()
    assert [c["kind"] for c in timeline] == ["start", *["move"] * 8]
    assert timeline[-1]["to_step"] == "uitvoeren-en-monitoren"
    assert Plan.objects.get(case__uuid=api.case_id).status == "adopted"
    bundle = api.client.get(api.url("fhir"))
    assert bundle["Content-Type"] == "application/fhir+json"
    types = [e["resource"]["resourceType"] for e in bundle.json()["entry"]]
    assert types[:2] == ["CarePlan", "Goal"] and "CareTeam" in types and "Consent" in types
