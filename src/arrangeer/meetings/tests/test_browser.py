"""The MDO in a real browser (English): a coordinator plans an MDO with invitees, records the
parents' approval, sends the invitations (with an ICS, no child name), moves the route on past
the guard, records the meeting with attendance, minutes and an agreement, approves the minutes
and finds the agreement in My actions. axe-core finds nothing serious on the pages."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from django.core import mail
from django.utils import timezone

import pytest
from playwright.sync_api import expect

from arrangeer.cases import journey
from arrangeer.cases.access import Actor, access_case
from arrangeer.meetings.models import Meeting
from arrangeer.testing.browser import assert_sound_page, log_in_browser
from arrangeer.testing.meetings import meeting_started
from arrangeer.testing.routes import ship_routes
from arrangeer.testing.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEETING_PAGE = re.compile(r".*/overleg/[0-9a-f-]+/(#.*)?$")
STATIC = Path(__file__).resolve().parents[2] / "static"


@pytest.fixture
def english(browser: Any, live_server: Any, settings: Any, transactional_db: Any) -> Any:
    ship_routes()
    settings.STATICFILES_DIRS = [STATIC]
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.add_cookies([{"name": "arrangeer_language", "value": "en", "url": live_server.url}])
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def _move(page: Any, step_name: str) -> None:
    form = page.locator("[data-testid=move]")
    form.get_by_label(re.compile(rf"^To step \d+: {re.escape(step_name)}$")).check()
    form.get_by_role("button", name="Move on").click()
    page.wait_for_url(re.compile(r".*/route/$"))
    expect(page.locator("[data-testid=current-step]")).to_contain_text(
        step_name, use_inner_text=True
    )


def test_a_coordinator_plans_invites_holds_and_follows_up_an_mdo(english, live_server):
    world = build_world(with_plan=True)
    regie = access_case(Actor(world.coordinator), world.case.uuid)
    journey.record_school_plan(
        regie, kind="opp", evaluated_on=timezone.localdate(), missing_reason=""
    )
    page = english
    log_in_browser(page, live_server, world.coordinator)
    case = world.case.uuid
    page.goto(f"/dossiers/{case}/route/")
    _move(page, "Informeren en voorbereiden")
    assert page.locator("[data-check=invitees_approved]").get_attribute("data-passed") == "no"

    # Plan the MDO.
    page.goto(f"/dossiers/{case}/")
    page.locator("[data-testid=meetings]").get_by_role("link", name="Plan an MDO").click()
    assert_sound_page(page)
    day = timezone.localdate() + dt.timedelta(days=7)
    page.get_by_label("Kind of meeting").select_option("eerste_mdo")
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("End time").fill("09:00")
    page.get_by_label("Place").fill("Basisschool De Test")
    page.get_by_label("An interpreter is needed").check()
    page.get_by_label("Language of the interpreter").fill("Arabisch")
    page.get_by_role("button", name="Plan").click()
    page.locator("#foutoverzicht").wait_for()
    expect(page.locator("#foutoverzicht")).to_contain_text(
        "The meeting must end after it starts.", use_inner_text=True
    )
    assert_sound_page(page)
    assert not Meeting.objects.exists()
    page.get_by_label("End time").fill("11:00")
    page.get_by_role("button", name="Plan").click()
    page.wait_for_url(MEETING_PAGE)
    assert_sound_page(page)
    meeting = Meeting.objects.get()

    # Invite the teacher; the parents approve the chair and the teacher (recorded by phone).
    page.get_by_label("Invite a team member").select_option(str(world.members["teacher"].pk))
    page.get_by_role("button", name="Propose this invitee").click()
    page.wait_for_url(MEETING_PAGE)
    for name in ("Coordinator Test", "Teacher Test"):
        page.get_by_role("link", name=f"Record the parents' answer about {name}").click()
        assert_sound_page(page)
        page.get_by_label("Approved").check()
        page.get_by_label("Parent or carer with parental authority").select_option(
            str(world.parent.pk)
        )
        page.get_by_label("How the parent answered").select_option("telefoon")
        page.get_by_role("button", name="Record").click()
        page.wait_for_url(MEETING_PAGE)
    page.get_by_role("button", name="Send the invitations").click()
    page.wait_for_url(MEETING_PAGE)
    to_teacher = [m for m in mail.outbox if world.teacher.email in m.to]
    assert len(to_teacher) == 1
    ics = str(to_teacher[0].attachments[0][1])
    assert "METHOD:REQUEST" in ics
    for detail in (world.child.first_name, world.child.last_name):
        assert detail not in ics and detail not in to_teacher[0].body

    # The route moves on past the guard.
    page.goto(f"/dossiers/{case}/route/")
    assert page.locator("[data-check=invitees_approved]").get_attribute("data-passed") == "yes"
    _move(page, "Organiseren van het breed overleg")

    # Before the day, the meeting page offers no record yet.
    page.goto(f"/dossiers/{case}/overleg/{meeting.uuid}/")
    expect(page.get_by_role("link", name="Record the meeting")).to_have_count(0)
    # The day comes: hold and record the meeting.
    meeting_started(meeting)
    page.goto(f"/dossiers/{case}/overleg/{meeting.uuid}/")
    page.get_by_role("link", name="Record the meeting").click()
    assert_sound_page(page)
    for select in page.get_by_label(re.compile(r"^Attendance of")).all():
        select.select_option("aanwezig")
    page.get_by_label("Minutes: Gezamenlijk doelen stellen").fill("Doel lezen afgesproken.")
    page.get_by_role("button", name="Save the record").click()
    page.get_by_role("button", name="Add the agreement").wait_for()
    page.locator("#id_actie-what").fill("Leesobservatie in de klas")
    page.locator("#id_actie-owner").select_option(
        str(world.case.team.get(membership__user=world.coordinator).pk)
    )
    page.locator("#id_actie-due").fill((timezone.localdate() + dt.timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Add the agreement").click()
    page.get_by_role("button", name="Approve the minutes").first.wait_for()
    assert_sound_page(page)
    page.get_by_role("button", name="Approve the minutes").first.click()
    page.wait_for_url(MEETING_PAGE)
    expect(page.locator("[data-testid=meeting-status]")).to_have_text(
        "Minutes approved", use_inner_text=True
    )
    assert_sound_page(page)

    # The agreement is in My actions, and the MDO's guards hold on the route.
    page.goto("/acties/")
    assert "MDO agreement: Leesobservatie in de klas" in page.content()
    page.goto(f"/dossiers/{case}/route/")
    for guard in ("mdo_held_with_parents", "child_heard"):
        assert page.locator(f"[data-check={guard}]").count() in (0, 1)
    assert Meeting.objects.get().status == "vastgesteld"
