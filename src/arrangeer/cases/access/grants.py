"""The ground and the categories of one person on one case: a team place with a legal task or
consent, an emergency access, and for a closed case its last regisseur."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone

from arrangeer.accounts.models import User
from arrangeer.audit.constants import Basis
from arrangeer.consents.models import Consent
from arrangeer.vocabulary import ALL_CATEGORIES

from ..constants import LEGAL_TASK_CATEGORIES, MemberBasis
from ..models import Case, EmergencyAccess, TeamMember
from ..retention import retained_categories
from .records import _BASIS_FOR_AUDIT
from .visibility import active_team_places, running_emergency_accesses


@dataclass(frozen=True)
class _Grant:
    member: TeamMember | None
    emergency: EmergencyAccess | None
    categories: frozenset[str]
    basis: str
    consent_id: int | None
    members: tuple[TeamMember, ...]


def _legal_task_holds(member: TeamMember, case: Case) -> bool:
    """Python twin of `_legal_task_holds_q`, for one case already loaded."""
    if member.basis == MemberBasis.LEGAL_TASK_SCHOOL:
        return member.membership.organisation_id == case.child.school_id
    if member.basis == MemberBasis.LEGAL_TASK_LEERPLICHT:
        return case.has_absence
    return member.basis == MemberBasis.LEGAL_TASK_YOUTH_TEAM


def _grant(
    case: Case,
    user: User,
    at: dt.datetime,
    organisation_id: int | None = None,
    *,
    with_emergency: bool = True,
) -> _Grant | None:
    """The categories and ground of one user on one visible case."""
    return _grants([case], user, at, organisation_id, with_emergency=with_emergency)[case.pk]


def _grants(
    cases: Sequence[Case],
    user: User,
    at: dt.datetime,
    organisation_id: int | None = None,
    *,
    with_emergency: bool = True,
) -> dict[int, _Grant | None]:
    """`_grant` for several cases at once (by the case's key): the same rule for each case,
    read in the same three queries whatever the number of cases."""
    if not cases:
        return {}
    day = timezone.localtime(at).date()
    all_members, all_consents = _places_and_consents(cases, user, day, organisation_id)
    running_by_case: dict[int, EmergencyAccess] = {}
    if with_emergency:
        running = running_emergency_accesses(at=at).filter(case__in=cases, user=user)
        if organisation_id is not None:
            running = running.filter(membership__organisation_id=organisation_id)
        for found in running.select_related("membership__organisation").order_by("-started_at"):
            running_by_case.setdefault(found.case_id, found)
    grants: dict[int, _Grant | None] = {}
    for case in cases:
        members = [m for m in all_members if m.case_id == case.pk]
        consents = [c for c in all_consents if c.case_id == case.pk]
        best = _best_grant(case, members, consents)
        emergency = running_by_case.get(case.pk)
        if not with_emergency or emergency is None:
            grants[case.pk] = best
        elif best is None:
            grants[case.pk] = _Grant(
                None, emergency, ALL_CATEGORIES, Basis.BREAK_THE_GLASS, None, ()
            )
        else:
            grants[case.pk] = _Grant(
                best.member, emergency, ALL_CATEGORIES, Basis.BREAK_THE_GLASS, None, best.members
            )
    return grants


def _places_and_consents(
    cases: Sequence[Case], user: User, day: dt.date, organisation_id: int | None
) -> tuple[list[TeamMember], list[Consent]]:
    """The user's team places on these cases that give access (`valid_team_members`' rule)
    and their organisations' team consents. The places are read without their ground, which
    is checked here on the rows read: a legal task that holds (`_legal_task_holds`), or a
    consent among those read, which the grant needs anyway (the same rule, without building
    and compiling its subquery for every case opened)."""
    places = active_team_places().filter(case__in=cases, membership__user=user)
    if organisation_id is not None:
        places = places.filter(membership__organisation_id=organisation_id)
    held = list(places.select_related("membership__organisation").order_by("pk"))
    org_ids = {m.membership.organisation_id for m in held}
    all_consents = list(
        Consent.objects.active_on(day)
        .for_team()
        .filter(case__in=cases, organisation_id__in=org_ids)
        .order_by("pk")
    )
    consented = {(c.case_id, c.organisation_id) for c in all_consents}
    by_pk = {case.pk: case for case in cases}
    members = [
        m
        for m in held
        if _legal_task_holds(m, by_pk[m.case_id])
        or (m.case_id, m.membership.organisation_id) in consented
    ]
    return members, all_consents


def _best_grant(case: Case, members: list[TeamMember], consents: list[Consent]) -> _Grant | None:
    """The team place of the person on this case that reads the most categories."""
    best: _Grant | None = None
    for member in members:
        org_consents = [
            c for c in consents if c.organisation_id == member.membership.organisation_id
        ]
        categories: set[str] = set()
        basis = ""
        consent_id = None
        if _legal_task_holds(member, case):
            categories |= LEGAL_TASK_CATEGORIES.get(member.basis, frozenset())
            basis = _BASIS_FOR_AUDIT[MemberBasis(member.basis)]
        for consent in org_consents:
            categories |= set(consent.categories)
            if not basis or (member.basis == MemberBasis.CONSENT and consent_id is None):
                basis, consent_id = Basis.CONSENT, consent.pk
        if best is None or len(categories) > len(best.categories):
            best = _Grant(member, None, frozenset(categories), basis, consent_id, tuple(members))
    return best


def _closed_grant(
    case: Case, user: User, at: dt.datetime, organisation_id: int | None
) -> _Grant | None:
    """A closed case: its last regisseur, through their team place and its ground, in the
    categories whose retention period has not passed. Emergency access opens no closed case."""
    if case.regisseur_id != user.pk:
        return None
    grant = _grant(case, user, at, organisation_id, with_emergency=False)
    if grant is None or grant.member is None:
        return None
    categories = grant.categories & retained_categories(case, timezone.localtime(at).date())
    if not categories:
        return None
    return _Grant(grant.member, None, categories, grant.basis, grant.consent_id, grant.members)
