"""The MDO's rules of the domain through the real endpoints (page, API, calendar feed, portal):
no MDO is convened without the partners the case requires; a professional the parents did not
admit sees no meeting; a reason goes only with a "no"; every recorded way of hearing the child
counts; and a meeting is recorded only from its start on."""

from __future__ import annotations

import datetime as dt
import re

from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest
from icalendar import Calendar

from arrangeer.api import services as api_services
from arrangeer.cases import services as case_services
from arrangeer.cases.access import Actor, CaseAccess, access_case
from arrangeer.cases.models import Case
from arrangeer.meetings import services
from arrangeer.meetings.constants import (
    Attendance,
    DecisionChannel,
    InviteeKind,
    InviteeStatus,
    MeetingStatus,
)
from arrangeer.meetings.models import Invitee, Meeting
from arrangeer.plans import services as plan_services
from arrangeer.plans.models import PlanVersion
from arrangeer.routes import guards
from arrangeer.testing.auth import login_verified
from arrangeer.testing.meetings import hold_mdo, meeting_started, plan_mdo
from arrangeer.testing.world import World, build_world

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def world() -> World:
    return build_world()


def _regie(world: World) -> CaseAccess:
    return access_case(Actor(world.coordinator), world.case.uuid)


def _api(world: World, persona: str, language: str = "nl") -> Client:
    user = world.users[persona]
    _record, raw = api_services.create_token(
        user=user, membership=user.memberships.first(), name="test", days=1
    )
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_ACCEPT_LANGUAGE=language)


def _web(world: World, persona: str) -> Client:
    return login_verified(Client(), world.users[persona])


def _api_url(world: World, name: str, **kwargs: object) -> str:
    return reverse(f"api:{name}", kwargs={"case_id": world.case.uuid, **kwargs})


def _page_url(world: World, name: str, **kwargs: object) -> str:
    return reverse(f"meetings:{name}", kwargs={"case_id": world.case.uuid, **kwargs})


