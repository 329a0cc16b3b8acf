"""Login, second-step enrolment and the start page in a real browser, checked with axe-core."""

from __future__ import annotations

import base64
import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from arrangeer.testing.browser import assert_sound_page
from arrangeer.testing.factories import PASSWORD, MembershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _code_for_key(base32_key: str) -> str:
    key = base64.b32decode(base32_key.replace(" ", ""))
    return f"{totp(key):06d}"


def test_first_login_with_enrolment_reaches_the_start_page_without_axe_findings(page):
    membership = MembershipFactory(
        user__username="browser_coord", organisation__school=True, role="ondersteuningscoordinator"
    )
    page.goto("/account/inloggen/")
    assert_sound_page(page)
    page.get_by_label("Gebruikersnaam").fill("browser_coord")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    page.wait_for_url(re.compile(r".*/tweede-stap/instellen/$"))
    assert_sound_page(page)
    secret = page.locator(".arrangeer-secret").inner_text()
    page.get_by_label("Code uit je app").or_(page.get_by_label("Code uit uw app")).fill(
        _code_for_key(secret)
    )
    page.get_by_role("button", name=re.compile("Bevestigen")).click()

    page.wait_for_url(re.compile(r".*/tweede-stap/reservecodes/$"))
    assert len(page.locator(".arrangeer-codes code").all()) == 10
    assert_sound_page(page)
    page.get_by_role("link", name=re.compile("bewaard")).click()

    page.wait_for_url(re.compile(r"^https?://[^/]+/$"))
    expect(page.locator("h1")).to_have_text(re.compile(r"^Welkom"), use_inner_text=True)
    expect(page.locator("[data-section=cases]")).to_have_count(1)
    assert_sound_page(page)
    assert TOTPDevice.objects.filter(user=membership.user, confirmed=True).count() == 1


def test_login_works_with_the_keyboard_alone(page):
    user = UserFactory(username="toetsenbord", with_totp=True)
    device = TOTPDevice.objects.get(user=user)
    page.goto("/account/inloggen/")
    # The user name field has focus when the page opens; everything else is Tab and Enter.
    page.wait_for_function("document.activeElement && document.activeElement.name === 'username'")
    page.keyboard.type("toetsenbord")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r".*/tweede-stap/$"))
    for _ in range(20):
        if page.evaluate("document.activeElement.name") == "token":
            break
        page.keyboard.press("Tab")
    page.keyboard.type(f"{totp(device.bin_key):06d}")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"^https?://[^/]+/$"))
    expect(page.locator("h1")).to_have_text(re.compile(r"^Welkom"), use_inner_text=True)


def test_the_skip_link_moves_focus_to_the_main_content(page):
    page.goto("/bestaat-niet/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "arrangeer-skip-link"
    assert page.locator(".arrangeer-skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud"
