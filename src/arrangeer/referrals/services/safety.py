"""The Meldcode and the Verwijsindex: the steps of the Meldcode and the signals given,
recorded by a team member who reads safety data."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.cases.access import CaseAccess

from ..activities import save_activity
from ..constants import SAFETY_CATEGORY, MeldcodeStepKind
from ..models import MeldcodeStep, VerwijsindexSignal


def may_record_safety(access: CaseAccess) -> bool:
    return access.member is not None and not access.read_only and access.allows(SAFETY_CATEGORY)


def _require_safety_writer(access: CaseAccess) -> None:
    if access.read_only:
        raise PermissionDenied(_("This case is closed: it can still be read, not changed."))
    if not may_record_safety(access):
        raise PermissionDenied(
            _("Only a team member who reads safety data can record Meldcode steps and signals.")
        )


@transaction.atomic
def record_meldcode_step(
    access: CaseAccess,
    *,
    step: str,
    done_on: dt.date,
    note: str = "",
    decision: str = "",
) -> MeldcodeStep:
    """A step of the Meldcode, dated, with who did it. Step 5 records the decision."""
    _require_safety_writer(access)
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("This date is in the future.")})
    if step == MeldcodeStepKind.DECIDE and not decision:
        raise ValidationError({"decision": _("Choose the decision of step 5.")})
    if step != MeldcodeStepKind.DECIDE and decision:
        raise ValidationError({"decision": _("Only step 5 records a decision.")})
    found = MeldcodeStep(
        case=access.case,
        step=step,
        done_on=done_on,
        note=note.strip(),
        decision=decision,
    )
    save_activity(access, found, object_type="meldcode_step", category=SAFETY_CATEGORY)
    return found


@transaction.atomic
def record_verwijsindex_signal(
    access: CaseAccess, *, given_on: dt.date, match_with: str = "", note: str = ""
) -> VerwijsindexSignal:
    """A signal in the Verwijsindex Risicojongeren: given when, by whom, matched with whom."""
    _require_safety_writer(access)
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": _("This date is in the future.")})
    signal = VerwijsindexSignal(
        case=access.case,
        given_on=given_on,
        match_with=match_with.strip(),
        note=note.strip(),
    )
    save_activity(access, signal, object_type="verwijsindex_signal", category=SAFETY_CATEGORY)
    return signal
