"""The aanmelding in a real browser (English): the teacher of another school registers a child
(a clear message first when the parents' consent is not ticked), the receiving school's
coordinator finds it in Mijn acties and accepts it from the incoming list, a case opens and the intake is recorded, and the
referrer sees the programme start on their status page. A second aanmelding goes to the
samenwerkingsverband: its education specialist finds it in Mijn acties and declines it with a
reason the referrer reads; the school's coordinator, not its receiver, gets a 404. axe-core
finds nothing serious."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from arrangeer.core.workdays import add_working_days
from arrangeer.organisations.models import Membership
from arrangeer.referrals.constants import ReferralStatus
from arrangeer.referrals.models import Intake, Referral
from arrangeer.testing.browser import assert_sound_page, log_in_browser
from arrangeer.testing.referrals import send_referral
from arrangeer.testing.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STATIC = Path(__file__).resolve().parents[2] / "static"


def _context(browser: Any, live_server: Any) -> Any:
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.add_cookies([{"name": "arrangeer_language", "value": "en", "url": live_server.url}])
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
def english_page(browser: Any, live_server: Any, settings: Any, transactional_db: Any) -> Any:
    settings.STATICFILES_DIRS = [STATIC]
    context = _context(browser, live_server)
    yield context.new_page()
    context.close()


def test_aanmelding_acceptance_and_intake(english_page, browser, live_server):
    world = build_world()
    today = timezone.localdate()
    page = english_page
    log_in_browser(page, live_server, world.teacher_other_school)

    page.goto("/aanmeldingen/nieuw/")
    assert_sound_page(page)
    receiver = page.get_by_label("Receiving school or samenwerkingsverband")
    expect(receiver.locator(f'option[value="{world.swv.pk}"]')).to_have_count(1)  # the SWV too
    receiver.select_option(str(world.school.pk))
    page.get_by_label("First name of the child").fill("Noor")
    page.get_by_label("Last name of the child").fill("Aanmeldkind")
    page.get_by_label("Date of birth").fill(today.replace(year=today.year - 10).isoformat())
    page.get_by_label("Current school").select_option(str(world.other_school.pk))
    page.get_by_label("First name of a parent or carer").fill("Lies")
    page.get_by_label("Last name of the parent or carer").fill("Aanmeldkind")
    page.get_by_label("Why do you register this child?").fill("Leesproblemen en somberheid")
    page.get_by_label("What was tried already, and what was its effect?").fill(
        "Zes weken leesbegeleiding in de klas"
    )
    page.get_by_label("On a signed form").check()
    page.get_by_label("Consent given on", exact=True).fill(today.isoformat())
    page.get_by_label("Consent given by", exact=True).fill("Lies Aanmeldkind")
    page.get_by_role("button", name="Send the aanmelding").click()
    expect(page.locator("#foutoverzicht")).to_contain_text("An aanmelding needs the parents")
    assert_sound_page(page)
    page.get_by_label("The parents gave consent for this aanmelding").check()
    page.get_by_role("button", name="Send the aanmelding").click()
    page.wait_for_url(re.compile(r".*/aanmeldingen/[0-9a-f-]+/status/$"))
    assert_sound_page(page)
    expect(page.get_by_test_id("referral-status")).to_have_text(
        "Submitted, waiting for the receiving organisation"
    )
    referral = Referral.objects.get()

    # The receiving school's coordinator finds it in Mijn acties, due at the end of the term,
    # and among the incoming aanmeldingen.
    school = _context(browser, live_server)
    other = school.new_page()
    log_in_browser(other, live_server, world.coordinator)
    other.goto("/acties/")
    assert_sound_page(other)
    line = other.locator('tr[data-source="referral_decision"]')
    expect(line).to_contain_text("Noor Aanmeldkind")
    expect(line).to_contain_text(add_working_days(today, 10).strftime("%d-%m-%Y"))
    line.get_by_role("link", name=re.compile(f"Decide on aanmelding {referral.reference}")).click()
    other.wait_for_url(re.compile(r".*/aanmeldingen/[0-9a-f-]+/$"))
    other.goto("/aanmeldingen/")
    assert_sound_page(other)
    other.get_by_role("link", name=referral.reference).click()
    other.wait_for_url(re.compile(r".*/aanmeldingen/[0-9a-f-]+/$"))
    assert_sound_page(other)
    expect(other.get_by_test_id("referral")).to_contain_text("Leesproblemen en somberheid")
    other.get_by_role("button", name="Accept and open the case").click()
    other.wait_for_url(re.compile(r".*/dossiers/[0-9a-f-]+/aanmelding/$"))
    assert_sound_page(other)
    other.get_by_label("What did the current school tell?").fill(
        "OPP sinds groep 5; leesbegeleiding twee keer per week"
    )
    other.get_by_label("From whom at the current school").fill("IB'er Basisschool Ander")
    other.get_by_role("button", name="Save the intake").click()
    expect(other.get_by_test_id("intake-recorded")).to_be_visible()
    assert_sound_page(other)
    other.get_by_label("The programme started on").fill(today.isoformat())
    other.get_by_role("button", name="Record the start").click()
    expect(other.locator("body")).to_contain_text("Recorded: the programme started.")
    other.goto("/acties/")  # decided: no longer waiting
    expect(other.locator('tr[data-source="referral_decision"]')).to_have_count(0)
    school.close()

    referral.refresh_from_db()
    assert referral.case is not None and referral.case.regisseur == world.coordinator
    assert Intake.objects.get(referral=referral).information_from == "IB'er Basisschool Ander"
    # The referrer sees the start, and nothing of the file.
    page.reload()
    expect(page.get_by_test_id("referral-status")).to_have_text("Programme started")
    assert "OPP sinds groep 5" not in page.content()
    assert "Aanmeldkind" not in page.content()

    # A second aanmelding, at the samenwerkingsverband.
    membership = Membership.objects.get(user=world.teacher_other_school)
    at_swv = send_referral(
        world.teacher_other_school, membership, world.swv, current_school=world.other_school
    )
    swv = _context(browser, live_server)
    specialist = swv.new_page()
    log_in_browser(specialist, live_server, world.swv_specialist)
    specialist.goto("/acties/")
    assert_sound_page(specialist)
    swv_line = specialist.locator('tr[data-source="referral_decision"]')
    expect(swv_line).to_have_count(1)
    swv_line.get_by_role(
        "link", name=re.compile(f"Decide on aanmelding {at_swv.reference}")
    ).click()
    specialist.wait_for_url(re.compile(rf".*/aanmeldingen/{at_swv.uuid}/$"))
    assert_sound_page(specialist)
    specialist.get_by_label("Why do you decline?").fill("Eerst een OPP op de eigen school")
    specialist.get_by_role("button", name="Decline the aanmelding").click()
    specialist.wait_for_load_state("load")
    at_swv.refresh_from_db()
    assert at_swv.status == ReferralStatus.DECLINED and at_swv.case is None
    swv.close()
    # The school's coordinator is not its receiver: the 404 of an aanmelding that does not exist.
    school = _context(browser, live_server)
    coordinator = school.new_page()
    log_in_browser(coordinator, live_server, world.coordinator)
    answer = coordinator.goto(f"/aanmeldingen/{at_swv.uuid}/")
    assert answer is not None and answer.status == 404
    school.close()
    # The referrer reads the reason.
    page.goto(f"/aanmeldingen/{at_swv.uuid}/status/")
    assert_sound_page(page)
    expect(page.locator("main")).to_contain_text("Eerst een OPP op de eigen school")
