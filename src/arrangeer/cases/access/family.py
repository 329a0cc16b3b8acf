"""The family's place in a case (parents, carers, the young person from 12) and what each of
them may see of it; their door, `access_family_case`, is in `door`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from arrangeer.accounts.constants import AccountKind
from arrangeer.accounts.models import User
from arrangeer.children.ages import OWN_ACCOUNT_AGE, decides_alone, parents_decide, years_before
from arrangeer.children.models import LegalRepresentative
from arrangeer.consents.models import ParentSharing
from arrangeer.vocabulary import ALL_CATEGORIES, DataCategory

from ..constants import CaseStatus
from ..models import Case

# Art. 1:377c BW: information about important matters, not the medical or safety file.
_WITHOUT_AUTHORITY = frozenset(
    {DataCategory.EDUCATION, DataCategory.YOUTH_CARE, DataCategory.FAMILY}
)
# What parents always keep seeing of a young person of 16 or older: school matters.
_PARENTS_FROM_16 = frozenset({DataCategory.EDUCATION})
_CHILD_UNDER_16 = ALL_CATEGORIES - {DataCategory.SAFETY}


@dataclass(frozen=True)
class FamilyPlace:
    """How a family member stands in the case: a parent (the representative record) or the
    young person themselves (representative None)."""

    representative: LegalRepresentative | None
    band: str

    @property
    def is_child(self) -> bool:
        return self.representative is None

    @property
    def has_authority(self) -> bool:
        return self.representative is not None and self.representative.has_authority

    @property
    def role(self) -> str:
        if self.representative is None:
            return "youth"
        return "parent" if self.has_authority else "parent_without_authority"

    @property
    def can_decide_consent(self) -> bool:
        """Give or withdraw consent (consents.rules hold the details per age)."""
        if self.is_child:
            return not parents_decide(self.band)
        return self.has_authority and not decides_alone(self.band)

    @property
    def can_agree(self) -> bool:
        """Instemming with the handelingsdeel: each parent with gezag on their own."""
        return self.has_authority

    @property
    def chooses_what_parents_see(self) -> bool:
        """The young person from 16 decides alone what the parents see in the portal."""
        return self.is_child and decides_alone(self.band)

    @property
    def can_see_file(self) -> bool:
        """Who looked, and the download of the whole file (AVG right of access): the parent
        with gezag while the child is under 16, the young person from 16."""
        if self.is_child:
            return decides_alone(self.band)
        return self.has_authority and not decides_alone(self.band)


def family_categories(
    place: FamilyPlace, shared_with_parents: Iterable[str] = ()
) -> frozenset[str]:
    if place.is_child:
        return ALL_CATEGORIES if decides_alone(place.band) else _CHILD_UNDER_16
    base = ALL_CATEGORIES if place.has_authority else _WITHOUT_AUTHORITY
    if decides_alone(place.band):
        return base & (_PARENTS_FROM_16 | frozenset(shared_with_parents))
    return base


def _family_accounts() -> tuple[str, ...]:
    return (AccountKind.PARENT, AccountKind.YOUTH)


def family_cases(user: User, *, day: dt.date | None = None) -> QuerySet[Case]:
    """The cases of the children this parent or young person may reach in the portal: open
    ones, and closed ones still in their retention period (read-only; a case whose period
    has passed entirely is removed by apply_retention)."""
    if not user.is_authenticated or not user.is_active or user.kind not in _family_accounts():
        return Case.objects.none()
    day = day or timezone.localdate()
    born_by = years_before(day, OWN_ACCOUNT_AGE)
    as_parent = LegalRepresentative.objects.filter(user=user).values("child_id")
    return Case.objects.filter(
        Q(child_id__in=as_parent) | Q(child__user=user, child__date_of_birth__lte=born_by)
    )


@dataclass(frozen=True)
class FamilyMember:
    """One family member with a portal account, how they stand in the case and what they
    may see of it: the same rule as `access_family_case`, for every member at once."""

    user: User
    place: FamilyPlace
    categories: frozenset[str]


def family_members(case: Case, *, day: dt.date | None = None) -> list[FamilyMember]:
    """Everyone of the family who reaches this (open) case in the portal: the parents and
    carers with an account, and the young person from 12 with an account. Two queries."""
    day = day or timezone.localdate()
    if case.status != CaseStatus.OPEN:
        return []
    band = str(case.child.age_band(day))
    people: list[tuple[User, FamilyPlace]] = []
    seen: set[int] = set()
    for representative in (
        LegalRepresentative.objects.filter(
            child_id=case.child_id, user__isnull=False, user__is_active=True
        )
        .select_related("user")
        .order_by("-has_authority", "pk")
    ):
        assert representative.user is not None
        if representative.user.kind == AccountKind.PARENT and representative.user_id not in seen:
            seen.add(representative.user.pk)
            people.append((representative.user, FamilyPlace(representative, band)))
    child_user = case.child.user
    if (
        child_user is not None
        and child_user.is_active
        and child_user.kind == AccountKind.YOUTH
        and case.child.may_use_own_account(day)
    ):
        people.append((child_user, FamilyPlace(None, band)))
    shared: list[str] = []
    if decides_alone(band) and any(not place.is_child for _user, place in people):
        shared = _shared_with_parents(case)
    return [FamilyMember(user, place, family_categories(place, shared)) for user, place in people]


def _shared_with_parents(case: Case) -> list[str]:
    """The categories the young person from 16 last chose to share with the parents."""
    latest = ParentSharing.objects.filter(case=case).order_by("-recorded_at", "-pk").first()
    return list(latest.categories) if latest is not None else []
