"""Preparing the handover: the regisseur sets the next transition, proposes the receiving
school through its coordinator (or, across regions, the receiving SWV's specialist) and
plans the handover MDO."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.audit.constants import Event
from arrangeer.cases import services as case_services
from arrangeer.cases.access import CaseAccess, require_regisseur
from arrangeer.cases.constants import MemberStatus
from arrangeer.cases.models import TeamMember
from arrangeer.meetings import services as meeting_services
from arrangeer.meetings.constants import MeetingStatus
from arrangeer.meetings.models import Meeting
from arrangeer.organisations.constants import OrganisationType, Role
from arrangeer.organisations.models import Membership, Organisation
from arrangeer.vocabulary import DataCategory

from .. import rules
from ..constants import TransitionKind, TransitionStatus
from ..models import Transition
from .common import _current_locked, _lock, _log, _step


@transaction.atomic
def set_transition(
    access: CaseAccess, *, kind: str, expected_on: dt.date, note: str = ""
) -> Transition:
    """The regisseur sets (or corrects) the child's next transition."""
    require_regisseur(access, open_case=True)
    if kind not in TransitionKind.values:
        raise ValidationError({"kind": _("Choose the kind of transition.")})
    if expected_on < timezone.localdate():
        raise ValidationError(
            {"expected_on": _("The date of the transition cannot lie in the past.")}
        )
    current = _current_locked(access)
    if current is None:
        current = Transition.objects.create(
            case=access.case,
            kind=kind,
            expected_on=expected_on,
            set_by_hand=True,
            note=note.strip(),
            created_by=access.user,
        )
        _log(access, current, event=Event.CREATE)
        return current
    if kind != current.kind and current.status != TransitionStatus.PLANNED:
        raise ValidationError(
            {"kind": _("The kind can only change before a receiving school is proposed.")}
        )
    current.kind = kind
    current.expected_on = expected_on
    current.note = note.strip()
    current.set_by_hand = True
    current.save(update_fields=["kind", "expected_on", "note", "set_by_hand"])
    _log(access, current)
    return current


def _materialise(access: CaseAccess) -> Transition:
    """The transition in preparation, saved now if it was only derived from the child."""
    current = _current_locked(access)
    if current is not None:
        return current
    found = rules.derive(access.case.child, timezone.localdate())
    if found is None:
        raise ValidationError(_("The next transition of this child is not known: set it first."))
    current = Transition.objects.create(
        case=access.case, kind=found.kind, expected_on=found.expected_on, created_by=access.user
    )
    _log(access, current, event=Event.CREATE)
    return current


def _is_school_coordinator(membership: Membership) -> bool:
    school = membership.organisation
    return school.type == OrganisationType.SCHOOL and membership.role == Role.COORDINATOR


def _is_far_swv_specialist(access: CaseAccess, membership: Membership) -> bool:
    """Across regions, while the school is not known: the receiving SWV's specialist."""
    swv = membership.organisation
    return (
        swv.type == OrganisationType.SWV
        and membership.role == Role.SWV_SPECIALIST
        and swv.region_id != access.case.region_id
    )


def _check_receiver(
    access: CaseAccess, membership: Membership, receiving_swv: Organisation | None
) -> Organisation | None:
    """The receiving side is sound; returns the receiving region's SWV (the receiver's own
    organisation when they are that SWV's specialist)."""
    receiver = membership.organisation
    errors: dict[str, str] = {}
    by_swv = _is_far_swv_specialist(access, membership)
    if (
        not membership.is_active
        or not receiver.is_active
        or not (_is_school_coordinator(membership) or by_swv)
    ):
        errors["membership"] = _(
            "Choose the support coordinator of the receiving school (or, in another region "
            "while the school is not known, the education specialist of that region's SWV)."
        )
    elif receiver.pk == access.case.child.school_id:
        errors["membership"] = _(
            "The receiving school must be another school than the current one."
        )
    if by_swv:
        if receiving_swv is not None and receiving_swv.pk != receiver.pk:
            errors["receiving_swv"] = _("Choose the SWV of the receiving school's region.")
        receiving_swv = receiver
    across = receiver.region_id != access.case.region_id
    if across and receiving_swv is None:
        errors["receiving_swv"] = _(
            "The receiving school is in another region: choose that region's SWV."
        )
    elif receiving_swv is not None and (
        receiving_swv.type != OrganisationType.SWV or receiving_swv.region_id != receiver.region_id
    ):
        errors["receiving_swv"] = _("Choose the SWV of the receiving school's region.")
    if errors:
        raise ValidationError(errors)
    return receiving_swv


@transaction.atomic
def propose_receiving_school(
    access: CaseAccess,
    *,
    membership: Membership,
    handover_mdo_on: dt.date,
    receiving_swv: Organisation | None = None,
) -> Transition:
    """The regisseur proposes the receiving school through its coordinator, who is proposed
    for the team (the family approves with their consent), and plans the handover MDO."""
    require_regisseur(access, open_case=True)
    receiving_swv = _check_receiver(access, membership, receiving_swv)
    if handover_mdo_on < timezone.localdate():
        raise ValidationError({"handover_mdo_on": _("The handover MDO cannot lie in the past.")})
    transition = _materialise(access)
    _step(
        transition,
        TransitionStatus.PROPOSED,
        _("A receiving school is already proposed for this transition."),
    )
    member = case_services.propose_team_member(access, membership=membership)
    transition.sending_school = access.case.child.school
    receiver = membership.organisation
    transition.receiving_school = receiver if receiver.type == OrganisationType.SCHOOL else None
    transition.receiving_swv = receiving_swv
    transition.receiving_member = member
    transition.handover_mdo_on = handover_mdo_on
    transition.status = TransitionStatus.PROPOSED
    transition.save(
        update_fields=[
            "sending_school",
            "receiving_school",
            "receiving_swv",
            "receiving_member",
            "handover_mdo_on",
            "status",
        ]
    )
    _log(access, transition)
    return transition


@transaction.atomic
def plan_handover_meeting(
    access: CaseAccess,
    transition: Transition,
    *,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str = "",
    room: str = "",
    video_link: str = "",
    category: str = DataCategory.EDUCATION,
    confirm_overlap: bool = False,
) -> Meeting:
    """The regisseur plans the handover MDO with the current and the next team, with the
    MDO's planning (`meetings.services.plan_handover`): the active team is proposed to the
    parents, and so is the receiving coordinator once the family consented (before that
    they are not on the team; `record_handover_consent` adds them then)."""
    require_regisseur(access, open_case=True)
    locked = _lock(access, transition)
    if locked.status not in (TransitionStatus.PROPOSED, TransitionStatus.CONSENTED):
        raise ValidationError(_("Plan the handover MDO once the receiving school is proposed."))
    current = locked.handover_meeting
    if current is not None and current.status != MeetingStatus.CANCELLED:
        raise ValidationError(_("The handover MDO is planned already."))
    team = TeamMember.objects.filter(
        case=access.case, status=MemberStatus.ACTIVE, membership__is_active=True
    ).order_by("pk")
    meeting = meeting_services.plan_handover(
        access,
        starts_at=starts_at,
        ends_at=ends_at,
        members=list(team),
        place=place,
        room=room,
        video_link=video_link,
        category=category,
        confirm_overlap=confirm_overlap,
    )
    locked.handover_meeting = meeting
    locked.handover_mdo_on = timezone.localtime(starts_at).date()
    locked.save(update_fields=["handover_meeting", "handover_mdo_on"])
    _log(access, locked)
    return meeting
