"""The end of the handover: done (the child enrols at the receiving school, the case moves
region when the school lies in another, the sending side leaves the team) or cancelled."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.cases import journey
from arrangeer.cases import services as case_services
from arrangeer.cases.access import CaseAccess, log_change, require_regisseur
from arrangeer.cases.constants import CaseStatus, MemberStatus, StepChangeKind
from arrangeer.cases.models import Case, EmergencyAccess, RegionMove, TeamMember
from arrangeer.children.models import Child
from arrangeer.meetings.constants import MeetingStatus
from arrangeer.organisations.models import Organisation, Region
from arrangeer.vocabulary import DataCategory

from ..constants import SECTOR_AFTER, TransitionStatus
from ..models import Transition
from .common import _lock, _log, _step

HELD = (MeetingStatus.HELD, MeetingStatus.APPROVED)


def _check_handover_meeting(transition: Transition, reason: str) -> None:
    """A planned handover MDO is held or cancelled first; without a held one the receiving
    regisseur says briefly why the handover is done all the same."""
    meeting = transition.handover_meeting
    if meeting is not None and meeting.status == MeetingStatus.PLANNED:
        raise ValidationError(
            _(
                "The handover MDO is still planned. Record it as held, or cancel it, before "
                "the handover is done."
            )
        )
    if (meeting is None or meeting.status not in HELD) and not reason:
        raise ValidationError(
            {
                "reason": _(
                    "There was no handover MDO: say briefly why the handover is done without one."
                )
            }
        )


@transaction.atomic
def complete_handover(
    access: CaseAccess, transition: Transition, *, reason: str = ""
) -> Transition:
    """The receiving coordinator, now the regisseur, ends the handover: the child is a pupil
    of the receiving school, and the sending school leaves the team. The case keeps its route
    and its step: the new school goes on where the plan stands. Refused while the handover
    MDO is still planned; without a held one, a short reason is required (kept on the
    transition and on the case's timeline)."""
    require_regisseur(access, open_case=True)
    locked = _lock(access, transition)
    _step(
        locked,
        TransitionStatus.DONE,
        _("The handover can be done once the parents consented to the receiving school."),
    )
    receiver = locked.receiving_organisation
    assert locked.receiving_member is not None and receiver is not None
    if locked.receiving_member.membership.user_id != access.user.pk:
        raise ValidationError(
            _("The receiving coordinator ends the handover, once they hold the regie.")
        )
    reason = reason.strip()
    _check_handover_meeting(locked, reason)
    now = timezone.now()
    moved_from = _move_region(access, receiver, now)
    _enrol_at_receiving_school(access, locked)
    _end_leaving_members(access, locked, receiver, moved_from)
    locked.status = TransitionStatus.DONE
    locked.completed_at = now
    locked.completion_note = reason
    locked.save(update_fields=["status", "completed_at", "completion_note"])
    journey.record_event(
        access,
        kind=StepChangeKind.HANDOVER,
        reason=_("Handover to %(school)s.") % {"school": receiver.name}
        + (" " + reason if reason else ""),
        at=now,
    )
    _log(access, locked)
    return locked


def _enrol_at_receiving_school(access: CaseAccess, transition: Transition) -> None:
    """The child is a pupil of the receiving school (its sector after this kind of move)."""
    child = Child.objects.select_for_update().get(pk=access.case.child_id)
    school = transition.receiving_school
    child.school = school
    child.sector = (
        SECTOR_AFTER.get(transition.kind, school.sector) if school is not None else child.sector
    )
    child.group = ""
    child.save(update_fields=["school", "sector", "group"])
    log_change(
        access, object_type="child", object_id=str(child.uuid), category=DataCategory.EDUCATION
    )


def _end_leaving_members(
    access: CaseAccess,
    transition: Transition,
    receiver: Organisation,
    moved_from: Region | None,
) -> None:
    """The sending school leaves the team (on a move to another region: every party of the
    region the case left); the receiving coordinator stays."""
    assert transition.receiving_member is not None
    leaving = TeamMember.objects.filter(case=access.case, status=MemberStatus.ACTIVE)
    if moved_from is not None:
        # A move: every party of the region the case left leaves the team.
        leaving = leaving.filter(membership__organisation__region=moved_from)
    elif transition.sending_school_id is not None:
        leaving = leaving.filter(membership__organisation_id=transition.sending_school_id)
    else:
        leaving = leaving.none()
    for member in leaving.exclude(pk=transition.receiving_member.pk):
        case_services.end_team_member(
            access,
            member,
            reason=_("The handover to %(school)s is done.") % {"school": receiver.name},
        )


def _move_region(access: CaseAccess, receiver: Organisation, now: dt.datetime) -> Region | None:
    """When the receiving side is in another region, the case moves there: from now on it
    belongs to that region (its lists, its break-the-glass search by BSN, its monitor); the
    region it left keeps only its counts (cases.selectors). Returns the region it left."""
    case = Case.objects.select_for_update().select_related("region").get(pk=access.case.pk)
    if receiver.region_id == case.region_id:
        return None
    if Case.objects.filter(
        child_id=case.child_id, region_id=receiver.region_id, status=CaseStatus.OPEN
    ).exists():
        raise ValidationError(
            _(
                "This child already has an open case in the receiving region: the handover "
                "cannot move this case there. Agree with that region's regisseur which case "
                "goes on."
            )
        )
    left = case.region
    case.region_id = receiver.region_id
    case.save(update_fields=["region"])
    RegionMove.objects.create(
        case=case,
        from_region=left,
        to_region_id=receiver.region_id,
        moved_at=now,
        by_user=access.user,
    )
    # A break-the-glass access of the region it left ends with the move.
    EmergencyAccess.objects.filter(
        case=case, expires_at__gt=now, membership__organisation__region=left
    ).update(expires_at=now)
    access.case.region_id = receiver.region_id
    log_change(access, object_type="case", object_id=str(case.uuid))
    journey.record_event(
        access,
        kind=StepChangeKind.REGION,
        reason=_("From %(old)s to %(new)s.") % {"old": left.name, "new": receiver.region.name},
        at=now,
    )
    return left


@transaction.atomic
def cancel_transition(access: CaseAccess, transition: Transition, *, reason: str) -> Transition:
    """The transition does not happen (the child stays, or goes elsewhere): a receiving
    coordinator still waiting for the family is not added to the team."""
    require_regisseur(access, open_case=True)
    locked = _lock(access, transition)
    _step(locked, TransitionStatus.CANCELLED, _("This transition is finished already."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the transition does not happen.")})
    member = locked.receiving_member
    if member is not None and member.status == MemberStatus.PROPOSED:
        case_services.refuse_team_member(access, member, note=reason)
    locked.status = TransitionStatus.CANCELLED
    locked.note = "\n".join(n for n in (locked.note, reason.strip()) if n)
    locked.save(update_fields=["status", "note"])
    _log(access, locked)
    return locked
