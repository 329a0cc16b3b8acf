"""The monitor in a real browser: the policy officer goes from the start page to the monitor,
through the themes and a filter with the keyboard-usable form, without JavaScript; axe-core
finds nothing serious on any theme."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from arrangeer.monitor.constants import Theme
from arrangeer.testing.browser import assert_sound_page, log_in_browser
from arrangeer.testing.world import build_world

from .helpers import LAST_YEAR, arrangements

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
    # The group arrangements' monitor, with its outcome tables (duration, goals, cost).
    page.goto("/monitor/groepsarrangementen/")
    assert_sound_page(page, "groepsarrangementen")


def test_the_funding_page_shows_where_collective_purchase_would_be_cheaper(page, live_server):
    """The policy officer reads, per law and instrument, the candidates for collective purchase
    and follows the link to the collective theme; the school's coordinator gets their school's
    funding page only, also when asking for the region's."""
    from .helpers import LAST_YEAR
    from .test_financing import _funded

    world = build_world()
    _funded(
        world,
        world.school,
        23,
        framework="jeugdwet_zin",
        instrument="ijw_toewijzing",
        status="toegekend",
    )
    _funded(
        world, world.other_school, 12, framework="wlz", instrument="indicatie", status="toegekend"
    )
    log_in_browser(page, live_server, world.policy_officer)
    page.goto(f"/monitor/financiering/?jaar={LAST_YEAR}")
    section = page.locator("[data-testid=funding-collective]")
    expect(section.locator("h2")).to_have_text("Waar collectief inkopen goedkoper zou zijn")
    expect(section.locator('[data-law="jeugdwet_zin|ijw_toewijzing"]')).to_contain_text(
        world.provider.name, use_inner_text=True
    )
    expect(section.locator('[data-law="wlz|indicatie"]')).to_contain_text("10", use_inner_text=True)
    assert_sound_page(page, "financiering met kandidaten")
    page.locator("[data-testid=funding-collective-link]").click()
    expect(page.locator("h1")).to_contain_text("Individueel → collectief", use_inner_text=True)
    assert f"jaar={LAST_YEAR}" in page.url
    expect(page.locator("[data-testid=monitor-candidates]")).to_contain_text(
        world.provider.name, use_inner_text=True
    )

    region_scope = world.policy_officer.memberships.first().pk
    log_in_browser(page, live_server, world.coordinator)
    page.goto(f"/monitor/financiering/?jaar={LAST_YEAR}&bron={region_scope}")
    expect(page.locator("[data-testid=monitor-scope]")).to_contain_text(
        world.school.name, use_inner_text=True
    )
    expect(page.locator("[data-testid=monitor-scope]")).not_to_contain_text(
        world.region.name, use_inner_text=True
    )
    section = page.locator("[data-testid=funding-collective]")
    expect(section.locator('[data-law="jeugdwet_zin|ijw_toewijzing"]')).to_have_count(1)
    expect(section.locator('[data-law="wlz|indicatie"]')).to_have_count(0)


