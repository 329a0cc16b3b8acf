"""The Integraal Loket's door: its adviser reads a case within the family's consent for the
Loket's advice (`access_case_for_advice`), and comes in through it where the Loket organises
what is asked (a gouden driehoek) when the case's door is asked with `advice_lokets`
(`door.access_case`): one door decides both in one step."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import QuerySet, Subquery
from django.utils import timezone

from arrangeer.accounts.constants import AccountKind
from arrangeer.accounts.models import User
from arrangeer.audit.constants import Basis, Event
from arrangeer.consents.constants import ConsentPurpose
from arrangeer.consents.models import Consent
from arrangeer.organisations.constants import OrganisationType, Role
from arrangeer.organisations.models import Membership

from ..constants import CaseStatus
from ..models import Case
from .actor import Actor
from .case_access import CASE_RELATED, CaseAccess
from .records import log_change
from .refusals import _refuse_unseen

# The roles at an Integraal Loket that advise on a case (organisations.constants).
LOKET_ROLES = frozenset({Role.INTEGRAL_DESK_ADVISER, Role.SWV_SPECIALIST, Role.YOUTH_WORKER})


def advising_loket(user: User, lokets: QuerySet[Any]) -> Subquery:
    """The Loket among `lokets` (a query of organisation ids: who organises what is asked) at
    which `user` holds a Loket role, as a subquery for the case's own query: whoever does
    comes in through the Loket's door, not the team's."""
    return Subquery(
        Membership.objects.active()
        .filter(user_id=user.pk, organisation_id__in=lokets, role__in=LOKET_ROLES)
        .order_by("pk")
        .values("organisation_id")[:1]
    )


def advice_access(actor: Actor, case: Case, organisation_id: int) -> CaseAccess | None:
    """What someone in a Loket role at the Loket `organisation_id` (an organisation of type
    Integraal loket) sees of the open case: the categories of the family's active consents for
    that Loket's advice (purpose "loket"), with the basis consent and the consent's record.
    None when not a professional, the case is closed, the token is of another organisation,
    or no such consent holds."""
    user = actor.user
    if (
        case.status != CaseStatus.OPEN
        or user.kind != AccountKind.PROFESSIONAL
        or actor.organisation_id not in (None, organisation_id)
    ):
        return None
    membership = (
        Membership.objects.active()
        .filter(
            user=user,
            organisation_id=organisation_id,
            organisation__type=OrganisationType.INTEGRAL_DESK,
            role__in=LOKET_ROLES,
        )
        .select_related("organisation")
        .order_by("pk")
        .first()
    )
    if membership is None:
        return None
    consents = list(
        Consent.objects.active_on(timezone.localdate())
        .for_purpose(ConsentPurpose.LOKET)
        .filter(case=case, organisation_id=organisation_id)
        .order_by("pk")
    )
    if not consents:
        return None
    return CaseAccess(
        case,
        actor,
        None,
        None,
        frozenset(c for consent in consents for c in consent.categories),
        Basis.CONSENT,
        consents[0].pk,
        seat=membership,
        advice=True,
    )


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
    (`organisation_id`): someone in a Loket role at that Loket, while the family's consent for
    the Loket's advice is active for that Loket, sees the open case in that consent's
    categories (`advice_access`). No consent, no access: Http404 and a refusal in the log,
    exactly as `access_case`. Never the dossier, lists or search."""
    user = actor.user
    case = (
        Case.objects.filter(uuid=case_id, status=CaseStatus.OPEN)
        .select_related(*CASE_RELATED)
        .first()
        if user.is_authenticated and user.is_active and user.kind == AccountKind.PROFESSIONAL
        else None
    )
    access = advice_access(actor, case, organisation_id) if case is not None else None
    if access is None:
        _refuse_unseen(actor, case_id, event=event, object_type=object_type, object_id=object_id)
    log_change(access, event=event, object_type=object_type, object_id=object_id)
    return access
