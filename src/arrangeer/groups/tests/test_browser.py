"""A group arrangement in a real browser (English): the policy officer writes the proposal
and business case, records the five bodies of Alkmaar's route, sets up and starts the group;
the coordinator records a child's joint intake (a clear message first without the parents'
view) and its outflow. axe-core finds nothing serious on the pages."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from django.utils import timezone

import pytest

from arrangeer.groups.constants import GroupStatus, PlacementStatus
from arrangeer.groups.models import GroupArrangement, Placement
from arrangeer.organisations.models import Membership
from arrangeer.testing import groups as helpers
from arrangeer.testing.browser import assert_sound_page, log_in_browser
from arrangeer.testing.world import build_world

from .conftest import young_child

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STATIC = Path(__file__).resolve().parents[2] / "static"
DETAIL = re.compile(r".*/groepen/[0-9a-f-]+/$")


@pytest.fixture(autouse=True)
def _shipped_route(transactional_db: None) -> None:
    """The route shipped with the product is data from a migration, and a transactional test
    that ran before this one in the same process flushed it: put it back."""
    helpers.restore_shipped_route()


def _context(browser: Any, live_server: Any) -> Any:
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.add_cookies([{"name": "arrangeer_language", "value": "en", "url": live_server.url}])
    context.set_default_timeout(15_000)
    return context


def test_proposal_route_intake_and_outflow(browser, live_server, settings):
    settings.STATICFILES_DIRS = [STATIC]
    world = build_world(with_plan=True)
    officer_context = _context(browser, live_server)
    page = officer_context.new_page()
    log_in_browser(page, live_server, world.policy_officer)

    page.goto("/groepen/")
    assert_sound_page(page)
    page.get_by_role("link", name="New proposal").click()
    assert_sound_page(page)
    page.get_by_label("Name of the group arrangement").fill("Startklas Walk")
    labels = {
        "occasion": "Occasion (aanleiding)",
        "target_group": "Target group",
        "problem": "Problem statement",
        "objective": "Objective",
        "financing": "Financing",
    }
    for field, label in labels.items():
        page.get_by_label(label).fill(helpers.PROPOSAL[field])
    with page.expect_navigation():
        page.get_by_role("button", name="Save the proposal").click()
    page.wait_for_url(DETAIL)
    assert_sound_page(page)
    page.get_by_role("link", name="Change the business case").click()
    assert_sound_page(page)
    page.get_by_label("Summary").fill("Een groep in plaats van losse arrangementen.")
    page.get_by_label("Cost of the group per year (euro)").fill("240000")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the business case").click()
    page.wait_for_url(DETAIL)
    with page.expect_navigation():
        page.get_by_role("button", name="Send into the decision route").click()
    page.wait_for_url(DETAIL)
    for body, outcome in (
        ("Beleidsoverleg", "Informed"),
        ("RBO", "Informed"),
        ("Regisseursoverleg", "Approved"),
        ("PORA", "Approved"),
        ("OOGO", "Approved"),
    ):
        page.get_by_role("link", name=f"Record for {body}").click()
        assert_sound_page(page)
        page.get_by_label(outcome, exact=True).check()
        with page.expect_navigation():
            page.get_by_role("button", name="Record").click()
        page.wait_for_url(DETAIL)
    group = GroupArrangement.objects.get(name="Startklas Walk")
    assert group.status == GroupStatus.APPROVED
    assert_sound_page(page)

    page.get_by_role("link", name="Set up the group").click()
    assert_sound_page(page)
    member = {
        name: str(Membership.objects.get(user=world.users[name]).pk)
        for name in world.users
        if Membership.objects.filter(user=world.users[name]).count() == 1
    }
    page.get_by_label("Places").fill("12")
    page.get_by_label("School").select_option(str(world.school.pk))
    page.get_by_label("Teacher").select_option(member["teacher"])
    page.get_by_label("Teaching assistant", exact=False).first.select_option(
        member["school_colleague"]
    )
    page.get_by_label("Hours of the teaching assistant a week").fill("24")
    page.get_by_label("Pedagogical professional (youth care provider)").select_option(
        member["care_worker_withdrawn"]
    )
    page.get_by_label("Hours a week a child is in the group").fill("22")
    page.get_by_label("Funding framework").select_option("wpo_swv")
    page.get_by_label("Instrument").select_option("swv_arrangement")
    page.get_by_label("Intake age in months").fill("42")
    page.get_by_label("Goals of the group").fill("Doorstromen naar het regulier onderwijs")
    page.get_by_label("Approach of the group").fill("Onderwijs en zorg in één klas")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    page.wait_for_url(DETAIL)
    with page.expect_navigation():
        page.get_by_role("button", name="Start the group").click()
    page.wait_for_url(DETAIL)
    group.refresh_from_db()
    assert group.status == GroupStatus.RUNNING
    officer_context.close()

    # 3 years and 7 months, taken in a week ago: the child leaves after its first day.
    case, goal = young_child(world, months=43, preschool=True)
    coordinator_context = _context(browser, live_server)
    page = coordinator_context.new_page()
    log_in_browser(page, live_server, world.coordinator)
    page.goto(f"/groepen/{group.uuid}/intake/")
    assert_sound_page(page)
    page.get_by_role("link", name=case.child.full_name).click()
    assert_sound_page(page)
    page.get_by_label("Date of the intake").fill(
        (timezone.localdate() - dt.timedelta(days=7)).isoformat()
    )
    page.get_by_role("group", name="What the parents prefer").get_by_label("The group").check()
    page.get_by_role("group", name="Decision of the intake").get_by_label("The group").check()
    page.get_by_label(goal.what).check()
    page.get_by_role("button", name="Record the intake").click()
    page.locator("#foutoverzicht").wait_for()
    assert "the intake is a joint decision" in page.locator("#foutoverzicht").inner_text()
    assert_sound_page(page)
    page.get_by_label("The parents' view").fill("Moeder kiest samen met de school voor de groep.")
    page.get_by_role("button", name="Record the intake").click()
    page.wait_for_url(re.compile(r".*/intake/$"))
    assert_sound_page(page)
    placement = Placement.objects.get(group=group, case=case)
    assert placement.status == PlacementStatus.PLACED and placement.module is not None

    page.goto(f"/groepen/{group.uuid}/uitstroom/{case.uuid}/")
    assert_sound_page(page)
    page.get_by_label("Left the group on").fill(timezone.localdate().isoformat())
    page.get_by_label("A regular class").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Record the outflow").click()
    page.wait_for_url(re.compile(r".*/uitstroom/.*"))
    assert_sound_page(page)
    # The place ended in the plan; the page leads to the plan and the warm handover.
    assert page.get_by_role("link", name="the warm handover to the next school").count() == 1
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.LEFT
    assert placement.module is not None
    placement.module.refresh_from_db()
    assert placement.module.ended_on == timezone.localdate()
    coordinator_context.close()
