"""The MDO in the API: the same services and selectors as the meetings' pages — the chair's
overlap as a confirmable 409, If-Match on changes, the parents' answer recorded on their
behalf, the minutes shared exactly as on the pages, and constant query counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from arrangeer.api import services
from arrangeer.cases.access import Actor, access_case
from arrangeer.meetings import services as meeting_services
from arrangeer.meetings.constants import Attendance, DecisionChannel
from arrangeer.meetings.models import Meeting
from arrangeer.testing.meetings import busy_meeting, meeting_started, plan_mdo
from arrangeer.testing.world import World, build_world

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
PROBLEM = "application/problem+json"
JSON = "application/json"


@pytest.fixture
def world() -> World:
    return build_world(with_plan=True)


def _api(world: World, persona: str) -> Client:
    user = world.users[persona]
    _record, raw = services.create_token(
        user=user, membership=user.memberships.first(), name="test", days=1
    )
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_ACCEPT_LANGUAGE="en")


def _url(world: World, name: str, **kwargs: object) -> str:
    return reverse(f"api:{name}", kwargs={"case_id": world.case.uuid, **kwargs})


def _start(days: int = 7, hour: int = 10) -> dt.datetime:
    return (timezone.now() + dt.timedelta(days=days)).replace(
        hour=hour, minute=0, second=0, microsecond=0
    )


def _plan_body(world: World, start: dt.datetime, **extra: Any) -> dict[str, Any]:
    return {
        "kind": "eerste_mdo",
        "starts_at": start.isoformat(),
        "ends_at": (start + dt.timedelta(hours=1)).isoformat(),
        "chair": world.case.team.get(membership__user=world.coordinator).pk,
        "place": "School, kamer 1",
        **extra,
    }


def test_the_chairs_overlap_is_a_409_until_confirmed(world):
    client = _api(world, "coordinator")
    url = _url(world, "meetings")
    first = client.post(url, _plan_body(world, _start()), content_type=JSON)
    assert first.status_code == 201, first.content
    assert first["ETag"]
    later = _start() + dt.timedelta(minutes=30)
    clash = client.post(url, _plan_body(world, later), content_type=JSON)
    assert clash.status_code == 409
    assert clash["Content-Type"] == PROBLEM
    assert "overlapping time" in clash.json()["detail"]
    assert "confirm_overlap" in clash.json()["errors"]
    assert Meeting.objects.filter(case=world.case).count() == 1
    both = client.post(url, _plan_body(world, later, confirm_overlap=True), content_type=JSON)
    assert both.status_code == 201
    listed = client.get(url).json()["results"]
    assert [m["id"] for m in listed] == [both.json()["id"], first.json()["id"]]


def test_plan_errors_are_per_field_and_only_the_regisseur_plans(world):
    client = _api(world, "coordinator")
    url = _url(world, "meetings")
    past = client.post(url, _plan_body(world, _start(-2)), content_type=JSON)
    assert past.status_code == 400 and "starts_at" in past.json()["errors"]
    nowhere = client.post(url, _plan_body(world, _start(), place=""), content_type=JSON)
    assert "place" in nowhere.json()["errors"]
    unknown = client.post(url, _plan_body(world, _start(), colour="red"), content_type=JSON)
    assert "colour" in unknown.json()["errors"]
    teacher = _api(world, "teacher").post(url, _plan_body(world, _start()), content_type=JSON)
    assert teacher.status_code == 404


def test_a_meeting_changes_only_with_a_fresh_if_match(world):
    meeting = plan_mdo(world.case, regisseur=world.coordinator)
    client = _api(world, "coordinator")
    url = _url(world, "meeting", meeting_id=meeting.uuid)
    read = client.get(url)
    etag = read["ETag"]
    # The ETag is the meeting's version, which the service checks.
    assert etag == f'"{meeting.uuid}-{read.json()["lock_version"]}"'
    body = {"room": "Kamer 2"}
    assert client.patch(url, body, content_type=JSON).status_code == 428
    stale = client.patch(url, body, content_type=JSON, HTTP_IF_MATCH='"stale"')
    assert stale.status_code == 412
    assert "Someone else changed this meeting" in stale.json()["detail"]
    moved = client.patch(
        url,
        {
            "starts_at": _start(8).isoformat(),
            "ends_at": (_start(8) + dt.timedelta(hours=1)).isoformat(),
        },
        content_type=JSON,
        HTTP_IF_MATCH=etag,
    )
    assert moved.status_code == 200, moved.content
    assert moved.json()["sequence"] == meeting.sequence + 1
    assert moved["ETag"] != etag
    again = client.patch(url, body, content_type=JSON, HTTP_IF_MATCH=etag)
    assert again.status_code == 412
    teacher = _api(world, "teacher").patch(url, body, content_type=JSON, HTTP_IF_MATCH=etag)
    assert teacher.status_code == 404


def test_the_parents_answer_is_recorded_on_their_behalf_with_the_parent_named(world):
    meeting = plan_mdo(world.case, regisseur=world.coordinator, approve=False)
    client = _api(world, "coordinator")
    kwargs = {"meeting_id": meeting.uuid}
    invitee = client.post(
        _url(world, "meeting_invitees", **kwargs),
        {"member": world.members["teacher"].pk},
        content_type=JSON,
    )
    assert invitee.status_code == 201 and invitee.json()["status"] == "voorgesteld"
    refuse = _url(world, "meeting_invitee_refuse", invitee_id=invitee.json()["id"], **kwargs)
    no_reason = client.post(
        refuse, {"representative": world.parent.pk, "via": "telefoon"}, content_type=JSON
    )
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["errors"]
    without_gezag = world.child.representatives.get(has_authority=False)
    not_allowed = client.post(
        refuse,
        {"representative": without_gezag.pk, "via": "telefoon", "reason": "Liever niet"},
        content_type=JSON,
    )
    assert not_allowed.status_code == 400 and "representative" in not_allowed.json()["errors"]
    refused = client.post(
        refuse,
        {"representative": world.parent.pk, "via": "telefoon", "reason": "Liever niet"},
        content_type=JSON,
    )
    assert refused.status_code == 200
    answer = refused.json()
    assert answer["status"] == "geweigerd" and answer["decision_reason"] == "Liever niet"
    assert answer["decided_by"] == f"{world.parent.first_name} {world.parent.last_name}"
    assert answer["decided_via"] == "telefoon"
    # Sending names the refused invitee: nothing goes out.
    named = client.post(
        _url(world, "meeting_send", **kwargs), {"invitees": [answer["id"]]}, content_type=JSON
    )
    assert named.status_code == 400
    # The teacher cannot record the parents' answer.
    teacher = _api(world, "teacher").post(
        refuse, {"representative": world.parent.pk, "via": "telefoon"}, content_type=JSON
    )
    assert teacher.status_code == 404


def _held(world: World) -> Meeting:
    """Held with the teacher invited, an agreement and a decision; minutes not approved."""
    meeting = plan_mdo(world.case, regisseur=world.coordinator)
    access = access_case(Actor(world.coordinator), world.case.uuid)
    teacher = meeting_services.propose_invitee(access, meeting, member=world.members["teacher"])
    meeting_services.approve_invitee(
        access, teacher, representative=world.parent, via=DecisionChannel.IN_PERSON
    )
    meeting_services.send_invitations(access, meeting)
    return meeting_started(meeting)


def test_minutes_and_decisions_are_shared_exactly_as_on_the_pages(world):
    meeting = _held(world)
    chair = _api(world, "coordinator")
    kwargs = {"meeting_id": meeting.uuid}
    detail = chair.get(_url(world, "meeting", **kwargs)).json()
    recorded = chair.post(
        _url(world, "meeting_record", **kwargs),
        {
            "attendance": [
                {"invitee": i["id"], "attendance": Attendance.PRESENT} for i in detail["invitees"]
            ],
            "minutes": [{"agenda_item": a["id"], "minutes": "Besproken"} for a in detail["agenda"]],
        },
        content_type=JSON,
    )
    assert recorded.status_code == 200, recorded.content
    decision = chair.post(
        _url(world, "meeting_decisions", **kwargs), {"text": "Leesbegeleiding"}, content_type=JSON
    )
    assert decision.status_code == 201
    loose = chair.post(
        _url(world, "meeting_actions", **kwargs), {"what": "Observatie"}, content_type=JSON
    )
    assert loose.status_code == 201
    not_yet = chair.post(_url(world, "meeting_approve", **kwargs))
    assert not_yet.status_code == 400  # the agreement has no owner and no date
    # The invited teacher sees no draft minutes and no decisions; the chair does.
    teacher = _api(world, "teacher")
    draft = teacher.get(_url(world, "meeting", **kwargs)).json()
    assert not draft["sees_minutes"] and draft["decisions"] == []
    assert {a["minutes"] for a in draft["agenda"]} == {""}
    assert chair.get(_url(world, "meeting_decisions", **kwargs)).json()[0]["text"]
    # A SMART agreement, then the minutes are approved and shared with the participants.
    meeting.actions.all().delete()
    chair.post(
        _url(world, "meeting_actions", **kwargs),
        {
            "what": "Observatie in de klas",
            "owner": world.members["teacher"].pk,
            "due": (timezone.localdate() + dt.timedelta(days=14)).isoformat(),
        },
        content_type=JSON,
    )
    approved = chair.post(_url(world, "meeting_approve", **kwargs))
    assert approved.status_code == 200 and approved.json()["status"] == "vastgesteld"
    shared = teacher.get(_url(world, "meeting", **kwargs)).json()
    assert shared["sees_minutes"] and len(shared["decisions"]) == 1
    assert {a["minutes"] for a in shared["agenda"]} == {"Besproken"}
    # Someone on the team who was not there sees neither the minutes nor the decisions.
    youth = _api(world, "youth_worker").get(_url(world, "meeting", **kwargs)).json()
    assert not youth["sees_minutes"] and youth["decisions"] == [] and youth["actions"] == []
    assert _api(world, "youth_worker").get(_url(world, "meeting_decisions", **kwargs)).json() == []
    # The record of approved minutes stays as it is.
    again = chair.post(_url(world, "meeting_record", **kwargs), {}, content_type=JSON)
    assert again.status_code == 400


def test_the_invitee_answers_only_their_own_invitation(world):
    meeting = _held(world)
    kwargs = {"meeting_id": meeting.uuid}
    teacher = _api(world, "teacher")
    url = _url(world, "meeting_respond", **kwargs)
    other_time = teacher.post(url, {"answer": "ander_tijdstip"}, content_type=JSON)
    assert other_time.status_code == 400 and "note" in other_time.json()["errors"]
    accepted = teacher.post(url, {"answer": "geaccepteerd"}, content_type=JSON)
    assert accepted.status_code == 200 and accepted.json()["status"] == "geaccepteerd"
    assert (
        _api(world, "youth_worker")
        .post(url, {"answer": "geaccepteerd"}, content_type=JSON)
        .status_code
        == 404
    )


def test_agenda_items_are_added_and_removed_by_the_chair(world):
    meeting = plan_mdo(world.case, regisseur=world.coordinator)
    client = _api(world, "coordinator")
    kwargs = {"meeting_id": meeting.uuid}
    added = client.post(
        _url(world, "meeting_agenda", **kwargs), {"title": "Vervoer"}, content_type=JSON
    )
    assert added.status_code == 201
    agenda = client.get(_url(world, "meeting_agenda", **kwargs)).json()
    assert agenda[-1]["title"] == "Vervoer"
    item = _url(world, "meeting_agenda_item", item_id=added.json()["id"], **kwargs)
    assert _api(world, "teacher").delete(item).status_code == 404
    assert client.delete(item).status_code == 204
    assert client.delete(item).status_code == 404
    cancelled = client.post(_url(world, "meeting_cancel", **kwargs))
    assert cancelled.json()["status"] == "geannuleerd"


def test_a_token_of_another_organisation_gets_404_on_the_meetings(world):
    from arrangeer.organisations.constants import Role
    from arrangeer.organisations.services import grant_membership

    meeting = plan_mdo(world.case, regisseur=world.coordinator)
    other = grant_membership(
        user=world.youth_worker, organisation=world.provider, role=Role.CARE_WORKER
    )
    _record, raw = services.create_token(
        user=world.youth_worker, membership=other, name="elders", days=1
    )
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.get(_url(world, "meetings")).status_code == 404
    for name in ("meeting", "meeting_agenda", "meeting_invitees", "meeting_actions"):
        assert client.get(_url(world, name, meeting_id=meeting.uuid)).status_code == 404, name


@pytest.mark.parametrize("name", ["meeting", "meetings"])
def test_the_meeting_list_and_detail_have_a_query_count_constant_in_invitees_and_actions(
    world, name
):
    small = busy_meeting(world.case, regisseur=world.coordinator, participants=1, actions=1)
    client = _api(world, "coordinator")
    kwargs = {"meeting_id": small.uuid} if name == "meeting" else {}
    url = _url(world, name, **kwargs)
    client.get(url)  # the token's first use is recorded once
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    Meeting.objects.filter(pk=small.pk).delete()
    large = busy_meeting(world.case, regisseur=world.coordinator, participants=8, actions=12)
    if name == "meeting":
        url = _url(world, name, meeting_id=large.uuid)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    body = response.json()
    if name == "meeting":
        assert len(body["invitees"]) >= 8 and len(body["actions"]) == 12
    assert len(many) == len(few), (
        [q["sql"][:90] for q in few.captured_queries],
        [q["sql"][:90] for q in many.captured_queries],
    )


def _token(user, membership) -> Client:
    _record, raw = services.create_token(user=user, membership=membership, name="test", days=1)
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_ACCEPT_LANGUAGE="en")


def _own_kind_body(kind: str, start: dt.datetime, **extra: Any) -> dict[str, Any]:
    return {
        "kind": kind,
        "starts_at": start.isoformat(),
        "ends_at": (start + dt.timedelta(hours=1)).isoformat(),
        "place": "Het Loket, kamer 3",
        **extra,
    }


def _ask_loket(world: World, desk: Any) -> Any:
    """The regisseur's question to the Integraal Loket, which a gouden driehoek is about."""
    from arrangeer.loket import services as loket_services

    return loket_services.ask_loket(
        access_case(Actor(world.coordinator), world.case.uuid),
        loket=desk.loket,
        question="Hoe krijgen we Sem weer naar school?",
        tried="Een aangepast rooster.",
        urgency="normaal",
    )


