"""The quality contact point's ground in the access layer. Child data of a concern is read in
two ways, both through `cases.access.enter` (which decides, logs and answers 404):

- by the case's team, through a place on it (`access_case`): the reporter, the case's
  regisseur for a report of a professional, and, for a report of the family, the
  organisation concerned only when the family chose so;
- by a handler at the contact point, who is not on the team and never reads the dossier:
  only the concern with the case data the reporter chose, while the case is open, logged with
  the basis "quality_contact" under the handler's place at the contact point's organisation.

The family reads its own reports through `access_family_case` (views_family). Whoever may
not see a concern gets the 404 of a case that does not exist, and a refusal in the log, as at
the case's door. The ground is registered from QualityConfig.ready()."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from arrangeer.accounts.constants import AccountKind
from arrangeer.accounts.models import User
from arrangeer.audit.constants import Basis, Event
from arrangeer.cases.access import (
    Actor,
    CaseAccess,
    Ground,
    enter,
    log_entries,
    register_ground,
)
from arrangeer.cases.constants import CaseStatus
from arrangeer.cases.models import Case
from arrangeer.organisations.models import Membership

from .constants import OBJECT_TYPE, ConcernStatus
from .models import Concern, ContactHandler

GROUND = "quality_contact"


def handler_places(user: User) -> list[ContactHandler]:
    """The person's places at an active contact point, through an active membership. One
    query."""
    if not user.is_authenticated or not user.is_active or user.kind != AccountKind.PROFESSIONAL:
        return []
    return list(
        ContactHandler.objects.filter(
            membership__user=user,
            membership__is_active=True,
            membership__organisation__is_active=True,
            contact_point__is_active=True,
        )
        .select_related("membership__organisation", "contact_point")
        .order_by("pk")
    )


def handler_for(user: User, concern: Concern) -> ContactHandler | None:
    for handler in handler_places(user):
        if handler.contact_point_id == concern.contact_point_id and handler.handles(concern.kind):
            return handler
    return None


def team_may_see(access: CaseAccess, concern: Concern) -> bool:
    """Whether this place on the team reads the concern (module docstring)."""
    if access.member is None or concern.case_id != access.case.pk:
        return False
    if concern.reporter_id == access.user.pk and not concern.from_family:
        return True
    if not concern.from_family:
        return access.is_regisseur
    if not concern.concerned_may_see:
        return False
    return any(m.membership.organisation_id == concern.concerned_id for m in access.all_members)


@dataclass(frozen=True)
class ConcernAccess:
    """One person's way into one concern: as its handler (`handler`), or through their place
    on the team (`access`)."""

    concern: Concern
    actor: Actor
    handler: ContactHandler | None = None
    access: CaseAccess | None = None

    @property
    def is_handler(self) -> bool:
        return self.handler is not None

    @property
    def user(self) -> User:
        return self.actor.user


def log_handler(
    actor: Actor, concerns: Iterable[tuple[Concern, Membership]], *, event: str
) -> None:
    """The access log's records of a handler's reads (a list) or write of concerns, each
    under the handler's place at the contact point's organisation. One write."""
    log_entries(GROUND, actor, concerns, event=event)


def _find(concern_id: UUID, case_id: UUID | None) -> Concern | None:
    if case_id is None:
        return None
    return (
        Concern.objects.filter(uuid=concern_id, case__uuid=case_id)
        .select_related("case__child", "case__region", "contact_point", "concerned", "reporter")
        .first()
    )


def _case(concern: Concern) -> Case:
    return concern.case


def _handler_place(user: User, concern: Concern) -> ContactHandler | None:
    """A handler comes in while the case is open, and after it closed while the concern is
    not closed: they handle it to its outcome, reading the concern only (the case data the
    reporter chose was copied into it; the dossier stays closed to them)."""
    if concern.case.status != CaseStatus.OPEN and concern.status == ConcernStatus.CLOSED:
        return None
    return handler_for(user, concern)


def _membership(handler: ContactHandler) -> Membership:
    return handler.membership


def _may_try_as_team(user: User, concern: Concern) -> bool:
    """`team_may_see` before the access layer is asked: who could read the concern through a
    place on the team at all (the access layer then checks the place and its ground)."""
    if not concern.from_family:
        return concern.reporter_id == user.pk or concern.case.regisseur_id == user.pk
    return (
        concern.concerned_may_see
        and Membership.objects.active()
        .filter(user=user, organisation_id=concern.concerned_id)
        .exists()
    )


register_ground(
    Ground(
        name=GROUND,
        object_type=OBJECT_TYPE,
        basis=Basis.QUALITY_CONTACT,
        find=_find,
        case_of=_case,
        place=_handler_place,
        may_try_team=_may_try_as_team,
        team_reads=team_may_see,
        membership_of=_membership,
    )
)


def open_concern(
    actor: Actor, case_id: UUID, concern_id: UUID, *, event: str = Event.VIEW
) -> ConcernAccess:
    """The concern for a professional, or Http404: through the access layer's ground
    "quality_contact", which logs the read (and refuses a team's write on a closed case)."""
    entry = enter(GROUND, actor, concern_id, case_id=case_id, event=event)
    concern: Concern = entry.found
    return ConcernAccess(concern, actor, handler=entry.place, access=entry.access)
