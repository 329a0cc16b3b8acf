"""The doors to a concern. Child data of a concern is read in two ways, each logged in the
access log:

- by the case's team, through the access layer (`cases.access.access_case`): the reporter,
  the case's regisseur for a report of a professional, and, for a report of the family, the
  organisation concerned only when the family chose so;
- by a handler at the contact point, who is not on the team and never reads the dossier:
  only the concern with the case data the reporter chose, logged with the basis
  "quality_contact" under the handler's place at the contact point's organisation.

The family reads its own reports through `access_family_case` (views_family). Whoever may
not see a concern gets the 404 of a case that does not exist, and a refusal in the log."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.http import Http404

from arrangeer.accounts.constants import AccountKind
from arrangeer.accounts.models import User
from arrangeer.audit.constants import Basis, Event, Outcome
from arrangeer.audit.services import AccessRecord, write_access_records
from arrangeer.cases.access import Actor, CaseAccess, access_case
from arrangeer.cases.constants import CaseStatus
from arrangeer.organisations.models import Membership

from .constants import OBJECT_TYPE
from .models import Concern, ContactHandler


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


def handler_record(
    actor: Actor, concern: Concern, membership: Membership, *, event: str
) -> AccessRecord:
    """The access log's record of a handler's read or write of a concern."""
    case = concern.case
    return AccessRecord(
        event=event,
        outcome=Outcome.ALLOWED,
        channel=actor.channel,
        user_id=actor.user.pk,
        username=actor.user.get_username(),
        role=membership.role,
        organisation_id=membership.organisation_id,
        organisation_name=membership.organisation.name,
        responsible_user_id=actor.user.pk,
        child_pseudonym=case.child.pseudonym,
        case_ref=case.uuid,
        object_type=OBJECT_TYPE,
        object_id=str(concern.uuid),
        basis=Basis.QUALITY_CONTACT,
        client_address=actor.client_address,
    )


def log_handler(actor: Actor, concern: Concern, membership: Membership, *, event: str) -> None:
    write_access_records([handler_record(actor, concern, membership, event=event)])


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


def _refuse(actor: Actor, case_id: UUID, concern_id: UUID, concern: Concern | None) -> None:
    """A refusal in the access log, under the child's pseudonym when the concern exists."""
    write_access_records(
        [
            AccessRecord(
                event=Event.VIEW,
                outcome=Outcome.DENIED,
                channel=actor.channel,
                user_id=actor.user.pk,
                username=actor.user.get_username(),
                role="" if actor.user.kind == AccountKind.PROFESSIONAL else str(actor.user.kind),
                responsible_user_id=actor.user.pk,
                child_pseudonym=concern.case.child.pseudonym if concern is not None else None,
                case_ref=case_id,
                object_type=OBJECT_TYPE,
                object_id=str(concern_id),
            )
        ]
    )


def open_concern(
    actor: Actor, case_id: UUID, concern_id: UUID, *, event: str = Event.VIEW
) -> ConcernAccess:
    """The concern for a professional, or Http404. A handler comes in while the case is open
    (a closed case is read by its last regisseur and the family only); the team through the
    access layer, which logs the read and refuses a write on a closed case."""
    user = actor.user
    concern = (
        Concern.objects.filter(uuid=concern_id, case__uuid=case_id)
        .select_related("case__child", "case__region", "contact_point", "concerned", "reporter")
        .first()
        if user.is_authenticated and user.is_active
        else None
    )
    if concern is not None and concern.case.status == CaseStatus.OPEN:
        handler = handler_for(user, concern)
        if handler is not None:
            log_handler(actor, concern, handler.membership, event=event)
            return ConcernAccess(concern, actor, handler=handler)
    if concern is None or not _may_try_as_team(user, concern):
        if user.is_authenticated:
            _refuse(actor, case_id, concern_id, concern)
        raise Http404
    access = access_case(
        actor, case_id, event=event, object_type=OBJECT_TYPE, object_id=str(concern_id)
    )
    if not team_may_see(access, concern):
        raise Http404
    return ConcernAccess(concern, actor, access=access)
