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
- through one door only, `access_case_for_decision` (the escalation's pages): who sits at
  the current level of an open escalation on the case (the escalatieladder), with the data
  categories that level reads for its decision; never the dossier, lists or search.
What they see within it: the data categories their legal task covers plus those of their
organisation's active consents (all categories under emergency access).

A closed case: its last regisseur (still on the team with a ground, as above) and the family
keep reading it for its retention period — for the handover, the parents' questions and the
AVG — in the categories whose period has not passed; every read is logged as any other, and
every write is refused (403: they know the case). Everyone else gets the 404 of a case that
does not exist. Lists and search (`visible_cases`) show open cases only.

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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Generic, NoReturn, TypeVar
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.accounts.constants import AccountKind
from arrangeer.accounts.models import User
from arrangeer.audit.constants import Basis, Channel, Event, Outcome
from arrangeer.audit.services import AccessRecord, write_access_records
from arrangeer.children.ages import OWN_ACCOUNT_AGE, decides_alone, parents_decide, years_before
from arrangeer.children.models import LegalRepresentative
from arrangeer.consents.constants import ConsentPurpose
from arrangeer.consents.models import Consent, ParentSharing
from arrangeer.organisations.constants import CASEWORK_ROLES, OrganisationType, Role
from arrangeer.organisations.models import Membership, Organisation
from arrangeer.vocabulary import ALL_CATEGORIES, DataCategory

from .constants import LEGAL_TASK_CATEGORIES, CaseStatus, MemberBasis, MemberStatus
from .models import Case, EmergencyAccess, TeamMember
from .retention import retained_categories
from .scoping import ScopedQuerySet as ScopedQuerySet
from .scoping import scoped_queryset

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
    # The request may change something (any method but GET, HEAD, OPTIONS): refused on a
    # closed case, which can only be read.
    writes: bool = False

    @classmethod
    def from_request(cls, request: HttpRequest, *, channel: str = Channel.WEB) -> Actor:
        user = request.user
        assert isinstance(user, User)
        return cls(
            user=user,
            channel=channel,
            client_address=request.META.get("REMOTE_ADDR"),
            writes=request_writes(request),
        )


def request_writes(request: HttpRequest) -> bool:
    return (request.method or "GET").upper() not in SAFE_METHODS


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


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
    consent = (
        Consent.objects.active_on(day)
        .for_team()
        .filter(
            case_id=OuterRef("case_id"), organisation_id=OuterRef("membership__organisation_id")
        )
    )
    return TeamMember.objects.filter(
        status=MemberStatus.ACTIVE,
        membership__is_active=True,
        membership__organisation__is_active=True,
    ).filter(_legal_task_holds_q() | Exists(consent))


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
) -> tuple[QuerySet[Case], list[int] | None]:
    """`visible_cases`, and their keys read in one query when the person's places are few
    enough to list (fewer than WALK_FROM_PLACES); None with more, where the list is a
    condition per case. For a page that puts the visible cases into many queries (*Mijn
    acties*, a dozen sources): the list is then evaluated once, and each source looks its
    cases up by key."""
    cases, listable = _visible(user, at=at, organisation_id=organisation_id)
    if not listable:
        return cases, None
    return cases, list(cases.order_by().values_list("pk", flat=True))


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
    # A closed case, read by its last regisseur or the family during its retention period:
    # nothing can be written through this access.
    read_only: bool = False
    # The place at a decision level of an escalation (`access_case_for_decision`), when the
    # person is not on the team.
    seat: Membership | None = None
    # The seat is the Integraal Loket's, through the family's consent for its advice
    # (`access_case_for_advice`), not a decision level.
    advice: bool = False

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
        if self.emergency is not None:
            return self.emergency.membership
        return self.seat

    @property
    def is_decision_seat(self) -> bool:
        """In the case only as a decision level of an escalation, not on the team."""
        return self.seat is not None and self.member is None and not self.advice

    @property
    def is_advice_seat(self) -> bool:
        """In the case only as the Integraal Loket's adviser, within the Loket's consent."""
        return self.advice and self.seat is not None and self.member is None

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

    def category_choices(self) -> list[tuple[str, str]]:
        """The data categories this person may write (and read), as form choices, in the
        vocabulary's order."""
        return [(value, str(label)) for value, label in DataCategory.choices if self.allows(value)]

    def get(
        self,
        model: Any,
        uuid: UUID,
        *,
        event: str = Event.VIEW,
        object_type: str = "",
    ) -> Any:
        """One row of child data of this case in this person's categories (`model` is a
        model or a queryset scoped by the access layer, `cases.scoping`), or Http404 with
        the refusal in the access log: absent and not allowed look the same."""
        queryset = scoped_queryset(model)
        found = queryset.visible_to(self).filter(uuid=uuid).first()
        if found is None:
            _refuse_row(
                self,
                queryset,
                uuid,
                event=event,
                object_type=object_type or queryset.model._meta.model_name or "",
            )
        return found

    @property
    def from_family_categories(self) -> frozenset[str]:
        """The categories in which this person reads what the family gave in the portal (the
        logbook, files, remarks, a consent withdrawn with its reason). The family addresses it
        to the regisseur: a parent who gives it to the regisseur shares it with them, so the
        regisseur reads it whatever its category. Everyone else reads it within their own
        categories, as any other data of the case (docs/privacy.md)."""
        return ALL_CATEGORIES if self.is_regisseur else self.categories


