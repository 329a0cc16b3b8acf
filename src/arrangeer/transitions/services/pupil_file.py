"""Reading in the pupil file the sending school made (OSO's shape) on the receiving side."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.audit.constants import Event
from arrangeer.cases.access import CaseAccess, log_change
from arrangeer.vocabulary import DataCategory

from .. import oso
from ..models import PupilFileImport, Transition
from ..selectors import may_import


@transaction.atomic
def import_pupil_file(
    access: CaseAccess, transition: Transition, *, file_name: str, content: bytes
) -> PupilFileImport:
    """The receiving side reads in the pupil file the sending school made (OSO's shape).
    Refused as a whole when anything in it is wrong: nothing is saved half."""
    if not may_import(access, transition):
        raise PermissionDenied(
            _("Only the regisseur or the receiving coordinator reads in a file.")
        )
    parsed = oso.parse(content, child=access.case.child)
    imported = PupilFileImport.objects.create(
        transition=transition,
        file_name=file_name[:200],
        sending_school_name=parsed.sending_school_name[:200],
        sending_brin=parsed.sending_brin,
        personal=parsed.personal,
        school_career=parsed.school_career,
        support=parsed.support,
        test_results=parsed.test_results,
        advice=parsed.advice,
        imported_by=access.user,
        imported_at=timezone.now(),
    )
    log_change(
        access,
        event=Event.CREATE,
        object_type="pupil_file",
        object_id=str(imported.uuid),
        category=DataCategory.EDUCATION,
    )
    return imported
