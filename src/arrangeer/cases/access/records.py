"""The access log's records of what was read and done in a case (allowed ones; the
refusals are in `refusals`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING
from uuid import UUID

from arrangeer.audit.constants import Basis, Event, Outcome
from arrangeer.audit.services import AccessRecord, write_access_records
from arrangeer.organisations.models import Membership

from ..constants import MemberBasis
from ..models import Case
from .actor import Actor

if TYPE_CHECKING:
    from .case_access import CaseAccess


_BASIS_FOR_AUDIT: dict[str, str] = {
    MemberBasis.CONSENT: Basis.CONSENT,
    MemberBasis.LEGAL_TASK_SCHOOL: Basis.LEGAL_TASK_SCHOOL,
    MemberBasis.LEGAL_TASK_LEERPLICHT: Basis.LEGAL_TASK_LEERPLICHT,
    MemberBasis.LEGAL_TASK_YOUTH_TEAM: Basis.LEGAL_TASK_YOUTH_TEAM,
}


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


def log_for_membership(
    actor: Actor,
    case: Case,
    membership: Membership,
    *,
    event: str,
    object_type: str,
    basis: str,
    object_id: str = "",
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
                object_id=object_id,
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
    _log_on_cases(
        [access],
        outcome=outcome,
        event=event,
        object_type=object_type,
        object_id=object_id,
        category=category,
    )


def _log_on_cases(
    accesses: Sequence[CaseAccess],
    *,
    outcome: str,
    event: str,
    object_type: str,
    object_id: str,
    category: str,
) -> None:
    """One record per case access, in one write."""
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
            for access in accesses
        ]
    )
