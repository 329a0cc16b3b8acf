"""Instemming in the portal: the exact version sent, each parent with gezag on their own."""

from __future__ import annotations

from django.urls import reverse

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_email.models import EmailDevice
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from arrangeer.cases.access import Actor, access_case
from arrangeer.cases.actions import actions_for
from arrangeer.plans import services as plan_services
from arrangeer.plans.models import ParentAgreement, PlanVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(world):
    """The adjusted plan is sent to the parents again: version 2 waits for them."""
    regie = access_case(Actor(world.users["coordinator"]), world.case.uuid)
    return plan_services.send_for_agreement(regie)


def _url(world):
    return reverse("portal:agreement", kwargs={"case_id": world.case.uuid})


def _app_code(user):
    """The code the parent's authenticator app shows now."""
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return f"{totp(device.bin_key):06d}"


def _backup_code(user):
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="backup", defaults={"confirmed": True}
    )
    return device.token_set.create(token="12345678").token


def _mail_code(user):
    device, _ = EmailDevice.objects.get_or_create(
        user=user, name="mail", defaults={"confirmed": True, "email": "ouder@example.org"}
    )
    device.generate_token(valid_secs=600)
    device.refresh_from_db()
    return device.token


def test_the_parent_reads_the_version_sent_and_agrees_with_its_hash(world, client_for, sent):
    client = client_for("parent")
    home = client.get(reverse("portal:home", kwargs={"case_id": world.case.uuid}))
    assert 'data-source="agreement"' in home.content.decode()
    page = client.get(_url(world))
    body = page.content.decode()
    assert sent.content_hash[:8] in body and "AVI E6" in body
    response = client.post(
        _url(world),
        {
            "content_hash": sent.content_hash[:8],
            "decision": "instemming",
            "second_factor_code": _app_code(world.users["parent"]),
        },
    )
    assert response.status_code == 302
    agreement = ParentAgreement.objects.get(version=sent, representative=world.parent)
    assert agreement.evidence == "portaal" and agreement.content_hash == sent.content_hash
    assert agreement.recorded_by == world.users["parent"]
    home = client.get(reverse("portal:home", kwargs={"case_id": world.case.uuid}))
    assert 'data-source="agreement"' not in home.content.decode()


def test_agreeing_with_a_version_that_was_replaced_since_the_page_was_opened_is_refused(
    world, client_for, sent
):
    client = client_for("parent")
    assert sent.content_hash[:8] in client.get(_url(world)).content.decode()
    # Meanwhile the regisseur changes the plan and sends version 3.
    regie = access_case(Actor(world.users["coordinator"]), world.case.uuid)
    goal = world.plan.education_goal
    goal.refresh_from_db()
    plan_services.change_item(
        regie, goal, expected_version=goal.lock_version, fields={"target": "AVI E7"}
    )
    newer = plan_services.send_for_agreement(regie)
    response = client.post(
        _url(world), {"content_hash": sent.content_hash, "decision": "instemming"}
    )
    assert response.status_code == 200
    assert "changed after you opened this page" in response.content.decode()
    assert not ParentAgreement.objects.filter(
        representative=world.parent, version__in=[sent, newer]
    ).exists()


def test_a_change_of_the_draft_after_sending_blocks_the_agreement(world, client_for, sent):
    client = client_for("parent")
    regie = access_case(Actor(world.users["coordinator"]), world.case.uuid)
    goal = world.plan.education_goal
    goal.refresh_from_db()
    plan_services.change_item(
        regie, goal, expected_version=goal.lock_version, fields={"target": "AVI E7"}
    )
    response = client.post(
        _url(world), {"content_hash": sent.content_hash, "decision": "instemming"}
    )
    assert response.status_code == 200
    assert "changed after you opened this page" in response.content.decode()
    assert not ParentAgreement.objects.filter(version=sent).exists()


def test_a_parent_without_gezag_reads_but_cannot_agree_even_by_a_crafted_post(
    world, client_for, sent
):
    client = client_for("parent_without_authority")
    page = client.get(_url(world)).content.decode()
    assert "Send my decision" not in page
    response = client.post(
        _url(world), {"content_hash": sent.content_hash, "decision": "instemming"}
    )
    assert response.status_code == 403
    assert not ParentAgreement.objects.filter(version=sent).exists()


def test_disagreement_needs_a_reason_and_becomes_an_action_for_the_regisseur(
    world, client_for, sent
):
    client = client_for("parent")
    response = client.post(
        _url(world), {"content_hash": sent.content_hash, "decision": "geen_instemming"}
    )
    assert response.status_code == 200
    assert "Tell us why" in response.content.decode()
    response = client.post(
        _url(world),
        {
            "content_hash": sent.content_hash,
            "decision": "geen_instemming",
            "reason": "Te weinig uren begeleiding",
            "second_factor_code": _app_code(world.users["parent"]),
        },
    )
    assert response.status_code == 302
    actions = [a for a in actions_for(world.users["coordinator"]) if a.source == "parent_disagrees"]
    assert len(actions) == 1 and actions[0].case == world.case
    assert not [a for a in actions_for(world.users["teacher"]) if a.source == "parent_disagrees"]
    # Giving the same answer twice changes nothing and is said so.
    again = client.post(
        _url(world),
        {
            "content_hash": sent.content_hash,
            "decision": "geen_instemming",
            "reason": "Nog steeds te weinig",
            "second_factor_code": _backup_code(world.users["parent"]),
        },
    )
    assert again.status_code == 200
    assert "already your answer" in again.content.decode()
    assert ParentAgreement.objects.filter(version=sent).count() == 1


def _post(client, world, sent, **data):
    return client.post(_url(world), {"content_hash": sent.content_hash[:8], **data})