def test_the_loket_adviser_plans_the_gouden_driehoek_through_the_loket_door(world):
    from arrangeer.audit.models import AccessLogEntry
    from arrangeer.consents.models import Consent
    from arrangeer.loket.models import Consult
    from arrangeer.meetings.constants import InviteeKind, MeetingKind
    from arrangeer.testing.loket import loket_in

    desk = loket_in(world)
    consult = _ask_loket(world, desk)
    url = _url(world, "meetings")
    adviser = _token(desk.adviser, desk.adviser_membership)
    body = _own_kind_body("gouden_driehoek", _start(), consult=str(consult.uuid))

    # The door first: the regisseur is not the Loket, a question of no case is no one's.
    regisseur = _api(world, "coordinator")
    assert regisseur.post(url, body, content_type=JSON).status_code == 404
    nothing = _own_kind_body("gouden_driehoek", _start(), consult=str(world.case.uuid))
    assert adviser.post(url, nothing, content_type=JSON).status_code == 404
    assert adviser.post(url, {**body, "consult": "x"}, content_type=JSON).status_code == 404
    # Not chaired by whom the adviser picks, and no interpreter of its own.
    chaired = adviser.post(url, {**body, "chair": 1}, content_type=JSON)
    assert chaired.status_code == 400 and "chair" in chaired.json()["errors"]
    interpreter = adviser.post(url, {**body, "interpreter_needed": True}, content_type=JSON)
    assert "interpreter_needed" in interpreter.json()["errors"]
    assert not Meeting.objects.filter(case=world.case).exists()

    planned = adviser.post(url, body, content_type=JSON)
    assert planned.status_code == 201, planned.content
    data = planned.json()
    assert data["kind"] == MeetingKind.GOUDEN_DRIEHOEK
    meeting = Meeting.objects.get(uuid=data["id"])
    assert meeting.organiser == desk.adviser_membership
    assert meeting.chair.membership.user == world.coordinator
    invited = set(
        meeting.invitees.filter(kind=InviteeKind.PROFESSIONAL).values_list(
            "team_member__membership__user__username", flat=True
        )
    )
    assert {"coordinator", "swv_specialist", "youth_worker"} <= invited
    assert "teacher" not in invited
    consult.refresh_from_db()
    assert consult.meeting == meeting
    assert AccessLogEntry.objects.filter(
        user_id=desk.adviser.pk, channel="api", case_ref=world.case.uuid, basis="consent"
    ).exists()
    # The adviser reads the driehoek they organise, through the Loket's door; not the MDOs.
    read = adviser.get(_url(world, "meeting", meeting_id=meeting.uuid))
    assert read.status_code == 200 and read.json()["can_manage"] is True
    assert adviser.get(url).status_code == 404
    # One per question while it stands.
    again = adviser.post(url, body, content_type=JSON)
    assert again.status_code == 400

    # Without the family's consent for the Loket the door stays shut.
    Consent.objects.filter(organisation=desk.loket).update(withdrawn_at=timezone.now())
    assert adviser.post(url, body, content_type=JSON).status_code == 404
    assert Consult.objects.get(pk=consult.pk).meeting == meeting


