"""Ending the handover: refused while the handover MDO is still planned; after it was held,
or cancelled with a reason, or without one with a reason, which is kept on the transition
and on the case's timeline."""

from __future__ import annotations

from django.contrib.messages import get_messages
from django.urls import reverse

import pytest

from arrangeer.cases.constants import StepChangeKind
from arrangeer.cases.models import RegieTransfer, StepChange
from arrangeer.meetings.constants import MeetingStatus
from arrangeer.meetings.models import Meeting
from arrangeer.transitions.constants import TransitionStatus
from arrangeer.transitions.models import Transition

from .test_handover import consent, propose, url
from .test_handover_meeting import plan

pytestmark = pytest.mark.django_db


def regie_to_receiver(world, regisseur, receiver) -> None:
    regisseur.post(
        url(world, "transitions:regie"), {"representative": world.parent.pk, "by_child": "on"}
    )
    transfer = RegieTransfer.objects.get(case=world.case)
    receiver.post(
        reverse(
            "cases:regie_accept", kwargs={"case_id": world.case.uuid, "transfer_id": transfer.pk}
        )
    )


def finish(world, receiver, reason: str = "") -> list[str]:
    response = receiver.post(url(world, "transitions:complete"), {"reason": reason})
    assert response.status_code == 302
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_planned_handover_mdo_is_held_or_cancelled_before_the_handover_is_done(world, login):
    regisseur, receiver = login("coordinator"), login("receiver")
    propose(world, regisseur)
    meeting = plan(world, regisseur)
    consent(world, regisseur)
    regie_to_receiver(world, regisseur, receiver)

    page = receiver.get(url(world, "transitions:detail")).content.decode()
    assert 'data-testid="handover-meeting-open"' in page
    said = finish(world, receiver, "Toch maar afgerond.")
    assert "Het overdrachts-MDO staat nog gepland" in " ".join(said)
    assert Transition.objects.get(case=world.case).status == TransitionStatus.CONSENTED

    # Held: done without a reason.
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)
    finish(world, receiver)
    transition = Transition.objects.get(case=world.case)
    assert transition.status == TransitionStatus.DONE
    assert transition.completion_note == ""
    entry = StepChange.objects.get(case=world.case, kind=StepChangeKind.HANDOVER)
    assert entry.by_user == world.users["receiver"]
    assert "Het Test College" in entry.reason


def test_without_a_held_handover_mdo_a_reason_is_required_and_kept(world, login):
    regisseur, receiver = login("coordinator"), login("receiver")
    propose(world, regisseur)
    meeting = plan(world, regisseur)
    consent(world, regisseur)
    regie_to_receiver(world, regisseur, receiver)
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.CANCELLED)

    said = finish(world, receiver, "   ")
    assert "Er was geen overdrachts-MDO" in " ".join(said)
    assert Transition.objects.get(case=world.case).status == TransitionStatus.CONSENTED
    assert not StepChange.objects.filter(case=world.case, kind=StepChangeKind.HANDOVER).exists()
    page = receiver.get(url(world, "transitions:detail")).content.decode()
    assert 'name="reason"' in page and 'id="complete_reason"' in page

    finish(world, receiver, "Besproken met de ouders en de mentor aan de telefoon.")
    transition = Transition.objects.get(case=world.case)
    assert transition.status == TransitionStatus.DONE
    assert transition.completion_note.startswith("Besproken met de ouders")
    assert transition.history.filter(completion_note__startswith="Besproken").exists()
    timeline = reverse("cases:route", kwargs={"case_id": world.case.uuid})
    body = receiver.get(timeline).content.decode()
    assert "Besproken met de ouders en de mentor aan de telefoon." in body


def test_without_any_handover_mdo_the_reason_is_required_too(world, login):
    regisseur, receiver = login("coordinator"), login("receiver")
    propose(world, regisseur)
    consent(world, regisseur)
    regie_to_receiver(world, regisseur, receiver)
    finish(world, receiver)
    assert Transition.objects.get(case=world.case).status == TransitionStatus.CONSENTED
    finish(world, receiver, "Het kind is al gestart; overdracht op papier.")
    assert Transition.objects.get(case=world.case).status == TransitionStatus.DONE
