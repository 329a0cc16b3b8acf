"""What the writes of the aanmelding share: an event on its trail, and a step of its
lifecycle (constants.REFERRAL_TRANSITIONS)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from arrangeer.core.models_util import require_transition

from ..constants import REFERRAL_TRANSITIONS
from ..models import Referral, ReferralEvent


def _event(
    referral: Referral, kind: str, *, access_user: Any, organisation: str, text: str = ""
) -> ReferralEvent:
    return ReferralEvent.objects.create(
        referral=referral,
        kind=kind,
        at=timezone.now(),
        by=access_user,
        by_organisation=organisation,
        text=text,
    )


def _move(referral: Referral, to: str, message: str) -> None:
    require_transition(REFERRAL_TRANSITIONS, referral.status, to, message)
    referral.status = to
    referral.status_since = timezone.now()
