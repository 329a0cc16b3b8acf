"""One plan, one regisseur: the plan tells everyone on the team that parts exist which they
may not see (per category, counts only, never content) and who can ask the family; the
consent form proposes, for the regisseur's organisation, every category the plan uses."""

from __future__ import annotations

import re

from django.urls import reverse

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

# Marker text of the items the school cannot see (testing/plans.py).
HIDDEN_CONTENT = ("Jeugdzorgdoel", "Jeugdzorgmodule", "Jeugdzorggeheim", "Oma Truus")


def _hidden_section(body: str) -> str:
    match = re.search(r'<section[^>]*data-testid="hidden-parts".*?</section>', body, re.S)
    assert match, "no section about the parts the viewer cannot see"
    return match.group(0)


@pytest.mark.parametrize("page", ["plans:plan", "cases:detail"])
def test_the_team_sees_that_parts_exist_it_may_not_see_counts_only(world, plan, client_for, page):
    body = client_for("teacher").get(reverse(page, kwargs={"case_id": world.case.uuid}))
    text = body.content.decode()
    section = _hidden_section(text)
    assert "1 goal in Youth care — no consent" in section
    assert "1 module in Youth care — no consent" in section
    assert "in Family — no consent" in section
    assert "Onderwijs" not in section and "in Education" not in section  # they see it
    # Who can ask the family: the regisseur, by name.
    assert world.coordinator.get_full_name() in section
    for marker in HIDDEN_CONTENT:
        assert marker not in text, marker


def test_the_regisseur_is_offered_to_ask_the_family_for_consent(world, plan, client_for):
    body = client_for("coordinator").get(reverse("plans:plan", kwargs={"case_id": world.case.uuid}))
    section = _hidden_section(body.content.decode())
    assert reverse("cases:consent_new", kwargs={"case_id": world.case.uuid}) in section
    assert "1 goal in Youth care — no consent" in section


def test_who_sees_every_category_is_told_nothing_is_hidden(world, plan, client_for):
    body = client_for("emergency_worker").get(
        reverse("plans:plan", kwargs={"case_id": world.case.uuid})
    )
    assert 'data-testid="hidden-parts"' not in body.content.decode()


def test_the_consent_form_proposes_the_regisseurs_organisation_with_every_category_the_plan_uses(
    world, plan, client_for
):
    url = reverse("cases:consent_new", kwargs={"case_id": world.case.uuid})
    body = client_for("coordinator").get(url).content.decode()
    assert 'data-testid="consent-proposal"' in body
    school = re.search(r'<option value="(\d+)"[^>]*selected[^>]*>([^<]*)</option>', body)
    assert school and school.group(2).strip() == world.school.name
    checked = set(re.findall(r'name="categories" value="([a-z]+)"[^>]*checked', body))
    assert checked == {"onderwijs", "jeugdhulp", "gezin"}


def test_the_api_gives_the_counts_of_what_the_viewer_may_not_see(world, plan):
    from django.test import Client

    from arrangeer.api import services as api_services

    user = world.users["teacher"]
    _record, raw = api_services.create_token(
        user=user, membership=user.memberships.first(), name="test", days=1
    )
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    data = client.get(reverse("api:plan", kwargs={"case_id": world.case.uuid})).json()
    hidden = {(p["kind"], p["category"]): p["count"] for p in data["hidden"]}
    assert hidden[("goal", "jeugdhulp")] == 1 and hidden[("module", "jeugdhulp")] == 1
    assert not any(category == "onderwijs" for _kind, category in hidden)
    assert "Jeugdzorgdoel" not in str(data)
