"""The groeidocument: a PDF of the current draft or of any version, in Dutch, marked
confidential, cut to what the reader may see, and logged as an export."""

from __future__ import annotations

from django.urls import reverse

import pytest

from arrangeer.audit.models import AccessLogEntry
from arrangeer.testing.pdf import pdf_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["", "?versie=1"])
def test_the_groeidocument_opens_in_dutch_and_is_marked_confidential(
    world, plan, client_for, query
):
    client = client_for("coordinator")
    client.cookies["arrangeer_language"] = "en"  # the document is Dutch whatever the page is
    response = client.get(reverse("plans:pdf", kwargs={"case_id": world.case.uuid}) + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-") and b"%%EOF" in response.content[-64:]
    text = pdf_text(response.content)
    assert "CONFIDENTIAL" in text or "VERTROUWELIJK" in text
    assert "Sem Vermeer" in text
    assert "Onderwijs" in text  # the data category, in Dutch
    assert plan.education_goal.what in text
    assert "Jeugdzorgdoel" not in text  # the coordinator has no ground for jeugdhulp
    if query:
        assert "Eva Vermeer" in text  # who agreed with this version
        assert plan.plan.versions.get(number=1).content_hash in text
    entry = AccessLogEntry.objects.order_by("-seq").first()
    assert entry is not None
    assert (entry.event, entry.object_type) == ("export", "plan_document")


def test_an_unknown_version_gives_404(world, plan, client_for):
    url = reverse("plans:pdf", kwargs={"case_id": world.case.uuid})
    assert client_for("coordinator").get(url + "?versie=9").status_code == 404
    assert client_for("coordinator").get(url + "?versie=x").status_code == 404


def test_the_plan_page_offers_the_drafts_document_only_while_there_is_a_draft(
    world, plan, client_for
):
    from arrangeer.testing.plans import PlanWork

    client = client_for("coordinator")
    url = reverse("plans:plan", kwargs={"case_id": world.case.uuid})
    assert plan.plan.status == "draft"  # the world's plan: version 1 in force, being adjusted
    assert 'data-testid="draft-pdf"' in client.get(url).content.decode()
    PlanWork(world.coordinator, world.case, world.school).agree_and_adopt()
    plan.plan.refresh_from_db()
    assert plan.plan.status == "adopted"
    page = client.get(url).content.decode()
    assert 'data-testid="draft-pdf"' not in page  # no draft: only the versions' documents
    assert "?versie=" in page