def test_leerplicht_records_a_vrijstelling_and_the_policy_officer_reads_the_outcomes(
    browser, live_server
):
    """The leerplichtambtenaar records a vrijstelling from the dossier (a clear message
    first for an end before the start); the policy officer reads the regional outcomes:
    charts with their tables, the rule, no serious axe finding."""
    from arrangeer.cases.constants import Destination
    from arrangeer.referrals.models import Exemption

    from .test_outcomes import closed

    world = build_world()
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = context.new_page()
    log_in_browser(page, live_server, world.users["leerplicht"])
    page.goto(f"/dossiers/{world.case.uuid}/")
    page.get_by_role("link", name="Vrijstelling vastleggen").click()
    assert_sound_page(page, "vrijstelling")
    page.locator("select[name=ground]").select_option("5a")
    page.locator("input[name=starts_on]").fill("2026-03-01")
    page.locator("input[name=ends_on]").fill("2026-02-01")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#foutoverzicht")).to_contain_text("De einddatum moet na de begindatum")
    page.locator("input[name=ends_on]").fill("2027-03-01")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("[data-testid=exemptions]")).to_contain_text("lichamelijke")
    assert Exemption.objects.get().ground == "5a"
    context.close()

    closed(world, world.school, 14, Destination.REGULAR)
    closed(world, world.other_school, 12, Destination.SPECIAL)
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = context.new_page()
    log_in_browser(page, live_server, world.policy_officer)
    page.goto(f"/monitor/uitkomsten/?jaar={LAST_YEAR}")
    expect(page.locator("h1")).to_contain_text("Regionale uitkomsten", use_inner_text=True)
    expect(page.locator("[data-testid=monitor-rule]")).to_contain_text("minder dan 10 kinderen")
    assert page.locator("svg[role=img]").count() >= 5
    expect(page.locator('[data-table="na_afsluiting"]')).to_contain_text("Regulier onderwijs")
    assert_sound_page(page, "uitkomsten")
    context.close()


def test_the_policy_officer_reads_the_reach_of_the_target_group(page, live_server):
    """Bereik with the region's target group rules: the table of children in and outside
    the group with the share, beside its chart; axe-core finds nothing serious."""
    from arrangeer.monitor.models import TargetRule

    from .helpers import LAST_YEAR

    world = build_world()
    TargetRule.objects.create(region=world.region, name="Thuiszitters", is_thuiszitter=True)
    arrangements(world.region, world.school, world.coordinator, 24, is_thuiszitter=True)
    arrangements(world.region, world.other_school, world.coordinator, 31)
    log_in_browser(page, live_server, world.policy_officer)
    page.goto(f"/monitor/bereik/?jaar={LAST_YEAR}")
    section = page.locator("[data-table=doelgroep]")
    expect(section.locator("h2")).to_have_text("Bereik van de doelgroep, per schooljaar")
    expect(section.locator("thead")).to_contain_text("Aandeel (procent)", use_inner_text=True)
    # 24 in the group, 31 outside: 25 and 30 of 55, 45 %.
    expect(section.locator("tbody tr").last).to_contain_text("25", use_inner_text=True)
    expect(section.locator("tbody tr").last).to_contain_text("45", use_inner_text=True)
    assert section.locator("svg[role=img] title").count() == 1
    assert_sound_page(page, "bereik met doelgroep")


def test_the_swv_policy_officer_reads_the_monitor_of_the_swvs_schools(page, live_server):
    """The SWV's policy officer: the figures of the SWV's schools, a school filter with only
    those schools and no SWV filter; axe-core finds nothing serious."""
    from arrangeer.organisations.constants import Role
    from arrangeer.organisations.models import Membership, Organisation
    from arrangeer.testing.factories import UserFactory

    world = build_world()
    Organisation.objects.filter(pk=world.school.pk).update(swv=world.swv)
    arrangements(world.region, world.school, world.coordinator, 24)
    arrangements(world.region, world.other_school, world.coordinator, 31)
    officer = UserFactory(username="beleid_swv_browser")
    Membership.objects.create(user=officer, organisation=world.swv, role=Role.POLICY_OFFICER)
    log_in_browser(page, live_server, officer)
    page.goto("/")
    page.get_by_role("link", name="Open de regionale monitor").click()
    expect(page.locator("[data-testid=monitor-scope]")).to_contain_text(
        world.swv.name, use_inner_text=True
    )
    expect(page.get_by_label("Samenwerkingsverband", exact=True)).to_have_count(0)
    school = page.get_by_label("School", exact=True)
    expect(school.locator("option")).to_have_count(2)  # all schools, and the SWV's one
    school.select_option(label=world.school.name)
    page.get_by_role("button", name="Tonen").click()
    assert f"school={world.school.pk}" in page.url
    assert_sound_page(page, "monitor van het SWV")
    page.goto("/monitor/doelrealisatie/")
    assert_sound_page(page, "doelrealisatie van het SWV")
