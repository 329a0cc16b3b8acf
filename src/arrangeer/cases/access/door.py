"""The doors to one case and to one row in it: `access_case` and `access_item` for
professionals, `access_family_case` for the family."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone

from arrangeer.audit.constants import Basis, Event
from arrangeer.children.ages import decides_alone
from arrangeer.children.models import LegalRepresentative
from arrangeer.core.replica import reading_from_primary

from ..constants import CaseStatus
from ..models import Case
from ..retention import retained_categories
from ..scoping import scoped_queryset
from .actor import Actor, _now
from .advice import advice_access, advising_loket
from .case_access import CASE_RELATED, CaseAccess
from .family import FamilyPlace, _shared_with_parents, family_cases, family_categories
from .grants import _closed_grant, _Grant, _grant, _grants
from .refusals import _admit, _admit_all, _refuse_row, _refuse_unseen


def _access_of(case: Case, actor: Actor, grant: _Grant | None) -> CaseAccess | None:
    if grant is None:
        return None
    return CaseAccess(
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


def _decide(
    actor: Actor,
    case_id: UUID,
    *,
    event: str = Event.VIEW,
    category: str = "",
    object_type: str = "case",
    object_id: str = "",
    regisseur_only: bool = False,
    advice_lokets: QuerySet[Any] | None = None,
) -> CaseAccess:
    """The case with what this user may see of it, not yet logged; Http404 (and the refusal
    in the log) when not allowed."""
    at = _now()
    # The one case by its key, then this user's grant on it: the same rule as
    # `visible_cases` (an open case, a valid team place or a running emergency access), at
    # the cost of one case whatever the size of the caseload.
    user = actor.user
    found = Case.objects.filter(uuid=case_id).select_related(*CASE_RELATED)
    if advice_lokets is not None and not regisseur_only:
        # In the same query: whether this person advises from a Loket that organises what
        # is asked; then the Loket's door decides, never the team's (no refusal at both).
        found = found.annotate(advice_loket=advising_loket(user, advice_lokets))
    case = found.first() if user.is_authenticated and user.is_active else None
    loket_id = getattr(case, "advice_loket", None)
    access: CaseAccess | None = None
    if case is not None and loket_id is not None:
        access = advice_access(actor, case, loket_id)
    elif case is not None:
        grant = (
            _grant(case, user, at, actor.organisation_id)
            if case.status == CaseStatus.OPEN
            else _closed_grant(case, user, at, actor.organisation_id)
        )
        access = _access_of(case, actor, grant)
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


@reading_from_primary()  # a grant withdrawn a second ago is not honoured
def access_case(
    actor: Actor,
    case_id: UUID,
    *,
    event: str = Event.VIEW,
    category: str = "",
    object_type: str = "case",
    object_id: str = "",
    regisseur_only: bool = False,
    served: Callable[[CaseAccess], str] | None = None,
    advice_lokets: QuerySet[Any] | None = None,
) -> CaseAccess:
    """The case with what this user may see of it, or Http404 (not allowed and not found
    look the same). Writes the access log either way; if the log cannot be written, this
    raises and the request fails.

    `advice_lokets` (a query of organisation ids) names the Integraal Loket that organises
    what is asked, such as a gouden driehoek: someone in a Loket role there comes in through
    the Loket's door (`advice.advice_access`, within the family's consent for the Loket)
    instead of the team's, decided with the case in the same query. Not with
    `regisseur_only`: the Loket's adviser is never the regisseur.

    `served` names what the request serves when that depends on the case (the plain link of
    the groeidocument serves the version in force): it is called with the access once the
    user is let in and before the log is written, and its answer is the log's `object_id`."""
    access = _decide(
        actor,
        case_id,
        event=event,
        category=category,
        object_type=object_type,
        object_id=object_id,
        regisseur_only=regisseur_only,
        advice_lokets=advice_lokets,
    )
    if served is not None:
        object_id = served(access)
    return _admit(
        access, event=event, object_type=object_type, object_id=object_id, category=category
    )


@reading_from_primary()  # a grant withdrawn a second ago is not honoured
def access_cases(
    actor: Actor,
    case_ids: Sequence[UUID],
    *,
    event: str = Event.VIEW,
    category: str = "",
    object_type: str = "case",
) -> list[CaseAccess]:
    """`access_case` for several cases at once, in the order given (a page that works on a
    group of children, each in its own case): the same rule for each case, each let in and
    logged as by `access_case`, in a number of queries that does not grow with the open
    cases (a closed case, which only its last regisseur reads, is decided on its own). A
    case named twice is let in once. When one of them is not this person's to see, that
    refusal is logged and the answer is the same Http404 as `access_case` gives; a write on
    a closed case among them, 403."""
    at = _now()
    user = actor.user
    wanted = list(dict.fromkeys(case_ids))
    found = (
        {c.uuid: c for c in Case.objects.filter(uuid__in=wanted).select_related(*CASE_RELATED)}
        if user.is_authenticated and user.is_active and wanted
        else {}
    )
    open_grants = _grants(
        [c for c in found.values() if c.status == CaseStatus.OPEN],
        user,
        at,
        actor.organisation_id,
    )
    accesses: list[CaseAccess] = []
    for case_id in wanted:
        case = found.get(case_id)
        access = None
        if case is not None:
            grant = (
                open_grants[case.pk]
                if case.status == CaseStatus.OPEN
                else _closed_grant(case, user, at, actor.organisation_id)
            )
            access = _access_of(case, actor, grant)
        if access is None:
            _refuse_unseen(
                actor,
                case_id,
                event=event,
                object_type=object_type,
                object_id="",
                category=category,
            )
        accesses.append(access)
    return _admit_all(accesses, event=event, object_type=object_type, category=category)


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


@reading_from_primary()  # a grant withdrawn a second ago is not honoured
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


@reading_from_primary()  # a grant withdrawn a second ago is not honoured
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
