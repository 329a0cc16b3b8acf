"""The whole parent flow in a real browser, with axe on every page: the invitation mail's
link → password → second factor (a code by mail) → home → consent → instemming."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.core import mail

import pytest

from arrangeer.cases.access import Actor, access_case
from arrangeer.children.models import LegalRepresentative
from arrangeer.consents.models import Consent
from arrangeer.plans import services as plan_services
from arrangeer.plans.models import ParentAgreement
from arrangeer.portal import services
from arrangeer.testing.browser import axe_blocking_violations
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


def _axe(page: Any) -> None:
    assert page.locator("h1").count() == 1, page.url
    assert axe_blocking_violations(page) == [], page.url


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
    _axe(page)
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD)
    page.get_by_role("button", name="Make my account").click()

    # Second factor: no app, a code by mail.
    page.get_by_role("link", name="No app? Get a code by mail each time you log in.").click()
    _axe(page)
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Confirm and continue").click()
    page.get_by_role("link", name="I have saved them, continue").click()

    page.get_by_role("link", name="Open your pages").click()
    assert page.locator("h1").inner_text() == f"The plan for {world.child.first_name}"
    _axe(page)
    assert page.get_by_text(world.plan.education_goal.what).count() >= 1

    # Consent: from 12, together with the child.
    page.get_by_role("link", name="Decide about consent for sharing information").click()
    _axe(page)
    page.get_by_label("Which organisation may receive information?").select_option(
        str(world.provider.pk)
    )
    page.get_by_label("Youth care", exact=True).check()
    page.get_by_label("We decided this together: parent and child agree.").check()
    page.get_by_role("button", name="Give consent").click()
    assert page.get_by_text("Thank you. Your consent is recorded.").count() == 1
    consent = Consent.objects.get(case=world.case, organisation=world.provider)
    assert consent.given_by_representative == carer and consent.evidence == "portal"

    # Instemming with the version sent.
    page.get_by_role("link", name="Home").click()
    page.get_by_role("link", name="Read the plan and tell us whether you agree").click()
    _axe(page)
    page.get_by_label("Yes, I agree").check()
    page.get_by_role("button", name="Send my decision").click()
    assert page.get_by_text("Thank you. Your decision is recorded.").count() == 1
    agreement = ParentAgreement.objects.get(version=version, representative=carer)
    assert agreement.content_hash == version.content_hash and agreement.evidence == "portaal"
    _axe(page)


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
        _axe(page)
    # A wrong file type: the error is tied to the field.
    page.goto(f"/gezin/{case}/onze-kijk/")
    page.get_by_label("Photo, short video or document").set_input_files(
        files=[{"name": "foto.png", "mimeType": "image/png", "buffer": b"not an image at all"}]
    )
    page.get_by_label("What is it?").fill("Foto")
    page.get_by_role("button", name="Add the file").click()
    assert page.locator("#id_upload-upload_error").count() == 1
    _axe(page)

    child = english.context.browser.new_context(base_url=live_server.url, locale="en-GB")
    child.add_cookies([{"name": "arrangeer_language", "value": "en", "url": live_server.url}])
    tab = child.new_page()
    log_in_browser(tab, live_server, world.users["child_13"])
    for path in [f"/gezin/{case}/", f"/gezin/{case}/hoe-denk-jij/", f"/gezin/{case}/toestemming/"]:
        tab.goto(path)
        _axe(tab)
    child.close()

    log_in_browser(page, live_server, world.users["coordinator"])
    for path in [f"/dossiers/{case}/gezin-uitnodigen/", f"/dossiers/{case}/stem-van-het-kind/"]:
        page.goto(path)
        _axe(page)


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
    assert page.locator("h1").inner_text() == "Who comes to the meeting?"
    _axe(page)

    def card(name: str) -> Any:
        return page.locator("section", has=page.get_by_role("heading", name=name))

    card(str(world.coordinator)).get_by_label("Yes, this person may come").check()
    card(str(world.coordinator)).get_by_role("button").click()
    assert page.get_by_text("Thank you. Your answer is recorded.").count() == 1
    # Refusing without a reason: the error is tied to the field, nothing is saved.
    card(str(world.teacher)).get_by_label("No, not this person").check()
    card(str(world.teacher)).get_by_role("button").click()
    assert page.locator(f"#id_i{teacher.pk}-reason_error").count() == 1
    _axe(page)
    teacher.refresh_from_db()
    assert teacher.status == InviteeStatus.PROPOSED
    card(str(world.teacher)).get_by_label("No, not this person").check()
    card(str(world.teacher)).get_by_label("Why not? (only if you say no)").fill(
        "We kennen deze juf nog niet"
    )
    card(str(world.teacher)).get_by_role("button").click()
    assert page.get_by_text("Thank you. Your answer is recorded.").count() == 1
    _axe(page)
    chair.refresh_from_db()
    teacher.refresh_from_db()
    assert chair.status == InviteeStatus.APPROVED and teacher.status == InviteeStatus.REFUSED

    # The parents' input before the meeting, from the home page.
    page.get_by_role("link", name="Home").click()
    page.get_by_role("link", name="Our input for the meeting").click()
    _axe(page)
    page.get_by_label("What is needed?").fill("Rust in de klas")
    page.get_by_role("button", name="Send").click()
    assert page.get_by_text("Rust in de klas").count() == 1
    _axe(page)

    # The coordinator sends the invitations: the teacher gets none.
    mail.outbox.clear()
    log_in_browser(page, live_server, world.users["coordinator"])
    page.goto(f"/dossiers/{world.case.uuid}/overleg/{meeting.uuid}/")
    page.get_by_role("button", name="Send the invitations").click()
    recipients = {address for message in mail.outbox for address in message.to}
    assert world.coordinator.email in recipients
    assert world.teacher.email not in recipients