def require_regisseur(
    access: CaseAccess, message: str | None = None, *, open_case: bool = False
) -> None:
    """An act only the case's regisseur does (PermissionDenied, with `message` or the general
    one, for anyone else). With `open_case`, a closed case refuses it first: it is read by its
    last regisseur, never changed."""
    if open_case and access.read_only:
        raise PermissionDenied(_("This case is closed: it can still be read, not changed."))
    if not access.is_regisseur:
        raise PermissionDenied(message or _("Only the regisseur of this case can do this."))


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
    case: Case,
    user: User,
    at: dt.datetime,
    organisation_id: int | None = None,
    *,
    with_emergency: bool = True,
) -> _Grant | None:
    """The categories and ground of one user on one visible case."""
    day = timezone.localtime(at).date()
    places = valid_team_members(day=day).filter(case=case, membership__user=user)
    if organisation_id is not None:
        places = places.filter(membership__organisation_id=organisation_id)
    members = list(places.select_related("membership__organisation").order_by("pk"))
    org_ids = {m.membership.organisation_id for m in members}
    consents = list(
        Consent.objects.active_on(day)
        .for_team()
        .filter(case=case, organisation_id__in=org_ids)
        .order_by("pk")
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
    if not with_emergency:
        return best
    running = running_emergency_accesses(at=at).filter(case=case, user=user)
    if organisation_id is not None:
        running = running.filter(membership__organisation_id=organisation_id)
    emergency = running.select_related("membership__organisation").order_by("-started_at").first()
    if emergency is None:
        return best
    if best is None:
        return _Grant(None, emergency, ALL_CATEGORIES, Basis.BREAK_THE_GLASS, None, ())
    return _Grant(best.member, emergency, ALL_CATEGORIES, Basis.BREAK_THE_GLASS, None, best.members)


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


def _admit(
    access: CaseAccess, *, event: str, object_type: str, object_id: str, category: str
) -> CaseAccess:
    """Let the reader in and log it; a write on a closed case is logged as refused and
    answered 403 instead (the reader knows the case)."""
    if access.read_only and access.actor.writes:
        _log_on_case(
            access,
            outcome=Outcome.DENIED,
            event=event,
            object_type=object_type,
            object_id=object_id,
            category=category,
        )
        raise PermissionDenied(_("This case is closed: it can still be read, not changed."))
    log_change(access, event=event, object_type=object_type, object_id=object_id, category=category)
    return access


def _refuse_unseen(
    actor: Actor,
    case_id: UUID | None,
    *,
    event: str,
    object_type: str,
    object_id: str,
    category: str = "",
    place: tuple[Membership | None, str] | None = None,
) -> NoReturn:
    """Not allowed, or no such case: logged as refused under the child's pseudonym (when the
    case exists) and the place the attempt went through, answered with the same 404."""
    pseudonym = (
        Case.objects.filter(uuid=case_id).values_list("child__pseudonym", flat=True).first()
        if case_id is not None
        else None
    )
    membership, role = place if place is not None else _place_of_refused(actor, case_id)
    write_access_records(
        [
            _record(
                actor,
                event=event,
                outcome=Outcome.DENIED,
                case=None,
                case_ref=case_id,
                membership=membership,
                role=role,
                child_pseudonym=pseudonym,
                object_type=object_type,
                object_id=object_id or str(case_id),
                category=category,
            )
        ]
    )
    raise Http404


def _place_of_refused(actor: Actor, case_id: UUID | None) -> tuple[Membership | None, str]:
    """The role and organisation a refused attempt is logged under (docs/privacy.md).

    A person may hold several roles; the log has room for one, and the most telling is
    chosen: the organisation an API token acts for; else a role with a place on this case's
    team (ended, proposed or without ground: the place the attempt went through); else a
    casework role (the kind of role that can reach child data at all); else any role; the
    oldest first when still equal, so the choice does not change between attempts. A family
    account has no organisation: its kind of account is the role. One query."""
    user = actor.user
    if user.kind != AccountKind.PROFESSIONAL:
        return None, str(user.kind)
    memberships = Membership.objects.active().filter(user=user)
    if actor.organisation_id is not None:
        memberships = memberships.filter(organisation_id=actor.organisation_id)
    # Before a case exists (an aanmelding), no place is on its team.
    on_team = (
        Exists(TeamMember.objects.filter(case__uuid=case_id, membership_id=OuterRef("pk")))
        if case_id is not None
        else Value(False)
    )
    membership = (
        memberships.annotate(
            on_team=on_team,
            casework=ExpressionWrapper(Q(role__in=CASEWORK_ROLES), output_field=BooleanField()),
        )
        .select_related("organisation")
        .order_by("-on_team", "-casework", "pk")
        .first()
    )
    return membership, ""


def _decide(
    actor: Actor,
    case_id: UUID,
    *,
    event: str = Event.VIEW,
    category: str = "",
    object_type: str = "case",
    object_id: str = "",
    regisseur_only: bool = False,
) -> CaseAccess:
    """The case with what this user may see of it, not yet logged; Http404 (and the refusal
    in the log) when not allowed."""
    at = _now()
    # The one case by its key, then this user's grant on it: the same rule as
    # `visible_cases` (an open case, a valid team place or a running emergency access), at
    # the cost of one case whatever the size of the caseload.
    user = actor.user
    case = (
        Case.objects.filter(uuid=case_id)
        .select_related("child", "child__school", "region", "regisseur", "initiating_organisation")
        .first()
        if user.is_authenticated and user.is_active
        else None
    )
    grant: _Grant | None = None
    if case is not None and case.status == CaseStatus.OPEN:
        grant = _grant(case, user, at, actor.organisation_id)
    elif case is not None:
        grant = _closed_grant(case, user, at, actor.organisation_id)
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
            read_only=case.status != CaseStatus.OPEN,
        )
        if case is not None and grant is not None
        else None
    )
    if access is None or (regisseur_only and not access.is_regisseur):
        _refuse_unseen(
            actor,
            case_id,
            event=event,
            object_type=object_type,
            object_id=object_id,
            category=category,
            place=(access.membership, access.role) if access is not None else None,
        )
    return access


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
    access = _decide(
        actor,
        case_id,
        event=event,
        category=category,
        object_type=object_type,
        object_id=object_id,
        regisseur_only=regisseur_only,
    )
    return _admit(
        access, event=event, object_type=object_type, object_id=object_id, category=category
    )