def _plan_body(world: World) -> dict[str, object]:
    start = (timezone.now() + dt.timedelta(days=7)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    return {
        "kind": "eerste_mdo",
        "starts_at": start.isoformat(),
        "ends_at": (start + dt.timedelta(hours=1)).isoformat(),
        "chair": world.case.team.get(membership__user=world.coordinator).pk,
        "place": "School, kamer 1",
    }


def _plan_form(world: World) -> dict[str, str]:
    return {
        "kind": "eerste_mdo",
        "date": (timezone.localdate() + dt.timedelta(days=5)).isoformat(),
        "start": "10:00",
        "end": "11:00",
        "chair": str(world.case.team.get(membership__user=world.coordinator).pk),
        "place": "Basisschool De Test",
        "category": "onderwijs",
    }


def _leave_team(world: World, name: str) -> None:
    case_services.end_team_member(_regie(world), world.members[name], reason="Andere baan")


def _flags(world: World, **flags: bool) -> None:
    Case.objects.filter(pk=world.case.pk).update(**flags)
    world.case.refresh_from_db()


# --- 1. the partners the case requires, before the MDO is convened -------------------------


def test_planning_an_mdo_for_a_thuiszitter_without_the_swv_is_refused_on_page_and_api(world):
    _leave_team(world, "swv_specialist")
    _flags(world, is_thuiszitter=True)
    refused = _api(world, "coordinator").post(
        _api_url(world, "meetings"), _plan_body(world), content_type=JSON
    )
    assert refused.status_code == 400
    (message,) = refused.json()["errors"]["non_field_errors"]
    assert message.startswith("Het MDO kan nog niet worden belegd: Samenwerkingsverband (SWV)")
    assert "Een professional voorstellen" in message
    page = _web(world, "coordinator")
    form = page.get(_page_url(world, "new")).content.decode()
    assert 'data-partner="swv"' in form
    posted = page.post(_page_url(world, "new"), _plan_form(world))
    assert posted.status_code == 200
    assert "Het MDO kan nog niet worden belegd" in posted.content.decode()
    assert not Meeting.objects.filter(case=world.case).exists()


def test_a_thuiszitter_needs_leerplicht_also_without_the_absence_flag(world):
    _leave_team(world, "leerplicht")
    _flags(world, is_thuiszitter=True, has_absence=False)
    refused = _api(world, "coordinator").post(
        _api_url(world, "meetings"), _plan_body(world), content_type=JSON
    )
    assert refused.status_code == 400
    (message,) = refused.json()["errors"]["non_field_errors"]
    assert "Leerplicht moet in het team zitten (thuiszitter" in message
    assert not Meeting.objects.filter(case=world.case).exists()


def test_with_every_required_partner_on_the_team_the_mdo_is_planned(world):
    _flags(world, is_thuiszitter=True, is_complex=True)
    planned = _api(world, "coordinator").post(
        _api_url(world, "meetings"), _plan_body(world), content_type=JSON
    )
    assert planned.status_code == 201, planned.content


def test_invitations_are_refused_while_a_required_partner_is_missing(
    world, django_capture_on_commit_callbacks
):
    meeting = plan_mdo(world.case, regisseur=world.coordinator)
    _leave_team(world, "leerplicht")  # absence: leerplicht is required
    with django_capture_on_commit_callbacks(execute=True):
        refused = _api(world, "coordinator").post(
            _api_url(world, "meeting_send", meeting_id=meeting.uuid), {}, content_type=JSON
        )
        page = _web(world, "coordinator").post(
            _page_url(world, "send", meeting_id=meeting.uuid), follow=True
        )
    assert refused.status_code == 400
    assert "Leerplicht moet in het team zitten" in refused.json()["errors"]["non_field_errors"][0]
    assert "Het MDO kan nog niet worden belegd" in page.content.decode()
    assert mail.outbox == []
    assert not meeting.invitees.filter(status=InviteeStatus.INVITED).exists()


def test_an_update_still_reaches_those_invited_after_a_partner_left(
    world, django_capture_on_commit_callbacks
):
    meeting = plan_mdo(world.case, regisseur=world.coordinator)
    regie = _regie(world)
    services.send_invitations(regie, meeting)
    _leave_team(world, "leerplicht")
    later = meeting.starts_at + dt.timedelta(days=1)
    services.change_meeting(
        regie,
        meeting,
        starts_at=later,
        ends_at=later + dt.timedelta(hours=1),
        place="School, kamer 2",
        video_link="",
        room="",
        interpreter_needed=False,
        interpreter_language="",
        consent_forms_prepared=False,
        rhythm_weeks=None,
    )
    with django_capture_on_commit_callbacks(execute=True):
        sent = _api(world, "coordinator").post(
            _api_url(world, "meeting_send", meeting_id=meeting.uuid), {}, content_type=JSON
        )
    assert sent.status_code == 200, sent.content
    answer = sent.json()
    invited = meeting.invitees.filter(status=InviteeStatus.INVITED).count()
    assert answer["sent"] >= 1
    assert answer["sent"] + answer["without_address"] == invited
    assert mail.outbox


# --- 2. a professional the parents did not admit sees no meeting ---------------------------


def _feed_address(world: World, persona: str) -> str:
    page = _web(world, persona).post(reverse("meetings_calendar"), {"actie": "nieuw"})
    found = re.search(r'value="(http[^"]+\.ics)"', page.content.decode())
    assert found
    return found.group(1).replace("http://testserver", "")


def _in_feed(address: str) -> list[str]:
    return [str(e["UID"]) for e in Calendar.from_ical(Client().get(address).content).walk("VEVENT")]


def _what_the_teacher_gets(world: World, meeting: Meeting, feed: str) -> tuple[int, int, int, bool]:
    api = _api(world, "teacher")
    listed = api.get(_api_url(world, "meetings")).json()["results"]
    return (
        _web(world, "teacher").get(_page_url(world, "detail", meeting_id=meeting.uuid)).status_code,
        api.get(_api_url(world, "meeting", meeting_id=meeting.uuid)).status_code,
        len(listed),
        any(str(meeting.uuid) in uid for uid in _in_feed(feed)),
    )


def test_a_professional_sees_the_meeting_only_once_the_parents_admitted_them(world):
    meeting = plan_mdo(world.case, regisseur=world.coordinator)
    regie = _regie(world)
    teacher = services.propose_invitee(regie, meeting, member=world.members["teacher"])
    feed = _feed_address(world, "teacher")
    # Proposed: waiting for the parents.
    assert _what_the_teacher_gets(world, meeting, feed) == (404, 404, 0, False)
    services.refuse_invitee(
        regie, teacher, representative=world.parent, via=DecisionChannel.PHONE, reason="Liever niet"
    )
    assert _what_the_teacher_gets(world, meeting, feed) == (404, 404, 0, False)
    for name in ("meeting_invitees", "meeting_agenda", "meeting_decisions", "meeting_actions"):
        url = _api_url(world, name, meeting_id=meeting.uuid)
        assert _api(world, "teacher").get(url).status_code == 404, name
    # Someone on the team who is not invited still sees it, without the parents' reason.
    other = _api(world, "youth_worker").get(_api_url(world, "meeting", meeting_id=meeting.uuid))
    assert other.status_code == 200
    assert "Liever niet" not in other.content.decode()
    chair = _web(world, "coordinator").get(_page_url(world, "detail", meeting_id=meeting.uuid))
    assert "Liever niet" in chair.content.decode()
    # The parents change their mind: approved and invited, the teacher sees it everywhere.
    services.approve_invitee(regie, teacher, representative=world.parent, via=DecisionChannel.PHONE)
    services.send_invitations(regie, meeting)
    assert _what_the_teacher_gets(world, meeting, feed) == (200, 200, 1, True)


def test_the_chair_sees_their_meeting_while_the_parents_answer_is_awaited(world):
    meeting = plan_mdo(world.case, regisseur=world.coordinator, approve=False)
    chair = _web(world, "coordinator")
    assert chair.get(_page_url(world, "detail", meeting_id=meeting.uuid)).status_code == 200
    feed = _feed_address(world, "coordinator")
    assert any(str(meeting.uuid) in uid for uid in _in_feed(feed))


# --- 3. a reason goes only with a "no" ------------------------------------------------------


def test_a_yes_with_a_reason_is_refused_on_the_page_in_the_api_and_in_the_portal(world):
    meeting = plan_mdo(world.case, regisseur=world.coordinator, approve=False)
    (chair,) = meeting.invitees.filter(kind=InviteeKind.PROFESSIONAL)
    page = _web(world, "coordinator").post(
        _page_url(world, "invitee_decide", meeting_id=meeting.uuid, invitee_id=chair.uuid),
        {
            "decision": InviteeStatus.APPROVED,
            "representative": str(world.parent.pk),
            "via": DecisionChannel.PHONE,
            "reason": "Liever niet, wij kennen deze persoon niet",
        },
    )
    assert page.status_code == 200
    assert "Een reden hoort alleen bij een" in page.content.decode()
    api = _api(world, "coordinator").post(
        _api_url(world, "meeting_invitee_approve", meeting_id=meeting.uuid, invitee_id=chair.uuid),
        {"representative": world.parent.pk, "via": "telefoon", "reason": "Liever niet"},
        content_type=JSON,
    )
    assert api.status_code == 400
    assert "Een reden hoort alleen bij een" in api.json()["errors"]["reason"][0]
    portal = _web(world, "parent").post(
        reverse("portal:invitees", kwargs={"case_id": world.case.uuid, "meeting_id": meeting.uuid}),
        {
            "invitee": str(chair.uuid),
            f"i{chair.pk}-decision": "yes",
            f"i{chair.pk}-reason": "Liever niet",
        },
    )
    assert portal.status_code == 200
    assert "Een reden hoort alleen bij een" in portal.content.decode()
    chair.refresh_from_db()
    assert chair.status == InviteeStatus.PROPOSED and chair.decision_reason == ""


def test_the_regisseur_never_sees_a_reason_next_to_invited(world):
    meeting = plan_mdo(world.case, regisseur=world.coordinator)
    services.send_invitations(_regie(world), meeting)
    # A reason recorded with a yes before the rule held.
    Invitee.objects.filter(meeting=meeting, kind=InviteeKind.PROFESSIONAL).update(
        decision_reason="Liever niet, wij kennen deze persoon niet"
    )
    page = _web(world, "coordinator").get(_page_url(world, "detail", meeting_id=meeting.uuid))
    assert "Uitgenodigd" in page.content.decode()
    assert "wij kennen deze persoon niet" not in page.content.decode()
    api = _api(world, "coordinator").get(_api_url(world, "meeting", meeting_id=meeting.uuid))
    assert "wij kennen deze persoon niet" not in api.content.decode()


# --- 4. every recorded way of hearing the child ---------------------------------------------


def _heard(world: World) -> bool:
    return guards.get("child_heard").check(world.case)


def test_the_childs_own_view_in_the_portal_counts(world):
    assert not _heard(world)
    response = _web(world, "child_13").post(
        reverse("portal:child_view", kwargs={"case_id": world.case.uuid}),
        {"part": "school", "feeling": "gaat_wel", "text": "Lezen vind ik moeilijk"},
    )
    assert response.status_code == 302
    assert _heard(world)


def test_the_voice_tab_counts(world):
    assert not _heard(world)
    response = _web(world, "youth_worker").post(
        reverse("portal:child_view_together", kwargs={"case_id": world.case.uuid}),
        {"part": "thuis", "feeling": "goed", "text": "Met mama gaat het fijn"},
    )
    assert response.status_code == 302
    assert _heard(world)


def test_presence_at_a_held_mdo_counts_and_absence_does_not(world):
    hold_mdo(world.case, regisseur=world.coordinator, child_present=False)
    assert not _heard(world)
    hold_mdo(world.case, regisseur=world.coordinator, child_present=True)
    assert _heard(world)


def test_heard_beforehand_at_adoption_counts_after_an_mdo_without_the_child():
    """The case of the report: the MDO held with the child absent, the plan adopted with "the
    child was heard beforehand" and the child's view: the check holds."""
    world = build_world(with_plan=True)
    # The plan in force was adopted with the child not heard (and why).
    PlanVersion.objects.filter(plan__case=world.case).update(
        child_heard="niet", child_view="Het kind was ziek."
    )
    hold_mdo(world.case, regisseur=world.coordinator, child_present=False)
    assert not _heard(world)
    regie = _regie(world)
    version = plan_services.send_for_agreement(regie)
    plan_services.record_parent_agreement(
        regie,
        content_hash=version.content_hash,
        representative=world.parent,
        decision="instemming",
        given_on=timezone.localdate(),
        evidence="papier",
    )
    response = _web(world, "coordinator").post(
        reverse("plans:adopt", kwargs={"case_id": world.case.uuid}),
        {
            "content_hash": version.content_hash,
            "child_heard": "vooraf",
            "child_view": "Sem wil graag beter leren lezen.",
            "child_view_category": "onderwijs",
        },
    )
    assert response.status_code == 302
    assert _heard(world)


# --- 6. a meeting is recorded from its start on ---------------------------------------------


def _record_body(meeting: Meeting) -> dict[str, object]:
    return {
        "attendance": [
            {"invitee": str(i.uuid), "attendance": Attendance.PRESENT}
            for i in meeting.invitees.all()
        ],
        "minutes": [{"agenda_item": a.pk, "minutes": "Besproken"} for a in meeting.agenda.all()],
    }


def test_a_meeting_still_to_come_cannot_be_recorded_on_page_or_api(world):
    meeting = plan_mdo(world.case, regisseur=world.coordinator)
    services.send_invitations(_regie(world), meeting)
    api = _api(world, "coordinator")
    refused = api.post(
        _api_url(world, "meeting_record", meeting_id=meeting.uuid),
        _record_body(meeting),
        content_type=JSON,
    )
    assert refused.status_code == 400
    start = timezone.localtime(meeting.starts_at).strftime("%d-%m-%Y %H:%M")
    assert f"Dit overleg begint op {start}" in refused.json()["errors"]["non_field_errors"][0]
    for name, body in (
        ("meeting_decisions", {"text": "We werken aan lezen"}),
        ("meeting_actions", {"what": "Observatie"}),
    ):
        url = _api_url(world, name, meeting_id=meeting.uuid)
        assert api.post(url, body, content_type=JSON).status_code == 400, name
    web = _web(world, "coordinator")
    detail = web.get(_page_url(world, "detail", meeting_id=meeting.uuid)).content.decode()
    assert _page_url(world, "record", meeting_id=meeting.uuid) not in detail
    form = {f"verslag-attendance_{i.pk}": "aanwezig" for i in meeting.invitees.all()}
    page = web.post(_page_url(world, "record", meeting_id=meeting.uuid), form)
    assert "Dit overleg begint op" in page.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED
    assert not meeting.invitees.exclude(attendance="").exists()
    # From its start on, it is recorded.
    meeting_started(meeting)
    recorded = api.post(
        _api_url(world, "meeting_record", meeting_id=meeting.uuid),
        _record_body(meeting),
        content_type=JSON,
    )
    assert recorded.status_code == 200, recorded.content
    assert guards.get("mdo_held_with_parents").check(world.case)


def test_a_future_meeting_recorded_before_the_rule_is_not_counted_nor_told_to_the_parents(
    world,
):
    held = hold_mdo(world.case, regisseur=world.coordinator)
    # Recorded and approved, but its date lies ahead (as before this rule).
    later = timezone.now() + dt.timedelta(days=8)
    Meeting.objects.filter(pk=held.pk).update(
        starts_at=later, ends_at=later + dt.timedelta(hours=1)
    )
    assert not guards.get("mdo_held_with_parents").check(world.case)
    assert not _heard(world)
    home = _web(world, "parent").get(reverse("portal:home", kwargs={"case_id": world.case.uuid}))
    assert home.status_code == 200
    assert "Wat we hebben afgesproken" not in home.content.decode()
    assert 'data-testid="held-meeting"' not in home.content.decode()
