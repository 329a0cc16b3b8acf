"""The plan in a real browser: axe-core finds nothing serious on its pages, and a coordinator
writes, sends for agreement, records the parents' paper instemming, adopts, adjusts and
compares a plan. In English (the Dutch wording is added to the catalogue separately)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from arrangeer.plans import services
from arrangeer.testing.browser import assert_sound_page, log_in_browser
from arrangeer.testing.plans import access_for
from arrangeer.testing.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STATIC = Path(__file__).resolve().parents[2] / "static"


@pytest.fixture
def english(browser: Any, live_server: Any, settings: Any) -> Any:
    # The stylesheet lives outside the apps; serve it so axe checks the pages as people see them.
    settings.STATICFILES_DIRS = [STATIC]
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.add_cookies([{"name": "arrangeer_language", "value": "en", "url": live_server.url}])
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def _check(page: Any, path: str) -> None:
    page.goto(path)
    assert_sound_page(page, path)


def test_plan_pages_have_no_serious_accessibility_findings(english, live_server):
    world = build_world(with_plan=True)
    assert world.plan is not None
    page = english
    log_in_browser(page, live_server, world.coordinator)
    case = world.case.uuid
    goal, module = world.plan.education_goal.uuid, world.plan.education_module.uuid
    base = f"/dossiers/{case}/plan"
    for path in [
        f"/dossiers/{case}/",
        f"{base}/",
        f"{base}/domeinen/nieuw/",
        f"{base}/netwerk/nieuw/",
        f"{base}/behoeften/nieuw/",
        f"{base}/doelen/nieuw/?zoek=lezen",
        f"{base}/modules/nieuw/",
        f"{base}/doelen/{goal}/",
        f"{base}/doelen/{goal}/meting/",
        f"{base}/modules/{module}/levering/",
        f"{base}/versies/",
        f"{base}/versies/1/",
        f"{base}/vergelijken/",
        f"{base}/bijlagen/",
    ]:
        _check(page, path)
    # A form with its error summary, too.
    page.goto(f"{base}/doelen/nieuw/")
    page.get_by_role("button", name="Save").click()
    page.locator("#foutoverzicht").wait_for()
    expect(page.locator("#foutoverzicht")).to_contain_text(
        "Missing SMART part", use_inner_text=True
    )
    assert_sound_page(page)
    regie = access_for(world.coordinator, world.case)
    services.send_for_agreement(regie)
    _check(page, f"{base}/instemming/")
    _check(page, f"{base}/vaststellen/")
    version = world.plan.plan.versions.get(number=2)
    services.record_parent_agreement(
        regie,
        content_hash=version.content_hash,
        representative=world.parent,
        decision="instemming",
        given_on=timezone.localdate(),
        evidence="papier",
    )
    services.adopt_plan(
        regie,
        content_hash=version.content_hash,
        child_heard="vooraf",
        child_view="Goed",
        child_view_category="onderwijs",
    )
    _check(page, f"{base}/evaluaties/nieuw/")
    _check(page, f"{base}/bijstellen/")


def test_a_coordinator_writes_sends_records_instemming_adopts_adjusts_and_compares(
    english, live_server
):
    world = build_world()
    page = english
    log_in_browser(page, live_server, world.coordinator)
    page.goto(f"/dossiers/{world.case.uuid}/")
    page.get_by_role("link", name="Plan", exact=True).click()
    page.wait_for_url(re.compile(r".*/plan/$"))

    page.get_by_role("link", name="Add a goal").click()
    page.get_by_label("Education or care and upbringing").select_option("onderwijs")
    page.get_by_label("Goal", exact=True).fill("Sem reads a text at level E5")
    page.get_by_label("Who works on it").fill("Sem and the teacher")
    page.get_by_label("By when").fill(
        (timezone.localdate().replace(day=1))
        .replace(year=timezone.localdate().year + 1)
        .isoformat()
    )
    page.get_by_label("Indicator").fill("Reading test")
    page.get_by_label("Baseline").fill("Level M4")
    page.get_by_label("Target").fill("Level E5")
    page.get_by_label("Achieved, partly or not").check()
    page.get_by_label("Data category").select_option("onderwijs")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r".*/plan/#doelen$"))

    page.get_by_role("link", name="Add a module").click()
    page.get_by_label("Title").fill("Reading support in class")
    page.get_by_label("Education or care").select_option("onderwijs")
    page.get_by_label("Provider").select_option(label=f"{world.school.name} (School)")
    page.get_by_label("Function").select_option("versterken")
    page.get_by_label("Place", exact=True).select_option("school")
    page.get_by_label("Intensity").fill("2")
    today = timezone.localdate()
    page.get_by_label("Start").fill(today.isoformat())
    page.get_by_label("End", exact=True).fill(today.replace(year=today.year + 1).isoformat())
    page.get_by_label("Sem reads a text at level E5 (Education)").check()
    page.get_by_label("Funding framework").select_option("wpo_school")
    page.get_by_label("Instrument").select_option("geen")
    page.get_by_label("Method", exact=True).fill("Repeated reading three times a week")
    page.get_by_label("Why this method should reach the goal").fill("It builds fluency")
    page.get_by_label("Data category").select_option("onderwijs")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r".*/plan/#modules$"))

    page.get_by_test_id("send-for-agreement").click()
    page.wait_for_url(re.compile(r".*/plan/$"))
    assert page.get_by_test_id("plan-status").get_attribute("data-status") == "awaiting_agreement"

    page.get_by_role("link", name="Record a parent's instemming").click()
    page.get_by_label("Parent or carer with parental authority").select_option(
        value=str(world.parent.pk)
    )
    page.get_by_label("Agrees with the handelingsdeel").check()
    page.get_by_label("How it was given").select_option("papier")
    page.get_by_role("button", name="Record").click()
    page.wait_for_url(re.compile(r".*/plan/$"))
    expect(page.get_by_test_id("agreements")).to_contain_text(
        "Agrees with the handelingsdeel", use_inner_text=True
    )

    page.get_by_role("link", name="Adopt the plan").click()
    page.get_by_label("The child took part in the meeting").check()
    page.get_by_label("The child's view on the plan").fill("I want to read better.")
    page.get_by_role("button", name="Adopt", exact=True).click()
    page.wait_for_url(re.compile(r".*/plan/$"))
    assert page.get_by_test_id("plan-status").get_attribute("data-status") == "adopted"

    page.get_by_role("link", name="Adjust the plan").click()
    page.get_by_label("Why is the plan adjusted?").fill("The target can be higher")
    page.get_by_role("button", name="Start the adjustment").click()
    page.wait_for_url(re.compile(r".*/plan/$"))
    page.get_by_role("link", name=re.compile(r"^Change\W+Sem reads")).click()
    page.get_by_label("Target").fill("Level E6")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r".*/plan/#doelen$"))

    page.get_by_role("link", name="Compare versions").click()
    changes = page.get_by_test_id("changes").inner_text()
    assert "Changed" in changes and "Level E5" in changes and "Level E6" in changes
    assert_sound_page(page)


def test_the_youth_team_records_a_granted_decision_on_the_adopted_plan(english, live_server):
    from arrangeer.plans.models import Module, PlanVersion
    from arrangeer.testing.plans import PlanWork

    world = build_world(with_plan=True)
    assert world.plan is not None
    PlanWork(world.coordinator, world.case, world.school).agree_and_adopt()
    versions = PlanVersion.objects.count()
    care = world.plan.care_module
    page = english
    log_in_browser(page, live_server, world.youth_worker)
    page.goto(f"/dossiers/{world.case.uuid}/plan/")
    page.get_by_role("link", name=re.compile("Record the decision")).click()
    assert_sound_page(page)
    page.get_by_label("Granted").check()
    page.get_by_label("Reference number (kenmerk)").fill("JW-2026-321")
    today = timezone.localdate().isoformat()
    page.get_by_label("Requested on").fill(today)
    page.get_by_label("Decided on").fill(today)
    page.get_by_role("button", name="Record the decision").click()
    page.get_by_text("The decision was recorded.").wait_for()
    history = page.locator('[data-testid="decision-records"]')
    expect(history).to_contain_text("JW-2026-321", use_inner_text=True)
    assert Module.objects.get(pk=care.pk).decision_status == "toegekend"
    assert PlanVersion.objects.count() == versions  # no new version
