"""What the family gives in the portal reaches the team: the logbook, uploads, questionnaire
remarks and withdrawn consents reach the regisseur (whatever the category) and the team within
their categories, on the dossier, on "Van het gezin" and in Mijn acties; the family sees what
they gave and that the regisseur read it."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from arrangeer.cases.access import Actor, access_case
from arrangeer.consents.models import Consent
from arrangeer.meetings.models import Preparation
from arrangeer.plans import services as plan_services
from arrangeer.plans.models import Attachment
from arrangeer.portal.models import FamilyMessage, SatisfactionAnswer
from arrangeer.testing.meetings import plan_mdo
from arrangeer.testing.plans import image_bytes

pytestmark = pytest.mark.django_db

LOG = "Daan sliep deze week beter"


def _case_url(world, name, **kwargs):
    return reverse(name, kwargs={"case_id": world.case.uuid, **kwargs})


def _write_log(world, client_for, text=LOG):
    response = client_for("parent").post(
        _case_url(world, "portal:our_view"), {"form": "log", "log-text": text}
    )
    assert response.status_code == 302


def _actions(client):
    return client.get(reverse("actions:my_actions")).content.decode()


def test_the_logbook_reaches_the_regisseur_on_the_dossier_and_in_my_actions(world, client_for):
    coordinator = client_for("coordinator")
    assert LOG not in coordinator.get(_case_url(world, "cases:detail")).content.decode()
    _write_log(world, client_for)
    dossier = coordinator.get(_case_url(world, "cases:detail")).content.decode()
    assert 'data-testid="dossier-from-family"' in dossier and LOG in dossier
    # The regisseur reads it although their school sees only education by its legal task.
    assert "gezin" not in access_case(Actor(world.coordinator), world.case.uuid).categories
    page = coordinator.get(_case_url(world, "portal:from_family")).content.decode()
    assert LOG in page and "Not read yet by the regisseur" in page
    assert "New from the family: 1 logbook entry" in _actions(coordinator)


def test_a_team_member_without_the_family_category_does_not_see_the_entry(world, client_for):
    _write_log(world, client_for)
    teacher = client_for("teacher")
    for name in ("portal:from_family", "cases:detail"):
        response = teacher.get(_case_url(world, name))
        assert response.status_code == 200
        assert LOG not in response.content.decode()
    assert "New from the family" not in _actions(teacher)
    # The youth team sees the family's category by its legal task: it reads the entry.
    youth = client_for("youth_worker")
    assert LOG in youth.get(_case_url(world, "portal:from_family")).content.decode()
    assert LOG in youth.get(_case_url(world, "cases:detail")).content.decode()


def test_the_parent_sees_that_the_regisseur_read_it(world, client_for):
    _write_log(world, client_for)
    parent = client_for("parent")
    assert (
        "Not read yet by the regisseur"
        in parent.get(_case_url(world, "portal:our_view")).content.decode()
    )
    message = FamilyMessage.objects.get()
    response = client_for("coordinator").post(
        _case_url(world, "portal:from_family"), {"message": [str(message.uuid)]}
    )
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.read_by == world.coordinator and message.read_at is not None
    page = parent.get(_case_url(world, "portal:our_view")).content.decode()
    assert "Read by the regisseur on" in page and LOG in page
    # The other parent reads the logbook too, and that it was read.
    other = client_for("parent_without_authority").get(_case_url(world, "portal:our_view"))
    assert "Read by the regisseur on" in other.content.decode()
    assert "New from the family" not in _actions(client_for("coordinator"))


def test_a_message_that_arrived_after_the_page_was_shown_stays_new(world, client_for):
    _write_log(world, client_for)
    shown = FamilyMessage.objects.get()
    _write_log(world, client_for, text="Vandaag ging hij graag naar school")
    client_for("coordinator").post(
        _case_url(world, "portal:from_family"), {"message": [str(shown.uuid)]}
    )
    assert FamilyMessage.objects.filter(read_at__isnull=True).count() == 1
    assert "New from the family: 1 logbook entry" in _actions(client_for("coordinator"))


def test_only_the_regisseur_marks_messages_as_read(world, client_for):
    _write_log(world, client_for)
    message = FamilyMessage.objects.get()
    response = client_for("youth_worker").post(
        _case_url(world, "portal:from_family"), {"message": [str(message.uuid)]}
    )
    assert response.status_code == 403
    message.refresh_from_db()
    assert message.read_at is None


def test_an_upload_is_listed_for_the_parent_and_in_the_regisseurs_attachments(world, client_for):
    photo = SimpleUploadedFile("strand.png", image_bytes(), content_type="image/png")
    response = client_for("parent").post(
        _case_url(world, "portal:our_view"),
        {"form": "upload", "upload-upload": photo, "upload-description": "Sem op het strand"},
    )
    assert response.status_code == 302
    added = Attachment.objects.get(description="Sem op het strand")
    assert added.from_family and added.category == "gezin"
    parent_page = client_for("parent").get(_case_url(world, "portal:our_view")).content.decode()
    assert "strand.png" in parent_page and "Sem op het strand" in parent_page
    coordinator = client_for("coordinator")
    listed = coordinator.get(_case_url(world, "plans:attachments")).content.decode()
    assert "Sem op het strand" in listed and 'data-testid="from-family"' in listed
    download = coordinator.get(_case_url(world, "plans:attachment", attachment_id=added.uuid))
    assert download.status_code == 200
    assert "New from the family: 1 file" in _actions(coordinator)
    # The family's file stays: no remove button for it, and the service refuses.
    assert f"{added.uuid}/verwijderen" not in listed
    # The teacher (education only) neither lists nor downloads it.
    teacher = client_for("teacher")
    assert (
        "Sem op het strand"
        not in teacher.get(_case_url(world, "plans:attachments")).content.decode()
    )
    assert (
        teacher.get(_case_url(world, "plans:attachment", attachment_id=added.uuid)).status_code
        == 404
    )


def test_the_questionnaire_remark_reaches_the_regisseur_with_its_author(world, client_for):
    data = {"usefulness": "4", "heard": "2", "overall": "6", "remark": "Bel ons liever 's avonds"}
    parent = client_for("parent")
    assert parent.post(_case_url(world, "portal:questionnaire"), data).status_code == 302
    # The numbers stay anonymous; the remark is kept apart, with who wrote it.
    assert SatisfactionAnswer.objects.get().remark == ""
    remark = FamilyMessage.objects.get(kind="opmerking")
    assert remark.author == world.users["parent"]
    page = client_for("coordinator").get(_case_url(world, "portal:from_family"))
    assert "Bel ons liever" in page.content.decode()
    assert "New from the family: 1 remark" in _actions(client_for("coordinator"))
    mine = parent.get(_case_url(world, "portal:questionnaire")).content.decode()
    assert "Bel ons liever" in mine and "Not read yet by the regisseur" in mine


def test_a_consent_withdrawn_in_the_portal_reaches_my_actions_with_the_reason(world, client_for):
    consent = Consent.objects.get(case=world.case, organisation=world.youth_team)
    response = client_for("parent").post(
        _case_url(world, "portal:consent_withdraw", consent_id=consent.uuid),
        {"reason": "We willen eerst zelf met het jeugdteam praten"},
    )
    assert response.status_code == 302
    coordinator = client_for("coordinator")
    actions = _actions(coordinator)
    assert "withdrew the consent for Jeugdteam Test" in actions
    assert "We willen eerst zelf met het jeugdteam praten" in actions
    message = FamilyMessage.objects.get(kind="toestemming_ingetrokken")
    coordinator.post(_case_url(world, "portal:from_family"), {"message": [str(message.uuid)]})
    assert "withdrew the consent" not in _actions(coordinator)
    consents = client_for("parent").get(_case_url(world, "portal:consents")).content.decode()
    assert "Read by the regisseur on" in consents


def _app_code(user):
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return f"{totp(device.bin_key):06d}"


def test_a_parent_who_disagrees_shows_in_my_actions_with_the_reason(world, client_for):
    regie = access_case(Actor(world.coordinator), world.case.uuid)
    sent = plan_services.send_for_agreement(regie)
    response = client_for("parent").post(
        _case_url(world, "portal:agreement"),
        {
            "content_hash": sent.content_hash,
            "decision": "geen_instemming",
            "reason": "Twee middagen is te veel voor hem",
            "second_factor_code": _app_code(world.users["parent"]),
        },
    )
    assert response.status_code == 302
    actions = _actions(client_for("coordinator"))
    assert "does not agree with version" in actions and "Twee middagen is te veel" in actions


def test_the_parents_meeting_input_shows_under_the_parents_label(world, client_for):
    meeting = plan_mdo(world.case, regisseur=world.coordinator)
    response = client_for("parent").post(
        _case_url(world, "portal:meeting_preparation", meeting_id=meeting.uuid),
        {"goes_well": "Thuis leest hij elke avond"},
    )
    assert response.status_code == 302
    assert Preparation.objects.get(meeting=meeting).by_parents
    page = client_for("coordinator").get(
        _case_url(world, "meetings:detail", meeting_id=meeting.uuid)
    )
    body = page.content.decode()
    assert "Thuis leest hij elke avond" in body
    assert "The parents' view" in body
    assert "What goes well, according to the parents?" in body
    assert "What goes well in class?" not in body


def test_the_dossier_section_costs_the_same_for_one_message_and_for_many(world, client_for):
    _write_log(world, client_for)
    coordinator = client_for("coordinator")
    url = _case_url(world, "cases:detail")
    coordinator.get(url)
    with CaptureQueriesContext(connection) as one:
        coordinator.get(url)
    for n in range(6):
        _write_log(world, client_for, text=f"Dag {n}")
    with CaptureQueriesContext(connection) as many:
        assert "Dag 5" in coordinator.get(url).content.decode()
    assert len(many) == len(one)


def test_the_parents_view_in_the_plan_shows_under_the_parents_label_with_all_three_answers(
    world, client_for
):
    response = client_for("parent").post(
        _case_url(world, "portal:our_view"),
        {
            "form": "view",
            "view-domain": "leren",
            "view-going_well": "Hij leest graag strips",
            "view-needs_attention": "Rekenen kost hem moeite",
            "view-what_is_needed": "Een rustige plek om te werken",
        },
    )
    assert response.status_code == 302
    body = client_for("teacher").get(_case_url(world, "plans:plan")).content.decode()
    assert 'data-source="parents"' in body and "The parents' view" in body
    assert "What could be better, according to the parents?" in body
    assert "Een rustige plek om te werken" in body


def test_my_actions_cost_the_same_for_one_message_from_the_family_and_for_many(world, client_for):
    _write_log(world, client_for)
    coordinator = client_for("coordinator")
    coordinator.get(reverse("actions:my_actions"))
    with CaptureQueriesContext(connection) as one:
        coordinator.get(reverse("actions:my_actions"))
    for n in range(5):
        _write_log(world, client_for, text=f"Dag {n}")
    client_for("parent").post(
        _case_url(world, "portal:questionnaire"),
        {"usefulness": "4", "heard": "4", "overall": "7", "remark": "Dank"},
    )
    consent = Consent.objects.get(case=world.case, organisation=world.youth_team)
    client_for("parent").post(
        _case_url(world, "portal:consent_withdraw", consent_id=consent.uuid),
        {"reason": "Even niet"},
    )
    with CaptureQueriesContext(connection) as many:
        page = coordinator.get(reverse("actions:my_actions")).content.decode()
    assert "New from the family: 6 logbook entries, 1 remark" in page and "Even niet" in page
    assert len(many) == len(one)
