"""The escalatieladder in a real browser (English): a youth worker raises an escalation from
the dossier (a clear message first for a single partner), a party asks the next level, and the
doorbraakfunctionaris of a one-level-higher ladder takes the binding decision. axe-core finds
nothing serious on the pages."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from arrangeer.escalations.constants import EscalationStatus
from arrangeer.escalations.models import Escalation, LadderLevel
from arrangeer.plans.models import Module
from arrangeer.testing.browser import assert_sound_page, log_in_browser
from arrangeer.testing.escalations import ladder
from arrangeer.testing.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STATIC = Path(__file__).resolve().parents[2] / "static"
DETAIL = re.compile(r".*/escalaties/[0-9a-f-]+/$")


@pytest.fixture
def english(browser: Any, live_server: Any, settings: Any, transactional_db: Any) -> Any:
    settings.STATICFILES_DIRS = [STATIC]
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.add_cookies([{"name": "arrangeer_language", "value": "en", "url": live_server.url}])
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def test_raise_move_up_and_take_the_binding_decision(english, browser, live_server):
    world = build_world(with_plan=True)
    assert world.plan is not None
    levels = ladder(world.region, board=world.swv, breakthrough=world.municipality)
    # A two-level ladder: the team, then the doorbraakfunctionaris at the municipality.
    LadderLevel.objects.filter(pk__in=[levels[1].pk, levels[2].pk]).delete()
    page = english
    log_in_browser(page, live_server, world.youth_worker)
    case = world.case.uuid

    page.goto(f"/dossiers/{case}/escalaties/")
    assert_sound_page(page)
    page.get_by_role("link", name="Raise an escalation").click()
    assert_sound_page(page)
    page.get_by_label("Module it is about").select_option(str(world.plan.care_module.pk))
    page.get_by_label("What must be decided?").fill("Wie betaalt de begeleiding op school?")
    page.get_by_label("The options on the table").fill("De gemeente of het SWV")
    page.get_by_label("Jeugdteam Test").check()
    page.get_by_label("Cost at stake (euro)").fill("6000")
    page.get_by_role("button", name="Raise the escalation").click()
    page.locator("#foutoverzicht").wait_for()
    assert (
        "Choose at least two partners who disagree." in page.locator("#foutoverzicht").inner_text()
    )
    assert_sound_page(page)
    page.get_by_label("SWV Test").check()
    page.get_by_role("button", name="Raise the escalation").click()
    page.wait_for_url(DETAIL)
    assert_sound_page(page)

    # The youth team is a party: it asks the doorbraakfunctionaris to decide now.
    page.get_by_label("Why").first.fill("We komen er in het team niet uit")
    page.get_by_role("button", name="Move up to the next level").click()
    page.wait_for_url(DETAIL)
    escalation = Escalation.objects.get()
    assert escalation.level.name == "Doorbraakfunctionaris"

    # The doorbraakfunctionaris finds it in My actions and decides.
    decider = browser.new_context(base_url=live_server.url, locale="en-GB")
    decider.add_cookies([{"name": "arrangeer_language", "value": "en", "url": live_server.url}])
    other = decider.new_page()
    log_in_browser(other, live_server, world.policy_officer)
    other.goto("/acties/")
    other.get_by_role("link", name=re.compile("Decide at level 4")).click()
    other.wait_for_url(DETAIL)
    assert_sound_page(other)
    other.get_by_role("link", name="Take the binding decision").click()
    assert_sound_page(other)
    other.get_by_label("Who pays").select_option(str(world.municipality.pk))
    other.get_by_label("From which law").select_option("jeugdwet_zin")
    other.get_by_label("With which decision (instrument)").select_option("beschikking")
    other.get_by_label("What is paid").fill("Begeleiding op school, 2 uur per week")
    other.get_by_label("From", exact=True).fill(timezone.localdate().isoformat())
    other.get_by_role("button", name="Record the decision").click()
    # Decided, it no longer waits at their level: back to their actions, the door shut.
    other.wait_for_url(re.compile(r".*/acties/$"))
    assert "The decision is recorded." in other.content()
    # Above the team, the door shut with the decision: no route page of the case either.
    response = other.goto(f"/dossiers/{case}/route/")
    assert response is not None and response.status == 404
    decider.close()
    page.reload()
    assert "binding: this is the module's funding decision" in page.content()
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.DECIDED
    assert Module.objects.get(pk=world.plan.care_module.pk).instrument == "beschikking"

    # The route's timeline tells the team each step: raised, moved up, decided.
    title = world.plan.care_module.title
    page.goto(f"/dossiers/{case}/route/")
    assert_sound_page(page)
    steps = page.locator('tr[data-kind="escalation"]')
    expect(steps).to_have_count(3)
    expect(steps.last).to_contain_text(title)
    # The teacher (education only) reads that it happened, not which module it is about.
    school = browser.new_context(base_url=live_server.url, locale="en-GB")
    school.add_cookies([{"name": "arrangeer_language", "value": "en", "url": live_server.url}])
    teacher = school.new_page()
    log_in_browser(teacher, live_server, world.users["teacher"])
    teacher.goto(f"/dossiers/{case}/route/")
    teacher_steps = teacher.locator('tr[data-kind="escalation"]')
    expect(teacher_steps).to_have_count(3)
    expect(teacher.locator("main")).not_to_contain_text(title)
    school.close()
