"""The whole file as a PDF, built in the task queue (docs/adr/0008-task-queue.md).

Laying out a rich file takes seconds, too long for a request: the regisseur asks for it
(`request_file_pdf`), the task queue builds it (`build_file_pdf`) after checking access again
for the same person, with the categories that person may see, and the status page offers the
download when it is ready. Only the person who asked may download it. The PDF is deleted
after KEPT (24 hours): on the next request and by the daily `apply_retention`."""

from __future__ import annotations

import datetime as dt
import logging
from functools import partial
from typing import Any
from uuid import UUID

from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone, translation

from arrangeer.audit.constants import Channel, Event
from arrangeer.core import tasks

from .access import Actor, CaseAccess, access_case, refuse_on_case
from .export import file_pdf
from .models import FileExport, FileExportStatus

logger = logging.getLogger(__name__)

KEPT = dt.timedelta(hours=24)
# The access log's object type of the request and download of the PDF.
OBJECT_TYPE = "file_export"


@transaction.atomic
def request_file_pdf(access: CaseAccess, *, language: str) -> FileExport:
    """Records the request and queues the build, in one transaction."""
    remove_expired()
    made = FileExport.objects.create(case=access.case, requested_by=access.user, language=language)
    tasks.on_commit(build_file_pdf, made.pk)
    return made


@tasks.background
def build_file_pdf(export_id: int) -> None:
    found = (
        FileExport.objects.filter(pk=export_id, status=FileExportStatus.WAITING)
        .select_related("case", "requested_by")
        .first()
    )
    if found is None:
        return
    actor = Actor(user=found.requested_by, channel=Channel.COMMAND)
    try:
        with translation.override(found.language):
            access = access_case(
                actor,
                found.case.uuid,
                event=Event.EXPORT,
                regisseur_only=True,
                object_type="file",
            )
            body = file_pdf(access)
    except Http404:
        # No longer the regisseur, or the case is gone: nothing is built.
        _finish(found, FileExportStatus.FAILED)
        return
    except Exception as error:
        # Logged without the arguments or anything of the child; the page says it failed.
        logger.error("The file PDF %s could not be built (%s).", found.pk, type(error).__name__)
        _finish(found, FileExportStatus.FAILED)
        return
    found.file.save("export.pdf", ContentFile(body), save=False)
    try:
        _finish(found, FileExportStatus.READY)
    except BaseException:
        found.file.delete(save=False)
        raise


def _finish(found: FileExport, status: str) -> None:
    found.status = status
    found.finished_at = timezone.now()
    found.save(update_fields=["status", "finished_at", "file"])


def latest(access: CaseAccess) -> FileExport | None:
    """This person's latest request for this case, while it is younger than KEPT."""
    return (
        FileExport.objects.filter(
            case=access.case,
            requested_by=access.user,
            requested_at__gt=timezone.now() - KEPT,
        )
        .order_by("-requested_at", "-pk")
        .first()
    )


def ready_for(access: CaseAccess, export_id: UUID) -> FileExport:
    """The ready export `export_id` of this case, if this person asked for it; else Http404,
    with the refused download in the access log (who, the case, the export asked for) whether
    the export is another person's, expired or unknown: the answer does not tell which."""
    found = (
        FileExport.objects.filter(
            uuid=export_id,
            case=access.case,
            requested_by=access.user,
            status=FileExportStatus.READY,
            requested_at__gt=timezone.now() - KEPT,
        )
        .exclude(file="")
        .first()
    )
    if found is None:
        refuse_on_case(
            access, event=Event.EXPORT, object_type=OBJECT_TYPE, object_id=str(export_id)
        )
    return found


def remove_expired(*, now: dt.datetime | None = None) -> int:
    """Deletes the files of exports older than KEPT (the record of the request stays, without
    a file). Returns how many files were deleted."""
    moment = now or timezone.now()
    expired = FileExport.objects.filter(requested_at__lte=moment - KEPT).exclude(file="")
    removed = 0
    for found in expired:
        stored = found.file.name
        storage = found.file.storage
        found.file.name = ""
        found.save(update_fields=["file"])
        transaction.on_commit(partial(storage.delete, stored))
        removed += 1
    return removed


def delete_file_with_record(sender: Any, instance: FileExport, **kwargs: Any) -> None:
    """A request's record goes with its case (retention): its file, if still there, too."""
    if instance.file.name:
        transaction.on_commit(partial(instance.file.storage.delete, instance.file.name))
