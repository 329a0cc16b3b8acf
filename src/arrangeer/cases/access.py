"""The one door to case data (ARCHITECTURE.md rule 3).

Every page, export and API endpoint that shows anything about a child gets its case through
`access_case` (one case) or `visible_cases` (lists, search, counts). Both apply the same rule,
both write the access log, and neither has a switch to skip the check: superusers and
functional administrators see no child data unless they are on the team themselves.

Who sees a case (while it is open):
- an active team member whose organisation membership is active, and who has a ground:
  a legal task that still holds (the school for its own pupil, leerplicht while there is
  absence, the youth team that took up the signal) or an active consent of the family for
  their organisation;
- a professional with a running emergency access (break-the-glass, 24 hours).
What they see within it: the data categories their legal task covers plus those of their
organisation's active consents (all categories under emergency access).

The family (ouderportaal) comes through the same door, `access_family_case`, with the same
log (basis "family"): a parent or carer whose account is linked to a LegalRepresentative of
the child, and the young person from 12 whose account is linked to the child. Professional
accounts never get in this way, even when linked. What each sees (docs/privacy.md):
- a parent with gezag: everything of their child's case; from the child's 16th birthday only
  education plus the categories the young person chose to share with the parents;
- a parent without gezag (art. 1:377c BW): information about important matters, read-only:
  education, youth care and family, never health or safety; from 16 as above;
- the young person from 12: their own file, safety reports only from 16.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from uuid import UUID

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from arrangeer.accounts.constants import AccountKind
from arrangeer.accounts.models import User
from arrangeer.audit.constants import Basis, Channel, Event, Outcome
from arrangeer.audit.services import AccessRecord, write_access_records
from arrangeer.children.models import LegalRepresentative
from arrangeer.consents.constants import ALL_CATEGORIES, AgeBand, DataCategory
from arrangeer.consents.models import Consent, ParentSharing
from arrangeer.organisations.constants import Role
from arrangeer.organisations.models import Membership, Organisation

from .constants import LEGAL_TASK_CATEGORIES, CaseStatus, MemberBasis, MemberStatus
from .models import Case, EmergencyAccess, TeamMember

# Roles that need the BSN for their task (issue: school coordinator, SWV, youth team, leerplicht).
BSN_ROLES = frozenset(
    {Role.COORDINATOR, Role.SWV_SPECIALIST, Role.YOUTH_WORKER, Role.LEERPLICHT_OFFICER}
)

_BASIS_FOR_AUDIT: dict[str, str] = {
    MemberBasis.CONSENT: Basis.CONSENT,
    MemberBasis.LEGAL_TASK_SCHOOL: Basis.LEGAL_TASK_SCHOOL,
    MemberBasis.LEGAL_TASK_LEERPLICHT: Basis.LEGAL_TASK_LEERPLICHT,
    MemberBasis.LEGAL_TASK_YOUTH_TEAM: Basis.LEGAL_TASK_YOUTH_TEAM,
}


@dataclass(frozen=True)
class Actor:
    """Who asks, through which channel, from where: what the access log needs besides the
    object. Built once per request (or per command run)."""

    user: User
    channel: str = Channel.WEB
    client_address: str | None = None
    on_behalf_of: User | None = None
    # An API token acts for one organisation only: the user's places at other organisations
    # give it nothing.
    organisation_id: int | None = None

    @classmethod
    def from_request(cls, request: HttpRequest, *, channel: str = Channel.WEB) -> Actor:
        user = request.user
        assert isinstance(user, User)
        return cls(user=user, channel=channel, client_address=request.META.get("REMOTE_ADDR"))


def _now() -> dt.datetime:
    return timezone.now()


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
    consent = Consent.objects.active_on(day).filter(
        case_id=OuterRef("case_id"), organisation_id=OuterRef("membership__organisation_id")
    )
    return TeamMember.objects.filter(
        status=MemberStatus.ACTIVE,
        membership__is_active=True,
        membership__organisation__is_active=True,
    ).filter(_legal_task_holds_q() | Exists(consent))


def running_emergency_accesses(*, at: dt.datetime | None = None) -> QuerySet[EmergencyAccess]:
    at = at or _now()
    return EmergencyAccess.objects.filter(started_at__lte=at, expires_at__gt=at)


def visible_cases(
    user: User, *, at: dt.datetime | None = None, organisation_id: int | None = None
) -> QuerySet[Case]:
    """Every case this user may see (acting for one organisation, if given). Lists, search,
    counts and exports start here."""
    if not user.is_authenticated or not user.is_active:
        return Case.objects.none()
    at = at or _now()
    day = timezone.localtime(at).date()
    # Driven from the user's own team places and emergency accesses (a handful of rows found
    # by index), not by testing every case of the region.
    members = valid_team_members(day=day).filter(membership__user=user)
    emergencies = running_emergency_accesses(at=at).filter(user=user)
    if organisation_id is not None:
        members = members.filter(membership__organisation_id=organisation_id)
        emergencies = emergencies.filter(membership__organisation_id=organisation_id)
    member = members.values("case_id")
    emergency = emergencies.values("case_id")
    return Case.objects.filter(status=CaseStatus.OPEN).filter(
        Q(pk__in=member) | Q(pk__in=emergency)
    )


# Art. 1:377c BW: information about important matters, not the medical or safety file.
_WITHOUT_AUTHORITY = frozenset(
    {DataCategory.EDUCATION, DataCategory.YOUTH_CARE, DataCategory.FAMILY}
)
# What parents always keep seeing of a young person of 16 or older: school matters.
_PARENTS_FROM_16 = frozenset({DataCategory.EDUCATION})
_CHILD_UNDER_16 = ALL_CATEGORIES - {DataCategory.SAFETY}
FAMILY_MIN_AGE = 12


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
            return self.band != AgeBand.UNDER_12
        return self.has_authority and self.band != AgeBand.FROM_16

    @property
    def can_agree(self) -> bool:
        """Instemming with the handelingsdeel: each parent with gezag on their own."""
        return self.has_authority

    @property
    def can_see_file(self) -> bool:
        """Who looked, and the download of the whole file (AVG right of access): the parent
        with gezag while the child is under 16, the young person from 16."""
        if self.is_child:
            return self.band == AgeBand.FROM_16
        return self.has_authority and self.band != AgeBand.FROM_16


def family_categories(
    place: FamilyPlace, shared_with_parents: Iterable[str] = ()
) -> frozenset[str]:
    if place.is_child:
        return ALL_CATEGORIES if place.band == AgeBand.FROM_16 else _CHILD_UNDER_16
    base = ALL_CATEGORIES if place.has_authority else _WITHOUT_AUTHORITY
    if place.band == AgeBand.FROM_16:
        return base & (_PARENTS_FROM_16 | frozenset(shared_with_parents))
    return base


@dataclass(frozen=True)
class CaseAccess:
    """What one user may see of one case, decided once per request."""

    case: Case
    actor: Actor
    member: TeamMember | None
    emergency: EmergencyAccess | None
    categories: frozenset[str]
    basis: str
    consent_id: int | None
    all_members: tuple[TeamMember, ...] = field(default=())
    family: FamilyPlace | None = None

    @property
    def is_family(self) -> bool:
        return self.family is not None

    @property
    def user(self) -> User:
        return self.actor.user

    @property
    def membership(self) -> Membership | None:
        if self.member is not None:
            return self.member.membership
        return self.emergency.membership if self.emergency is not None else None

    @property
    def organisation(self) -> Organisation | None:
        membership = self.membership
        return membership.organisation if membership is not None else None

    @property
    def role(self) -> str:
        if self.family is not None:
            return self.family.role
        membership = self.membership
        return membership.role if membership is not None else ""

    @property
    def is_regisseur(self) -> bool:
        return self.case.regisseur_id == self.actor.user.pk and self.member is not None

    @property
    def is_emergency(self) -> bool:
        return self.member is None and self.emergency is not None

    @property
    def can_see_bsn(self) -> bool:
        roles = {m.membership.role for m in self.all_members}
        if self.emergency is not None:
            roles.add(self.emergency.membership.role)
        return bool(roles & BSN_ROLES)

    def allows(self, category: str) -> bool:
        return category in self.categories


def _record(
    actor: Actor,
    *,
    event: str,
    outcome: str,
    case: Case | None,
    case_ref: UUID | None,
    membership: Membership | None = None,
    basis: str = Basis.NONE,
    consent_id: int | None = None,
    object_type: str = "case",
    object_id: str = "",
    category: str = "",
    child_pseudonym: UUID | None = None,
    role: str = "",
) -> AccessRecord:
    user = actor.user
    on_behalf = actor.on_behalf_of or user
    return AccessRecord(
        event=event,
        outcome=outcome,
        channel=actor.channel,
        user_id=user.pk,
        username=user.get_username(),
        role=membership.role if membership else role,
        organisation_id=membership.organisation_id if membership else None,
        organisation_name=membership.organisation.name if membership else "",
        responsible_user_id=on_behalf.pk,
        child_pseudonym=child_pseudonym or (case.child.pseudonym if case is not None else None),
        case_ref=case_ref,
        object_type=object_type,
        object_id=object_id or (str(case.uuid) if case is not None else ""),
        data_category=category,
        basis=basis,
        consent_id=consent_id,
        client_address=actor.client_address,
    )


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
    case: Case, user: User, at: dt.datetime, organisation_id: int | None = None
) -> _Grant | None:
    """The categories and ground of one user on one visible case."""
    day = timezone.localtime(at).date()
    places = valid_team_members(day=day).filter(case=case, membership__user=user)
    if organisation_id is not None:
        places = places.filter(membership__organisation_id=organisation_id)
    members = list(places.select_related("membership__organisation").order_by("pk"))
    org_ids = {m.membership.organisation_id for m in members}
    consents = list(
        Consent.objects.active_on(day).filter(case=case, organisation_id__in=org_ids).order_by("pk")
    )
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
    running = running_emergency_accesses(at=at).filter(case=case, user=user)
    if organisation_id is not None:
        running = running.filter(membership__organisation_id=organisation_id)
    emergency = running.select_related("membership__organisation").order_by("-started_at").first()
    if emergency is None:
        return best
    if best is None:
        return _Grant(None, emergency, ALL_CATEGORIES, Basis.BREAK_THE_GLASS, None, ())
    return _Grant(best.member, emergency, ALL_CATEGORIES, Basis.BREAK_THE_GLASS, None, best.members)


def access_case(
    actor: Actor,
    case_id: UUID,
    *,
    event: str = Event.VIEW,
    category: str = "",
    object_type: str = "case",
    object_id: str = "",
    regisseur_only: bool = False,
) -> CaseAccess:
    """The case with what this user may see of it, or Http404 (not allowed and not found
    look the same). Writes the access log either way; if the log cannot be written, this
    raises and the request fails."""
    at = _now()
    case = (
        visible_cases(actor.user, at=at, organisation_id=actor.organisation_id)
        .select_related("child", "child__school", "region", "regisseur", "initiating_organisation")
        .filter(uuid=case_id)
        .first()
    )
    grant = _grant(case, actor.user, at, actor.organisation_id) if case is not None else None
    access = (
        CaseAccess(
            case,
            actor,
            grant.member,
            grant.emergency,
            grant.categories,
            grant.basis,
            grant.consent_id,
            grant.members,
        )
        if case is not None and grant is not None
        else None
    )
    if access is None or (regisseur_only and not access.is_regisseur):
        pseudonym = (
            Case.objects.filter(uuid=case_id).values_list("child__pseudonym", flat=True).first()
        )
        write_access_records(
            [
                _record(
                    actor,
                    event=event,
                    outcome=Outcome.DENIED,
                    case=None,
                    case_ref=case_id,
                    child_pseudonym=pseudonym,
                    object_type=object_type,
                    object_id=object_id or str(case_id),
                    category=category,
                )
            ]
        )
        raise Http404
    log_change(access, event=event, object_type=object_type, object_id=object_id, category=category)
    return access


def log_for_membership(
    actor: Actor,
    case: Case,
    membership: Membership,
    *,
    event: str,
    object_type: str,
    basis: str,
) -> None:
    """For services that act before anyone holds a CaseAccess (opening, reopening, emergency
    access): record the act in the role it was done in."""
    write_access_records(
        [
            _record(
                actor,
                event=event,
                outcome=Outcome.ALLOWED,
                case=case,
                case_ref=case.uuid,
                membership=membership,
                basis=_BASIS_FOR_AUDIT.get(basis, basis),
                object_type=object_type,
            )
        ]
    )


def log_listed(actor: Actor, cases: Iterable[Case], *, event: str = Event.LIST) -> None:
    """One access-log record per case shown in a list or search result (the cases must have
    their child loaded). One write, whatever the number of rows."""
    write_access_records(
        [
            _record(actor, event=event, outcome=Outcome.ALLOWED, case=case, case_ref=case.uuid)
            for case in cases
        ]
    )


def log_change(
    access: CaseAccess,
    *,
    event: str = Event.CHANGE,
    object_type: str,
    object_id: str = "",
    category: str = "",
) -> None:
    """Record an access to case data by someone who went through `access_case`: the view
    itself, and the create/change/delete a service makes."""
    write_access_records(
        [
            _record(
                access.actor,
                event=event,
                outcome=Outcome.ALLOWED,
                case=access.case,
                case_ref=access.case.uuid,
                membership=access.membership,
                basis=access.basis,
                consent_id=access.consent_id,
                object_type=object_type,
                object_id=object_id,
                category=category,
                role=access.role,
            )
        ]
    )


def _family_accounts() -> tuple[str, ...]:
    return (AccountKind.PARENT, AccountKind.YOUTH)


def family_cases(user: User, *, day: dt.date | None = None) -> QuerySet[Case]:
    """The open cases of the children this parent or young person may reach in the portal."""
    if not user.is_authenticated or not user.is_active or user.kind not in _family_accounts():
        return Case.objects.none()
    day = day or timezone.localdate()
    born_by = _years_before(day, FAMILY_MIN_AGE)
    as_parent = LegalRepresentative.objects.filter(user=user).values("child_id")
    return Case.objects.filter(status=CaseStatus.OPEN).filter(
        Q(child_id__in=as_parent) | Q(child__user=user, child__date_of_birth__lte=born_by)
    )


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def access_family_case(
    actor: Actor,
    case_id: UUID,
    *,
    event: str = Event.VIEW,
    category: str = "",
    object_type: str = "case",
    object_id: str = "",
) -> CaseAccess:
    """The portal's door: the case of the parent's child or the young person's own case, with
    what they may see of it, or Http404 exactly as `access_case` (and logged the same way)."""
    day = timezone.localdate()
    case = (
        family_cases(actor.user, day=day)
        .select_related("child", "child__school", "region", "regisseur", "initiating_organisation")
        .filter(uuid=case_id)
        .first()
    )
    place: FamilyPlace | None = None
    if case is not None:
        band = str(case.child.age_band(day))
        if case.child.user_id == actor.user.pk:
            place = FamilyPlace(None, band)
        else:
            representative = (
                LegalRepresentative.objects.filter(child_id=case.child_id, user=actor.user)
                .order_by("-has_authority", "pk")
                .first()
            )
            if representative is not None:
                place = FamilyPlace(representative, band)
    if case is None or place is None:
        pseudonym = (
            Case.objects.filter(uuid=case_id).values_list("child__pseudonym", flat=True).first()
        )
        write_access_records(
            [
                _record(
                    actor,
                    event=event,
                    outcome=Outcome.DENIED,
                    case=None,
                    case_ref=case_id,
                    child_pseudonym=pseudonym,
                    object_type=object_type,
                    object_id=object_id or str(case_id),
                    category=category,
                )
            ]
        )
        raise Http404
    shared: list[str] = []
    if place.band == AgeBand.FROM_16 and not place.is_child:
        latest = ParentSharing.objects.filter(case=case).order_by("-recorded_at", "-pk").first()
        shared = list(latest.categories) if latest is not None else []
    access = CaseAccess(
        case,
        actor,
        None,
        None,
        family_categories(place, shared),
        Basis.FAMILY,
        None,
        (),
        place,
    )
    log_change(access, event=event, object_type=object_type, object_id=object_id, category=category)
    return access
