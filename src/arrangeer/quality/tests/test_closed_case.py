"""A concern still open when its case closes: the regisseur is warned before and after
closing, the concern stays with the contact point (its handler reads the concern only and
handles it to its outcome), and the reporter keeps seeing its status."""

from __future__ import annotations

from django.contrib.messages import get_messages
from django.urls import reverse

import pytest

from arrangeer.cases.constants import CaseStatus, CloseReason
from arrangeer.quality.constants import ConcernStatus
from arrangeer.quality.models import Concern

from .test_concerns import client_for, detail, family_detail, parent_reports, regisseur_reports

pytestmark = pytest.mark.django_db


def close(world) -> list[str]:
    response = client_for(world, "coordinator").post(
        reverse("cases:close", kwargs={"case_id": world.case.uuid}),
        {"reason": CloseReason.MOVED, "note": "Verhuisd."},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    world.case.refresh_from_db()
    assert world.case.status == CaseStatus.CLOSED
    return [str(m) for m in get_messages(response.wsgi_request)]


def handle(world, concern: Concern, step: str, note: str) -> int:
    url = reverse("quality:handle", kwargs={"case_id": world.case.uuid, "concern_id": concern.uuid})
    return client_for(world, "policy_officer").post(url, {"step": step, "note": note}).status_code


def test_closing_warns_and_the_concern_is_handled_to_its_end(world, point):
    parents = parent_reports(world, point)
    own = regisseur_reports(world, point)
    regisseur = client_for(world, "coordinator")
    page = regisseur.get(reverse("cases:close", kwargs={"case_id": world.case.uuid}))
    warning = page.content.decode()
    assert warning.count('data-testid="close-warning"') == 1
    assert "2 meldingen over de kwaliteit" in warning

    said = close(world)
    assert any("2 meldingen over de kwaliteit" in line for line in said)

    # The handler goes on: reads the concern (not the dossier) and records the outcome.
    handler = client_for(world, "policy_officer")
    body = handler.get(detail(world, parents)).content.decode()
    assert "De leesbegeleiding gaat steeds niet door." in body
    assert (
        handler.get(reverse("cases:detail", kwargs={"case_id": world.case.uuid})).status_code == 404
    )
    acknowledge = reverse(
        "quality:acknowledge", kwargs={"case_id": world.case.uuid, "concern_id": parents.uuid}
    )
    assert handler.post(acknowledge, {}).status_code == 302
    assert handle(world, parents, "uitkomst", "Gesprek met de school gevoerd.") == 302
    parents.refresh_from_db()
    assert parents.status == ConcernStatus.CLOSED
    # The reporters keep seeing the status: the parent in their own channel, the regisseur.
    family = client_for(world, "parent").get(family_detail(world, parents)).content.decode()
    assert "Gesprek met de school gevoerd." in family
    assert regisseur.get(detail(world, own)).status_code == 200

    # A closed concern on a closed case: the contact point does not open it any more; the
    # one still open is in the handler's list.
    assert handler.get(detail(world, parents)).status_code == 404
    assert handler.get(detail(world, own)).status_code == 200


def test_no_warning_without_open_concerns(world, point):
    page = client_for(world, "coordinator").get(
        reverse("cases:close", kwargs={"case_id": world.case.uuid})
    )
    assert 'data-testid="close-warning"' not in page.content.decode()
    said = close(world)
    assert said and not any("kwaliteit" in line for line in said)
