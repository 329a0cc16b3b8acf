"""The MDO's domain: planning with the default agenda, the parents' approval before any
invitation, idempotent invitations with an ICS, the record, SMART agreements and the minutes'
approval — and each kind of bad input refused with nothing half saved."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

import pytest
from icalendar import Calendar

from arrangeer.cases.access import Actor, CaseAccess, access_case
from arrangeer.meetings import services
from arrangeer.meetings.constants import (
    Attendance,
    DecisionChannel,
    InviteeKind,
    InviteeStatus,
    MeetingKind,
    MeetingStatus,
)
from arrangeer.meetings.models import ActionItem, AgendaItem, Invitee, Meeting
from arrangeer.testing.meetings import meeting_started, plan_mdo
from arrangeer.testing.world import World, build_world

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def world() -> World:
    return build_world()


def _access(world: World, who: str = "coordinator") -> CaseAccess:
    return access_case(Actor(world.users[who]), world.case.uuid)


def _start(days: int = 7, hour: int = 10) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def _plan(world: World, **kw) -> Meeting:
    start = kw.pop("starts_at", _start())
    return services.plan_meeting(
        _access(world),
        kind=kw.pop("kind", MeetingKind.FIRST),
        starts_at=start,
        ends_at=kw.pop("ends_at", start + dt.timedelta(hours=1)),
        chair=kw.pop("chair", world.case.team.get(membership__user=world.coordinator)),
        place=kw.pop("place", "School"),
        **kw,
    )


def _ics(message) -> Calendar:
    (name, content, mimetype) = message.attachments[0]
    assert name == "mdo.ics" and mimetype.startswith("text/calendar")
    return Calendar.from_ical(content)


def test_a_planned_mdo_has_the_default_agenda_the_parents_the_child_and_the_chair(world):
    meeting = _plan(world)
    assert [a.title for a in meeting.agenda.order_by("position")] == [
        "Ondersteuningsbehoefte in beeld",
        "Gezamenlijk doelen stellen",
        "Gezamenlijk arrangeren",
    ]
    kinds = sorted(meeting.invitees.values_list("kind", "status"))
    assert kinds == [
        (InviteeKind.CHILD, InviteeStatus.APPROVED),
        (InviteeKind.PARENT, InviteeStatus.APPROVED),  # only the parent with gezag
        (InviteeKind.PROFESSIONAL, InviteeStatus.PROPOSED),  # the chair waits for the parents
    ]


def test_the_legal_framework_is_on_the_agenda_when_child_protection_is_involved(world):
    world.case.child_protection_involved = True
    world.case.save()
    meeting = _plan(world)
    assert meeting.agenda.filter(code="juridisch_kader").exists()


def test_the_agenda_is_editable_and_orderable(world):
    meeting = _plan(world)
    access = _access(world)
    added = services.add_agenda_item(access, meeting, title="Rondvraag")
    services.move_agenda_item(access, added, up=True)
    titles = list(meeting.agenda.order_by("position").values_list("title", flat=True))
    assert titles[-2:] == ["Rondvraag", "Gezamenlijk arrangeren"]
    services.remove_agenda_item(access, AgendaItem.objects.get(title="Rondvraag"))
    assert meeting.agenda.count() == 3


@pytest.mark.parametrize(
    ("kw", "field", "message"),
    [
        ({"starts_at": _start(-1)}, "starts_at", "The start lies in the past"),
        ({"ends_at": _start(7, 9)}, "ends_at", "The meeting must end after it starts"),
        ({"place": ""}, "place", "Give a place or a video link"),
        ({"interpreter_needed": True}, "interpreter_language", "Which language"),
    ],
)
def test_bad_times_and_logistics_are_refused_and_nothing_is_saved(world, kw, field, message):
    with pytest.raises(ValidationError) as refused:
        _plan(world, **kw)
    assert message in refused.value.message_dict[field][0]
    assert not Meeting.objects.exists()
    assert not AgendaItem.objects.exists()


def test_the_same_chair_at_an_overlapping_time_is_a_warning_that_can_be_confirmed(world):
    _plan(world)
    with pytest.raises(services.OverlapWarning) as warned:
        _plan(world, starts_at=_start(7, 10) + dt.timedelta(minutes=30))
    assert "overlapping time" in warned.value.messages[0]
    assert Meeting.objects.count() == 1
    _plan(world, starts_at=_start(7, 10) + dt.timedelta(minutes=30), confirm_overlap=True)
    assert Meeting.objects.count() == 2


def test_only_the_regisseur_plans(world):
    with pytest.raises(PermissionDenied):
        services.plan_meeting(
            _access(world, "teacher"),
            kind=MeetingKind.FIRST,
            starts_at=_start(),
            ends_at=_start(7, 11),
            chair=world.case.team.get(membership__user=world.coordinator),
            place="School",
        )


def test_a_teacher_cannot_chair(world):
    with pytest.raises(ValidationError) as refused:
        _plan(world, chair=world.members["teacher"])
    assert "chair" in refused.value.message_dict


def test_no_invitation_goes_out_before_the_parents_approved(world):
    meeting = _plan(world)
    access = _access(world)
    teacher = services.propose_invitee(access, meeting, member=world.members["teacher"])
    sending = services.send_invitations(access, meeting)
    # The parent (with an e-mail address) is mailed; the child is invited without a mail of
    # their own (no address), so not counted as sent; the chair and teacher wait.
    assert (sending.sent, sending.without_address) == (1, 1)
    assert len(mail.outbox) == 0  # mails go out on commit
    teacher.refresh_from_db()
    assert teacher.status == InviteeStatus.PROPOSED
    with pytest.raises(ValidationError) as refused:
        services.send_invitations(access, meeting, only=[teacher])
    assert "have not approved" in refused.value.messages[0]
    teacher.refresh_from_db()
    assert teacher.sent_at is None


def test_approval_then_invitation_with_ics_and_no_child_details_sent_once(
    world, django_capture_on_commit_callbacks
):
    meeting = _plan(world)
    access = _access(world)
    teacher = services.propose_invitee(access, meeting, member=world.members["teacher"])
    services.approve_invitee(
        access, teacher, representative=world.parent, via=DecisionChannel.PHONE
    )
    teacher.refresh_from_db()
    assert teacher.decided_by_representative == world.parent
    assert teacher.recorded_by == world.coordinator
    with django_capture_on_commit_callbacks(execute=True):
        services.send_invitations(access, meeting)
    to_teacher = [m for m in mail.outbox if world.teacher.email in m.to]
    assert len(to_teacher) == 1
    message = to_teacher[0]
    assert "multidisciplinary meeting (MDO)" in message.body
    for detail in (world.child.first_name, world.child.last_name, "111222333"):
        assert detail not in message.body and detail not in message.subject
        assert detail not in str(message.attachments[0][1])
    cal = _ics(message)
    assert cal["METHOD"] == "REQUEST"
    event = cal.walk("VEVENT")[0]
    assert event["SUMMARY"] == "MDO" and int(event["SEQUENCE"]) == 0
    # Again: nothing new to send.
    count = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        again = services.send_invitations(access, meeting)
    assert again.sent == 0 and len(mail.outbox) == count
    # A new time: an update with SEQUENCE 1, once.
    services.change_meeting(
        access,
        meeting,
        starts_at=_start(8),
        ends_at=_start(8, 11),
        place="School",
        video_link="",
        room="",
        interpreter_needed=False,
        interpreter_language="",
        consent_forms_prepared=True,
        rhythm_weeks=None,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.send_invitations(access, meeting)
    update = [m for m in mail.outbox[count:] if world.teacher.email in m.to]
    assert len(update) == 1
    assert int(_ics(update[0]).walk("VEVENT")[0]["SEQUENCE"]) == 1


def test_a_parent_without_gezag_cannot_approve_and_a_refusal_needs_a_reason(world):
    meeting = _plan(world)
    access = _access(world)
    invitee = meeting.invitees.get(kind=InviteeKind.PROFESSIONAL)
    with pytest.raises(ValidationError) as refused:
        services.approve_invitee(
            access,
            invitee,
            representative=world.parent_without_authority,
            via=DecisionChannel.IN_PERSON,
        )
    assert "without parental authority" in refused.value.messages[0]
    with pytest.raises(ValidationError):
        services.refuse_invitee(
            access, invitee, representative=world.parent, via=DecisionChannel.PAPER, reason=" "
        )
    invitee.refresh_from_db()
    assert invitee.status == InviteeStatus.PROPOSED
    services.refuse_invitee(
        access,
        invitee,
        representative=world.parent,
        via=DecisionChannel.PAPER,
        reason="Liever niet",
    )
    invitee.refresh_from_db()
    assert invitee.status == InviteeStatus.REFUSED and invitee.decision_reason == "Liever niet"


def test_someone_beyond_the_team_joins_through_the_team_proposal(world):
    meeting = _plan(world)
    membership = world.youth_worker_off_team.memberships.get()
    invitee = services.propose_invitee(_access(world), meeting, membership=membership)
    assert invitee.team_member.status == "proposed"
    assert invitee.team_member.membership == membership


def test_the_invitee_accepts_declines_or_proposes_another_time(world):
    meeting = plan_mdo(world.case, regisseur=world.coordinator)
    access = _access(world)
    teacher = services.propose_invitee(access, meeting, member=world.members["teacher"])
    services.approve_invitee(
        access, teacher, representative=world.parent, via=DecisionChannel.PHONE
    )
    services.send_invitations(access, meeting)
    own = _access(world, "teacher")
    with pytest.raises(ValidationError):
        services.respond(own, teacher, answer=InviteeStatus.OTHER_TIME, note="")
    services.respond(own, teacher, answer=InviteeStatus.OTHER_TIME, note="Liever 's middags")
    services.respond(own, teacher, answer=InviteeStatus.ACCEPTED)
    teacher.refresh_from_db()
    assert teacher.status == InviteeStatus.ACCEPTED
    with pytest.raises(PermissionDenied):
        services.respond(_access(world, "youth_worker"), teacher, answer=InviteeStatus.DECLINED)


def _record(world: World, meeting: Meeting, *, parents: str = Attendance.PRESENT, reason: str = ""):
    meeting_started(meeting)
    return services.record_meeting(
        _access(world),
        meeting,
        attendance={
            i.pk: parents if i.kind == InviteeKind.PARENT else Attendance.PRESENT
            for i in meeting.invitees.all()
        },
        minutes={a.pk: "Besproken" for a in meeting.agenda.all()},
        parents_absent_reason=reason,
    )


def test_the_parents_absent_need_a_reason(world):
    meeting = plan_mdo(world.case, regisseur=world.coordinator)
    with pytest.raises(ValidationError) as refused:
        _record(world, meeting, parents=Attendance.ABSENT)
    assert "parents_absent_reason" in refused.value.message_dict
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED
    assert not meeting.invitees.exclude(attendance="").exists()
    _record(world, meeting, parents=Attendance.ABSENT, reason="Ziek")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD


def test_minutes_with_an_action_without_owner_or_date_are_not_approved(world):
    meeting = plan_mdo(world.case, regisseur=world.coordinator)
    _record(world, meeting)
    access = _access(world)
    action = services.add_action(
        access, meeting, what="Observatie in de klas", owner=None, due=None
    )
    with pytest.raises(ValidationError) as refused:
        services.approve_minutes(access, meeting)
    assert "no owner or no date" in refused.value.messages[0]
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    ActionItem.objects.filter(pk=action.pk).update(
        owner=world.members["teacher"], due=timezone.localdate() + dt.timedelta(days=14)
    )
    services.approve_minutes(access, meeting)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.APPROVED


def test_a_rhythm_plans_the_next_meeting_when_the_minutes_are_approved(world):
    meeting = plan_mdo(world.case, regisseur=world.coordinator)
    Meeting.objects.filter(pk=meeting.pk).update(rhythm_weeks=6)
    meeting.refresh_from_db()
    _record(world, meeting)
    services.approve_minutes(_access(world), meeting)
    follow = Meeting.objects.get(follows=meeting)
    assert follow.starts_at == meeting.starts_at + dt.timedelta(weeks=6)
    assert follow.kind == MeetingKind.EVALUATION
    assert follow.invitees.filter(kind=InviteeKind.PROFESSIONAL, status="voorgesteld").exists()


def test_only_the_chair_approves_the_minutes(world):
    meeting = plan_mdo(world.case, regisseur=world.coordinator)
    _record(world, meeting)
    with pytest.raises(PermissionDenied):
        services.approve_minutes(_access(world, "teacher"), meeting)


def test_a_cancelled_meeting_sends_a_cancel_to_who_was_invited(
    world, django_capture_on_commit_callbacks
):
    meeting = _plan(world)
    access = _access(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_invitations(access, meeting)
        services.cancel_meeting(access, meeting)
    cancel = mail.outbox[-1]
    assert _ics(cancel)["METHOD"] == "CANCEL"
    assert Invitee.objects.filter(meeting=meeting).count() == 3
