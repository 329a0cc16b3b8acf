"""The warm handover in a real browser (English), one walk, of a move to another region: the
regisseur proposes the receiving school in the other region with that region's SWV and plans
the handover MDO, the family consents, the parents' answer about each invitee is recorded
(one refused), the invitations go out, the receiving coordinator finds the meeting in Mijn
acties, the meeting is held, the regie moves, the handover is done, the case belongs to the receiving region and every party of the
old region leaves. Who must not see the meeting is checked over plain HTTP."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest
from playwright.sync_api import expect

from arrangeer.cases.constants import MemberStatus
from arrangeer.cases.models import TeamMember
from arrangeer.meetings.constants import InviteeStatus, MeetingKind
from arrangeer.meetings.models import Meeting
from arrangeer.organisations.models import Membership, Organisation, Region
from arrangeer.testing.auth import login_verified
from arrangeer.testing.browser import assert_sound_page, log_in_browser
from arrangeer.testing.meetings import meeting_started
from arrangeer.testing.routes import ship_routes
from arrangeer.testing.transitions import with_receiving_side
from arrangeer.testing.world import build_world
from arrangeer.transitions.constants import TransitionStatus
from arrangeer.transitions.models import Transition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STATIC = Path(__file__).resolve().parents[2] / "static"
MEETING_PAGE = re.compile(r".*/overleg/[0-9a-f-]+/(#.*)?$")
TRANSITION_PAGE = re.compile(r".*/overstap/$")


def _context(browser: Any, live_server: Any) -> Any:
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.add_cookies([{"name": "arrangeer_language", "value": "en", "url": live_server.url}])
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
def english(browser: Any, live_server: Any, settings: Any, transactional_db: Any) -> Any:
    ship_routes()  # an earlier transactional test may have emptied the shipped routes
    settings.STATICFILES_DIRS = [STATIC]
    context = _context(browser, live_server)
    yield context.new_page()
    context.close()


def _status(user: Any, path: str) -> int:
    return login_verified(Client(), user).get(path).status_code


def test_the_handover_of_a_move_with_its_mdo_from_proposal_to_the_old_region_leaving(
    english, browser, live_server
):
    world = with_receiving_side(build_world(with_plan=True))
    receiver_user = world.users["far_receiver"]
    far_region = Region.objects.get(slug="andere-regio")
    case = world.case.uuid
    transition_url = f"/dossiers/{case}/overstap/"
    page = english
    log_in_browser(page, live_server, world.coordinator)

    # The regisseur proposes the receiving school.
    page.goto(transition_url)
    assert_sound_page(page)
    page.get_by_role("link", name="Propose the receiving school").click()
    assert_sound_page(page)
    page.get_by_label("Coordinator of the receiving school").select_option(
        str(Membership.objects.get(user=receiver_user).pk)
    )
    page.get_by_label("SWV of the receiving region").select_option(
        str(Organisation.objects.get(name="SWV Elders").pk)
    )
    page.get_by_label("Handover MDO on").fill(
        (timezone.localdate() + dt.timedelta(days=14)).isoformat()
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Propose the receiving school").click()
    assert_sound_page(page)
    expect(page.get_by_test_id("transition-status")).to_have_text(
        "Receiving school proposed, waiting for consent"
    )
    expect(page.locator("main")).to_contain_text("the case moves to this region")

    # … and plans the handover MDO with the current team.
    page.get_by_role("link", name="Plan the handover MDO").click()
    assert_sound_page(page)
    day = timezone.localdate() + dt.timedelta(days=14)
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Start time").fill("14:00")
    page.get_by_label("End time").fill("15:30")
    page.get_by_label("Place").fill("Lyceum Elders, kamer 2")
    with page.expect_navigation():
        page.get_by_role("button", name="Plan the meeting").click()
    page.wait_for_url(MEETING_PAGE)
    assert_sound_page(page)
    meeting = Meeting.objects.get()
    assert meeting.kind == MeetingKind.HANDOVER
    meeting_url = f"/dossiers/{case}/overleg/{meeting.uuid}/"
    # Not on the team yet: the receiver does not see the case, let alone the meeting.
    assert _status(receiver_user, meeting_url) == 404

    # The family consents: the receiver joins the team and is proposed for the meeting.
    page.goto(transition_url)
    page.get_by_role("link", name="Record the family's consent for the handover").click()
    assert_sound_page(page)
    page.get_by_label("Given by parent or carer").select_option(str(world.parent.pk))
    page.get_by_label("Given by the child / young person").check()
    page.get_by_label("Education").check()
    page.get_by_label("How was it given").select_option("signed_form")
    with page.expect_navigation():
        page.get_by_role("button", name="Record the consent").click()
    assert_sound_page(page)
    expect(page.get_by_test_id("transition-status")).to_have_text(
        "Consent given: the receiving school is on the team"
    )
    # Proposed to the parents: the meeting is not theirs until the parents said yes.
    assert _status(receiver_user, f"/dossiers/{case}/") == 200
    assert _status(receiver_user, meeting_url) == 404

    # The parents' answer about each professional: the youth worker is refused, the rest
    # approved (recorded by the regisseur, by phone).
    page.get_by_test_id("handover-meeting").get_by_role("link").click()
    page.wait_for_url(MEETING_PAGE)
    assert_sound_page(page)
    answer_links = page.get_by_role("link", name=re.compile("Record the parents' answer about"))
    answered: set[str] = set()
    while True:
        # A refusal can still be changed: its link stays; each invitee is answered once.
        waiting = [a for a in answer_links.all() if a.text_content() not in answered]
        if not waiting:
            break
        name = waiting[0].text_content() or ""
        answered.add(name)
        refuse = "Youth Worker" in name
        waiting[0].click()
        assert_sound_page(page)
        page.get_by_label("Refused" if refuse else "Approved").check()
        page.get_by_label("Parent or carer with parental authority").select_option(
            str(world.parent.pk)
        )
        page.get_by_label("How the parent answered").select_option("telefoon")
        if refuse:
            page.get_by_label("Reason the parents gave").fill("Liever zonder het jeugdteam")
        with page.expect_navigation():
            page.get_by_role("button", name="Record").click()
        expect(page.get_by_text("The parents' answer was recorded.")).to_be_visible()
    statuses = dict(
        meeting.invitees.filter(team_member__isnull=False).values_list(
            "team_member__membership__user__username", "status"
        )
    )
    assert statuses["far_receiver"] == InviteeStatus.APPROVED
    assert statuses["youth_worker"] == InviteeStatus.REFUSED
    with page.expect_navigation():
        page.get_by_role("button", name="Send the invitations").click()
    assert_sound_page(page)
    assert any(receiver_user.email in m.to for m in mail.outbox)

    # Who must not see it: the refused youth worker (who still reads the case), someone of
    # the region off the team, another school's coordinator. The receiver now does.
    assert _status(world.youth_worker, f"/dossiers/{case}/") == 200
    assert _status(world.youth_worker, meeting_url) == 404
    assert _status(world.youth_worker_off_team, meeting_url) == 404
    assert _status(world.users["receiver"], meeting_url) == 404
    assert _status(receiver_user, meeting_url) == 200

    # The receiver finds the invitation in Mijn acties and opens the meeting.
    receiver_context = _context(browser, live_server)
    receiver = receiver_context.new_page()
    log_in_browser(receiver, live_server, receiver_user)
    receiver.goto("/acties/")
    assert_sound_page(receiver)
    receiver.get_by_role(
        "link", name=re.compile(r"Handover MDO on .*: answer the invitation")
    ).click()
    receiver.wait_for_url(MEETING_PAGE)
    assert_sound_page(receiver)

    # The day comes: the regisseur records the meeting and approves the minutes.
    meeting_started(meeting)
    page.goto(meeting_url)
    page.get_by_role("link", name="Record the meeting").click()
    assert_sound_page(page)
    for select in page.get_by_label(re.compile(r"^Attendance of")).all():
        select.select_option("aanwezig")
    page.get_by_label("Minutes: Lopende modules en hun financiering").fill(
        "Leesbegeleiding loopt door tot de zomer; de nieuwe school neemt het over."
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Save the record").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Approve the minutes").first.click()
    expect(page.get_by_test_id("meeting-status")).to_have_text(
        "Minutes approved", use_inner_text=True
    )
    assert_sound_page(page)

    # The family agrees that the regie moves; the receiver accepts it.
    page.goto(transition_url)
    regie = page.locator("form", has=page.get_by_role("button", name=re.compile("Offer the regie")))
    regie.get_by_label("Agreed by parent or carer").select_option(str(world.parent.pk))
    regie.get_by_label("Agreed by the child / young person").check()
    with page.expect_navigation():
        regie.get_by_role("button", name="Offer the regie to the receiving coordinator").click()
    assert_sound_page(page)
    receiver.goto(transition_url)
    assert_sound_page(receiver)
    with receiver.expect_navigation():
        receiver.get_by_role("button", name="Accept the regie").click()
    assert_sound_page(receiver)
    world.case.refresh_from_db()
    assert world.case.regisseur == receiver_user
    # Until the handover is done the old school reads on, the meeting too.
    assert _status(world.coordinator, meeting_url) == 200

    # The receiver, now regisseur, ends the handover: the case moves to their region and
    # every party of the old region leaves.
    receiver.goto(transition_url)
    with receiver.expect_navigation():
        receiver.get_by_role("button", name="The handover is done").click()
    assert_sound_page(receiver)
    expect(receiver.locator("main")).to_contain_text(
        "The case moved with the child: it now belongs to Andere regio."
    )
    # It moves to the earlier transitions.
    expect(receiver.locator("main")).to_contain_text("Handover done")
    # The timeline on the route page shows the move and the handover.
    receiver.goto(f"/dossiers/{case}/route/")
    assert_sound_page(receiver)
    expect(receiver.locator("main")).to_contain_text("Moved to another region")
    receiver_context.close()
    assert Transition.objects.get(case=world.case).status == TransitionStatus.DONE
    world.case.refresh_from_db()
    assert world.case.region == far_region
    assert not TeamMember.objects.filter(
        case=world.case,
        membership__organisation__region=world.region,
        status=MemberStatus.ACTIVE,
    ).exists()
    for user in (world.coordinator, world.teacher, world.youth_worker):
        assert _status(user, f"/dossiers/{case}/") == 404
        assert _status(user, meeting_url) == 404
    assert _status(receiver_user, meeting_url) == 200
    assert _status(receiver_user, reverse("transitions:detail", kwargs={"case_id": case})) == 200
