"""The programme after an accepted aanmelding, on the case it opened: the intake with the
current school, and the programme's start and end, which the referrer hears of."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.audit.constants import Event
from arrangeer.cases.access import CaseAccess, log_change, require_regisseur
from arrangeer.cases.models import Case

from .. import mail
from ..constants import REFERRAL_CATEGORY, EventKind, ReferralStatus
from ..models import Intake, Referral
from .common import _event, _move


def referral_of(case: Case) -> Referral | None:
    return (
        Referral.objects.filter(case=case)
        .select_related("receiving_organisation", "current_school")
        .first()
    )


def _case_referral(access: CaseAccess) -> Referral:
    require_regisseur(access, open_case=True)
    referral = Referral.objects.select_for_update().filter(case=access.case).first()
    if referral is None:
        raise ValidationError(_("This case did not start with an aanmelding."))
    return referral


@transaction.atomic
def record_intake(
    access: CaseAccess,
    *,
    school_information: str,
    information_from: str,
    received_on: dt.date,
) -> Intake:
    """The regisseur records what the child's current school told at the intake."""
    referral = _case_referral(access)
    if not school_information.strip():
        raise ValidationError({"school_information": _("Write down what the current school told.")})
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("This date is in the future.")})
    intake, _created = Intake.objects.update_or_create(
        referral=referral,
        defaults={
            "school_information": school_information.strip(),
            "information_from": information_from.strip(),
            "received_on": received_on,
            "recorded_by": access.user,
            "recorded_at": timezone.now(),
        },
    )
    log_change(
        access,
        event=Event.CREATE if _created else Event.CHANGE,
        object_type="intake",
        object_id=str(referral.uuid),
        category=REFERRAL_CATEGORY,
    )
    return intake


@transaction.atomic
def mark_started(access: CaseAccess, *, started_on: dt.date) -> Referral:
    """The programme started: the referrer hears it."""
    referral = _case_referral(access)
    if started_on > timezone.localdate():
        raise ValidationError({"started_on": _("This date is in the future.")})
    _move(referral, ReferralStatus.STARTED, _("The programme has started already, or ended."))
    referral.started_on = started_on
    referral.save(update_fields=["status", "status_since", "started_on"])
    _event(
        referral,
        EventKind.STARTED,
        access_user=access.user,
        organisation=access.organisation.name if access.organisation else "",
    )
    log_change(access, object_type="referral", object_id=str(referral.uuid))
    mail.tell_referrer(referral, ReferralStatus.STARTED)
    return referral


@transaction.atomic
def mark_ended(access: CaseAccess, *, ended_on: dt.date, outcome: str = "") -> Referral:
    """The programme ended: the referrer hears it, and reads a short outcome only when the
    parents agreed to that in the aanmelding."""
    referral = _case_referral(access)
    if ended_on > timezone.localdate():
        raise ValidationError({"ended_on": _("This date is in the future.")})
    if referral.started_on is not None and ended_on < referral.started_on:
        raise ValidationError({"ended_on": _("The end is before the start of the programme.")})
    if outcome.strip() and not referral.outcome_may_be_shared:
        raise ValidationError(
            {
                "outcome": _(
                    "The parents did not agree to share an outcome with the referrer: leave it "
                    "empty."
                )
            }
        )
    _move(referral, ReferralStatus.ENDED, _("The programme has ended already."))
    referral.ended_on = ended_on
    referral.outcome = outcome.strip()
    referral.save(update_fields=["status", "status_since", "ended_on", "outcome"])
    _event(
        referral,
        EventKind.ENDED,
        access_user=access.user,
        organisation=access.organisation.name if access.organisation else "",
    )
    log_change(access, object_type="referral", object_id=str(referral.uuid))
    mail.tell_referrer(referral, ReferralStatus.ENDED)
    return referral
