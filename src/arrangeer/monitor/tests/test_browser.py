"""The monitor in a real browser: the policy officer goes from the start page to the monitor,
through the themes and a filter with the keyboard-usable form, without JavaScript; axe-core
finds nothing serious on any theme."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from arrangeer.monitor.constants import Theme
from arrangeer.testing.browser import assert_sound_page, log_in_browser
from arrangeer.testing.world import build_world

from .helpers import arrangements

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_policy_officer_reads_the_monitor_without_javascript(browser, live_server):
    world = build_world()
    world.school.municipality = "Teststad"
    world.school.save()
    arrangements(world.region, world.school, world.coordinator, 24)
    arrangements(world.region, world.other_school, world.coordinator, 18, closed=True)
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, locale="nl-NL"
    )
    page = context.new_page()
    log_in_browser(page, live_server, world.policy_officer)
    page.goto("/")
    page.get_by_role("link", name="Open de regionale monitor").click()
    expect(page.locator("h1")).to_contain_text("Regionale monitor", use_inner_text=True)
    expect(page.locator("[data-testid=monitor-rule]")).to_contain_text(
        "minder dan 10 kinderen", use_inner_text=True
    )
    assert page.locator("svg[role=img]").count() >= 4
    page.get_by_label("Gemeente", exact=True).select_option("Teststad")
    page.get_by_role("button", name="Tonen").click()
    assert "gemeente=Teststad" in page.url
    page.get_by_role("link", name="Uitval").click()
    expect(page.locator("h1")).to_contain_text("Uitval", use_inner_text=True)
    assert "gemeente=Teststad" in page.url  # the filters go along to the next theme
    context.close()


def test_the_monitors_themes_have_no_serious_accessibility_findings(page, live_server):
    world = build_world()
    arrangements(world.region, world.school, world.coordinator, 24)
    log_in_browser(page, live_server, world.policy_officer)
    for theme in Theme.values:
        page.goto(f"/monitor/{theme}/")
        assert_sound_page(page, theme)
