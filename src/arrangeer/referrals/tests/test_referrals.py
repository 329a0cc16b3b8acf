"""The aanmelding: sent by a referrer with the parents' consent, decided by the receiving
school's coordinator (accept, ask for more, decline), the referrer kept informed by mail without
child data and on a status page that shows the status only; the intake after acceptance."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest

from arrangeer.audit.models import AccessLogEntry
from arrangeer.cases import services as case_services
from arrangeer.cases.access import Actor, access_case
from arrangeer.cases.constants import CaseStatus
from arrangeer.cases.models import Case
from arrangeer.children.models import Child
from arrangeer.organisations.constants import Role
from arrangeer.organisations.services import grant_membership
from arrangeer.referrals import services
from arrangeer.referrals.access import access_referral
from arrangeer.referrals.constants import EventKind, ReferralStatus
from arrangeer.referrals.models import Intake, Referral, ReferralEvent
from arrangeer.testing.auth import login_verified
from arrangeer.testing.factories import UserFactory
from arrangeer.testing.referrals import referral_fields, send_referral

pytestmark = pytest.mark.django_db

CHILD_WORDS = ("Noor", "Aanmeldkind", "N.A.", "Leesproblemen", "111222333")


def _sent(world, referrer_membership, **overrides) -> Referral:
    return send_referral(world.teacher_other_school, referrer_membership, world.school, **overrides)


def _as_receiver(world, referral: Referral):
    return access_referral(Actor(world.coordinator), referral.uuid, as_receiver=True)


def _as_referrer(world, referral: Referral):
    return access_referral(Actor(world.teacher_other_school), referral.uuid, as_receiver=False)


def _assert_no_child_data(messages) -> None:
    assert messages, "no mail was sent"
    for message in messages:
        text = message.subject + message.body
        for word in CHILD_WORDS:
            assert word not in text, f"{word!r} in a mail"


def test_sending_an_aanmelding_tells_the_receiving_coordinator_without_child_data(
    world, referrer_membership, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        referral = _sent(world, referrer_membership)
    assert referral.status == ReferralStatus.SUBMITTED
    assert referral.region == world.region
    assert [e.kind for e in referral.events.all()] == [EventKind.SUBMITTED]
    assert [m.to for m in mail.outbox] == [[world.coordinator.email]]
    assert referral.reference in mail.outbox[0].body
    _assert_no_child_data(mail.outbox)
    assert AccessLogEntry.objects.filter(
        object_type="referral", object_id=str(referral.uuid), event="create"
    ).exists()


def test_an_aanmelding_needs_consent_another_school_and_a_valid_bsn(world, referrer_membership):
    with pytest.raises(ValidationError) as no_consent:
        services.submit_referral(
            actor=Actor(world.teacher_other_school),
            membership=referrer_membership,
            receiving_organisation=world.school,
            fields=referral_fields(),
            consent_confirmed=False,
        )
    assert "consent_confirmed" in no_consent.value.message_dict
    # The coordinator cannot send one to their own school.
    with pytest.raises(ValidationError) as own:
        send_referral(
            world.coordinator,
            world.coordinator.memberships.get(),
            world.school,
        )
    assert "receiving_organisation" in own.value.message_dict
    with pytest.raises(ValidationError) as bsn:
        _sent(world, referrer_membership, bsn="123456789")
    assert "bsn" in bsn.value.message_dict
    with pytest.raises(ValidationError) as future:
        _sent(world, referrer_membership, consent_on=timezone.localdate() + dt.timedelta(days=1))
    assert "consent_on" in future.value.message_dict
    assert not Referral.objects.exists()


def test_a_policy_officer_cannot_send_an_aanmelding(world):
    membership = world.policy_officer.memberships.get()
    with pytest.raises(PermissionDenied):
        send_referral(world.policy_officer, membership, world.school)


def test_ask_answer_and_accept_open_a_case_with_the_child_and_parent_carried_over(
    world, referrer_membership, django_capture_on_commit_callbacks
):
    referral = _sent(world, referrer_membership, bsn="123456782")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.ask_for_more(_as_receiver(world, referral), question="Is er een OPP?")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.QUESTION
    # While a question is open the school cannot accept.
    with pytest.raises(ValidationError):
        services.accept(_as_receiver(world, referral))
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_question(_as_referrer(world, referral), answer="Ja, sinds groep 5.")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        case = services.accept(_as_receiver(world, referral))
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    assert referral.case == case
    assert case.regisseur == world.coordinator
    assert case.child.full_name == "Noor Aanmeldkind"
    assert case.child.bsn == "123456782"
    assert case.child.school == world.school
    parent = case.child.representatives.get()
    assert (parent.first_name, parent.email) == ("Lies", "lies@test.invalid")
    assert [e.kind for e in referral.events.all()] == [
        EventKind.SUBMITTED,
        EventKind.QUESTION,
        EventKind.ANSWER,
        EventKind.ACCEPTED,
    ]
    # The referrer heard of the question and of the acceptance; the school of the answer.
    to_referrer = [m for m in mail.outbox if m.to == [world.teacher_other_school.email]]
    to_school = [m for m in mail.outbox if m.to == [world.coordinator.email]]
    assert len(to_referrer) == 2 and len(to_school) == 1
    _assert_no_child_data(mail.outbox)
    # The referrer is not on the team and does not see the case.
    assert not case.team.filter(membership__user=world.teacher_other_school).exists()


def test_decline_needs_a_reason_and_ends_the_aanmelding(
    world, referrer_membership, django_capture_on_commit_callbacks
):
    referral = _sent(world, referrer_membership)
    with pytest.raises(ValidationError):
        services.decline(_as_receiver(world, referral), reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.decline(_as_receiver(world, referral), reason="Geen plek dit schooljaar")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED
    assert referral.events.get(kind=EventKind.DECLINED).text == "Geen plek dit schooljaar"
    with pytest.raises(ValidationError):
        services.accept(_as_receiver(world, referral))
    assert referral.case is None
    _assert_no_child_data(mail.outbox)


def test_the_referrer_cannot_decide_and_the_receiver_cannot_answer(world, referrer_membership):
    referral = _sent(world, referrer_membership)
    with pytest.raises(PermissionDenied):
        services.accept(_as_referrer(world, referral))
    with pytest.raises(PermissionDenied):
        services.decline(_as_referrer(world, referral), reason="x")
    services.ask_for_more(_as_receiver(world, referral), question="Welke hulp?")
    with pytest.raises(PermissionDenied):
        services.answer_question(_as_receiver(world, referral), answer="x")


def test_nothing_is_half_saved_when_the_case_cannot_open(world, referrer_membership):
    """The child of the aanmelding already has an open case in the region (the world's
    child, by BSN, name and date of birth): the acceptance is refused as a whole."""
    referral = _sent(
        world,
        referrer_membership,
        first_name="Sem",
        last_name="Vermeer",
        date_of_birth=world.child.date_of_birth,
        bsn="111222333",
    )
    cases_before = Case.objects.count()
    children_before = Child.objects.count()
    with pytest.raises(ValidationError):
        services.accept(_as_receiver(world, referral))
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SUBMITTED
    assert referral.case is None
    assert not referral.events.filter(kind=EventKind.ACCEPTED).exists()
    assert Case.objects.count() == cases_before
    assert Child.objects.count() == children_before


def test_accepting_on_the_page_shows_a_clear_message_when_the_case_cannot_open(
    world, referrer_membership, english
):
    referral = _sent(
        world,
        referrer_membership,
        first_name="Sem",
        last_name="Anders",
        date_of_birth=world.child.date_of_birth,
        bsn="111222333",
    )
    client = login_verified(Client(), world.coordinator)
    response = client.post(
        reverse("referrals:accept", kwargs={"referral_id": referral.uuid}), follow=True
    )
    assert response.status_code == 200
    assert "This BSN is registered with another name or date of birth" in (
        response.content.decode()
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SUBMITTED


def _accepted(world, referrer_membership, **overrides):
    referral = _sent(world, referrer_membership, **overrides)
    case = services.accept(_as_receiver(world, referral))
    referral.refresh_from_db()
    return referral, case


def test_intake_start_and_end_keep_the_referrer_informed(
    world, referrer_membership, django_capture_on_commit_callbacks
):
    referral, case = _accepted(world, referrer_membership)
    access = access_case(Actor(world.coordinator), case.uuid)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.record_intake(
            access,
            school_information="OPP sinds groep 5, leesbegeleiding twee keer per week",
            information_from="IB'er Het Kompas",
            received_on=timezone.localdate(),
        )
        services.mark_started(access, started_on=timezone.localdate())
        services.mark_ended(
            access, ended_on=timezone.localdate(), outcome="Terug naar de eigen school"
        )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ENDED
    assert Intake.objects.get(referral=referral).information_from == "IB'er Het Kompas"
    # Two mails to the referrer (start, end), none about the intake, none with child data.
    assert [m.to for m in mail.outbox] == [[world.teacher_other_school.email]] * 2
    _assert_no_child_data(mail.outbox)
    for message in mail.outbox:
        assert "Terug naar de eigen school" not in message.body
        assert "OPP sinds groep 5" not in message.body


def test_an_outcome_goes_back_only_with_the_parents_agreement(world, referrer_membership):
    referral, case = _accepted(world, referrer_membership, outcome_may_be_shared=False)
    access = access_case(Actor(world.coordinator), case.uuid)
    with pytest.raises(ValidationError) as refused:
        services.mark_ended(access, ended_on=timezone.localdate(), outcome="Goed gegaan")
    assert "outcome" in refused.value.message_dict
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    services.mark_ended(access, ended_on=timezone.localdate())
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ENDED and referral.outcome == ""


def test_only_the_regisseur_records_the_intake(world, referrer_membership):
    _referral, case = _accepted(world, referrer_membership)
    regie = access_case(Actor(world.coordinator), case.uuid)
    case_services.propose_team_member(regie, membership=world.teacher.memberships.get())
    access = access_case(Actor(world.teacher), case.uuid)
    with pytest.raises(PermissionDenied):
        services.record_intake(
            access, school_information="x", information_from="", received_on=timezone.localdate()
        )
    assert not Intake.objects.exists()


def test_the_status_page_shows_the_status_and_nothing_of_the_file(
    world, referrer_membership, verified_client, english
):
    referral, case = _accepted(world, referrer_membership)
    access = access_case(Actor(world.coordinator), case.uuid)
    services.record_intake(
        access,
        school_information="Informatie van de huidige school: dyslexieverklaring",
        information_from="",
        received_on=timezone.localdate(),
    )
    services.mark_started(access, started_on=timezone.localdate())
    body = (
        verified_client(world.teacher_other_school)
        .get(reverse("referrals:status", kwargs={"referral_id": referral.uuid}))
        .content.decode()
    )
    assert '<dd data-testid="referral-status">Programme started</dd>' in body
    assert referral.reference in body
    assert "DOS-77" in body  # their own reference
    for hidden in (
        "Noor",
        "Aanmeldkind",
        str(case.uuid),
        "dyslexieverklaring",
        "Leesproblemen",
        "lies@test.invalid",
    ):
        assert hidden not in body, hidden
    # Nor in the list of what they sent.
    listed = (
        verified_client(world.teacher_other_school).get(reverse("referrals:sent")).content.decode()
    )
    assert "Aanmeldkind" not in listed and referral.reference in listed
    # And the referrer cannot open the case.
    assert (
        verified_client(world.teacher_other_school)
        .get(reverse("cases:detail", kwargs={"case_id": case.uuid}))
        .status_code
        == 404
    )


def test_the_dossier_shows_the_aanmelding_to_the_team(world, referrer_membership, verified_client):
    _referral, case = _accepted(world, referrer_membership)
    body = (
        verified_client(world.coordinator)
        .get(reverse("cases:detail", kwargs={"case_id": case.uuid}))
        .content.decode()
    )
    assert 'data-testid="referral-section"' in body
    assert "Leesproblemen en somberheid" in body


def test_the_incoming_list_has_a_query_budget(
    world, referrer_membership, verified_client, django_assert_max_num_queries
):
    client = verified_client(world.coordinator)
    url = reverse("referrals:incoming")
    _sent(world, referrer_membership)
    client.get(url)  # warm up the session and the template cache
    with django_assert_max_num_queries(14) as few:
        assert client.get(url).status_code == 200
    for n in range(8):
        _sent(world, referrer_membership, first_name=f"Kind{'abcdefgh'[n]}")
    _accepted(world, referrer_membership, first_name="Aangenomen")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count('href="/aanmeldingen/') >= 10
    # Every aanmelding listed is in the access log.
    assert AccessLogEntry.objects.filter(object_type="referral", event="list").count() >= 10


def test_a_receiving_coordinator_of_another_school_sees_nothing(world, referrer_membership):
    referral = _sent(world, referrer_membership)
    other = UserFactory(username="other_coordinator")
    grant_membership(user=other, organisation=world.other_school, role=Role.COORDINATOR)
    with pytest.raises(Http404):
        access_referral(Actor(other), referral.uuid, as_receiver=True)
    assert AccessLogEntry.objects.filter(
        object_type="referral", outcome="denied", user_id=other.pk
    ).exists()
    assert ReferralEvent.objects.filter(referral=referral).count() == 1


def test_accepting_keeps_the_case_open_in_the_receiving_region(world, referrer_membership):
    _referral, case = _accepted(world, referrer_membership)
    assert case.status == CaseStatus.OPEN and case.region == world.region
