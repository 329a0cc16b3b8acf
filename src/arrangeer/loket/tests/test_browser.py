"""The Loket consult in a real browser (English): the regisseur asks the Loket (a clear message
first for a question without what was tried), the Loket's adviser finds it in My actions and
advises a partner and a module, and the regisseur takes both over. axe-core finds nothing
serious on the pages."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from arrangeer.cases.constants import MemberStatus
from arrangeer.cases.models import TeamMember
from arrangeer.loket.constants import ConsultStatus
from arrangeer.loket.models import Consult
from arrangeer.organisations.models import Membership
from arrangeer.plans.models import Module
from arrangeer.testing.browser import assert_sound_page, log_in_browser
from arrangeer.testing.loket import loket_in
from arrangeer.testing.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STATIC = Path(__file__).resolve().parents[2] / "static"
DETAIL = re.compile(r".*/loket/[0-9a-f-]+/$")


def _english(browser: Any, live_server: Any) -> Any:
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.add_cookies([{"name": "arrangeer_language", "value": "en", "url": live_server.url}])
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
def english(browser: Any, live_server: Any, settings: Any, transactional_db: Any) -> Any:
    settings.STATICFILES_DIRS = [STATIC]
    context = _english(browser, live_server)
    yield context.new_page()
    context.close()


def test_ask_advise_and_take_over(english, browser, live_server):
    world = build_world(with_plan=True)
    assert world.plan is not None
    desk = loket_in(world)
    page = english
    log_in_browser(page, live_server, world.coordinator)
    case = world.case.uuid

    page.goto(f"/dossiers/{case}/")
    assert_sound_page(page)
    page.get_by_role("link", name="Ask the Integraal Loket for advice").click()
    assert_sound_page(page)
    page.get_by_label("Your question for the Loket").fill("Hoe krijgen we Sem weer naar school?")
    page.get_by_role("button", name="Send the question").click()
    expect(page.locator("#foutoverzicht")).to_contain_text("What was already tried")
    assert_sound_page(page)
    page.get_by_label("What was already tried, and its effect").fill("Een aangepast rooster.")
    page.get_by_role("button", name="Send the question").click()
    page.wait_for_url(DETAIL)
    assert_sound_page(page)
    expect(page.get_by_text("Your question is with the Loket.")).to_be_visible()

    # The Loket's adviser finds the question in My actions and advises.
    adviser_context = _english(browser, live_server)
    adviser = adviser_context.new_page()
    log_in_browser(adviser, live_server, desk.adviser)
    adviser.goto("/acties/")
    adviser.get_by_role("link", name=re.compile("Give the Loket's advice")).click()
    adviser.wait_for_url(DETAIL)
    assert_sound_page(adviser)
    adviser.get_by_role("link", name="Write the advice").click()
    assert_sound_page(adviser)
    adviser.get_by_label("Advice", exact=True).fill("Betrek het jeugdteam en bouw schoolgang op.")
    adviser.get_by_label(re.compile("Youth Worker Off Team")).check()
    adviser.get_by_label("Module 1: title").fill("Opbouw schoolgang")
    adviser.get_by_label("Module 1: education or care").select_option("onderwijs")
    adviser.get_by_label("Module 1: function").select_option("opbouwen")
    adviser.get_by_label("Module 1: provider").select_option(str(world.school.pk))
    adviser.get_by_role("button", name="Give the advice").click()
    adviser.wait_for_url(DETAIL)
    expect(adviser.get_by_test_id("advice")).to_contain_text("Betrek het jeugdteam")
    adviser_context.close()

    # The regisseur takes the partner and the module over.
    page.reload()
    assert_sound_page(page)
    page.get_by_role("button", name="Propose for the team").click()
    expect(
        page.get_by_text("Proposed for the team; the family approves the place.")
    ).to_be_visible()
    worker = Membership.objects.get(user=world.youth_worker_off_team)
    assert (
        TeamMember.objects.get(case=world.case, membership=worker).status == MemberStatus.PROPOSED
    )
    page.get_by_role("link", name="Take into the plan").click()
    assert_sound_page(page)
    page.get_by_label(re.compile("AVI-niveau E5")).check()
    page.get_by_label("Place").select_option("school")
    page.get_by_label("Intensity").fill("4")
    today = timezone.localdate()
    page.get_by_label("Start").fill(today.isoformat())
    page.get_by_label("End").fill((today + dt.timedelta(days=90)).isoformat())
    page.get_by_label("Funding framework").select_option("wpo_school")
    page.get_by_label("Instrument").select_option("geen")
    page.get_by_label("Method", exact=True).fill("Stapsgewijs meer uren op school.")
    page.get_by_label("Why this method should reach the goal").fill("Kleine stappen werken.")
    page.get_by_role("button", name="Add to the plan's draft").click()
    page.wait_for_url(DETAIL)
    expect(page.get_by_text("The module is in the plan's draft.")).to_be_visible()
    assert Module.objects.filter(title="Opbouw schoolgang", plan__case=world.case).exists()

    page.get_by_label("What was done with the advice", exact=True).fill(
        "Jeugdteam voorgesteld, module gepland."
    )
    page.get_by_role("button", name="Record", exact=True).click()
    expect(page.get_by_test_id("outcome")).to_contain_text("Jeugdteam voorgesteld")
    assert Consult.objects.get().status == ConsultStatus.FOLLOWED_UP
