"""The writes of the warm handover. Each is one transaction that checks the handover's step
(constants.TRANSITION_STEPS), goes through the case's own services for the team, consent and
regie (so their rules and logs hold), and writes the access log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.audit.constants import Event
from arrangeer.cases import journey, regie
from arrangeer.cases import services as case_services
from arrangeer.cases.access import CaseAccess, log_change, require_regisseur
from arrangeer.cases.consents import record_consent
from arrangeer.cases.constants import CaseStatus, MemberStatus, StepChangeKind
from arrangeer.cases.models import Case, EmergencyAccess, RegieTransfer, RegionMove, TeamMember
from arrangeer.children.models import Child, LegalRepresentative
from arrangeer.consents.models import Consent
from arrangeer.consents.rules import check_givers
from arrangeer.core.models_util import require_transition
from arrangeer.meetings import services as meeting_services
from arrangeer.meetings.constants import MeetingStatus
from arrangeer.meetings.models import Meeting
from arrangeer.organisations.constants import OrganisationType, Role
from arrangeer.organisations.models import Membership, Organisation, Region
from arrangeer.vocabulary import DataCategory

from . import oso, rules
from .constants import SECTOR_AFTER, TRANSITION_STEPS, UNFINISHED, TransitionKind, TransitionStatus
from .models import PupilFileImport, Transition
from .selectors import may_import

OBJECT_TYPE = "transition"


def _log(access: CaseAccess, transition: Transition, *, event: str = Event.CHANGE) -> None:
    log_change(access, event=event, object_type=OBJECT_TYPE, object_id=str(transition.uuid))


def _current_locked(access: CaseAccess) -> Transition | None:
    return (
        Transition.objects.select_for_update()
        .filter(case=access.case, status__in=UNFINISHED)
        .first()
    )


def _lock(access: CaseAccess, transition: Transition) -> Transition:
    locked = (
        Transition.objects.select_for_update(of=("self",))
        .select_related(
            "receiving_school",
            "receiving_swv",
            "sending_school",
            "receiving_member__membership",
            "handover_meeting",
        )
        .filter(pk=transition.pk, case=access.case)
        .first()
    )
    if locked is None:
        raise ValidationError(_("This transition does not belong to this case."))
    return locked


def _step(transition: Transition, to: str, message: str) -> None:
    require_transition(TRANSITION_STEPS, transition.status, to, message)


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


@transaction.atomic
def import_pupil_file(
    access: CaseAccess, transition: Transition, *, file_name: str, content: bytes
) -> PupilFileImport:
    """The receiving side reads in the pupil file the sending school made (OSO's shape).
    Refused as a whole when anything in it is wrong: nothing is saved half."""
    if not may_import(access, transition):
        raise PermissionDenied(
            _("Only the regisseur or the receiving coordinator reads in a file.")
        )
    parsed = oso.parse(content, child=access.case.child)
    imported = PupilFileImport.objects.create(
        transition=transition,
        file_name=file_name[:200],
        sending_school_name=parsed.sending_school_name[:200],
        sending_brin=parsed.sending_brin,
        personal=parsed.personal,
        school_career=parsed.school_career,
        support=parsed.support,
        test_results=parsed.test_results,
        advice=parsed.advice,
        imported_by=access.user,
        imported_at=timezone.now(),
    )
    log_change(
        access,
        event=Event.CREATE,
        object_type="pupil_file",
        object_id=str(imported.uuid),
        category=DataCategory.EDUCATION,
    )
    return imported
