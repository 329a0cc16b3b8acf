"""The PDF of the whole file for the matrix: one the coordinator asked for, ready to download."""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from arrangeer.cases.models import FileExport, FileExportStatus

from .world import World


def matrix_file_export(world: World) -> FileExport:
    made = FileExport(
        case=world.case,
        requested_by=world.coordinator,
        language="nl",
        status=FileExportStatus.READY,
        finished_at=timezone.now(),
    )
    made.file.save("export.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"), save=False)
    made.save()
    return made


def file_pdf_through_the_queue(client: Client, case_id: UUID, capture: Any) -> bytes:
    """The whole file's PDF as a regisseur gets it: ask for it (POST; the task queue builds it
    once the request's transaction commits, `capture` is pytest-django's
    django_capture_on_commit_callbacks), open the status page, follow its download link."""
    url = reverse("cases:export_pdf", kwargs={"case_id": case_id})
    with capture(execute=True):
        assert client.post(url).status_code == 302
    page = client.get(url).content.decode()
    link = re.search(r'href="([^"]+)" data-testid="file-export-download"', page)
    assert link is not None, "the status page offers no download"
    download = client.get(link[1])
    assert download.status_code == 200
    body: bytes = download.getvalue()
    return body
