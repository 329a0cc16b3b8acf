"""The case pages in a real browser: axe-core finds nothing serious, and the main flow works
with the keyboard and without JavaScript."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from arrangeer.testing.browser import assert_sound_page, log_in_browser
from arrangeer.testing.routes import ship_routes
from arrangeer.testing.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_case_pages_have_no_serious_accessibility_findings(page, live_server):
    world = build_world()
    log_in_browser(page, live_server, world.coordinator)
    case = world.case.uuid
    for path in [
        "/dossiers/",
        "/dossiers/?q=Vermeer",
        "/dossiers/nieuw/",
        "/dossiers/noodtoegang/",
        f"/dossiers/{case}/",
        f"/dossiers/{case}/team/",
        f"/dossiers/{case}/toestemming/",
        f"/dossiers/{case}/toestemming/nieuw/",
        f"/dossiers/{case}/inzage/",
        f"/dossiers/{case}/wijzigingen/",
        f"/dossiers/{case}/kenmerken/",
        f"/dossiers/{case}/sluiten/",
    ]:
        page.goto(path)
        assert_sound_page(page, path)


def test_a_coordinator_opens_a_case_and_records_consent_without_javascript(browser, live_server):
    world = build_world()
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, locale="nl-NL"
    )
    page = context.new_page()
    log_in_browser(page, live_server, world.coordinator)
    page.goto("/dossiers/nieuw/")
    page.get_by_label("Voornaam van het kind").fill("Fenna")
    page.get_by_label("Achternaam van het kind").fill("Kok")
    page.get_by_label("Geboortedatum").fill("2016-05-04")
    page.get_by_label("Voornaam van een ouder of verzorger").fill("Jan")
    page.get_by_label("Achternaam van de ouder of verzorger").fill("Kok")
    page.get_by_role("button", name="Traject openen").click()
    page.wait_for_url(re.compile(r".*/dossiers/[0-9a-f-]{36}/$"))
    expect(page.locator("h1")).to_contain_text("Fenna Kok", use_inner_text=True)
    page.get_by_role("link", name="Toestemming").first.click()
    page.get_by_role("link", name="Toestemming vastleggen").first.click()
    page.get_by_label("Organisatie die de gegevens mag ontvangen").select_option(
        label=world.youth_team.name
    )
    page.get_by_label("Jeugdhulp").check()
    page.get_by_label("Doel").fill("Samen een plan maken")
    page.get_by_label("Gegeven door ouder of verzorger").select_option(index=1)
    page.get_by_role("button", name="Toestemming vastleggen").click()
    page.wait_for_url(re.compile(r".*/toestemming/$"))
    expect(page.locator("[data-testid=consents]")).to_contain_text(
        world.youth_team.name, use_inner_text=True
    )
    context.close()


def test_the_regisseur_ticks_a_task_of_the_checklist_with_the_keyboard(page, live_server):
    ship_routes()  # an earlier transactional test may have emptied the shipped routes
    world = build_world()
    log_in_browser(page, live_server, world.coordinator)
    page.goto(f"/dossiers/{world.case.uuid}/route/")
    checklist = page.get_by_test_id("checklist")
    expect(checklist).to_contain_text("Taken van de regisseur", use_inner_text=True)
    assert_sound_page(page)
    task = checklist.locator('[data-item="chairs_mdo"]')
    assert task.get_attribute("data-done") == "no"
    task.get_by_role("button", name=re.compile("Afvinken")).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    task = page.get_by_test_id("checklist").locator('[data-item="chairs_mdo"]')
    assert task.get_attribute("data-done") == "yes"
    expect(task).to_contain_text("afgevinkt door", use_inner_text=True)
