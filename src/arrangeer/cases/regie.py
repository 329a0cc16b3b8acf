"""Regie: one regisseur at a time (001, 003). The first is the one who opened the case (the
school's coordinator, or the youth team worker for a signal from outside school: see
`services.open_case`). A change is proposed by the regisseur, with a reason, to someone on
the team, and takes effect when that person accepts. The history stays visible."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.audit.constants import Event
from arrangeer.core.models_util import require_transition
from arrangeer.organisations.constants import CASEWORK_ROLES

from .access import CaseAccess, log_change, require_regisseur, valid_team_members
from .constants import TRANSFER_TRANSITIONS, MemberStatus, TransferStatus
from .models import Case, RegieTransfer, TeamMember


def _can_lead(member: TeamMember) -> bool:
    return (
        member.status == MemberStatus.ACTIVE
        and member.membership.is_active
        and member.membership.role in CASEWORK_ROLES
        and valid_team_members().filter(pk=member.pk).exists()
    )


def candidates(case: Case) -> list[TeamMember]:
    """Team members who could take over: on the team now, with access, not the regisseur."""
    members = (
        valid_team_members()
        .filter(case=case, membership__role__in=CASEWORK_ROLES)
        .exclude(membership__user_id=case.regisseur_id)
        .select_related("membership__user", "membership__organisation")
        .order_by("membership__user__last_name", "pk")
    )
    seen: set[int] = set()
    unique = []
    for member in members:
        if member.pk not in seen:
            seen.add(member.pk)
            unique.append(member)
    return unique


def pending(case: Case) -> RegieTransfer | None:
    return (
        RegieTransfer.objects.filter(case=case, status=TransferStatus.PROPOSED)
        .select_related("to_member__membership__user", "to_member__membership__organisation")
        .first()
    )


@transaction.atomic
def propose_regie_transfer(
    access: CaseAccess, *, to_member: TeamMember, reason: str, now: dt.datetime | None = None
) -> RegieTransfer:
    require_regisseur(access, _("Only the regisseur can hand over the regie."))
    case = Case.objects.select_for_update().get(pk=access.case.pk)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the regie changes hands.")})
    member = (
        TeamMember.objects.filter(pk=to_member.pk, case=case)
        .select_related("membership__user")
        .first()
    )
    if member is None or not _can_lead(member):
        raise ValidationError(
            {"to_member": _("The regie can only go to someone who is on the team of this case.")}
        )
    if member.membership.user_id == case.regisseur_id:
        raise ValidationError({"to_member": _("This person is already the regisseur.")})
    if RegieTransfer.objects.filter(case=case, status=TransferStatus.PROPOSED).exists():
        raise ValidationError(_("A transfer of the regie is already waiting; withdraw it first."))
    transfer = RegieTransfer.objects.create(
        case=case,
        from_user=access.user,
        to_member=member,
        reason=reason,
        proposed_at=now or timezone.now(),
    )
    log_change(access, event=Event.CREATE, object_type="regie_transfer", object_id=str(transfer.pk))
    return transfer


def _locked(access: CaseAccess, transfer: RegieTransfer, to: str) -> RegieTransfer:
    locked = (
        RegieTransfer.objects.select_for_update()
        .select_related("to_member__membership")
        .filter(pk=transfer.pk, case=access.case)
        .first()
    )
    if locked is None:
        raise ValidationError(_("This transfer does not belong to this case."))
    require_transition(
        TRANSFER_TRANSITIONS, locked.status, to, _("This transfer is no longer waiting.")
    )
    return locked


@transaction.atomic
def accept_regie_transfer(
    access: CaseAccess, transfer: RegieTransfer, *, now: dt.datetime | None = None
) -> Case:
    locked = _locked(access, transfer, TransferStatus.ACCEPTED)
    if locked.to_member.membership.user_id != access.user.pk:
        raise PermissionDenied(_("Only the person asked can accept the regie."))
    if not _can_lead(locked.to_member):
        raise ValidationError(_("You are no longer on the team of this case."))
    case = Case.objects.select_for_update().get(pk=access.case.pk)
    now = now or timezone.now()
    locked.status = TransferStatus.ACCEPTED
    locked.decided_at = now
    locked.save(update_fields=["status", "decided_at"])
    case.regisseur = access.user
    case.save(update_fields=["regisseur"])
    log_change(access, object_type="regie_transfer", object_id=str(locked.pk))
    return case


@transaction.atomic
def decline_regie_transfer(
    access: CaseAccess, transfer: RegieTransfer, *, note: str, now: dt.datetime | None = None
) -> RegieTransfer:
    locked = _locked(access, transfer, TransferStatus.DECLINED)
    if locked.to_member.membership.user_id != access.user.pk:
        raise PermissionDenied(_("Only the person asked can decline the regie."))
    locked.status = TransferStatus.DECLINED
    locked.decided_at = now or timezone.now()
    locked.decision_note = note.strip()
    locked.save(update_fields=["status", "decided_at", "decision_note"])
    log_change(access, object_type="regie_transfer", object_id=str(locked.pk))
    return locked


@transaction.atomic
def withdraw_regie_transfer(
    access: CaseAccess, transfer: RegieTransfer, *, now: dt.datetime | None = None
) -> RegieTransfer:
    require_regisseur(access, _("Only the regisseur can withdraw the proposal."))
    locked = _locked(access, transfer, TransferStatus.WITHDRAWN)
    locked.status = TransferStatus.WITHDRAWN
    locked.decided_at = now or timezone.now()
    locked.save(update_fields=["status", "decided_at"])
    log_change(access, object_type="regie_transfer", object_id=str(locked.pk))
    return locked


@dataclass(frozen=True)
class RegieEntry:
    since: dt.datetime
    who: str
    how: str  # in words: opened the case / took over from …
    reason: str


def history(case: Case) -> list[RegieEntry]:
    """Who had the regie, from the opening of the case on."""
    entries = [
        RegieEntry(
            case.opened_at,
            str(case.created_by),
            _("Opened the case (%(initiator)s)") % {"initiator": case.get_initiator_display()},
            "",
        )
    ]
    for transfer in (
        RegieTransfer.objects.filter(case=case, status=TransferStatus.ACCEPTED)
        .select_related("from_user", "to_member__membership__user")
        .order_by("decided_at", "pk")
    ):
        assert transfer.decided_at is not None
        entries.append(
            RegieEntry(
                transfer.decided_at,
                str(transfer.to_member.membership.user),
                _("Took over from %(name)s") % {"name": transfer.from_user},
                transfer.reason,
            )
        )
    return entries
