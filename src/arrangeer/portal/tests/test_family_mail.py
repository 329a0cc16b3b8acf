"""The family is told by mail, without child data: what waits for their decision and a
cancelled meeting at once; the rest in at most one mail a day (`send_family_digest`); each
person chooses per kind on their account page."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

import pytest

from arrangeer.cases import consents as consent_services
from arrangeer.cases.access import Actor, access_case
from arrangeer.cases.models import FamilyNotice, MailPreference
from arrangeer.cases.notices import send_family_digest
from arrangeer.consents.constants import Evidence
from arrangeer.consents.models import Consent
from arrangeer.meetings.constants import InviteeStatus, MeetingStatus
from arrangeer.meetings.models import Meeting
from arrangeer.testing.meetings import plan_mdo

pytestmark = pytest.mark.django_db


def _to(world, persona):
    return [m for m in mail.outbox if m.to == [world.users[persona].email]]


def _without_child_data(world, message):
    text = f"{message.subject}\n{message.body}"
    child = world.child
    for secret in (child.first_name, child.last_name, child.bsn, "Teststraat", "groep 8"):
        assert secret not in text, secret


def _case_url(world, name, **kwargs):
    return reverse(name, kwargs={"case_id": world.case.uuid, **kwargs})


def test_the_plan_waiting_for_agreement_mails_the_parents_with_gezag_at_once(
    world, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("coordinator").post(_case_url(world, "plans:send"))
    assert response.status_code == 302
    (sent,) = _to(world, "parent")
    _without_child_data(world, sent)
    assert "The plan waits for your agreement" in sent.subject
    assert _case_url(world, "portal:agreement") in sent.body
    # Who does not decide is not asked: the parent without gezag, the young person.
    assert not _to(world, "parent_without_authority") and not _to(world, "child_13")
    # Nobody on the team gets this mail, and the regisseur is not told of their own act.
    assert not _to(world, "coordinator")


def test_a_proposed_invitee_mails_the_parent_at_once_once_a_day(
    world, client_for, django_capture_on_commit_callbacks
):
    meeting = plan_mdo(world.case, regisseur=world.coordinator, approve=False)
    mail.outbox.clear()
    FamilyNotice.objects.all().delete()
    url = _case_url(world, "meetings:invitee_add", meeting_id=meeting.uuid)
    with django_capture_on_commit_callbacks(execute=True):
        client_for("coordinator").post(url, {"uitnodigen-member": str(world.members["teacher"].pk)})
        client_for("coordinator").post(
            url, {"uitnodigen-member": str(world.members["youth_worker"].pk)}
        )
    assert meeting.invitees.filter(status=InviteeStatus.PROPOSED).count() == 3
    (sent,) = _to(world, "parent")
    _without_child_data(world, sent)
    assert "Someone waits for your approval" in sent.subject
    assert not _to(world, "child_13")


def test_a_cancelled_meeting_mails_the_whole_family_at_once(
    world, client_for, django_capture_on_commit_callbacks
):
    meeting = plan_mdo(world.case, regisseur=world.coordinator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("coordinator").post(
            _case_url(world, "meetings:cancel", meeting_id=meeting.uuid)
        )
    assert response.status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.CANCELLED
    for persona in ("parent", "parent_without_authority", "child_13"):
        (sent,) = [m for m in _to(world, persona) if "does not take place" in m.subject]
        _without_child_data(world, sent)


def test_the_other_news_is_bundled_into_one_mail_a_day(
    world, client_for, django_capture_on_commit_callbacks
):
    regie = access_case(Actor(world.coordinator), world.case.uuid)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = plan_mdo(world.case, regisseur=world.coordinator)
        day = timezone.localtime(meeting.starts_at).date() + dt.timedelta(days=1)
        client_for("coordinator").post(
            _case_url(world, "meetings:edit", meeting_id=meeting.uuid),
            {
                "date": day.isoformat(),
                "start": "14:00",
                "end": "15:00",
                "place": "School, kamer 2",
                "confirm_overlap": "on",
            },
        )
        consent = Consent.objects.get(case=world.case, organisation=world.swv)
        consent_services.withdraw_consent(regie, consent, by_representative=None, by_child=True)
    # Planned, moved, a consent withdrawn: nothing yet for the parent without gezag, who
    # is not asked about the chair (that one mail went to the parent with gezag).
    assert not _to(world, "parent_without_authority")
    assert [m.subject for m in _to(world, "parent")] == [
        "Arrangeer: Someone waits for your approval to come to a meeting"
    ]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_family_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    (digest,) = _to(world, "parent")
    _without_child_data(world, digest)
    assert digest.body.count("A meeting about the plan was planned or moved") == 2
    assert "A consent to share information stopped or expired" in digest.body
    assert reverse("portal:account") in digest.body
    (young,) = _to(world, "child_13")
    assert "A consent to share information stopped" in young.body
    # The parent without gezag hears of the meetings, not of consents they do not decide.
    (other,) = _to(world, "parent_without_authority")
    assert "consent" not in other.body
    # A second run the same day sends nothing; news after today's mail waits for tomorrow.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_family_digest()
        consent = Consent.objects.get(case=world.case, organisation=world.youth_team)
        consent_services.withdraw_consent(regie, consent, by_representative=None, by_child=True)
        send_family_digest()
    assert not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        send_family_digest(now=timezone.now() + dt.timedelta(days=1))
    assert len(_to(world, "parent")) == 1


def test_an_expired_consent_is_told_in_the_daily_mail(world, django_capture_on_commit_callbacks):
    regie = access_case(Actor(world.coordinator), world.case.uuid)
    today = timezone.localdate()
    consent_services.record_consent(
        regie,
        organisation=world.provider,
        categories=["jeugdhulp"],
        purpose="Samen het plan maken",
        given_by_representative=world.parent,
        given_by_child=True,
        valid_from=today - dt.timedelta(days=30),
        valid_until=today - dt.timedelta(days=1),
        evidence=Evidence.SIGNED_FORM,
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = send_family_digest()
        send_family_digest(now=timezone.now() + dt.timedelta(days=1))
    assert report.expired == 2  # the parent with gezag and the young person of 13
    (sent,) = _to(world, "parent")
    assert "A consent to share information stopped or expired" in sent.body
    _without_child_data(world, sent)


def test_the_parent_chooses_per_kind_on_the_account_page(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for("parent")
    page = client.get(reverse("portal:account"))
    body = page.content.decode()
    assert page.status_code == 200 and "<legend" in body
    assert body.count('type="radio"') == 6 * 3
    choices = {
        "instemming": "nooit",
        "genodigde": "meteen",
        "toestemming": "dagelijks",
        "overleg": "meteen",
        "overleg_vervalt": "meteen",
        "verslag": "dagelijks",
    }
    assert client.post(reverse("portal:account"), choices).status_code == 302
    assert MailPreference.objects.get(user=world.users["parent"]).moments == choices
    assert not MailPreference.objects.filter(user=world.users["parent_without_authority"])
    with django_capture_on_commit_callbacks(execute=True):
        client_for("coordinator").post(_case_url(world, "plans:send"))
        plan_mdo(world.case, regisseur=world.coordinator)
    subjects = [m.subject for m in _to(world, "parent")]
    # No mail about the agreement, as chosen; the planned meeting at once instead of daily.
    assert "Arrangeer: The plan waits for your agreement" not in subjects
    assert "Arrangeer: A meeting about the plan was planned or moved" in subjects
    assert not _to(world, "parent_without_authority")


def test_a_bad_choice_is_refused_and_the_young_person_sees_only_their_kinds(world, client_for):
    response = client_for("parent").post(reverse("portal:account"), {"instemming": "soms"})
    assert response.status_code == 200
    assert "Choose when you want a mail." in response.content.decode()
    assert not MailPreference.objects.exists()
    young = client_for("child_13").get(reverse("portal:account")).content.decode()
    assert young.count('type="radio"') == 4 * 3 and 'name="instemming"' not in young
    assert client_for("coordinator").get(reverse("portal:account")).status_code == 404


def test_the_parents_calendar_invitation_leads_to_the_portal_not_the_meeting_page(
    world, client_for, django_capture_on_commit_callbacks
):
    meeting = plan_mdo(world.case, regisseur=world.coordinator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for("coordinator").post(_case_url(world, "meetings:send", meeting_id=meeting.uuid))
    (invitation,) = [m for m in mail.outbox if m.to == [world.parent.email]]
    _without_child_data(world, invitation)
    # The meeting on the family's own pages, never the professionals' page under /dossiers/.
    assert (
        _case_url(world, "portal:meeting_preparation", meeting_id=meeting.uuid) in invitation.body
    )
    assert "/dossiers/" not in invitation.body and "The parents agreed" not in invitation.body
    (chair,) = [m for m in mail.outbox if m.to == [world.coordinator.email]]
    assert f"/overleg/{meeting.uuid}/" in chair.body