def test_agreeing_without_the_second_factor_or_with_a_wrong_one_is_refused(world, client_for, sent):
    client = client_for("parent")
    response = _post(client, world, sent, decision="instemming")
    assert response.status_code == 200
    assert "to sign your decision" in response.content.decode()
    response = _post(client, world, sent, decision="instemming", second_factor_code="000000")
    assert response.status_code == 200
    assert "not correct or no longer valid" in response.content.decode()
    assert not ParentAgreement.objects.filter(version=sent).exists()
    # The wrong code counts: the device makes the next try wait (throttling is not rolled back).
    device = TOTPDevice.objects.get(user=world.users["parent"], confirmed=True)
    assert device.throttling_failure_count == 1


def test_agreeing_with_the_app_code_records_who_when_which_version_and_how(world, client_for, sent):
    client = client_for("parent")
    response = _post(
        client,
        world,
        sent,
        decision="instemming",
        second_factor_code=_app_code(world.users["parent"]),
    )
    assert response.status_code == 302
    agreement = ParentAgreement.objects.get(version=sent, representative=world.parent)
    assert agreement.signed_with == "wachtwoord_app" and agreement.signed_at is not None
    assert agreement.content_hash == sent.content_hash
    assert agreement.recorded_by == world.users["parent"]
    page = client.get(_url(world)).content.decode()
    assert "password + authenticator app" in page
    # The regisseur sees the signature on the version.
    version_page = client_for("coordinator").get(
        reverse("plans:version", kwargs={"case_id": world.case.uuid, "number": sent.number})
    )
    body = version_page.content.decode()
    assert 'data-testid="signed"' in body and "password + authenticator app" in body
    assert sent.content_hash[:8] in body and sent.content_hash not in body


def test_a_parent_changes_their_answer_before_adoption_signed_by_mail_code(world, client_for, sent):
    client = client_for("parent")
    parent = world.users["parent"]
    _post(
        client,
        world,
        sent,
        decision="geen_instemming",
        reason="Te weinig uren",
        second_factor_code=_app_code(parent),
    )
    response = _post(
        client, world, sent, decision="instemming", second_factor_code=_mail_code(parent)
    )
    assert response.status_code == 302
    agreement = ParentAgreement.objects.get(version=sent, representative=world.parent)
    assert agreement.decision == "instemming" and agreement.changed_from == "geen_instemming"
    assert agreement.signed_with == "wachtwoord_mail"
    assert ParentAgreement.objects.filter(version=sent).count() == 1


def test_after_adoption_the_answer_can_no_longer_change(world, client_for):
    # The world's plan is adopted (version 1); nothing waits for the parents.
    client = client_for("parent")
    adopted = PlanVersion.objects.get(plan=world.plan.plan, status="adopted")
    response = client.post(
        _url(world),
        {
            "content_hash": adopted.content_hash[:8],
            "decision": "geen_instemming",
            "reason": "Toch niet",
            "second_factor_code": _app_code(world.users["parent"]),
        },
    )
    assert response.status_code == 200
    assert "no version of the plan waiting" in response.content.decode()


PROFESSIONAL_WORDS = (
    "Financieringskader",
    "funding framework",
    "Besluitstatus",
    "status of the decision",
    "Kenmerk",
    "reference number",
    "Intensiteit",
    "intensity",
    "lowest value of the scale",
    "Laagste waarde",
    "2.00",
    "0.00",
)


def test_the_agreement_page_reads_plainly_without_professional_fields_or_full_hash(
    world, client_for, sent
):
    page = client_for("parent").get(_url(world)).content.decode()
    assert 'data-testid="plain-goal"' in page and 'data-testid="plain-help"' in page
    for word in PROFESSIONAL_WORDS:
        assert word not in page, word
    assert sent.content_hash not in page
    assert sent.content_hash[:8] in page


def test_the_agreement_page_tells_what_changed_in_words(world, client_for, sent):
    regie = access_case(Actor(world.users["coordinator"]), world.case.uuid)
    goal = world.plan.education_goal
    goal.refresh_from_db()
    plan_services.change_item(
        regie, goal, expected_version=goal.lock_version, fields={"what": "Zelf lezen op AVI E7"}
    )
    plan_services.send_for_agreement(regie)
    page = client_for("parent").get(_url(world)).content.decode()
    assert 'data-testid="changes"' in page
    changes = page.split('data-testid="changes"')[1].split("</section>")[0]
    assert "is now: Zelf lezen op AVI E7" in changes
    assert "data category" not in changes and "indicator" not in changes


def test_an_unchanged_plan_is_not_sent_again(world, client_for, sent):
    response = client_for("coordinator").post(
        reverse("plans:send", kwargs={"case_id": world.case.uuid}), follow=True
    )
    assert "Nothing was sent" in response.content.decode()
    assert PlanVersion.objects.filter(plan=world.plan.plan).count() == sent.number


def test_the_young_person_reads_the_plan_spoken_to_as_je(world, client_for, sent):
    page = client_for("child_13").get(_url(world)).content.decode()
    assert "Your parents with parental authority read it" in page
    assert "Send my decision" not in page


def test_the_signature_is_printed_in_the_groeidocument(world, client_for, sent):
    from arrangeer.testing.pdf import pdf_words

    _post(
        client_for("parent"),
        world,
        sent,
        decision="instemming",
        second_factor_code=_app_code(world.users["parent"]),
    )
    response = client_for("coordinator").get(
        reverse("plans:pdf", kwargs={"case_id": world.case.uuid}) + f"?versie={sent.number}"
    )
    # The table cells wrap: read the words of the text runs, in order.
    text = pdf_words(response.content)
    assert "ondertekend op" in text and "wachtwoord + authenticator-app" in text
    assert f"versie {sent.content_hash[:8]}" in text
