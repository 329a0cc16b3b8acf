"""The door for a seat that is not a place on the team: a decision level of the escalatieladder
(`access_case_for_decision`). The Integraal Loket's advice has its own module (`advice`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from arrangeer.accounts.constants import AccountKind
from arrangeer.accounts.models import User
from arrangeer.audit.constants import Basis, Event
from arrangeer.organisations.models import Membership

from ..constants import CaseStatus
from ..models import Case
from .actor import Actor, _now
from .case_access import CaseAccess
from .door import access_case
from .grants import _grant
from .records import log_change
from .refusals import _refuse_unseen


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
    access = _team_or_seat(actor, case, at) if case is not None else None
    if access is None:
        _refuse_unseen(actor, case_id, event=event, object_type=object_type, object_id=object_id)
    log_change(access, event=event, object_type=object_type, object_id=object_id)
    return access


def _team_or_seat(actor: Actor, case: Case, at: dt.datetime) -> CaseAccess | None:
    """A place on the team (not an emergency access alone), else a seat at the case's current
    decision level in the actor's organisation, with that level's categories."""
    user = actor.user
    grant = _grant(case, user, at, actor.organisation_id)
    if grant is not None and grant.member is not None:
        return CaseAccess(
            case,
            actor,
            grant.member,
            grant.emergency,
            grant.categories,
            grant.basis,
            grant.consent_id,
            grant.members,
        )
    if not _SEAT_FINDERS:
        return None
    seat = _SEAT_FINDERS[0](user, case, at)
    if seat is None or actor.organisation_id not in (None, seat.membership.organisation_id):
        return None
    return CaseAccess(
        case,
        actor,
        None,
        None,
        seat.categories,
        Basis.ESCALATION_LEVEL,
        None,
        seat=seat.membership,
    )
