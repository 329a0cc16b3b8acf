"""What the writes of the handover share: the name the access log uses, the handover in
preparation and the lock on it, and the check of its step (constants.TRANSITION_STEPS)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from arrangeer.audit.constants import Event
from arrangeer.cases.access import CaseAccess, log_change
from arrangeer.core.models_util import require_transition

from ..constants import TRANSITION_STEPS, UNFINISHED
from ..models import Transition

OBJECT_TYPE = "transition"


def _log(access: CaseAccess, transition: Transition, *, event: str = Event.CHANGE) -> None:
    log_change(access, event=event, object_type=OBJECT_TYPE, object_id=str(transition.uuid))


def _current_locked(access: CaseAccess) -> Transition | None:
    return (
        Transition.objects.select_for_update()
        .filter(case=access.case, status__in=UNFINISHED)
        .first()
    )


def _lock(access: CaseAccess, transition: Transition) -> Transition:
    locked = (
        Transition.objects.select_for_update(of=("self",))
        .select_related(
            "receiving_school",
            "receiving_swv",
            "sending_school",
            "receiving_member__membership",
            "handover_meeting",
        )
        .filter(pk=transition.pk, case=access.case)
        .first()
    )
    if locked is None:
        raise ValidationError(_("This transition does not belong to this case."))
    return locked


def _step(transition: Transition, to: str, message: str) -> None:
    require_transition(TRANSITION_STEPS, transition.status, to, message)
