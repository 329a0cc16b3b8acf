"""Files attached to the plan."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from arrangeer.audit.constants import Event
from arrangeer.cases.access import CaseAccess, log_change
from arrangeer.vocabulary import DataCategory

from ..models import Attachment
from ..uploads import detect
from .common import lock_plan, require_category, require_recording, require_team_place


@transaction.atomic
def add_attachment(
    access: CaseAccess, *, upload: UploadedFile, description: str, category: str
) -> Attachment:
    require_team_place(access)
    require_category(access, category)
    if not description.strip():
        raise ValidationError({"description": _("Say what the file is.")})
    kind = detect(upload)
    plan = lock_plan(access, create=True)
    require_recording(plan)
    name = get_valid_filename((upload.name or "bijlage").rsplit("/", 1)[-1])[:200] or "bijlage"
    attachment = Attachment(
        plan=plan,
        original_name=name,
        content_type=kind.content_type,
        extension=kind.extension,
        size=upload.size or 0,
        description=description.strip(),
        category=category,
        uploaded_by=access.user,
    )
    attachment.file.save("upload", upload, save=False)
    try:
        attachment.save()
        log_change(
            access,
            event=Event.CREATE,
            object_type="plan_attachment",
            object_id=str(attachment.uuid),
            category=category,
        )
    except BaseException:
        # Nothing half saved: no file without its record.
        attachment.file.delete(save=False)
        raise
    return attachment


@transaction.atomic
def remove_attachment(access: CaseAccess, attachment: Attachment) -> Attachment:
    """The file itself is deleted (after the transaction commits); the record of who
    uploaded and removed it stays."""
    require_team_place(access)
    plan = lock_plan(access)
    require_recording(plan)
    found = (
        Attachment.objects.in_categories(access)
        .select_for_update()
        .filter(pk=attachment.pk, plan=plan)
        .first()
    )
    if found is None:
        raise Http404
    if found.from_family:
        raise ValidationError(
            _("The family gave this file; it stays with what they gave. Ask the parents.")
        )
    stored = found.file.name
    storage = found.file.storage
    found.removed_at = timezone.now()
    found.removed_by = access.user
    found.file.name = ""
    found.save(update_fields=["removed_at", "removed_by", "file"])
    transaction.on_commit(lambda: storage.delete(stored) if stored else None)
    log_change(
        access,
        event=Event.DELETE,
        object_type="plan_attachment",
        object_id=str(found.uuid),
        category=found.category,
    )
    return found


def add_family_attachment(
    access: CaseAccess, *, upload: UploadedFile, description: str
) -> Attachment:
    """A parent with gezag adds a photo or short video of the child ("het kind in beeld") or a
    document, in the portal. The same content checks as the professionals' uploads; filed
    under the family's data category."""
    from .items import require_parent_with_authority

    require_parent_with_authority(access)
    with transaction.atomic():
        if not description.strip():
            raise ValidationError({"description": _("Say what the file is.")})
        kind = detect(upload)
        plan = lock_plan(access, create=True)
        name = get_valid_filename((upload.name or "bijlage").rsplit("/", 1)[-1])[:200] or "bijlage"
        attachment = Attachment(
            plan=plan,
            original_name=name,
            content_type=kind.content_type,
            extension=kind.extension,
            size=upload.size or 0,
            description=description.strip(),
            category=DataCategory.FAMILY,
            from_family=True,
            uploaded_by=access.user,
        )
        attachment.file.save("upload", upload, save=False)
        try:
            attachment.save()
            log_change(
                access,
                event=Event.CREATE,
                object_type="plan_attachment",
                object_id=str(attachment.uuid),
                category=DataCategory.FAMILY,
            )
        except BaseException:
            attachment.file.delete(save=False)
            raise
    return attachment
