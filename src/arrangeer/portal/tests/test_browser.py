"""The whole parent flow in a real browser, with axe on every page: the invitation mail's
link → password → second factor (a code by mail) → home → consent → instemming."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.core import mail

import pytest
from playwright.sync_api import expect

from arrangeer.cases.access import Actor, access_case
from arrangeer.children.models import LegalRepresentative
from arrangeer.consents.models import Consent
from arrangeer.plans import services as plan_services
from arrangeer.plans.models import ParentAgreement
from arrangeer.portal import services
from arrangeer.testing.browser import assert_sound_page
from arrangeer.testing.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STATIC = Path(__file__).resolve().parents[2] / "static"
PASSWORD = "een-lang-wachtwoord-voor-ouders"


@pytest.fixture
def english(browser: Any, live_server: Any, settings: Any) -> Any:
    settings.STATICFILES_DIRS = [STATIC]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.add_cookies([{"name": "arrangeer_language", "value": "en", "url": live_server.url}])
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def test_a_parent_goes_from_the_invitation_to_agreeing_with_the_plan(english, live_server):
    world = build_world(with_plan=True)
    regie = access_case(Actor(world.users["coordinator"]), world.case.uuid)
    version = plan_services.send_for_agreement(regie)
    carer = LegalRepresentative.objects.create(
        child=world.child,
        first_name="Noor",
        last_name="Bakker",
        relation="verzorger",
        has_authority=True,
        email="noor@test.invalid",
    )
    services.invite(
        regie,
        representative=carer,
        for_child=False,
        email="noor@test.invalid",
        base_url=live_server.url,
    )
    link = re.search(r"(/uitnodiging/\S+/)", mail.outbox[-1].body).group(1)
    page = english

    page.goto(link)
    assert_sound_page(page)
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD)
    page.get_by_role("button", name="Make my account").click()

    # Second factor: no app, a code by mail.
    page.get_by_role("link", name="No app? Get a code by mail each time you log in.").click()
    assert_sound_page(page)
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Confirm and continue").click()
    page.get_by_role("link", name="I have saved them, continue").click()

    page.get_by_role("link", name="Open your pages").click()
    expect(page.locator("h1")).to_have_text(
        f"The plan for {world.child.first_name}", use_inner_text=True
    )
    assert_sound_page(page)
    expect(page.get_by_text(world.plan.education_goal.what).first).to_be_attached()

    # Consent: from 12, together with the child.
    page.get_by_role("link", name="Decide about consent for sharing information").click()
    assert_sound_page(page)
    page.get_by_label("Which organisation may receive information?").select_option(
        str(world.provider.pk)
    )
    page.get_by_label("Youth care", exact=True).check()
    page.get_by_label("We decided this together: parent and child agree.").check()
    page.get_by_role("button", name="Give consent").click()
    expect(page.get_by_text("Thank you. Your consent is recorded.")).to_have_count(1)
    consent = Consent.objects.get(case=world.case, organisation=world.provider)
    assert consent.given_by_representative == carer and consent.evidence == "portal"

    # Instemming with the version sent.
    page.get_by_role("link", name="Home").click()
    page.get_by_role("link", name="Read the plan and tell us whether you agree").click()
    assert_sound_page(page)
    page.get_by_label("Yes, I agree").check()
    # The decision is a signature: the second factor again, here a code by mail.
    page.get_by_role("button", name="Send me a code by mail").click()
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    page.get_by_label("Yes, I agree").check()
    page.get_by_label("Code to sign").fill(code)
    page.get_by_role("button", name="Send my decision").click()
    expect(page.get_by_text("Thank you. Your decision is signed and recorded.")).to_have_count(1)
    agreement = ParentAgreement.objects.get(version=version, representative=carer)
    assert agreement.content_hash == version.content_hash and agreement.evidence == "portaal"
    assert agreement.signed_with == "wachtwoord_mail" and agreement.signed_at is not None
    assert_sound_page(page)


def test_every_portal_page_has_no_serious_accessibility_findings(english, live_server):
    from arrangeer.testing.browser import log_in_browser

    world = build_world(with_plan=True)
    case = world.case.uuid
    page = english
    log_in_browser(page, live_server, world.users["parent"])
    for path in [
        f"/gezin/{case}/",
        f"/gezin/{case}/toestemming/",
        f"/gezin/{case}/instemming/",
        f"/gezin/{case}/onze-kijk/",
        f"/gezin/{case}/vragenlijst/",
        f"/gezin/{case}/wie-keek/",
    ]:
        page.goto(path)
        assert_sound_page(page)
    # A wrong file type: the error is tied to the field.
    page.goto(f"/gezin/{case}/onze-kijk/")
    page.get_by_label("Photo, short video or document").set_input_files(
        files=[{"name": "foto.png", "mimeType": "image/png", "buffer": b"not an image at all"}]
    )
    page.get_by_label("What is it?").fill("Foto")
    page.get_by_role("button", name="Add the file").click()
    expect(page.locator("#id_upload-upload_error")).to_have_count(1)
    assert_sound_page(page)

    child = english.context.browser.new_context(base_url=live_server.url, locale="en-GB")
    child.add_cookies([{"name": "arrangeer_language", "value": "en", "url": live_server.url}])
    tab = child.new_page()
    log_in_browser(tab, live_server, world.users["child_13"])
    for path in [f"/gezin/{case}/", f"/gezin/{case}/hoe-denk-jij/", f"/gezin/{case}/toestemming/"]:
        tab.goto(path)
        assert_sound_page(tab)
    child.close()

    log_in_browser(page, live_server, world.users["coordinator"])
    for path in [f"/dossiers/{case}/gezin-uitnodigen/", f"/dossiers/{case}/stem-van-het-kind/"]:
        page.goto(path)
        assert_sound_page(page)


def test_the_parent_decides_who_comes_and_only_the_approved_are_invited(english, live_server):
    """Issues 6 and 7: the parent approves the chair and refuses the teacher with a reason in
    the portal; the coordinator then sends the invitations, which reach only the approved."""
    from arrangeer.meetings import services as meeting_services
    from arrangeer.meetings.constants import InviteeStatus
    from arrangeer.meetings.models import Invitee
    from arrangeer.testing.browser import log_in_browser
    from arrangeer.testing.meetings import plan_mdo

    world = build_world(with_plan=True)
    meeting = plan_mdo(world.case, regisseur=world.coordinator, approve=False)
    regie = access_case(Actor(world.coordinator), world.case.uuid)
    teacher = meeting_services.propose_invitee(regie, meeting, member=world.members["teacher"])
    chair = Invitee.objects.get(meeting=meeting, team_member=meeting.chair)
    page = english
    log_in_browser(page, live_server, world.users["parent"])
    page.goto(f"/gezin/{world.case.uuid}/")
    page.get_by_role("link", name=re.compile("Tell us who may come to the meeting of")).click()
    expect(page.locator("h1")).to_have_text("Who comes to the meeting?", use_inner_text=True)
    assert_sound_page(page)

    def card(name: str) -> Any:
        return page.locator("section", has=page.get_by_role("heading", name=name))

    # The question is the legend of the group; each radio sits beside its own label.
    group = card(str(world.teacher)).get_by_role("group")
    assert group.count() == 1 and group.locator("legend").inner_text().strip()
    radio = card(str(world.teacher)).get_by_label("No, not this person").bounding_box()
    label = card(str(world.teacher)).locator("label", has_text="No, not this person")
    text = label.bounding_box()
    assert radio is not None and text is not None
    assert radio["x"] + radio["width"] <= text["x"], "the label is not beside its radio"
    assert text["y"] <= radio["y"] + radio["height"] / 2 <= text["y"] + text["height"]

    card(str(world.coordinator)).get_by_label("Yes, this person may come").check()
    card(str(world.coordinator)).get_by_role("button").click()
    expect(page.get_by_text("Thank you. Your answer is recorded.")).to_have_count(1)
    # Refusing without a reason: the error is tied to the field, nothing is saved.
    card(str(world.teacher)).get_by_label("No, not this person").check()
    card(str(world.teacher)).get_by_role("button").click()
    expect(page.locator(f"#id_i{teacher.pk}-reason_error")).to_have_count(1)
    assert_sound_page(page)
    teacher.refresh_from_db()
    assert teacher.status == InviteeStatus.PROPOSED
    card(str(world.teacher)).get_by_label("No, not this person").check()
    card(str(world.teacher)).get_by_label("Why not? (only if you say no)").fill(
        "We kennen deze juf nog niet"
    )
    card(str(world.teacher)).get_by_role("button").click()
    expect(page.get_by_text("Thank you. Your answer is recorded.")).to_have_count(1)
    assert_sound_page(page)
    chair.refresh_from_db()
    teacher.refresh_from_db()
    assert chair.status == InviteeStatus.APPROVED and teacher.status == InviteeStatus.REFUSED

    # The parents' input before the meeting, from the home page.
    page.get_by_role("link", name="Home").click()
    page.get_by_role("link", name="Our input for the meeting").click()
    assert_sound_page(page)
    page.get_by_label("What is needed?").fill("Rust in de klas")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Rust in de klas")).to_have_count(1)
    assert_sound_page(page)

    # The coordinator sends the invitations: the teacher gets none.
    mail.outbox.clear()
    log_in_browser(page, live_server, world.users["coordinator"])
    page.goto(f"/dossiers/{world.case.uuid}/overleg/{meeting.uuid}/")
    page.get_by_role("button", name="Send the invitations").click()
    recipients = {address for message in mail.outbox for address in message.to}
    assert world.coordinator.email in recipients
    assert world.teacher.email not in recipients


def test_a_parent_writes_in_the_logbook_and_the_regisseur_reads_it(english, live_server):
    from arrangeer.testing.browser import log_in_browser

    world = build_world(with_plan=True)
    case = world.case.uuid
    parent = english
    log_in_browser(parent, live_server, world.users["parent"])
    parent.goto(f"/gezin/{case}/")
    parent.get_by_role("link", name="Our view and logbook").first.click()
    parent.get_by_label("What did you notice?").fill("Daan sliep deze week beter")
    parent.get_by_role("button", name="Write in the logbook").click()
    expect(parent.get_by_text("Written in the logbook.")).to_have_count(1)
    expect(parent.get_by_text("Not read yet by the regisseur")).to_have_count(1)
    assert_sound_page(parent)
    parent.get_by_role("link", name="Your mail").first.click()
    assert_sound_page(parent)
    parent.get_by_role("group", name="A meeting about the plan was planned or moved").get_by_label(
        "Straight away, one mail each time"
    ).check()
    parent.get_by_role("button", name="Save").click()
    expect(parent.get_by_text("Saved. We mail you as you chose.")).to_have_count(1)

    context = english.context.browser.new_context(base_url=live_server.url, locale="en-GB")
    context.add_cookies([{"name": "arrangeer_language", "value": "en", "url": live_server.url}])
    regisseur = context.new_page()
    log_in_browser(regisseur, live_server, world.users["coordinator"])
    regisseur.goto("/acties/")
    regisseur.get_by_role("link", name="New from the family: 1 logbook entry").click()
    expect(regisseur.get_by_text("Daan sliep deze week beter")).to_have_count(1)
    assert_sound_page(regisseur)
    regisseur.get_by_role("button", name="Mark 1 new message as read").click()
    expect(
        regisseur.get_by_text("Marked as read. The family sees that you read it.")
    ).to_have_count(1)
    regisseur.goto(f"/dossiers/{case}/")
    expect(regisseur.get_by_text("Daan sliep deze week beter", exact=False).first).to_be_attached()
    context.close()

    parent.goto(f"/gezin/{case}/onze-kijk/")
    expect(parent.get_by_text("Read by the regisseur on", exact=False)).to_have_count(1)
