"""In a real browser against the real test provider: a parent logs in with the test DigiD, reads
the plan of their child, agrees with it (signed with DigiD, no code), gives consent (recorded
with the DigiD level) and logs out at DigiD too; a coordinator logs in through the school's
eHerkenning broker, checked against the school's KvK number (a login for another company is
refused: test_login_providers)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.cache import cache

import pytest
from playwright.sync_api import expect

from arrangeer.cases.access import Actor, access_case
from arrangeer.plans import services as plan_services
from arrangeer.plans.constants import SignedWith
from arrangeer.plans.models import ParentAgreement
from arrangeer.testing.browser import assert_sound_page
from arrangeer.testing.oidc_provider import CLIENT_SECRET, PARENT_BSN, TestProvider
from arrangeer.testing.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STATIC = Path(__file__).resolve().parents[2] / "static"


def test_a_parent_logs_in_with_digid_agrees_with_the_plan_and_logs_out(
    page: Any, live_server: Any, settings: Any, oidc_provider: TestProvider
) -> None:
    settings.STATICFILES_DIRS = [STATIC]
    settings.ARRANGEER_DIGID = {
        **settings.ARRANGEER_DIGID,
        "issuer": oidc_provider.digid_issuer,
        "client_id": "arrangeer",
        "client_secret": CLIENT_SECRET,
        "scopes": "openid bsn profile",
        "test": True,
    }
    cache.clear()
    world = build_world(with_plan=True)
    world.parent.bsn = PARENT_BSN
    world.parent.save(update_fields=["bsn"])
    regie = access_case(Actor(world.users["coordinator"]), world.case.uuid)
    version = plan_services.send_for_agreement(regie)

    page.goto("/account/inloggen/")
    assert_sound_page(page)
    page.get_by_role("link", name="Inloggen met DigiD (testomgeving)").click()
    # The provider's own page, clearly a test environment.
    expect(page.locator("h1")).to_have_text("Inloggen bij DigiD (testomgeving)")
    page.get_by_label("Sanne de Boer (moeder van Daan, demo)").check()
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(f"{live_server.url}/")
    assert_sound_page(page)

    page.goto(f"/gezin/{world.case.uuid}/instemming/")
    assert_sound_page(page)
    expect(page.get_by_text(world.plan.education_goal.what).first).to_be_attached()
    expect(page.get_by_label("Code om te ondertekenen")).to_have_count(0)
    page.get_by_label("Ja, ik ben het eens").check()
    page.get_by_role("button", name="Mijn keuze versturen").click()
    expect(page.get_by_text("Dank u wel. Uw besluit is ondertekend en vastgelegd.")).to_have_count(
        1
    )
    agreement = ParentAgreement.objects.get(version=version, representative=world.parent)
    assert agreement.signed_with == SignedWith.DIGID

    # Consent given in this session records the DigiD level it was given with, and the page
    # says so.
    page.goto(f"/gezin/{world.case.uuid}/toestemming/")
    assert_sound_page(page)
    page.get_by_label("Welke organisatie mag informatie krijgen?").select_option(
        label=world.provider.name
    )
    page.locator('input[name="categories"][value="gezondheid"]').check()
    page.get_by_label("We hebben dit samen besloten: ouder en kind vinden het goed.").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Toestemming geven").click()
    expect(page.get_by_text("Dank u. Uw toestemming is vastgelegd.")).to_have_count(1)
    expect(page.get_by_test_id("given-with").first).to_contain_text(
        "ingelogd met DigiD op niveau substantieel"
    )
    assert_sound_page(page)

    # Logging out ends the DigiD session too, and comes back to the login page.
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.locator("h1")).to_have_text("Uitloggen bij DigiD (testomgeving)")
    page.get_by_role("button", name="Ja, uitloggen").click()
    expect(page).to_have_url(f"{live_server.url}/account/inloggen/")
    assert_sound_page(page)
    page.goto(f"/gezin/{world.case.uuid}/instemming/")
    expect(page).to_have_url(
        f"{live_server.url}/account/inloggen/?next=/gezin/{world.case.uuid}/instemming/"
    )


def test_a_coordinator_logs_in_through_the_school_and_lands_on_my_cases(
    page: Any, live_server: Any, settings: Any, oidc_provider: TestProvider
) -> None:
    from arrangeer.identity.models import OrganisationProvider
    from arrangeer.testing.oidc_provider import COORDINATOR_EMAIL

    settings.STATICFILES_DIRS = [STATIC]
    cache.clear()
    world = build_world()
    coordinator = world.users["coordinator"]
    coordinator.email = COORDINATOR_EMAIL
    coordinator.save(update_fields=["email"])
    # The school logs in through an eHerkenning broker: the login must be for its KvK number.
    world.school.kvk = "41216593"
    world.school.save(update_fields=["kvk"])
    OrganisationProvider.objects.create(
        organisation=world.school,
        issuer=oidc_provider.organisation_issuer,
        client_id="arrangeer",
        client_secret=CLIENT_SECRET,
        scopes="openid email profile eherkenning",
        legal_subject_claim="urn:etoegang:core:LegalSubjectID",
    )

    page.goto("/account/inloggen/")
    page.get_by_role("link", name="Inloggen met het account van uw organisatie").click()
    assert_sound_page(page)
    page.get_by_role("link", name=world.school.name).click()
    expect(page.locator("h1")).to_have_text("Inloggen bij Organisatie-account (testomgeving)")
    page.get_by_label("Marieke de Vries (ondersteuningscoördinator, demo)").check()
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(f"{live_server.url}/dossiers/")
    assert_sound_page(page)
    expect(page.get_by_text(world.child.first_name).first).to_be_attached()
