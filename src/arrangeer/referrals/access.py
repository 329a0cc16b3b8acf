"""The door to an aanmelding, for the two sides that may open it, each with the access log.

An aanmelding holds a child's details before any case exists, so it has a door of its own,
next to the case's (`cases.access`), with the same rules: a ground or a 404, every look logged
(also a refused one), and nothing to switch the check off.

- The receiving school: a support coordinator (an active membership) at the school the
  aanmelding was sent to reads the whole aanmelding and decides on it; the basis is the
  parents' consent for the aanmelding, recorded by the referrer.
- The referrer: the person who sent it, in the role they sent it in (while that membership is
  active), reads its status only: never the case opened from it.

Everyone else, a colleague of either side included, gets the 404 of an aanmelding that does
not exist."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NoReturn
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from arrangeer.accounts.constants import AccountKind
from arrangeer.accounts.models import User
from arrangeer.audit.constants import Basis, Event, Outcome
from arrangeer.audit.services import AccessRecord, write_access_records
from arrangeer.cases.access import Actor
from arrangeer.organisations.models import Membership

from .constants import RECEIVING_ORGANISATION_TYPE, RECEIVING_ROLE
from .models import Referral

OBJECT_TYPE = "referral"


@dataclass(frozen=True)
class ReferralAccess:
    referral: Referral
    actor: Actor
    membership: Membership
    as_receiver: bool

    @property
    def user(self) -> User:
        return self.actor.user


def receiving_memberships(user: User) -> QuerySet[Membership]:
    """The user's places as a receiving school's support coordinator."""
    if not user.is_authenticated or not user.is_active or user.kind != AccountKind.PROFESSIONAL:
        return Membership.objects.none()
    return (
        Membership.objects.active()
        .filter(
            user=user,
            role=RECEIVING_ROLE,
            organisation__type=RECEIVING_ORGANISATION_TYPE,
            organisation__is_active=True,
        )
        .select_related("organisation")
    )


def _record(
    actor: Actor,
    referral: Referral | None,
    *,
    event: str,
    outcome: str,
    membership: Membership | None,
    object_id: str,
    basis: str,
) -> AccessRecord:
    user = actor.user
    case = referral.case if referral is not None else None
    return AccessRecord(
        event=event,
        outcome=outcome,
        channel=actor.channel,
        user_id=user.pk,
        username=user.get_username(),
        role=membership.role if membership is not None else str(getattr(user, "kind", "")),
        organisation_id=membership.organisation_id if membership is not None else None,
        organisation_name=membership.organisation.name if membership is not None else "",
        responsible_user_id=(actor.on_behalf_of or user).pk,
        child_pseudonym=case.child.pseudonym if case is not None else None,
        case_ref=case.uuid if case is not None else None,
        object_type=OBJECT_TYPE,
        object_id=object_id,
        basis=basis,
        client_address=actor.client_address,
    )


def log_referrals(
    actor: Actor, referrals: list[Referral], membership_for: dict[int, Membership], *, event: str
) -> None:
    """One record per aanmelding shown (in a list) or written, in one write."""
    write_access_records(
        [
            _record(
                actor,
                referral,
                event=event,
                outcome=Outcome.ALLOWED,
                membership=membership_for.get(referral.pk),
                object_id=str(referral.uuid),
                basis=Basis.CONSENT,
            )
            for referral in referrals
        ]
    )


def log_referral(access: ReferralAccess, *, event: str) -> None:
    log_referrals(
        access.actor, [access.referral], {access.referral.pk: access.membership}, event=event
    )


def _refuse(actor: Actor, referral_id: UUID, *, event: str) -> NoReturn:
    referral = (
        Referral.objects.filter(uuid=referral_id).select_related("case__child").first()
        if actor.user.is_authenticated
        else None
    )
    if actor.user.is_authenticated:
        write_access_records(
            [
                _record(
                    actor,
                    referral,
                    event=event,
                    outcome=Outcome.DENIED,
                    membership=None,
                    object_id=str(referral_id),
                    basis=Basis.NONE,
                )
            ]
        )
    raise Http404


def _referral(referral_id: UUID) -> Referral | None:
    return (
        Referral.objects.filter(uuid=referral_id)
        .select_related(
            "receiving_organisation",
            "current_school",
            "referrer",
            "referrer_membership__organisation",
            "case__child",
        )
        .first()
    )


def access_referral(
    actor: Actor, referral_id: UUID, *, as_receiver: bool, event: str = Event.VIEW
) -> ReferralAccess:
    """The aanmelding for its receiving school's coordinator (`as_receiver`) or for the person
    who sent it, or Http404 (not allowed and not found look the same). Logged either way."""
    user = actor.user
    referral = _referral(referral_id) if user.is_authenticated and user.is_active else None
    membership: Membership | None = None
    if referral is not None and as_receiver:
        membership = (
            receiving_memberships(user)
            .filter(organisation_id=referral.receiving_organisation_id)
            .order_by("pk")
            .first()
        )
    elif referral is not None and referral.referrer_id == user.pk:
        candidate = referral.referrer_membership
        if candidate.is_active and candidate.organisation.is_active:
            membership = candidate
    if referral is None or membership is None:
        _refuse(actor, referral_id, event=event)
    access = ReferralAccess(referral, actor, membership, as_receiver)
    log_referral(access, event=event)
    return access
