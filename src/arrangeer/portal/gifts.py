"""What the family gives the team in the portal: the logbook, files, the questionnaire's
remark and a consent they stop, each with a FamilyMessage the regisseur reads and marks as
read (docs/portal.md, docs/privacy.md)."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.audit.constants import Event
from arrangeer.cases import consents as consent_services
from arrangeer.cases.access import CaseAccess, log_change, require_regisseur
from arrangeer.consents.models import Consent
from arrangeer.plans import services as plan_services
from arrangeer.plans.models import Attachment
from arrangeer.vocabulary import DataCategory

from .models import FamilyMessage, LogbookEntry, MessageKind

# Each gift is kept where it belongs (the logbook, the plan's attachments, the consent record)
# and gets a FamilyMessage beside it, which the dossier, the regisseur's Mijn acties and the
# family's own page read. Everything the family gives is in the family's data category.
FAMILY_GIVES_IN = DataCategory.FAMILY


def record_message(access: CaseAccess, *, kind: str, **source: object) -> FamilyMessage:
    message = FamilyMessage.objects.create(
        case=access.case, kind=kind, category=FAMILY_GIVES_IN, author=access.user, **source
    )
    log_change(
        access,
        event=Event.CREATE,
        object_type="family_message",
        object_id=str(message.uuid),
        category=FAMILY_GIVES_IN,
    )
    return message


@transaction.atomic
def write_logbook(access: CaseAccess, *, text: str) -> LogbookEntry:
    from arrangeer.plans.services.items import require_parent_with_authority

    require_parent_with_authority(access)
    if not text.strip():
        raise ValidationError({"text": _("Write what happened.")})
    entry = LogbookEntry.objects.create(case=access.case, author=access.user, text=text.strip())
    log_change(access, event=Event.CREATE, object_type="logbook", object_id=str(entry.uuid))
    record_message(access, kind=MessageKind.LOGBOOK, logbook=entry)
    return entry


@transaction.atomic
def give_file(access: CaseAccess, *, upload: UploadedFile, description: str) -> Attachment:
    """A parent with gezag gives the team a photo, short video or document: an attachment of
    the plan (checked by content there), listed for the family and the regisseur."""
    attachment = plan_services.add_family_attachment(access, upload=upload, description=description)
    record_message(access, kind=MessageKind.UPLOAD, attachment=attachment)
    return attachment


@transaction.atomic
def withdraw_consent(access: CaseAccess, consent: Consent, *, reason: str) -> Consent:
    """A parent with gezag (child under 16) or the young person from 12 withdraws consent in
    the portal; the regisseur reads it, with the reason, in Mijn acties."""
    withdrawn = consent_services.withdraw_consent_in_portal(access, consent, reason=reason)
    record_message(
        access,
        kind=MessageKind.CONSENT_WITHDRAWN,
        consent=withdrawn,
        text=withdrawn.withdrawal_reason,
    )
    return withdrawn


@transaction.atomic
def mark_read(access: CaseAccess, *, messages: Iterable[str]) -> int:
    """The regisseur marks what they read: the messages named (those the page showed, so
    one that arrived meanwhile stays new). The family sees it was read, and when."""
    require_regisseur(access, _("Only the regisseur marks messages from the family as read."))
    wanted: list[str] = []
    for value in messages:
        try:
            wanted.append(str(UUID(str(value))))
        except ValueError:
            continue
    found = list(
        FamilyMessage.objects.visible_to(access)
        .filter(uuid__in=wanted, read_at__isnull=True)
        .values_list("pk", "uuid")
    )
    if not found:
        return 0
    FamilyMessage.objects.filter(pk__in=[pk for pk, _uuid in found]).update(
        read_at=timezone.now(), read_by=access.user
    )
    for _pk, uuid in found:
        log_change(
            access,
            object_type="family_message",
            object_id=str(uuid),
            category=FAMILY_GIVES_IN,
        )
    return len(found)


def family_messages(access: CaseAccess, *, limit: int | None = 100) -> list[FamilyMessage]:
    """What the family gave, newest first, as far as this person reads it (the first `limit`,
    or all of it: the whole-file export)."""
    messages = (
        FamilyMessage.objects.visible_to(access)
        .select_related("author", "read_by", "logbook", "attachment", "consent__organisation")
        .order_by("-given_at", "-pk")
    )
    return list(messages if limit is None else messages[:limit])