def _admit_item(
    access: CaseAccess, model: Any, item_id: UUID, *, event: str, object_type: str
) -> Any:
    """One row of child data through the case's access, logged once with its category: the
    row when the person reads its category, else the refusal in the log and Http404. A write
    on a closed case is refused (403) before anything of the row is shown."""
    queryset = scoped_queryset(model)
    found = queryset.visible_to(access).with_category().filter(uuid=item_id).first()
    if found is None:
        _refuse_row(access, queryset, item_id, event=event, object_type=object_type)
    _admit(
        access,
        event=event,
        object_type=object_type,
        object_id=str(item_id),
        category=found.scoped_category or "",
    )
    return found


def _refuse_row(
    access: CaseAccess,
    queryset: ScopedQuerySet[Any],
    item_id: UUID,
    *,
    event: str,
    object_type: str,
) -> NoReturn:
    """A row of the case this person may not read (or no such row): the refusal in the log,
    with the row's category when it exists, and the 404 of a row that does not exist. A write
    on a closed case is refused as such first (403: the reader knows the case)."""
    category = (
        queryset.of_case(access)
        .filter(uuid=item_id)
        .values_list(queryset.category_path, flat=True)
        .first()
    ) or ""
    if access.read_only and access.actor.writes:
        _admit(
            access, event=event, object_type=object_type, object_id=str(item_id), category=category
        )
    _log_on_case(
        access,
        outcome=Outcome.DENIED,
        event=event,
        object_type=object_type,
        object_id=str(item_id),
        category=category,
    )
    raise Http404


