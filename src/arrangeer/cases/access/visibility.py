"""Which cases a professional may see: the team places that give access, running emergency
accesses, and the visible cases of lists, search, counts and exports."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from arrangeer.accounts.models import User
from arrangeer.consents.models import Consent
from arrangeer.organisations.models import Membership

from ..constants import CaseStatus, MemberBasis, MemberStatus
from ..models import Case, EmergencyAccess, TeamMember
from .actor import _now


def _legal_task_holds_q() -> Q:
    """On TeamMember: the member's legal task still holds."""
    return (
        Q(
            basis=MemberBasis.LEGAL_TASK_SCHOOL,
            membership__organisation_id=F("case__child__school_id"),
        )
        | Q(basis=MemberBasis.LEGAL_TASK_LEERPLICHT, case__has_absence=True)
        | Q(basis=MemberBasis.LEGAL_TASK_YOUTH_TEAM)
    )


def valid_team_members(*, day: dt.date | None = None) -> QuerySet[TeamMember]:
    """Team places that give access today: active, in an active membership, with a ground."""
    day = day or timezone.localdate()
    consent = (
        Consent.objects.active_on(day)
        .for_team()
        .filter(
            case_id=OuterRef("case_id"), organisation_id=OuterRef("membership__organisation_id")
        )
    )
    return active_team_places().filter(_legal_task_holds_q() | Exists(consent))


def active_team_places() -> QuerySet[TeamMember]:
    """Active team places in an active membership, with or without a ground:
    `valid_team_members` checks the ground in SQL, `grants._grants` in Python."""
    return TeamMember.objects.filter(
        status=MemberStatus.ACTIVE,
        membership__is_active=True,
        membership__organisation__is_active=True,
    )


def _places_giving_access(memberships: list[tuple[int, int]], day: dt.date) -> QuerySet[TeamMember]:
    """`valid_team_members` for one person's active memberships (pk, organisation id): the
    same rule, with the membership's organisation given as a value, so a place's consent is
    looked up among that organisation's consents of that case and nothing else is joined."""
    if not memberships:
        return TeamMember.objects.none()
    holds = Q()
    for membership_id, organisation_id in memberships:
        consent = (
            Consent.objects.active_on(day)
            .for_team()
            .filter(case_id=OuterRef("case_id"), organisation_id=organisation_id)
        )
        holds |= Q(membership_id=membership_id) & (
            Q(basis=MemberBasis.LEGAL_TASK_YOUTH_TEAM)
            | Q(basis=MemberBasis.LEGAL_TASK_SCHOOL, case__child__school_id=organisation_id)
            | Q(basis=MemberBasis.LEGAL_TASK_LEERPLICHT, case__has_absence=True)
            | Q(Exists(consent))
        )
    return TeamMember.objects.filter(status=MemberStatus.ACTIVE).filter(holds)


# From this many team places on, a list walks the cases in its own order and checks each for
# a place, instead of collecting every case of every place first (docs/performance.md).
WALK_FROM_PLACES = 2000


def running_emergency_accesses(*, at: dt.datetime | None = None) -> QuerySet[EmergencyAccess]:
    at = at or _now()
    return EmergencyAccess.objects.filter(started_at__lte=at, expires_at__gt=at)


def visible_cases(
    user: User, *, at: dt.datetime | None = None, organisation_id: int | None = None
) -> QuerySet[Case]:
    """Every case this user may see (acting for one organisation, if given). Lists, search,
    counts and exports start here.

    The cost follows what is shown, for a caseload of 30 or of 25,000. The person's
    memberships, with how many team places each holds, are read first (one small query).
    Up to WALK_FROM_PLACES places the query is driven from them: find the places and their
    grounds, then those cases by their key. With more (a youth team that sees a quarter of a
    region), a page of 50 is found by walking the cases in the page's order and checking each
    for a place, which stops after a few hundred. The database would pick between the two
    itself if it could see the number of places ahead; it cannot, and guessed a scan of every
    case. `pk IN (members) OR pk IN (emergencies)`, the earlier form, always scanned."""
    return _visible(user, at=at, organisation_id=organisation_id)[0]


def visible_cases_and_keys(
    user: User, *, at: dt.datetime | None = None, organisation_id: int | None = None
) -> tuple[QuerySet[Case], list[int] | None, list[int] | None]:
    """`visible_cases`, their keys and the keys of those the person leads (is the regisseur
    of), read in one query when the person's places are few enough to list (fewer than
    WALK_FROM_PLACES); None with more, where the list is a condition per case. For a page
    that puts the visible cases into many queries (*Mijn acties*, a dozen sources): the list
    is then evaluated once, and each source looks its cases up by key."""
    cases, listable = _visible(user, at=at, organisation_id=organisation_id)
    if not listable:
        return cases, None, None
    rows = list(cases.order_by().values_list("pk", "regisseur_id"))
    return cases, [pk for pk, _ in rows], [pk for pk, lead in rows if lead == user.pk]


def _visible(
    user: User, *, at: dt.datetime | None, organisation_id: int | None
) -> tuple[QuerySet[Case], bool]:
    """`visible_cases`, and whether it is driven from a list of places (few enough to list)."""
    if not user.is_authenticated or not user.is_active:
        return Case.objects.none(), True
    at = at or _now()
    day = timezone.localtime(at).date()
    memberships = Membership.objects.active().filter(user=user)
    emergencies = running_emergency_accesses(at=at).filter(user=user)
    if organisation_id is not None:
        memberships = memberships.filter(organisation_id=organisation_id)
        emergencies = emergencies.filter(membership__organisation_id=organisation_id)
    held = list(
        memberships.annotate(
            places=Count("case_teams", filter=Q(case_teams__status=MemberStatus.ACTIVE))
        ).values_list("pk", "organisation_id", "places")
    )
    places = _places_giving_access([(pk, org) for pk, org, _ in held], day)
    emergency = emergencies.exists()
    if sum(n for _, _, n in held) >= WALK_FROM_PLACES:
        granted = Q(Exists(places.filter(case_id=OuterRef("pk"))))
        if emergency:
            granted |= Q(Exists(emergencies.filter(case_id=OuterRef("pk"))))
        return Case.objects.filter(granted, status=CaseStatus.OPEN), False
    ids = places.order_by().values("case_id")
    if emergency:  # one id list (a UNION): an OR of two IN lists kept the database scanning
        ids = ids.union(emergencies.order_by().values("case_id"))
    return Case.objects.filter(status=CaseStatus.OPEN, pk__in=ids), True
