"""Letting a reader in and turning one away: a write on a closed case (403), a case or a row
not theirs (404); the refusal logged in one block, under the place the attempt went through."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NoReturn
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, Value
from django.http import Http404
from django.utils.translation import gettext as _

from arrangeer.accounts.constants import AccountKind
from arrangeer.audit.constants import Outcome
from arrangeer.audit.services import write_access_records
from arrangeer.organisations.constants import CASEWORK_ROLES
from arrangeer.organisations.models import Membership

from ..models import Case, TeamMember
from ..scoping import ScopedQuerySet
from .actor import Actor
from .records import _log_on_case, _log_on_cases, _record, log_change

if TYPE_CHECKING:
    from .case_access import CaseAccess


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


def _admit_all(
    accesses: Sequence[CaseAccess], *, event: str, object_type: str, category: str
) -> list[CaseAccess]:
    """`_admit` for several cases at once: each let in and logged as by `_admit`, in one
    write; a write on a closed case among them is refused (403) as by `_admit`."""
    for access in accesses:
        if access.read_only and access.actor.writes:
            _admit(access, event=event, object_type=object_type, object_id="", category=category)
    _log_on_cases(
        accesses,
        outcome=Outcome.ALLOWED,
        event=event,
        object_type=object_type,
        object_id="",
        category=category,
    )
    return list(accesses)


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


def refuse_on_case(
    access: CaseAccess, *, event: str, object_type: str, object_id: str, category: str = ""
) -> NoReturn:
    """Something asked of a case the reader was let into that is not theirs to have, or does
    not exist (another person's export, an expired one, an unknown id): the refusal in the
    log under the place they came in through, naming what was asked, and the 404 of a thing
    that does not exist (the answer does not tell which)."""
    _log_on_case(
        access,
        outcome=Outcome.DENIED,
        event=event,
        object_type=object_type,
        object_id=object_id,
        category=category,
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
    refuse_on_case(
        access, event=event, object_type=object_type, object_id=str(item_id), category=category
    )
