"""The aanmelding's ground in the access layer, for the two sides that may open it.

An aanmelding holds a child's details before any case exists, so it is not reached through a
case: it is a named ground of the access layer (`cases.access.enter`), which decides with the
rule below, logs every look (also a refused one, as at the case's door) and answers 404, with
nothing to switch the check off. Registered from ReferralsConfig.ready().

- The receiver: a support coordinator (an active membership) at the school the aanmelding was
  sent to, or the education specialist at the SWV it was sent to, reads the whole aanmelding
  and decides on it; the basis is the parents' consent for the aanmelding, recorded by the
  referrer. Another SWV, another school or another region's people get the 404.
- The referrer: the person who sent it, in the role they sent it in (while that membership is
  active), reads its status only: never the case opened from it.

Everyone else, a colleague of either side included, gets the 404 of an aanmelding that does
not exist."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.db.models import Q, QuerySet

from arrangeer.accounts.constants import AccountKind
from arrangeer.accounts.models import User
from arrangeer.audit.constants import Basis, Event
from arrangeer.cases.access import Actor, Ground, enter, log_entries, register_ground
from arrangeer.cases.models import Case
from arrangeer.organisations.models import Membership

from .constants import RECEIVING_ROLES
from .models import Referral

OBJECT_TYPE = "referral"
GROUND = "referral"


@dataclass(frozen=True)
class ReferralAccess:
    referral: Referral
    actor: Actor
    membership: Membership
    as_receiver: bool

    @property
    def user(self) -> User:
        return self.actor.user


def receiving_place(prefix: str = "") -> Q:
    """A membership (reached through `prefix`) that receives aanmeldingen: the role that
    receives at its kind of organisation (constants.RECEIVING_ROLES)."""
    found = Q()
    for organisation_type, role in RECEIVING_ROLES.items():
        found |= Q(**{f"{prefix}role": role, f"{prefix}organisation__type": organisation_type})
    return found


def receiving_memberships(user: User) -> QuerySet[Membership]:
    """The user's places as a receiver: a school's support coordinator, an SWV's education
    specialist."""
    if not user.is_authenticated or not user.is_active or user.kind != AccountKind.PROFESSIONAL:
        return Membership.objects.none()
    return (
        Membership.objects.active()
        .filter(receiving_place(), user=user, organisation__is_active=True)
        .select_related("organisation")
    )


def log_referrals(
    actor: Actor, referrals: list[Referral], membership_for: dict[int, Membership], *, event: str
) -> None:
    """One record per aanmelding shown (in a list) or written, in one write."""
    log_entries(
        GROUND,
        actor,
        [(referral, membership_for[referral.pk]) for referral in referrals],
        event=event,
    )


def log_referral(access: ReferralAccess, *, event: str) -> None:
    log_referrals(
        access.actor, [access.referral], {access.referral.pk: access.membership}, event=event
    )


def _find(referral_id: UUID, case_id: UUID | None) -> Referral | None:
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


def _case(referral: Referral) -> Case | None:
    return referral.case


def _place(user: User, referral: Referral, *, as_receiver: bool) -> Membership | None:
    """The receiver at the organisation it was sent to (`as_receiver`), or the referrer in the
    place they sent it from, while it is active."""
    if as_receiver:
        return (
            receiving_memberships(user)
            .filter(organisation_id=referral.receiving_organisation_id)
            .order_by("pk")
            .first()
        )
    if referral.referrer_id == user.pk:
        candidate = referral.referrer_membership
        if candidate.is_active and candidate.organisation.is_active:
            return candidate
    return None


register_ground(
    Ground(
        name=GROUND,
        object_type=OBJECT_TYPE,
        basis=Basis.CONSENT,
        find=_find,
        case_of=_case,
        place=_place,
    )
)


def access_referral(
    actor: Actor, referral_id: UUID, *, as_receiver: bool, event: str = Event.VIEW
) -> ReferralAccess:
    """The aanmelding for its receiver (`as_receiver`) or for the person
    who sent it, or Http404 (not allowed and not found look the same). Logged either way, by
    the access layer."""
    entry = enter(GROUND, actor, referral_id, event=event, as_receiver=as_receiver)
    return ReferralAccess(entry.found, actor, entry.place, as_receiver)
