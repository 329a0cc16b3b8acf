"""The PDF of proposal and business case for the bodies' meetings: built by the shared
document builder, in Dutch, with the proposal's sections, the costs and the route."""

from __future__ import annotations

from django.urls import reverse

import pytest

from arrangeer.testing import groups as helpers
from arrangeer.testing.auth import login_verified
from arrangeer.testing.pdf import pdf_words

pytestmark = pytest.mark.django_db


def test_the_pdf_holds_proposal_business_case_and_route(world, client):
    group = helpers.proposal(world)
    officer = login_verified(client, world.users["policy_officer"])
    response = officer.get(reverse("groups:pdf", kwargs={"group_id": group.uuid}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    words = pdf_words(response.content)
    assert "Voorstel (bijlage 2)" in words
    assert "Businesscase (bijlage 3)" in words
    assert "Bijna honderd losse arrangementen" in words  # the problem statement
    assert "Een groep in plaats van twaalf losse arrangementen." in words  # the summary
    assert "240000" in words.replace(".", "")  # the group's cost per year
    assert "Beleidsoverleg" in words and "OOGO" in words  # the shipped route, not sent yet
    assert "Nog niet ingediend" in words
    # No child's data in it: no confidential mark either.
    assert "VERTROUWELIJK" not in words

    helpers.through_route(world, group)
    words = pdf_words(officer.get(reverse("groups:pdf", kwargs={"group_id": group.uuid})).content)
    assert "Akkoord" in words
    assert "Nog niet ingediend" not in words


def test_someone_who_does_not_see_the_group_gets_no_pdf(world, client):
    group = helpers.proposal(world)
    parent = login_verified(client, world.users["youth_worker"])
    assert parent.get(reverse("groups:pdf", kwargs={"group_id": group.uuid})).status_code == 404


def test_the_pdf_names_its_title_author_subject_and_language(world, client):
    from arrangeer.testing.pdf import pdf_info

    group = helpers.proposal(world)
    officer = login_verified(client, world.users["policy_officer"])
    officer.cookies["arrangeer_language"] = "en"  # the bodies read it in Dutch
    response = officer.get(reverse("groups:pdf", kwargs={"group_id": group.uuid}))
    assert pdf_info(response.content) == {
        "Title": "Voorstel en businesscase",
        "Author": "Arrangeer",
        "Subject": "Een groepsarrangement zoals het aan de organen van de regio wordt "
        "voorgesteld, met de kosten",
        "Lang": "nl",
    }


def test_the_pdf_is_a_tagged_pdf_ua_document(world, client):
    from arrangeer.testing.pdf import assert_accessible

    group = helpers.proposal(world)
    officer = login_verified(client, world.users["policy_officer"])
    response = officer.get(reverse("groups:pdf", kwargs={"group_id": group.uuid}))
    assert_accessible(
        response.content,
        title="Voorstel en businesscase",
        lang="nl",
        kinds={"H1", "H2", "H3", "P", "Table", "TH", "TD"},
    )
