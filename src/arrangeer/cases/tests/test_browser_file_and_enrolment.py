"""Two walks in a real browser, each with the person who must not get through:
- the regisseur asks for the whole file as PDF, which the task queue builds, and downloads it;
  a teacher on the same team reaches neither the status page nor the file;
- a year after a case closed, leerplicht of the child's municipality leafs to the second page
  of the checks due, finds the check of the school success in Mijn acties and records it with
  the keyboard; the school's coordinator does not reach the list."""

from __future__ import annotations

import datetime as dt
import re
from uuid import uuid4

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from arrangeer.cases.constants import CaseStatus, Destination
from arrangeer.cases.models import Case
from arrangeer.children.models import Child
from arrangeer.organisations.constants import OrganisationType
from arrangeer.organisations.models import Organisation
from arrangeer.referrals import views_enrolment
from arrangeer.referrals.constants import EnrolmentOutcome
from arrangeer.referrals.models import EnrolmentCheck
from arrangeer.testing.browser import assert_sound_page, log_in_browser
from arrangeer.testing.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_regisseur_gets_the_whole_file_as_pdf_and_a_teacher_does_not(browser, live_server):
    world = build_world()
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", accept_downloads=True)
    page = context.new_page()
    log_in_browser(page, live_server, world.coordinator)
    page.goto(f"/dossiers/{world.case.uuid}/")
    button = page.get_by_role("button", name="PDF laten maken")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/dossier\.pdf$"))
    status = page.get_by_test_id("file-export")
    expect(status).to_contain_text("De PDF is klaar", use_inner_text=True)
    assert_sound_page(page)
    status_url = page.url
    link = page.get_by_test_id("file-export-download")
    with page.expect_download() as download:
        link.click()
    path = download.value.path()
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    download_url = live_server.url + link.get_attribute("href")
    context.close()

    teacher = browser.new_context(base_url=live_server.url, locale="nl-NL")
    other = teacher.new_page()
    log_in_browser(other, live_server, world.users["teacher"])
    for url in (status_url, download_url):
        response = other.goto(url)
        assert response is not None and response.status == 404, url
    teacher.close()


def test_leerplicht_records_the_school_success_and_the_coordinator_has_no_list(
    browser, live_server, monkeypatch
):
    world = build_world()
    Organisation.objects.filter(pk=world.case.child.school_id).update(municipality="Teststad")
    Organisation.objects.filter(type=OrganisationType.LEERPLICHT).update(municipality="Teststad")
    Case.objects.filter(pk=world.case.pk).update(
        status=CaseStatus.CLOSED,
        closed_at=timezone.now() - dt.timedelta(days=400),
        destination=Destination.REGULAR,
    )
    # A second check, due longer: with a page of one, the world's case is on page 2.
    child = Child.objects.get(pk=world.case.child_id)
    child.pk, child.uuid, child.pseudonym, child.bsn, child.user = None, uuid4(), uuid4(), "", None
    child.first_name, child.last_name = "Noor", "Bakker"
    child.save()
    earlier = Case.objects.get(pk=world.case.pk)
    earlier.pk, earlier.uuid, earlier.child = None, uuid4(), child
    earlier.closed_at = timezone.now() - dt.timedelta(days=500)
    earlier.save()
    monkeypatch.setattr(views_enrolment, "PAGE_SIZE", 1)
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = context.new_page()
    log_in_browser(page, live_server, world.users["leerplicht"])
    page.goto("/schoolsucces/")
    pages = page.get_by_role("navigation", name="Pagina's")
    expect(page.locator(f'tr[data-case="{earlier.uuid}"]')).to_have_count(1)
    pages.get_by_role("link", name="Volgende").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/schoolsucces/\?pagina=2$"))
    expect(page.locator("tr[data-case]")).to_have_count(1)
    expect(page.locator(f'tr[data-case="{world.case.uuid}"]')).to_have_count(1)
    expect(pages).to_contain_text("Pagina 2", use_inner_text=True)
    assert_sound_page(page)
    page.goto("/acties/")
    line = page.locator(f'a[href="/schoolsucces/{world.case.uuid}/"]')
    expect(line).to_have_count(1)
    line.click()
    page.wait_for_url(re.compile(rf".*/schoolsucces/{world.case.uuid}/$"))
    assert_sound_page(page)
    page.get_by_role("button", name="Opslaan").click()  # nothing chosen: a message, not a save
    expect(page.locator("body")).to_contain_text("Kies waar het kind nu is.", use_inner_text=True)
    choice = page.get_by_label("Op school: dezelfde school, regulier onderwijs")
    choice.focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Opslaan").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/schoolsucces/$"))
    # Recorded: off the list; the other check is left, alone on its page.
    expect(page.locator("tr[data-case]")).to_have_count(1)
    expect(page.locator(f'tr[data-case="{earlier.uuid}"]')).to_have_count(1)
    expect(page.get_by_role("navigation", name="Pagina's")).to_have_count(0)
    assert EnrolmentCheck.objects.get(case=world.case).outcome == EnrolmentOutcome.REGULAR_SAME
    context.close()

    school = browser.new_context(base_url=live_server.url, locale="nl-NL")
    other = school.new_page()
    log_in_browser(other, live_server, world.coordinator)
    for url in ("/schoolsucces/", f"/schoolsucces/{world.case.uuid}/"):
        response = other.goto(url)
        assert response is not None and response.status == 404, url
    school.close()
