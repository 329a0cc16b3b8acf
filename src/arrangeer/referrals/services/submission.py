"""Sending an aanmelding: who may refer, in which roles, to which receiving schools and
samenwerkingsverbanden, and the aanmelding itself with the parents' consent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.audit.constants import Event
from arrangeer.cases.access import Actor
from arrangeer.children.validators import validate_date_of_birth
from arrangeer.organisations.constants import CASEWORK_ROLES
from arrangeer.organisations.models import Membership, Organisation

from .. import mail
from ..access import log_referrals, receiving_place
from ..constants import RECEIVING_ROLES, REFERRER_ORGANISATION_TYPES, EventKind
from ..models import Referral
from .common import _event

# What the referrer fills in about the child, the parent, the question and the consent.
REFERRAL_FIELDS = (
    "referrer_reference",
    "first_name",
    "last_name",
    "date_of_birth",
    "bsn",
    "current_school",
    "parent_first_name",
    "parent_last_name",
    "parent_relation",
    "parent_has_authority",
    "parent_email",
    "parent_phone",
    "reason",
    "tried",
    "consent_how",
    "consent_on",
    "consent_given_by",
    "outcome_may_be_shared",
)


def may_refer(membership: Membership) -> bool:
    return (
        membership.role in CASEWORK_ROLES
        and membership.organisation.type in REFERRER_ORGANISATION_TYPES
    )


def referrer_memberships(actor: Actor) -> list[Membership]:
    """The roles in which this person can send an aanmelding."""
    return [
        membership
        for membership in Membership.objects.active()
        .filter(user=actor.user)
        .select_related("organisation__region")
        .order_by("organisation__name", "role")
        if may_refer(membership)
    ]


def receiving_organisations(*memberships: Membership) -> QuerySet[Organisation]:
    """The organisations of the referrer's regions that receive aanmeldingen: a school with a
    support coordinator, an SWV with an education specialist; other than the referrer's own
    organisations. Never one of another region."""
    receivers = Membership.objects.active().filter(receiving_place()).values("organisation_id")
    return (
        Organisation.objects.filter(
            region_id__in={m.organisation.region_id for m in memberships},
            type__in=list(RECEIVING_ROLES),
            is_active=True,
            pk__in=receivers,
        )
        .exclude(pk__in={m.organisation_id for m in memberships})
        .order_by("name")
    )


@transaction.atomic
def submit_referral(
    *,
    actor: Actor,
    membership: Membership,
    receiving_organisation: Organisation,
    fields: Mapping[str, Any],
    consent_confirmed: bool,
) -> Referral:
    """A referrer registers a child at a receiving school or SWV, with the parents' consent."""
    _check_sender(actor, membership, receiving_organisation)
    _check_fields(fields, consent_confirmed=consent_confirmed)
    now = timezone.now()
    referral = Referral(
        region_id=membership.organisation.region_id,
        receiving_organisation=receiving_organisation,
        referrer=actor.user,
        referrer_membership=membership,
        referrer_organisation_name=membership.organisation.name,
        submitted_at=now,
        status_since=now,
        **{name: fields[name] for name in REFERRAL_FIELDS if name in fields},
    )
    referral.bsn = (referral.bsn or "").strip()
    referral.full_clean()
    referral.save()
    _event(
        referral,
        EventKind.SUBMITTED,
        access_user=actor.user,
        organisation=membership.organisation.name,
    )
    log_referrals(actor, [referral], {referral.pk: membership}, event=Event.CREATE)
    mail.tell_receivers(referral)
    return referral


def _check_sender(
    actor: Actor, membership: Membership, receiving_organisation: Organisation
) -> None:
    """The referrer sends in a role of their own that may refer, to a receiver of their region."""
    if membership.user_id != actor.user.pk or not membership.is_active:
        raise PermissionDenied(_("This is not one of your roles."))
    if not may_refer(membership):
        raise PermissionDenied(_("In this role you cannot send an aanmelding."))
    if not receiving_organisations(membership).filter(pk=receiving_organisation.pk).exists():
        raise ValidationError(
            {
                "receiving_organisation": _(
                    "Choose a school or samenwerkingsverband of your region, other than your "
                    "own, that receives aanmeldingen."
                )
            }
        )


def _check_fields(fields: Mapping[str, Any], *, consent_confirmed: bool) -> None:
    """The parents consented, the dates are not in the future (the date of birth in its
    range), and the question, what was tried and who consented are filled in."""
    if not consent_confirmed:
        raise ValidationError(
            {"consent_confirmed": _("An aanmelding needs the parents' consent. Ask for it first.")}
        )
    today = timezone.localdate()
    consent_on = fields.get("consent_on")
    if isinstance(consent_on, dt.date) and consent_on > today:
        raise ValidationError({"consent_on": _("This date is in the future.")})
    dob = fields.get("date_of_birth")
    if isinstance(dob, dt.date):
        try:
            validate_date_of_birth(dob)
        except ValidationError as error:
            raise ValidationError({"date_of_birth": error.messages}) from error
    for name in ("reason", "tried", "consent_given_by"):
        if not str(fields.get(name) or "").strip():
            raise ValidationError({name: _("This field is required.")})
