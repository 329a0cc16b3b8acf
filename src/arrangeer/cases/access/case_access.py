"""What one person may see of one case, decided once per request (`CaseAccess`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from arrangeer.accounts.models import User
from arrangeer.audit.constants import Event
from arrangeer.organisations.constants import Role
from arrangeer.organisations.models import Membership, Organisation
from arrangeer.vocabulary import ALL_CATEGORIES, DataCategory

from ..models import Case, EmergencyAccess, TeamMember
from ..scoping import scoped_queryset
from .actor import Actor
from .family import FamilyPlace
from .refusals import _refuse_row

# Roles that need the BSN for their task (issue: school coordinator, SWV, youth team, leerplicht).
# What every door reads with the case, in the same query.
CASE_RELATED = ("child", "child__school", "region", "regisseur", "initiating_organisation")

BSN_ROLES = frozenset(
    {Role.COORDINATOR, Role.SWV_SPECIALIST, Role.YOUTH_WORKER, Role.LEERPLICHT_OFFICER}
)


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