def test_the_regisseur_plans_the_handover_mdo_while_a_transition_is_prepared(world):
    from arrangeer.meetings.constants import InviteeKind, MeetingKind
    from arrangeer.organisations.models import Membership
    from arrangeer.testing.transitions import with_receiving_side
    from arrangeer.transitions import services as transition_services
    from arrangeer.transitions.models import Transition

    with_receiving_side(world)
    url = _url(world, "meetings")
    client = _api(world, "coordinator")
    body = _own_kind_body("overdracht", _start(20))
    # No transition in preparation: where to plan it, as a field error.
    early = client.post(url, body, content_type=JSON)
    assert early.status_code == 400 and "kind" in early.json()["errors"]

    regie = access_case(Actor(world.coordinator), world.case.uuid)
    transition_services.propose_receiving_school(
        regie,
        membership=Membership.objects.get(user=world.users["receiver"]),
        handover_mdo_on=timezone.localdate() + dt.timedelta(days=20),
    )
    # Only the regisseur; the teacher on the team gets the 404.
    assert _api(world, "teacher").post(url, body, content_type=JSON).status_code == 404
    chaired = client.post(
        url,
        {**body, "chair": world.case.team.get(membership__user=world.coordinator).pk},
        content_type=JSON,
    )
    assert chaired.status_code == 400 and "chair" in chaired.json()["errors"]
    planned = client.post(url, body, content_type=JSON)
    assert planned.status_code == 201, planned.content
    meeting = Meeting.objects.get(uuid=planned.json()["id"])
    assert meeting.kind == MeetingKind.HANDOVER
    assert meeting.chair.membership.user == world.coordinator
    transition = Transition.objects.get(case=world.case)
    assert transition.handover_meeting == meeting
    assert transition.handover_mdo_on == timezone.localtime(meeting.starts_at).date()
    invited = set(
        meeting.invitees.filter(kind=InviteeKind.PROFESSIONAL).values_list(
            "team_member__membership__user__username", flat=True
        )
    )
    assert {"coordinator", "youth_worker", "swv_specialist"} <= invited
    assert "receiver" not in invited  # not on the team before the family consents
    assert client.post(url, body, content_type=JSON).status_code == 400  # planned already


