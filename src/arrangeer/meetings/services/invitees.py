"""The invitees: proposing them, the parents' answer about each (the rule, and the
professional recording it on their behalf), the invitations and each invitee's own answer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.accounts.models import User
from arrangeer.audit.constants import Event
from arrangeer.cases import partners
from arrangeer.cases import services as case_services
from arrangeer.cases.access import CaseAccess
from arrangeer.cases.constants import MemberStatus
from arrangeer.cases.models import TeamMember
from arrangeer.children.models import LegalRepresentative
from arrangeer.core import tasks
from arrangeer.core.models_util import require_transition
from arrangeer.organisations.models import Membership

from .. import invitations
from ..constants import (
    INVITEE_TRANSITIONS,
    RESPONSES,
    SENT_STATUSES,
    DecisionChannel,
    InviteeKind,
    InviteeStatus,
    MeetingKind,
    MeetingStatus,
)
from ..models import Invitee, Meeting
from .common import (
    _lock,
    _log,
)
from .planning import _tell_invitees_wait

# --- invitees and the parents' approval ----------------------------------------------------


@transaction.atomic
def propose_invitee(
    access: CaseAccess,
    meeting: Meeting,
    *,
    member: TeamMember | None = None,
    membership: Membership | None = None,
) -> Invitee:
    """Invite a team member, or a professional beyond the team: they are proposed for the
    team through the team's own flow (cases.services.propose_team_member) at the same time.
    Either way the parents approve the invitee before an invitation goes out."""
    locked = _lock(access, meeting)
    if locked.status != MeetingStatus.PLANNED:
        raise ValidationError(_("Invitees can only be added to a planned meeting."))
    if member is None:
        if membership is None:
            raise ValidationError({"member": _("Choose whom to invite.")})
        current = TeamMember.objects.filter(
            case=access.case,
            membership=membership,
            status__in=[MemberStatus.ACTIVE, MemberStatus.PROPOSED],
        ).first()
        member = current or case_services.propose_team_member(access, membership=membership)
    elif member.case_id != access.case.pk or member.status not in (
        MemberStatus.ACTIVE,
        MemberStatus.PROPOSED,
    ):
        raise ValidationError({"member": _("This person is not on the team of this case.")})
    if Invitee.objects.filter(meeting=locked, team_member=member).exists():
        raise ValidationError({"member": _("This person is already invited.")})
    invitee = Invitee.objects.create(
        meeting=locked, kind=InviteeKind.PROFESSIONAL, team_member=member
    )
    _log(access, invitee, event=Event.CREATE)
    _tell_invitees_wait(access, locked)
    return invitee


def _transition(invitee: Invitee, to: str) -> None:
    require_transition(
        INVITEE_TRANSITIONS,
        invitee.status,
        to,
        _("This invitation is “%(status)s”; that cannot change like this.")
        % {"status": InviteeStatus(invitee.status).label},
    )
    invitee.status = to


def record_parents_decision(
    invitee: Invitee,
    *,
    approve: bool,
    representative: LegalRepresentative,
    via: str,
    reason: str = "",
    recorded_by: User,
    at: dt.datetime | None = None,
) -> Invitee:
    """The rule: a parent with gezag of this child approves or refuses one professional
    invitee (with a reason when refusing, and only then). Whoever calls this has checked the
    actor: the chair recording it on the parents' behalf, or the parent themselves in the
    portal."""
    assert transaction.get_connection().in_atomic_block
    locked = (
        Invitee.objects.select_for_update(of=("self",))
        .select_related("meeting__case")
        .get(pk=invitee.pk)
    )
    if not locked.needs_parents:
        raise ValidationError(_("Parents and the child need no approval to be invited."))
    if locked.meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(_("This meeting is no longer planned."))
    if representative.child_id != locked.meeting.case.child_id:
        raise ValidationError(
            {"representative": _("This person is not a parent or carer of this child.")}
        )
    if not representative.has_authority:
        raise ValidationError(
            {
                "representative": _(
                    "A parent or carer without parental authority cannot approve invitees."
                )
            }
        )
    if via not in DecisionChannel.values:
        raise ValidationError({"via": _("Say how the parents gave their answer.")})
    if not approve and not reason.strip():
        raise ValidationError({"reason": _("Record the reason the parents gave.")})
    if approve and reason.strip():
        # A reason belongs to a no: a yes with a reason reads as a refusal that is not one.
        raise ValidationError(
            {
                "reason": _(
                    "A reason goes only with a “no”. Leave it empty when this person may come."
                )
            }
        )
    _transition(locked, InviteeStatus.APPROVED if approve else InviteeStatus.REFUSED)
    locked.decided_by_representative = representative
    locked.decided_via = via
    locked.decided_at = at or timezone.now()
    locked.decision_reason = reason.strip()
    locked.recorded_by = recorded_by
    locked.save()
    return locked


@transaction.atomic
def approve_invitee(
    access: CaseAccess,
    invitee: Invitee,
    *,
    representative: LegalRepresentative,
    via: str,
    reason: str = "",
) -> Invitee:
    """The chair or regisseur records the parents' approval (given in person, by phone or on
    paper). A reason is refused: it belongs to a no (`record_parents_decision`)."""
    return _record_for_parents(access, invitee, True, representative, via, reason)


@transaction.atomic
def refuse_invitee(
    access: CaseAccess,
    invitee: Invitee,
    *,
    representative: LegalRepresentative,
    via: str,
    reason: str,
) -> Invitee:
    """The chair or regisseur records the parents' refusal, with the reason they gave."""
    return _record_for_parents(access, invitee, False, representative, via, reason)


