"""The family's part of the handover: their consent for the receiving school (whose
coordinator then joins the team) and their agreement that the regie moves there."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.cases import regie
from arrangeer.cases import services as case_services
from arrangeer.cases.access import CaseAccess, require_regisseur
from arrangeer.cases.consents import record_consent
from arrangeer.cases.models import RegieTransfer
from arrangeer.children.models import LegalRepresentative
from arrangeer.consents.models import Consent
from arrangeer.consents.rules import check_givers
from arrangeer.meetings import services as meeting_services
from arrangeer.organisations.models import Organisation

from ..constants import TransitionStatus
from ..models import Transition
from .common import _lock, _log, _step


@transaction.atomic
def record_handover_consent(
    access: CaseAccess,
    transition: Transition,
    *,
    representative: LegalRepresentative | None,
    by_child: bool,
    categories: Iterable[str],
    evidence: str,
    note: str = "",
) -> Transition:
    """The parents (from 12 with the child, from 16 the young person alone: consents.rules)
    consent: the receiving school may read the chosen categories, and its coordinator joins
    the team."""
    require_regisseur(access, open_case=True)
    locked = _lock(access, transition)
    _step(
        locked,
        TransitionStatus.CONSENTED,
        _("Consent can be recorded once a receiving school is proposed, and only once."),
    )
    receiver = locked.receiving_organisation
    assert receiver is not None and locked.receiving_member is not None
    consent = _handover_consent(
        access,
        receiver,
        representative=representative,
        by_child=by_child,
        categories=categories,
        evidence=evidence,
        note=note,
    )
    locked.receiving_member = case_services.approve_team_member(
        access,
        locked.receiving_member,
        approved_by_representative=representative,
        approved_by_child=by_child,
        note=note,
    )
    locked.consent = consent
    locked.status = TransitionStatus.CONSENTED
    locked.save(update_fields=["consent", "status"])
    if locked.handover_meeting is not None:
        # The next team comes to the handover MDO: proposed to the parents as any invitee.
        meeting_services.invite_to_handover(
            access, locked.handover_meeting, locked.receiving_member
        )
    _log(access, locked)
    return locked


def _handover_consent(
    access: CaseAccess,
    receiver: Organisation,
    *,
    representative: LegalRepresentative | None,
    by_child: bool,
    categories: Iterable[str],
    evidence: str,
    note: str,
) -> Consent:
    """The family's consent for the receiving school, given by who decides at the child's age."""
    check_givers(
        access.case.child,
        representative=representative,
        by_child=by_child,
        day=timezone.localdate(),
    )
    return record_consent(
        access,
        organisation=receiver,
        categories=categories,
        purpose=_(
            "Warm handover to %(school)s: the receiving school joins the team and reads the "
            "plan's perspective, the running modules and their funding."
        )
        % {"school": receiver.name},
        given_by_representative=representative,
        given_by_child=by_child,
        valid_from=timezone.localdate(),
        valid_until=None,
        evidence=evidence,
        evidence_note=note,
    )


@transaction.atomic
def agree_regie_move(
    access: CaseAccess,
    transition: Transition,
    *,
    representative: LegalRepresentative | None,
    by_child: bool,
) -> RegieTransfer:
    """The parents agree that the receiving school takes over the regie: the regie is offered
    to the receiving coordinator (cases.regie), who accepts it on the case's route page."""
    require_regisseur(access, open_case=True)
    locked = _lock(access, transition)
    if locked.status != TransitionStatus.CONSENTED:
        raise ValidationError(
            _("The regie can move once the parents consented to the receiving school.")
        )
    receiver = locked.receiving_organisation
    assert locked.receiving_member is not None and receiver is not None
    if locked.regie_agreed_at is not None:
        raise ValidationError(
            _("The parents already agreed; the receiving coordinator accepts the regie.")
        )
    check_givers(
        access.case.child,
        representative=representative,
        by_child=by_child,
        day=timezone.localdate(),
    )
    now = timezone.now()
    transfer = regie.propose_regie_transfer(
        access,
        to_member=locked.receiving_member,
        reason=_("Warm handover to %(school)s; the family agreed on %(date)s.")
        % {
            "school": receiver.name,
            "date": timezone.localtime(now).strftime("%d-%m-%Y"),
        },
        now=now,
    )
    locked.regie_agreed_at = now
    locked.save(update_fields=["regie_agreed_at"])
    _log(access, locked)
    return transfer
