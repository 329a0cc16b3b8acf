"""Reading the Loket's data, always from an access (the case's door) or from the person's
own places (their matches): the consults of a case, a match told to its two sides only, and
what the family sees of it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet

from arrangeer.accounts.models import User
from arrangeer.cases.access import CaseAccess

from .constants import ConsultStatus
from .models import Consult, Match, Registration


def consults_of(access: CaseAccess) -> QuerySet[Consult]:
    """The team sees the case's consults; the Loket's adviser those asked of their Loket."""
    found = Consult.objects.filter(case=access.case).select_related(
        "loket", "asked_by", "asked_as__organisation", "advised_by", "advised_as__organisation"
    )
    if access.is_advice_seat:
        assert access.seat is not None
        return found.filter(loket_id=access.seat.organisation_id)
    if access.member is None:
        return Consult.objects.none()
    return found


def open_for_team(access: CaseAccess) -> list[Consult]:
    """The dossier's list of open questions: its line shows the question, its status and due
    date, so none of the people and places `consults_of` reads with a consult."""
    found = consults_of(access).exclude(status=ConsultStatus.FOLLOWED_UP)
    return list(found.select_related(None)[:10])


@dataclass(frozen=True)
class Told:
    """One match as one side sees it: their own registration and the other side's
    organisation and contact, nothing more."""

    match: Match
    own: Registration
    other: Registration

    @property
    def other_contact_name(self) -> str:
        return self.other.contact.user.get_full_name() or self.other.contact.user.get_username()

    @property
    def other_contact_email(self) -> str:
        return self.other.contact.user.email


def _told(match: Match, user_id: int) -> Told:
    if match.education.contact.user_id == user_id:
        return Told(match, match.education, match.youth)
    return Told(match, match.youth, match.education)


def _matches() -> QuerySet[Match]:
    return Match.objects.select_related(
        "education__organisation",
        "education__contact__user",
        "education__contact__organisation",
        "education__case",
        "youth__organisation",
        "youth__contact__user",
        "youth__contact__organisation",
        "youth__case",
    )


def _told_q(user: User) -> Q:
    """Each side is its contact, in a place still held: told to them and nobody else."""
    return Q(education__contact__user=user, education__contact__is_active=True) | Q(
        youth__contact__user=user, youth__contact__is_active=True
    )


def matches_for(user: User) -> list[Told]:
    if not user.is_authenticated or not user.is_active:
        return []
    return [_told(m, user.pk) for m in _matches().filter(_told_q(user)).order_by("-matched_at")]


def match_for(user: User, match_id: UUID) -> Told | None:
    found = _matches().filter(_told_q(user), uuid=match_id).first()
    return _told(found, user.pk) if found is not None else None


@dataclass(frozen=True)
class KnownElsewhere:
    """One match on the dossier, as its contact sees it: the other side's organisation and
    contact (what the line shows), read as values."""

    match_uuid: UUID
    matched_at: dt.datetime
    organisation: str
    contact: User

    @property
    def other_contact_name(self) -> str:
        return self.contact.get_full_name() or self.contact.get_username()

    @property
    def other_contact_email(self) -> str:
        return self.contact.email


# What the dossier's line shows of each side of a match.
_SIDE_VALUES = (
    "organisation__name",
    "contact__user_id",
    "contact__user__first_name",
    "contact__user__last_name",
    "contact__user__username",
    "contact__user__email",
)
_MATCH_VALUES = (
    "pk",
    "uuid",
    "matched_at",
    *(f"{side}__{path}" for side in ("education", "youth") for path in _SIDE_VALUES),
)


def _known(row: dict[str, Any], user_id: int) -> KnownElsewhere:
    # The other side is the youth side unless this person is the education side's contact
    # (as `_told`): a match of two of their own registrations shows its youth side.
    other = "youth" if row["education__contact__user_id"] == user_id else "education"
    contact = User(
        first_name=row[f"{other}__contact__user__first_name"],
        last_name=row[f"{other}__contact__user__last_name"],
        username=row[f"{other}__contact__user__username"],
        email=row[f"{other}__contact__user__email"],
    )
    return KnownElsewhere(
        row["uuid"], row["matched_at"], row[f"{other}__organisation__name"], contact
    )


def matches_on_case(access: CaseAccess) -> list[KnownElsewhere]:
    """On the dossier: the matches of this case's registration, for its contact only."""
    user = access.user
    # The case's own registrations with this contact: each side's matches read through its
    # own index (an OR over the two sides' joins read every match in the table), in one query
    # of the values the line shows (a model per side and contact cost more than the query).
    case = access.case
    sides = (
        Match.objects.filter(education__case=case, education__contact__user=user)
        .order_by()
        .values(*_MATCH_VALUES)
        .union(
            Match.objects.filter(youth__case=case, youth__contact__user=user)
            .order_by()
            .values(*_MATCH_VALUES),
            all=True,
        )
    )
    found = {row["pk"]: row for row in sides}.values()  # a match of two of its registrations
    newest = sorted(found, key=lambda row: (row["matched_at"], row["pk"]), reverse=True)
    return [_known(row, user.pk) for row in newest]


@dataclass(frozen=True)
class FamilyLine:
    matched_at: object
    education: str
    youth: str


def for_family(access: CaseAccess) -> list[FamilyLine]:
    """The portal's line: the child's school side and youth side were told that the other
    knows the child (which organisations, when). Only this region's matches."""
    child = access.case.child
    if not child.bsn:
        return []
    found = _matches().filter(education__bsn=child.bsn, education__region=access.case.region)
    return [
        FamilyLine(m.matched_at, m.education.organisation.name, m.youth.organisation.name)
        for m in found
    ]
