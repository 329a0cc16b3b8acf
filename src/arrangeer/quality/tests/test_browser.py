"""The quality contact point in a real browser (English): a parent reports a concern in the
portal (a clear message first for an empty form), the handler finds it in My actions,
acknowledges it and records the outcome, and the parent reads the outcome. axe-core finds
nothing serious on the pages."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from arrangeer.quality.constants import ConcernStatus
from arrangeer.quality.models import Concern
from arrangeer.testing.browser import assert_sound_page, log_in_browser
from arrangeer.testing.quality import contact_point
from arrangeer.testing.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STATIC = Path(__file__).resolve().parents[2] / "static"
FAMILY_DETAIL = re.compile(r".*/gezin/[0-9a-f-]+/kwaliteit/[0-9a-f-]+/$")
DETAIL = re.compile(r".*/dossiers/[0-9a-f-]+/kwaliteit/[0-9a-f-]+/$")


def _english(browser: Any, live_server: Any) -> tuple[Any, Any]:
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.add_cookies([{"name": "arrangeer_language", "value": "en", "url": live_server.url}])
    context.set_default_timeout(15_000)
    return context, context.new_page()


def test_report_acknowledge_and_the_outcome_seen_by_the_parent(
    browser, live_server, settings, transactional_db
):
    settings.STATICFILES_DIRS = [STATIC]
    world = build_world(with_plan=True)
    contact_point(world)
    parent_context, page = _english(browser, live_server)
    log_in_browser(page, live_server, world.users["parent"])
    case = world.case.uuid

    page.goto(f"/gezin/{case}/kwaliteit/")
    assert_sound_page(page)
    page.get_by_role("link", name="Tell the contact point").click()
    assert_sound_page(page)
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#foutoverzicht")).to_contain_text("Write what worries you.")
    assert_sound_page(page)
    page.get_by_label("Meldpunt kwaliteit Gemeente Test").check()
    page.get_by_label("The support at school").check()
    page.get_by_label("Which school or organisation gives the support?").select_option(
        str(world.school.pk)
    )
    page.get_by_label("What worries you?").fill("De leesbegeleiding gaat steeds niet door.")
    page.get_by_label("Since when?").fill(
        (timezone.localdate() - dt.timedelta(days=14)).isoformat()
    )
    page.get_by_label("School and group").check()
    page.get_by_role("button", name="Send").click()
    page.wait_for_url(FAMILY_DETAIL)
    assert_sound_page(page)
    expect(page.get_by_test_id("concern-status")).to_have_text("Received")

    # The handler at the municipality's contact point finds it in My actions.
    handler_context, other = _english(browser, live_server)
    log_in_browser(other, live_server, world.policy_officer)
    other.goto("/acties/")
    assert_sound_page(other)
    other.get_by_role("link", name=re.compile("Acknowledge the concern about")).click()
    other.wait_for_url(DETAIL)
    assert_sound_page(other)
    expect(other.get_by_test_id("concern")).to_contain_text("De leesbegeleiding")
    other.get_by_label("Message to the reporter").fill("We bellen de school deze week.")
    other.get_by_role("button", name="Acknowledge", exact=True).click()
    expect(other.get_by_test_id("concern-status")).to_have_text("Being handled")
    other.get_by_role("link", name="Record the handling or the outcome").click()
    assert_sound_page(other)
    other.get_by_label("The outcome (the reporter reads it; this closes the concern)").check()
    other.get_by_label("Text").fill("De school plant de begeleiding weer elke week in.")
    other.get_by_role("button", name="Record").click()
    expect(other.get_by_test_id("concern-status")).to_have_text("Closed with an outcome")
    handler_context.close()

    page.reload()
    expect(page.get_by_test_id("concern-outcome")).to_have_text(
        "De school plant de begeleiding weer elke week in."
    )
    expect(page.get_by_test_id("concern-steps")).to_contain_text("We bellen de school deze week.")
    assert_sound_page(page)
    parent_context.close()
    assert Concern.objects.get().status == ConcernStatus.CLOSED
