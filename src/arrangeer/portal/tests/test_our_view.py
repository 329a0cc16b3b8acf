"""Co-writing: the parents' view per life domain, uploads checked by content, the logbook."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest

from arrangeer.plans import snapshot
from arrangeer.plans.models import Attachment, DomainEntry
from arrangeer.portal.models import LogbookEntry
from arrangeer.testing.plans import image_bytes

pytestmark = pytest.mark.django_db


def _url(world):
    return reverse("portal:our_view", kwargs={"case_id": world.case.uuid})


def test_the_parents_view_becomes_a_life_domain_entry_of_the_plan(world, client_for):
    client = client_for("parent")
    response = client.post(
        _url(world),
        {
            "form": "view",
            "view-domain": "thuis_gezin",
            "view-going_well": "Hij helpt graag koken",
            "view-needs_attention": "Slapen gaat moeilijk",
            "view-what_is_needed": "Vaste tijden en rust",
        },
    )
    assert response.status_code == 302
    entry = DomainEntry.objects.get(source="parents")
    assert entry.author == world.users["parent"] and entry.category == "gezin"
    assert entry.what_is_needed == "Vaste tijden en rust"
    content = snapshot.build(entry.plan)
    ours = next(e for e in content["domain"] if e["uuid"] == str(entry.uuid))
    assert ours["source"] == "parents" and ours["what_is_needed"] == "Vaste tijden en rust"
    # Professionals' entries without the new field keep their exact content (and hash).
    assert all("what_is_needed" not in e for e in content["domain"] if e["uuid"] != ours["uuid"])
    assert "Vaste tijden en rust" in client.get(_url(world)).content.decode()


def test_an_empty_view_is_refused(world, client_for):
    response = client_for("parent").post(_url(world), {"form": "view", "view-domain": "leren"})
    assert response.status_code == 200
    assert "Write at least one" in response.content.decode()
    assert not DomainEntry.objects.filter(source="parents").exists()


def test_a_parent_without_gezag_reads_but_cannot_write(world, client_for):
    client = client_for("parent_without_authority")
    assert "Write your view" not in client.get(_url(world)).content.decode()
    response = client.post(_url(world), {"form": "log", "log-text": "Gisteren ging het goed"})
    assert response.status_code == 403
    assert not LogbookEntry.objects.exists()


def test_the_logbook(world, client_for):
    client = client_for("parent")
    assert (
        client.post(
            _url(world), {"form": "log", "log-text": "Eerste schooldag na de vakantie"}
        ).status_code
        == 302
    )
    body = client_for("parent_without_authority").get(_url(world)).content.decode()
    assert "Eerste schooldag na de vakantie" in body


def test_a_photo_is_accepted_and_a_file_of_the_wrong_type_is_refused(world, client_for):
    client = client_for("parent")
    before = Attachment.objects.count()
    photo = SimpleUploadedFile("sem.png", image_bytes(), content_type="image/png")
    response = client.post(
        _url(world),
        {"form": "upload", "upload-upload": photo, "upload-description": "Sem op het strand"},
    )
    assert response.status_code == 302
    added = Attachment.objects.order_by("-pk").first()
    assert added.category == "gezin" and added.uploaded_by == world.users["parent"]
    fake = SimpleUploadedFile("virus.png", b"MZ\x90\x00 not an image", content_type="image/png")
    response = client.post(
        _url(world), {"form": "upload", "upload-upload": fake, "upload-description": "Foto"}
    )
    assert response.status_code == 200
    assert Attachment.objects.count() == before + 1
    assert 'id="id_upload-upload_error"' in response.content.decode()
