"""Attachments: PDF, JPEG, PNG and MP4 only, at most 10 MB, checked by content; stored under
a random name; served only through the access layer, and logged."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest

from arrangeer.audit.models import AccessLogEntry
from arrangeer.plans import services
from arrangeer.plans.models import Attachment
from arrangeer.testing.plans import image_bytes

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("verslag.pdf", PDF, "application/pdf"),
        ("foto.jpg", image_bytes("JPEG"), "image/jpeg"),
        ("tekening.png", image_bytes("PNG"), "image/png"),
        ("video.mp4", MP4, "video/mp4"),
        ("zonder-extensie", PDF, "application/pdf"),  # the content decides, not the name
    ],
)
def test_accepted_types_are_recognised_by_content_and_stored_under_a_random_name(
    access, name, content, content_type
):
    attachment = services.add_attachment(
        access("coordinator"),
        upload=SimpleUploadedFile(name, content, content_type="application/octet-stream"),
        description="Bijlage",
        category="onderwijs",
    )
    assert attachment.content_type == content_type
    stored = Path(attachment.file.path)
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT))
    assert name.split(".")[0] not in stored.name
    assert stored.read_bytes() == content


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.pdf", b"MZ\x90\x00 this is a windows program", "not a PDF, JPEG, PNG or MP4"),
        ("pagina.png", b"<html><script>alert(1)</script></html>", "not a PDF, JPEG, PNG or MP4"),
        ("kapot.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "not a PDF, JPEG, PNG or MP4"),
        (
            "film.mov",
            b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  ",
            "not a PDF, JPEG, PNG or MP4",
        ),
        ("leeg.pdf", b"", "empty"),
    ],
)
def test_other_content_is_refused_whatever_its_name(access, name, content, message):
    before = Attachment.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        services.add_attachment(
            access("coordinator"),
            upload=SimpleUploadedFile(name, content, content_type="application/pdf"),
            description="Bijlage",
            category="onderwijs",
        )
    assert message in excinfo.value.message_dict["file"][0]
    assert Attachment.objects.count() == before


def test_a_file_over_10_mb_is_refused_with_its_size(client_for, world):
    big = SimpleUploadedFile("groot.pdf", PDF + b"0" * (10 * 1024 * 1024), "application/pdf")
    url = reverse("plans:attachments", kwargs={"case_id": world.case.uuid})
    before = Attachment.objects.count()
    response = client_for("coordinator").post(
        url, {"file": big, "description": "Groot", "category": "onderwijs"}
    )
    assert response.status_code == 400
    assert "at most 10 MB" in response.content.decode()
    assert Attachment.objects.count() == before


def test_a_download_goes_through_the_access_layer_and_is_logged(client_for, world, plan):
    url = reverse(
        "plans:attachment",
        kwargs={"case_id": world.case.uuid, "attachment_id": plan.attachment.uuid},
    )
    response = client_for("teacher").get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == Path(plan.attachment.file.path).read_bytes()
    assert response["Content-Disposition"].startswith('attachment; filename="leesrapport.png"')
    entry = AccessLogEntry.objects.order_by("-seq").first()
    assert entry is not None
    assert (entry.event, entry.object_type, entry.data_category, entry.username) == (
        "export",
        "plan_attachment",
        "onderwijs",
        "teacher",
    )
    # The youth worker has no ground for onderwijs: the file is absent for them.
    assert client_for("youth_worker").get(url).status_code == 404


def test_removing_an_attachment_deletes_the_file(access, django_capture_on_commit_callbacks):
    regie = access("coordinator")
    attachment = services.add_attachment(
        regie,
        upload=SimpleUploadedFile("weg.pdf", PDF, "application/pdf"),
        description="Weg ermee",
        category="onderwijs",
    )
    path = Path(attachment.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_attachment(regie, attachment)
    assert not path.exists()
    assert Attachment.objects.get(pk=attachment.pk).removed_at is not None