def access_item(
    actor: Actor,
    case_id: UUID,
    model: Any,
    item_id: UUID,
    *,
    event: str = Event.VIEW,
    object_type: str,
    regisseur_only: bool = False,
    check: Callable[[CaseAccess], None] | None = None,
) -> tuple[CaseAccess, Any]:
    """`access_case` for one row of child data in the case (a plan item, a file, an MDO's
    action): the case's access and the row, or Http404 when either is not this person's to
    read. One access-log record, with the row's data category; nothing of the row is read
    before the case's access is decided."""
    access = _decide(
        actor,
        case_id,
        event=event,
        object_type=object_type,
        object_id=str(item_id),
        category="",
        regisseur_only=regisseur_only,
    )
    if check is not None:
        # The page's own condition (a place on the team, an open case) comes before the row,
        # as it did when the row was read after the door: logged as a view of the case.
        try:
            check(access)
        except PermissionDenied:
            _admit(
                access, event=event, object_type=object_type, object_id=str(item_id), category=""
            )
            raise
    return access, _admit_item(access, model, item_id, event=event, object_type=object_type)


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


def log_listed(
    actor: Actor, cases: Iterable[Case], *, event: str = Event.LIST, object_type: str = "case"
) -> None:
    """One access-log record per case shown in a list or search result (the cases must have
    their child loaded). One write, whatever the number of rows."""
    write_access_records(
        [
            _record(
                actor,
                event=event,
                outcome=Outcome.ALLOWED,
                case=case,
                case_ref=case.uuid,
                object_type=object_type,
            )
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
    _log_on_case(
        access,
        outcome=Outcome.ALLOWED,
        event=event,
        object_type=object_type,
        object_id=object_id,
        category=category,
    )


def _log_on_case(
    access: CaseAccess,
    *,
    outcome: str,
    event: str,
    object_type: str,
    object_id: str,
    category: str,
) -> None:
    write_access_records(
        [
            _record(
                access.actor,
                event=event,
                outcome=outcome,
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
        _refuse_unseen(
            actor,
            case_id,
            event=event,
            object_type=object_type,
            object_id=object_id,
            category=category,
        )
    shared = _shared_with_parents(case) if decides_alone(place.band) and not place.is_child else []
    closed = case.status != CaseStatus.OPEN
    categories = family_categories(place, shared)
    if closed:
        categories = categories & retained_categories(case, day)
    access = CaseAccess(
        case,
        actor,
        None,
        None,
        categories,
        Basis.FAMILY,
        None,
        (),
        place,
        read_only=closed,
    )
    return _admit(
        access, event=event, object_type=object_type, object_id=object_id, category=category
    )


# --- The decision levels of the escalatieladder --------------------------------------------


@dataclass(frozen=True)
class Seat:
    """A place at the current level of an open escalation on a case: the membership it is
    held in and the data categories the level reads for its decision."""

    membership: Membership
    categories: frozenset[str]


SeatFinder = Callable[[User, Case, dt.datetime], "Seat | None"]
_SEAT_FINDERS: list[SeatFinder] = []


def register_seat_finder(finder: SeatFinder) -> SeatFinder:
    """The escalations app says who sits at a case's current decision level (from its
    AppConfig.ready()). One finder: a second one is a mistake, not a second ground."""
    if _SEAT_FINDERS and _SEAT_FINDERS[0] is not finder:
        raise ValueError("A seat finder is already registered.")
    _SEAT_FINDERS[:] = [finder]
    return finder


def access_case_for_decision(
    actor: Actor,
    case_id: UUID,
    *,
    event: str = Event.VIEW,
    object_type: str = "escalation",
    object_id: str = "",
) -> CaseAccess:
    """The escalation's door: a place on the team (the team sees its case's escalations), or
    else a seat at the current level of an open escalation on the case, with that level's
    categories and logged with the basis "escalation_level". Emergency access alone is not
    the team. Http404 and a refusal in the log otherwise, exactly as `access_case`."""
    at = _now()
    user = actor.user
    case = (
        Case.objects.filter(uuid=case_id)
        .select_related("child", "child__school", "region", "regisseur", "initiating_organisation")
        .first()
        if user.is_authenticated and user.is_active and user.kind == AccountKind.PROFESSIONAL
        else None
    )
    if case is not None and case.status != CaseStatus.OPEN:
        # A closed case has no open escalation and no seats: its regisseur reads what
        # happened, read-only, like everything else on it (`access_case`).
        return access_case(
            actor, case_id, event=event, object_type=object_type, object_id=object_id
        )
    access: CaseAccess | None = None
    if case is not None:
        grant = _grant(case, user, at, actor.organisation_id)
        if grant is not None and grant.member is not None:
            access = CaseAccess(
                case,
                actor,
                grant.member,
                grant.emergency,
                grant.categories,
                grant.basis,
                grant.consent_id,
                grant.members,
            )
        elif _SEAT_FINDERS:
            seat = _SEAT_FINDERS[0](user, case, at)
            if seat is not None and actor.organisation_id in (
                None,
                seat.membership.organisation_id,
            ):
                access = CaseAccess(
                    case,
                    actor,
                    None,
                    None,
                    seat.categories,
                    Basis.ESCALATION_LEVEL,
                    None,
                    seat=seat.membership,
                )
    if access is None:
        _refuse_unseen(actor, case_id, event=event, object_type=object_type, object_id=object_id)
    log_change(access, event=event, object_type=object_type, object_id=object_id)
    return access


# --- The Integraal Loket's advice ---------------------------------------------------------

# The roles at an Integraal Loket that advise on a case (organisations.constants).
LOKET_ROLES = frozenset({Role.INTEGRAL_DESK_ADVISER, Role.SWV_SPECIALIST, Role.YOUTH_WORKER})


def access_case_for_advice(
    actor: Actor,
    case_id: UUID,
    *,
    organisation_id: int,
    event: str = Event.VIEW,
    object_type: str = "loket_consult",
    object_id: str = "",
) -> CaseAccess:
    """The Integraal Loket's door, for the pages of an advice asked of one Loket
    (`organisation_id`): someone in a Loket role at that Loket (an organisation of type
    Integraal loket), while the family's consent for the Loket's advice (purpose "loket") is
    active for that Loket, sees the open case in that consent's categories; logged with the
    basis consent and the consent's record. No consent, no access: Http404 and a refusal in
    the log, exactly as `access_case`. Never the dossier, lists or search."""
    user = actor.user
    day = timezone.localdate()
    case = (
        Case.objects.filter(uuid=case_id, status=CaseStatus.OPEN)
        .select_related("child", "child__school", "region", "regisseur", "initiating_organisation")
        .first()
        if user.is_authenticated and user.is_active and user.kind == AccountKind.PROFESSIONAL
        else None
    )
    access: CaseAccess | None = None
    membership = (
        Membership.objects.active()
        .filter(
            user=user,
            organisation_id=organisation_id,
            organisation__is_active=True,
            organisation__type=OrganisationType.INTEGRAL_DESK,
            role__in=LOKET_ROLES,
        )
        .select_related("organisation")
        .order_by("pk")
        .first()
        if case is not None and actor.organisation_id in (None, organisation_id)
        else None
    )
    if case is not None and membership is not None:
        consents = list(
            Consent.objects.active_on(day)
            .for_purpose(ConsentPurpose.LOKET)
            .filter(case=case, organisation_id=organisation_id)
            .order_by("pk")
        )
        if consents:
            categories = frozenset(c for consent in consents for c in consent.categories)
            access = CaseAccess(
                case,
                actor,
                None,
                None,
                categories,
                Basis.CONSENT,
                consents[0].pk,
                seat=membership,
                advice=True,
            )
    if access is None:
        _refuse_unseen(actor, case_id, event=event, object_type=object_type, object_id=object_id)
    log_change(access, event=event, object_type=object_type, object_id=object_id)
    return access


# --- Named grounds: child data reached otherwise than through the case ----------------------

T = TypeVar("T")


@dataclass(frozen=True)
class Ground(Generic[T]):
    """An app's rule for child data that a person reaches without (only) a place on the case's
    team: a concern at the quality contact point, an aanmelding before its case exists. The app
    names the ground and supplies its rule; the access layer decides with it, writes the access
    log (allowed and refused alike, in the one refusal block of the case's door) and answers the
    404 of a row that does not exist. Registered from the app's AppConfig.ready()
    (`register_ground`) and entered only through `enter`."""

    name: str
    # The object type of the access log's records.
    object_type: str
    # The basis of a read through a place (`place`).
    basis: str
    # The row by its uuid, with its case and child loaded; `case_id` is the case in the
    # address, when the row is addressed under its case.
    find: Callable[[UUID, UUID | None], T | None]
    # The row's case, or None before a case exists.
    case_of: Callable[[T], Case | None]
    # The person's place that gives them the row (`enter`'s options are passed on), or None:
    # a membership, or the app's own record of the place (`membership_of` gives its
    # membership, which the access log names).
    place: Callable[..., Any]
    # Whether the person might read the row through a place on its case's team (the access
    # layer then decides the team place with `access_case`), and whether that place reads it.
    may_try_team: Callable[[User, T], bool] | None = None
    team_reads: Callable[[CaseAccess, T], bool] | None = None
    membership_of: Callable[[Any], Membership] = lambda place: place


@dataclass(frozen=True)
class Entry(Generic[T]):
    """One person's way into one row through a ground: through a place of the ground's own
    (`place`, as `Ground.place` gave it) or through a place on the case's team (`access`)."""

    found: T
    actor: Actor
    place: Any = None
    access: CaseAccess | None = None


_GROUNDS: dict[str, Ground[Any]] = {}


def register_ground(ground: Ground[T]) -> Ground[T]:
    """An app names its ground (from its AppConfig.ready()). A name is given once."""
    known = _GROUNDS.get(ground.name)
    if known is not None and known != ground:
        raise ValueError(f"A ground named {ground.name!r} is already registered.")
    _GROUNDS[ground.name] = ground
    return ground


def _ground(name: str) -> Ground[Any]:
    try:
        return _GROUNDS[name]
    except KeyError:
        raise LookupError(f"No ground named {name!r} is registered.") from None


def enter(
    name: str,
    actor: Actor,
    object_id: UUID,
    *,
    case_id: UUID | None = None,
    event: str = Event.VIEW,
    **options: Any,
) -> Entry[Any]:
    """The row through the ground `name`, or Http404 (not allowed and not found look the
    same). A place of the ground's own is logged with the ground's basis; a place on the team
    goes through `access_case`, which logs it; a refusal is logged as at the case's door."""
    ground = _ground(name)
    user = actor.user
    found = ground.find(object_id, case_id) if user.is_authenticated else None
    case = ground.case_of(found) if found is not None else None
    if found is not None and user.is_active:
        place = ground.place(user, found, **options)
        if place is not None:
            log_entries(name, actor, [(found, ground.membership_of(place))], event=event)
            return Entry(found, actor, place=place)
        if (
            case is not None
            and ground.may_try_team is not None
            and ground.may_try_team(user, found)
        ):
            access = access_case(
                actor,
                case.uuid,
                event=event,
                object_type=ground.object_type,
                object_id=str(object_id),
            )
            if ground.team_reads is None or not ground.team_reads(access, found):
                raise Http404
            return Entry(found, actor, access=access)
    if not user.is_authenticated:
        raise Http404
    _refuse_unseen(
        actor,
        case.uuid if case is not None else case_id,
        event=event,
        object_type=ground.object_type,
        object_id=str(object_id),
    )


def log_entries(
    name: str, actor: Actor, rows: Iterable[tuple[Any, Membership]], *, event: str
) -> None:
    """One access-log record per row read (in a list) or written through the ground `name`,
    each under the place it was reached through. One write."""
    ground = _ground(name)
    records = []
    for found, membership in rows:
        case = ground.case_of(found)
        records.append(
            _record(
                actor,
                event=event,
                outcome=Outcome.ALLOWED,
                case=case,
                case_ref=case.uuid if case is not None else None,
                membership=membership,
                basis=ground.basis,
                object_type=ground.object_type,
                object_id=str(found.uuid),
            )
        )
    write_access_records(records)
