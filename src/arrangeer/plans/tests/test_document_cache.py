"""The groeidocument of an adopted version is built once per reader's view and then served
from the documents cache; a draft is built every time; a change around the version (the
child's name) builds it anew. Every download is still an export in the access log."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django.core.cache import caches
from django.urls import reverse

import pytest

from arrangeer.audit.models import AccessLogEntry
from arrangeer.children.models import Child
from arrangeer.plans import pdf
from arrangeer.testing.plans import PlanWorld
from arrangeer.testing.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Counts the documents really built (by version number, or "concept")."""
    caches["documents"].clear()
    built: list[str] = []
    real: Callable[..., bytes] = pdf.groeidocument

    def counting(access: Any, *, plan: Any, version: Any) -> bytes:
        built.append(str(version.number) if version is not None else "concept")
        return real(access, plan=plan, version=version)

    monkeypatch.setattr(pdf, "groeidocument", counting)
    yield built
    caches["documents"].clear()


def _exports(world: World) -> int:
    return AccessLogEntry.objects.filter(
        case_ref=world.case.uuid, event="export", object_type="plan_document"
    ).count()


def test_an_adopted_versions_document_is_built_once_per_view_and_each_download_is_logged(
    world, plan: PlanWorld, client_for, builds
):
    assert plan.plan.versions.get(number=1).adopted_at is not None
    url = reverse("plans:pdf", kwargs={"case_id": world.case.uuid}) + "?versie=1"
    coordinator = client_for("coordinator")
    before = _exports(world)
    first = coordinator.get(url)
    second = coordinator.get(url)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert builds == ["1"]
    # The youth team sees other categories: its own document, built once too.
    youth = client_for("youth_worker")
    other = youth.get(url)
    youth.get(url)
    assert other.status_code == 200 and other.content != first.content
    assert builds == ["1", "1"]
    assert _exports(world) == before + 4


def test_a_draft_is_built_every_time(world, plan, client_for, builds):
    url = reverse("plans:pdf", kwargs={"case_id": world.case.uuid})
    client = client_for("coordinator")
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    assert builds == ["concept", "concept"]


def test_a_change_around_the_version_builds_the_document_anew(world, plan, client_for, builds):
    url = reverse("plans:pdf", kwargs={"case_id": world.case.uuid}) + "?versie=1"
    client = client_for("coordinator")
    client.get(url)
    Child.objects.filter(pk=world.child.pk).update(first_name="Semmy")
    again = client.get(url)
    assert builds == ["1", "1"]
    from arrangeer.testing.pdf import pdf_text

    assert "Semmy Vermeer" in pdf_text(again.content)


def test_new_progress_of_the_versions_goals_builds_the_document_anew(
    world, plan, client_for, access, builds
):
    """The version is frozen, its goals' progress is not: a new measurement is printed."""
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone

    from arrangeer.plans import services
    from arrangeer.testing.pdf import pdf_words

    url = reverse("plans:pdf", kwargs={"case_id": world.case.uuid}) + "?versie=1"
    client = client_for("coordinator")
    assert "8,5" not in pdf_words(client.get(url).content)
    services.record_measurement(
        access("coordinator"),
        plan.education_goal,
        measured_on=timezone.localdate() - dt.timedelta(days=1),
        value=Decimal("8.5"),
        achievement="",
    )
    again = client.get(url)
    assert builds == ["1", "1"]
    assert "8,5" in pdf_words(again.content)
    # A measurement of a goal the coordinator may not see changes nothing for them.
    services.record_measurement(
        access("youth_worker"),
        plan.care_goal,
        measured_on=timezone.localdate(),
        value=None,
        achievement="behaald",
    )
    assert client.get(url).content == again.content
    assert builds == ["1", "1"]
