"""Named grounds: child data reached otherwise than through the case (an app's rule, the
access layer's decision, log and 404)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from uuid import UUID

from django.http import Http404

from arrangeer.accounts.models import User
from arrangeer.audit.constants import Event, Outcome
from arrangeer.audit.services import write_access_records
from arrangeer.organisations.models import Membership

from ..models import Case
from .actor import Actor
from .case_access import CaseAccess
from .door import access_case
from .records import _record
from .refusals import _refuse_unseen

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