def _record_for_parents(
    access: CaseAccess,
    invitee: Invitee,
    approve: bool,
    representative: LegalRepresentative,
    via: str,
    reason: str,
) -> Invitee:
    """The manager of the meeting records the parents' answer on their behalf."""
    _lock(access, invitee.meeting)
    decided = record_parents_decision(
        invitee,
        approve=approve,
        representative=representative,
        via=via,
        reason=reason,
        recorded_by=access.user,
    )
    _log(access, decided)
    return decided


# --- invitations ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Sending:
    sent: int  # the mails that go out
    waiting_for_team: int  # approved, but their place on the team is not active yet
    without_address: int = 0  # invited, but no mail: no e-mail address (the child, a parent)


@transaction.atomic
def send_invitations(
    access: CaseAccess, meeting: Meeting, *, only: Iterable[Invitee] = ()
) -> Sending:
    """Mail an invitation (or an update, after a change) to every approved invitee who has
    not had this version yet. Idempotent: a second call sends nothing new. Naming an invitee
    the parents have not approved is refused, and nothing is sent; so is a new invitation
    while a partner the case requires is not on the team (`cases.partners`)."""
    locked = _lock(access, meeting)
    if locked.status != MeetingStatus.PLANNED:
        raise ValidationError(_("Invitations go out only for a planned meeting."))
    if locked.starts_at < timezone.now():
        raise ValidationError(
            _("This meeting starts in the past. Change the time before inviting.")
        )
    named = [i.pk for i in only]
    candidates = list(
        locked.invitees.select_for_update(of=("self",))
        .filter(**({"pk__in": named} if named else {}))
        .select_related("team_member__membership__user", "representative")
    )
    not_approved = [
        i for i in candidates if i.status in (InviteeStatus.PROPOSED, InviteeStatus.REFUSED)
    ]
    if named and not_approved:
        raise ValidationError(
            _("The parents have not approved %(name)s. No invitation was sent.")
            % {"name": not_approved[0].name}
        )
    to_send: list[Invitee] = []
    waiting = 0
    for invitee in candidates:
        if invitee.status == InviteeStatus.APPROVED or (
            invitee.status in SENT_STATUSES and invitee.sent_sequence < locked.sequence
        ):
            if (
                invitee.team_member is not None
                and invitee.team_member.status != MemberStatus.ACTIVE
            ):
                waiting += 1
                continue
            to_send.append(invitee)
    if locked.kind != MeetingKind.GOUDEN_DRIEHOEK and any(
        i.status == InviteeStatus.APPROVED for i in to_send
    ):
        # Inviting someone convenes the MDO; an update about a new time or place to those
        # invited before still goes out. The gouden driehoek advises: it convenes no MDO.
        partners.require_partners_to_convene(access.case)
    now = timezone.now()
    for invitee in to_send:
        if invitee.status == InviteeStatus.APPROVED:
            invitee.status = InviteeStatus.INVITED
        invitee.sent_sequence = locked.sequence
        invitee.sent_at = now
    Invitee.objects.bulk_update(to_send, ["status", "sent_sequence", "sent_at"])
    ids = [i.pk for i in to_send if invitations.mail_address(i)]
    if ids:
        tasks.on_commit(invitations.send_invitations, locked.pk, ids)
    _log(access, locked, event=Event.CHANGE)
    return Sending(sent=len(ids), waiting_for_team=waiting, without_address=len(to_send) - len(ids))


@transaction.atomic
def respond(access: CaseAccess, invitee: Invitee, *, answer: str, note: str = "") -> Invitee:
    """The invitee answers their own invitation: accept, decline or propose another time."""
    locked = (
        Invitee.objects.select_for_update(of=("self",))
        .select_related("team_member__membership", "meeting")
        .get(pk=invitee.pk, meeting__case=access.case)
    )
    if locked.team_member is None or locked.team_member.membership.user_id != access.user.pk:
        raise PermissionDenied(_("Only the invitee can answer this invitation."))
    if answer not in RESPONSES:
        raise ValidationError({"answer": _("Choose your answer.")})
    if answer == InviteeStatus.OTHER_TIME and not note.strip():
        raise ValidationError({"note": _("Say which other time would suit you.")})
    if locked.meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(_("This meeting is no longer planned."))
    _transition(locked, answer)
    locked.response_note = note.strip()
    locked.save(update_fields=["status", "response_note"])
    _log(access, locked)
    return locked