def test_the_meeting_api_decides_the_door_in_one_step_within_its_query_budget(
    world, django_assert_max_num_queries
):
    """The case's door and the Loket's for a gouden driehoek are decided with the case in one
    query (`access_case(advice_lokets=...)`), and a read does not read the meeting twice:
    these budgets were 16, 15, 16, 17 and 28 before."""
    from arrangeer.testing.loket import loket_in

    mdo = plan_mdo(world.case, regisseur=world.coordinator)
    coordinator = _api(world, "coordinator")
    desk = loket_in(world)
    consult = _ask_loket(world, desk)
    adviser = _token(desk.adviser, desk.adviser_membership)
    planned = adviser.post(
        _url(world, "meetings"),
        _own_kind_body("gouden_driehoek", _start(9), consult=str(consult.uuid)),
        content_type=JSON,
    )
    driehoek = planned.json()["id"]
    reads = [
        (coordinator, _url(world, "meeting", meeting_id=mdo.uuid), 14),
        (coordinator, _url(world, "meeting_agenda", meeting_id=mdo.uuid), 14),
        (adviser, _url(world, "meeting", meeting_id=driehoek), 13),
        (coordinator, _url(world, "meeting", meeting_id=driehoek), 14),
    ]
    for client, url, budget in reads:
        client.get(url)  # the token's first use is recorded once
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == 200
    url = _url(world, "meeting", meeting_id=mdo.uuid)
    etag = coordinator.get(url)["ETag"]
    with django_assert_max_num_queries(24):
        changed = coordinator.patch(url, {"room": "Kamer 2"}, content_type=JSON, HTTP_IF_MATCH=etag)
    assert changed.status_code == 200
