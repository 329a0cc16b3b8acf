"""Public API of the meetings app: plan an MDO, its agenda and invitees, the parents' answer
about each invitee, invitations, the meeting's record and the approval of its minutes. Every
function is one transaction and writes the access log (ARCHITECTURE.md rule 2).

Who writes: the regisseur plans; the regisseur and the meeting's chair do the rest. The
invitee answers their own invitation. The parents' approval of an invitee is split into the
rule (`record_parents_decision`, which a parent portal can call with the parent as the
deciding representative) and the professional's act of recording it for them
(`approve_invitee` / `refuse_invitee`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.accounts.models import User
from arrangeer.audit.constants import Event
from arrangeer.cases import notices, partners
from arrangeer.cases import services as case_services
from arrangeer.cases.access import CaseAccess, log_change, require_regisseur
from arrangeer.cases.constants import MemberStatus, NoticeKind
from arrangeer.cases.models import Case, TeamMember
from arrangeer.children.models import LegalRepresentative
from arrangeer.core import tasks
from arrangeer.core.models_util import require_transition
from arrangeer.organisations.models import Membership
from arrangeer.plans.models import Goal, Module
from arrangeer.vocabulary import DataCategory

from . import invitations
from .constants import (
    AGENDA_OF_KIND,
    CHAIR_ROLES,
    DEFAULT_AGENDA,
    DRIEHOEK_ROLES,
    INVITEE_TRANSITIONS,
    KINDS_PLANNED_ELSEWHERE,
    MDO_KINDS,
    MEETING_TRANSITIONS,
    RESPONSES,
    SENT_STATUSES,
    Attendance,
    DecisionChannel,
    InviteeKind,
    InviteeStatus,
    MeetingKind,
    MeetingStatus,
)
from .models import ActionItem, AgendaItem, Decision, Invitee, Meeting, Preparation

OBJECT = "meeting"


class OverlapWarning(ValidationError):
    """The chair is booked at an overlapping time: a warning the user may confirm past."""


@dataclass(frozen=True)
class MeetingTimes:
    starts_at: dt.datetime
    ends_at: dt.datetime


# --- who may -------------------------------------------------------------------------------


def is_organiser(access: CaseAccess, meeting: Meeting) -> bool:
    """The Integraal Loket's adviser who planned a gouden driehoek, through the Loket's door
    (`access_case_for_advice`: only while the family's consent for the Loket holds)."""
    return (
        access.is_advice_seat
        and meeting.organiser_id is not None
        and access.seat is not None
        and meeting.organiser_id == access.seat.pk
    )


def is_chair(access: CaseAccess, meeting: Meeting) -> bool:
    """The meeting's chair; the organiser of a gouden driehoek leads it as its chair."""
    if is_organiser(access, meeting):
        return True
    return access.member is not None and any(m.pk == meeting.chair_id for m in access.all_members)


def can_manage(access: CaseAccess, meeting: Meeting) -> bool:
    return access.is_regisseur or is_chair(access, meeting)


def require_manager(access: CaseAccess, meeting: Meeting) -> None:
    if not can_manage(access, meeting):
        raise PermissionDenied(_("Only the chair or the regisseur can do this."))


def _lock(access: CaseAccess, meeting: Meeting) -> Meeting:
    assert transaction.get_connection().in_atomic_block
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk, case=access.case)
    require_manager(access, locked)
    return locked


def _log(access: CaseAccess, obj: object, *, event: str = Event.CHANGE, category: str = "") -> None:
    log_change(
        access,
        event=event,
        object_type=type(obj).__name__.lower(),
        object_id=str(getattr(obj, "uuid", getattr(obj, "pk", ""))),
        category=category,
    )


# --- planning ------------------------------------------------------------------------------


def _check_times(times: MeetingTimes, *, now: dt.datetime) -> None:
    if times.ends_at <= times.starts_at:
        raise ValidationError({"ends_at": _("The meeting must end after it starts.")})
    if times.starts_at < now:
        raise ValidationError({"starts_at": _("The start lies in the past. Choose a later time.")})


def _check_chair(access: CaseAccess, chair: TeamMember) -> None:
    if (
        chair.case_id != access.case.pk
        or chair.status != MemberStatus.ACTIVE
        or not chair.membership.is_active
    ):
        raise ValidationError({"chair": _("The chair must be an active member of the team.")})
    if (
        chair.membership.role not in CHAIR_ROLES
        and chair.membership.user_id != access.case.regisseur_id
    ):
        raise ValidationError(
            {"chair": _("The chair is the regisseur, a support coordinator or a procesbegeleider.")}
        )


def chair_overlaps(
    chair: TeamMember, times: MeetingTimes, *, exclude: Meeting | None = None
) -> list[Meeting]:
    """Other planned meetings (in any case) that the same person chairs at the same time.
    Only dates, never which case: the warning shows no child."""
    found = Meeting.objects.filter(
        chair__membership__user_id=chair.membership.user_id,
        status=MeetingStatus.PLANNED,
        starts_at__lt=times.ends_at,
        ends_at__gt=times.starts_at,
    )
    if exclude is not None:
        found = found.exclude(pk=exclude.pk)
    return list(found.only("pk", "starts_at", "ends_at"))


def _overlap_warning(overlaps: Sequence[Meeting]) -> OverlapWarning:
    first = overlaps[0]
    return OverlapWarning(
        _(
            "The chair already chairs a meeting at an overlapping time (%(start)s to %(end)s). "
            "Tick “plan it anyway” to keep both."
        )
        % {
            "start": timezone.localtime(first.starts_at).strftime("%d-%m-%Y %H:%M"),
            "end": timezone.localtime(first.ends_at).strftime("%H:%M"),
        },
        code="overlap",
    )


def default_agenda(case_kind: str, case: object) -> list[tuple[str, str]]:
    items = list(AGENDA_OF_KIND.get(case_kind, DEFAULT_AGENDA))
    for required in partners.required_agenda_items(case):  # type: ignore[arg-type]
        items.append((required.code, required.title))
    return items


@transaction.atomic
def plan_meeting(
    access: CaseAccess,
    *,
    kind: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    chair: TeamMember,
    place: str = "",
    video_link: str = "",
    room: str = "",
    interpreter_needed: bool = False,
    interpreter_language: str = "",
    consent_forms_prepared: bool = False,
    category: str = DataCategory.EDUCATION,
    rhythm_weeks: int | None = None,
    confirm_overlap: bool = False,
    now: dt.datetime | None = None,
) -> Meeting:
    """Plan an MDO with the default agenda, the parents with gezag and the child on the
    invitation list (they need no approval) and the chair proposed to the parents. Refused
    while a partner the case requires is not on the team (`cases.partners`). The regisseur
    plans the MDO of the route here; the handover MDO is planned from the transition
    (`plan_handover`), the gouden driehoek by the Loket's adviser (`plan_driehoek`)."""
    require_regisseur(access)
    partners.require_partners_to_convene(access.case)
    if kind in KINDS_PLANNED_ELSEWHERE:
        raise ValidationError(
            {
                "kind": _(
                    "A gouden driehoek is planned from the question to the Integraal Loket, "
                    "a handover MDO from the transition."
                )
            }
        )
    if kind not in MeetingKind.values:
        raise ValidationError({"kind": _("Choose the kind of meeting.")})
    return _plan(
        access,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        chair=chair,
        place=place,
        video_link=video_link,
        room=room,
        interpreter_needed=interpreter_needed,
        interpreter_language=interpreter_language,
        consent_forms_prepared=consent_forms_prepared,
        category=category,
        rhythm_weeks=rhythm_weeks,
        confirm_overlap=confirm_overlap,
        now=now,
    )


def _plan(
    access: CaseAccess,
    *,
    kind: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    chair: TeamMember,
    place: str,
    video_link: str,
    room: str,
    interpreter_needed: bool,
    interpreter_language: str,
    consent_forms_prepared: bool,
    category: str,
    rhythm_weeks: int | None,
    confirm_overlap: bool,
    now: dt.datetime | None,
    organiser: Membership | None = None,
) -> Meeting:
    if category not in DataCategory.values or not access.allows(category):
        raise ValidationError({"category": _("Choose a data category you may see.")})
    times = MeetingTimes(starts_at, ends_at)
    _check_times(times, now=now or timezone.now())
    _check_chair(access, chair)
    if not place.strip() and not video_link.strip():
        raise ValidationError({"place": _("Give a place or a video link.")})
    if interpreter_needed and not interpreter_language.strip():
        raise ValidationError(
            {"interpreter_language": _("Which language does the interpreter speak?")}
        )
    overlaps = chair_overlaps(chair, times)
    if overlaps and not confirm_overlap:
        raise _overlap_warning(overlaps)
    meeting = Meeting.objects.create(
        case=access.case,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        chair=chair,
        place=place.strip(),
        video_link=video_link.strip(),
        room=room.strip(),
        interpreter_needed=interpreter_needed,
        interpreter_language=interpreter_language.strip(),
        consent_forms_prepared=consent_forms_prepared,
        category=category,
        rhythm_weeks=rhythm_weeks,
        organiser=organiser,
        created_by=access.user,
    )
    _fill_new_meeting(meeting, access)
    _log(access, meeting, event=Event.CREATE, category=category)
    _tell_planned(access, meeting)
    return meeting


def _plan_own_kind(
    access: CaseAccess,
    *,
    kind: str,
    chair: TeamMember,
    members: Iterable[TeamMember],
    times: MeetingTimes,
    where: tuple[str, str, str],
    category: str,
    confirm_overlap: bool,
    now: dt.datetime | None,
    organiser: Membership | None = None,
) -> Meeting:
    """A meeting of its own kind (the handover MDO, the gouden driehoek): the MDO's planning
    without an interpreter, consent forms or a rhythm, with `members` proposed to the parents.
    `where` is the place, the video link and the room."""
    place, video_link, room = where
    meeting = _plan(
        access,
        kind=kind,
        starts_at=times.starts_at,
        ends_at=times.ends_at,
        chair=chair,
        place=place,
        video_link=video_link,
        room=room,
        interpreter_needed=False,
        interpreter_language="",
        consent_forms_prepared=False,
        category=category,
        rhythm_weeks=None,
        confirm_overlap=confirm_overlap,
        now=now,
        organiser=organiser,
    )
    _invite_members(access, meeting, members)
    return meeting


@transaction.atomic
def plan_handover(
    access: CaseAccess,
    *,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    members: Iterable[TeamMember],
    place: str = "",
    video_link: str = "",
    room: str = "",
    category: str = DataCategory.EDUCATION,
    confirm_overlap: bool = False,
    now: dt.datetime | None = None,
) -> Meeting:
    """The regisseur plans the handover MDO at a transition (`transitions.services`): the
    MDO's planning with its own agenda, the regisseur's place as the chair, and `members`
    (the current team and the receiving coordinator once the family consented) proposed to
    the parents, who decide who comes as for any MDO."""
    require_regisseur(access)
    partners.require_partners_to_convene(access.case)
    chair = access.member
    assert chair is not None
    return _plan_own_kind(
        access,
        kind=MeetingKind.HANDOVER,
        chair=chair,
        members=members,
        times=MeetingTimes(starts_at, ends_at),
        where=(place, video_link, room),
        category=category,
        confirm_overlap=confirm_overlap,
        now=now,
    )


def _invite_members(access: CaseAccess, meeting: Meeting, members: Iterable[TeamMember]) -> None:
    """Propose these active team places to the parents (the chair is proposed already)."""
    invited = set(meeting.invitees.exclude(team_member=None).values_list("team_member", flat=True))
    for member in members:
        if member.pk in invited or member.case_id != meeting.case_id:
            continue
        invited.add(member.pk)
        invitee = Invitee.objects.create(
            meeting=meeting, kind=InviteeKind.PROFESSIONAL, team_member=member
        )
        _log(access, invitee, event=Event.CREATE)


@transaction.atomic
def invite_to_handover(access: CaseAccess, meeting: Meeting, member: TeamMember) -> None:
    """The receiving coordinator joins a planned handover MDO once the family consented:
    proposed to the parents, as every professional invitee."""
    locked = _lock(access, meeting)
    if locked.kind != MeetingKind.HANDOVER or locked.status != MeetingStatus.PLANNED:
        return
    _invite_members(access, locked, [member])


def driehoek_members(case: Case) -> list[TeamMember]:
    """The gouden driehoek as on the case (000): the active team places of the school's
    intern begeleider, the SWV's gedragswetenschapper and the youth team's ouder-kindcoach."""
    found = (
        TeamMember.objects.filter(case=case, status=MemberStatus.ACTIVE, membership__is_active=True)
        .select_related("membership__organisation", "membership__user")
        .order_by("pk")
    )
    return [
        m for m in found if (m.membership.organisation.type, m.membership.role) in DRIEHOEK_ROLES
    ]


@transaction.atomic
def plan_driehoek(
    access: CaseAccess,
    *,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str = "",
    video_link: str = "",
    room: str = "",
    category: str = DataCategory.EDUCATION,
    confirm_overlap: bool = False,
    now: dt.datetime | None = None,
) -> Meeting:
    """The Integraal Loket's adviser plans the gouden driehoek, through the Loket's door
    (within the family's consent for the Loket, in its categories). The MDO's planning: its
    agenda, the parents with gezag and the child, the regisseur's place as the chair, and
    the driehoek's three roles as on the case proposed to the parents. The adviser organises
    it and leads it; they get no place on the team. The partners the MDO requires are not
    asked: the driehoek advises, it does not convene the case's MDO."""
    if not access.is_advice_seat or access.seat is None:
        raise PermissionDenied(_("The Integraal Loket's adviser plans the gouden driehoek."))
    chair = (
        TeamMember.objects.filter(
            case=access.case,
            status=MemberStatus.ACTIVE,
            membership__user_id=access.case.regisseur_id,
            membership__is_active=True,
        )
        .select_related("membership")
        .order_by("pk")
        .first()
    )
    if chair is None:
        raise ValidationError(_("The case has no regisseur on the team to chair the meeting."))
    return _plan_own_kind(
        access,
        kind=MeetingKind.GOUDEN_DRIEHOEK,
        chair=chair,
        members=driehoek_members(access.case),
        times=MeetingTimes(starts_at, ends_at),
        where=(place, video_link, room),
        category=category,
        confirm_overlap=confirm_overlap,
        now=now,
        organiser=access.seat,
    )


def _tell_planned(access: CaseAccess, meeting: Meeting) -> None:
    """The family hears of a new or moved meeting (the daily mail, by default), and that the
    chair, proposed with it, waits for their approval (at once)."""
    notices.tell_family(
        meeting.case,
        kind=NoticeKind.MEETING,
        key=f"meeting:{meeting.pk}:{meeting.sequence}",
        acting_user=access.user,
    )
    if meeting.invitees.filter(
        kind=InviteeKind.PROFESSIONAL, status=InviteeStatus.PROPOSED
    ).exists():
        _tell_invitees_wait(access, meeting)


def _tell_invitees_wait(access: CaseAccess, meeting: Meeting) -> None:
    # One mail a day per meeting however many people the regisseur proposes that day: the
    # portal lists them all.
    notices.tell_family(
        meeting.case,
        kind=NoticeKind.INVITEE,
        key=f"invitee:{meeting.pk}:{timezone.localdate().isoformat()}",
        acting_user=access.user,
    )


def _fill_new_meeting(meeting: Meeting, access: CaseAccess) -> None:
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=i, code=code, title=title)
        for i, (code, title) in enumerate(default_agenda(meeting.kind, access.case), start=1)
    )
    now = timezone.now()
    Invitee.objects.bulk_create(
        [
            Invitee(
                meeting=meeting,
                kind=InviteeKind.PARENT,
                representative=parent,
                status=InviteeStatus.APPROVED,
                decided_at=now,
                recorded_by=access.user,
            )
            for parent in LegalRepresentative.objects.filter(
                child_id=access.case.child_id, has_authority=True
            ).order_by("pk")
        ]
        + [
            Invitee(
                meeting=meeting,
                kind=InviteeKind.CHILD,
                status=InviteeStatus.APPROVED,
                decided_at=now,
                recorded_by=access.user,
            ),
            Invitee(meeting=meeting, kind=InviteeKind.PROFESSIONAL, team_member=meeting.chair),
        ]
    )


@transaction.atomic
def change_meeting(
    access: CaseAccess,
    meeting: Meeting,
    *,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str,
    video_link: str,
    room: str,
    interpreter_needed: bool,
    interpreter_language: str,
    consent_forms_prepared: bool,
    rhythm_weeks: int | None,
    confirm_overlap: bool = False,
) -> Meeting:
    """A change of time or place raises the invitation's version: the next sending mails an
    update (SEQUENCE+1) to everyone invited before."""
    locked = _lock(access, meeting)
    if locked.status != MeetingStatus.PLANNED:
        raise ValidationError(_("Only a planned meeting can be changed."))
    times = MeetingTimes(starts_at, ends_at)
    if times.ends_at <= times.starts_at:
        raise ValidationError({"ends_at": _("The meeting must end after it starts.")})
    moved = (starts_at, ends_at) != (locked.starts_at, locked.ends_at)
    if moved and starts_at < timezone.now():
        raise ValidationError({"starts_at": _("The start lies in the past. Choose a later time.")})
    if not place.strip() and not video_link.strip():
        raise ValidationError({"place": _("Give a place or a video link.")})
    if interpreter_needed and not interpreter_language.strip():
        raise ValidationError(
            {"interpreter_language": _("Which language does the interpreter speak?")}
        )
    if moved:
        overlaps = chair_overlaps(locked.chair, times, exclude=locked)
        if overlaps and not confirm_overlap:
            raise _overlap_warning(overlaps)
    told = moved or place.strip() != locked.place or video_link.strip() != locked.video_link
    if told:
        locked.sequence += 1
    locked.starts_at, locked.ends_at = starts_at, ends_at
    locked.place, locked.video_link, locked.room = place.strip(), video_link.strip(), room.strip()
    locked.interpreter_needed = interpreter_needed
    locked.interpreter_language = interpreter_language.strip()
    locked.consent_forms_prepared = consent_forms_prepared
    locked.rhythm_weeks = rhythm_weeks
    locked.save()
    _log(access, locked, category=locked.category)
    if told:
        notices.tell_family(
            locked.case,
            kind=NoticeKind.MEETING,
            key=f"meeting:{locked.pk}:{locked.sequence}",
            acting_user=access.user,
        )
    return locked


@transaction.atomic
def cancel_meeting(access: CaseAccess, meeting: Meeting) -> Meeting:
    locked = _lock(access, meeting)
    require_transition(
        MEETING_TRANSITIONS,
        locked.status,
        MeetingStatus.CANCELLED,
        _("Only a planned meeting can be cancelled."),
    )
    locked.status = MeetingStatus.CANCELLED
    locked.sequence += 1
    locked.save(update_fields=["status", "sequence"])
    # The family's own message first, then the calendar's cancellations to who was invited.
    notices.tell_family(
        locked.case,
        kind=NoticeKind.MEETING_CANCELLED,
        key=f"cancelled:{locked.pk}",
        acting_user=access.user,
    )
    sent = list(locked.invitees.filter(status__in=SENT_STATUSES).values_list("pk", flat=True))
    if sent:
        tasks.on_commit(invitations.send_cancellations, locked.pk, sent)
    _log(access, locked)
    return locked


# --- agenda --------------------------------------------------------------------------------


@transaction.atomic
def add_agenda_item(access: CaseAccess, meeting: Meeting, *, title: str) -> AgendaItem:
    locked = _lock(access, meeting)
    if not title.strip():
        raise ValidationError({"title": _("Give the agenda item a title.")})
    last = locked.agenda.aggregate(last=Max("position"))["last"] or 0
    item = AgendaItem.objects.create(meeting=locked, position=last + 1, title=title.strip())
    _log(access, item, event=Event.CREATE)
    return item


@transaction.atomic
def move_agenda_item(access: CaseAccess, item: AgendaItem, *, up: bool) -> None:
    """Swap with the neighbour above or below; positions are renumbered 1..n on the way."""
    _lock(access, item.meeting)
    items = list(AgendaItem.objects.filter(meeting_id=item.meeting_id).order_by("position", "pk"))
    index = next(i for i, it in enumerate(items) if it.pk == item.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for position, it in enumerate(items, start=1):
        it.position = position
    AgendaItem.objects.bulk_update(items, ["position"])
    _log(access, item)


@transaction.atomic
def remove_agenda_item(access: CaseAccess, item: AgendaItem) -> None:
    locked = _lock(access, item.meeting)
    if locked.status != MeetingStatus.PLANNED:
        raise ValidationError(_("The agenda of a held meeting stays as it was."))
    _log(access, item, event=Event.DELETE)
    item.delete()


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
    _lock(access, invitee.meeting)
    decided = record_parents_decision(
        invitee,
        approve=True,
        representative=representative,
        via=via,
        reason=reason,
        recorded_by=access.user,
    )
    _log(access, decided)
    return decided


@transaction.atomic
def refuse_invitee(
    access: CaseAccess,
    invitee: Invitee,
    *,
    representative: LegalRepresentative,
    via: str,
    reason: str,
) -> Invitee:
    _lock(access, invitee.meeting)
    decided = record_parents_decision(
        invitee,
        approve=False,
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


# --- preparation ---------------------------------------------------------------------------


@transaction.atomic
def add_preparation(
    access: CaseAccess,
    meeting: Meeting,
    *,
    category: str,
    goes_well: str = "",
    can_be_better: str = "",
    support_needed: str = "",
    already_tried: str = "",
    text: str = "",
    is_child_view: bool = False,
) -> Preparation:
    """A participant's input before the meeting: a teacher answers the four questions; a
    professional records the parents' input or the child's view. In the parent portal a
    parent with gezag writes the parents' input and the young person from 12 their own view
    (always marked as the child's view)."""
    place = access.family
    if place is not None:
        if not place.is_child and not place.has_authority:
            raise PermissionDenied(_("A parent without parental authority reads only."))
        is_child_view = place.is_child
    elif access.member is None:
        raise PermissionDenied(_("With emergency access you can read, not write."))
    if meeting.case_id != access.case.pk:
        raise PermissionDenied(_("This meeting belongs to another case."))
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(_("Preparation is written before the meeting."))
    if category not in DataCategory.values or not access.allows(category):
        raise ValidationError({"category": _("Choose a data category you may see.")})
    if not any(s.strip() for s in (goes_well, can_be_better, support_needed, already_tried, text)):
        raise ValidationError(_("Write at least one answer."))
    if place is None:
        invitee = Invitee.objects.filter(
            meeting=meeting, team_member__membership__user=access.user
        ).first()
    elif place.representative is not None:
        invitee = Invitee.objects.filter(
            meeting=meeting, representative=place.representative
        ).first()
    else:
        invitee = Invitee.objects.filter(meeting=meeting, kind=InviteeKind.CHILD).first()
    prep = Preparation.objects.create(
        meeting=meeting,
        invitee=invitee,
        is_child_view=is_child_view,
        goes_well=goes_well.strip(),
        can_be_better=can_be_better.strip(),
        support_needed=support_needed.strip(),
        already_tried=already_tried.strip(),
        text=text.strip(),
        category=category,
        author=access.user,
    )
    _log(access, prep, event=Event.CREATE, category=category)
    return prep


# --- the record of the meeting -------------------------------------------------------------


@transaction.atomic
def record_meeting(
    access: CaseAccess,
    meeting: Meeting,
    *,
    attendance: Mapping[int, str],
    minutes: Mapping[int, str],
    parents_absent_reason: str = "",
) -> Meeting:
    """Attendance per invitee and the minutes per agenda item, from the meeting's start on.
    The parents are always there; if not, the reason is recorded (002)."""
    locked = _lock(access, meeting)
    require_transition(
        MEETING_TRANSITIONS,
        locked.status,
        MeetingStatus.HELD,
        _("The minutes of this meeting are approved; they stay as they are."),
    )
    _require_started(locked)
    invitees = list(locked.invitees.select_for_update().order_by("pk"))
    for invitee in invitees:
        value = attendance.get(invitee.pk, "")
        if value and value not in Attendance.values:
            raise ValidationError(_("Choose present, absent or excused."))
        invitee.attendance = value
    parents = [i for i in invitees if i.kind == InviteeKind.PARENT]
    parents_absent = bool(parents) and not any(i.attendance == Attendance.PRESENT for i in parents)
    if parents_absent and not parents_absent_reason.strip():
        raise ValidationError(
            {
                "parents_absent_reason": _(
                    "The parents are always at the MDO. Record why they were not there."
                )
            }
        )
    Invitee.objects.bulk_update(invitees, ["attendance"])
    items = list(locked.agenda.all())
    for item in items:
        if item.pk in minutes:
            item.minutes = minutes[item.pk].strip()
            item.category = item.category or locked.category
    AgendaItem.objects.bulk_update(items, ["minutes", "category"])
    locked.status = MeetingStatus.HELD
    locked.parents_absent_reason = parents_absent_reason.strip()
    locked.held_recorded_at = timezone.now()
    locked.save(update_fields=["status", "parents_absent_reason", "held_recorded_at"])
    _log(access, locked, category=locked.category)
    return locked


def _require_started(meeting: Meeting) -> None:
    """A meeting is recorded (who was there, minutes, decisions, agreements) from its start
    on: what is recorded of a meeting still to come would count as held."""
    if timezone.now() < meeting.starts_at:
        raise ValidationError(
            _(
                "This meeting starts on %(start)s. Record who was there, the minutes, decisions "
                "and agreements from its start on."
            )
            % {"start": timezone.localtime(meeting.starts_at).strftime("%d-%m-%Y %H:%M")}
        )


def _require_recordable(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.APPROVED:
        raise ValidationError(_("The minutes of this meeting are approved; they stay as they are."))
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("This meeting was cancelled."))
    _require_started(meeting)


@transaction.atomic
def add_decision(
    access: CaseAccess,
    meeting: Meeting,
    *,
    text: str,
    category: str = "",
    agenda_item: AgendaItem | None = None,
    goal: Goal | None = None,
    module: Module | None = None,
) -> Decision:
    locked = _lock(access, meeting)
    _require_recordable(locked)
    category = category or locked.category
    if category not in DataCategory.values or not access.allows(category):
        raise ValidationError({"category": _("Choose a data category you may see.")})
    if not text.strip():
        raise ValidationError({"text": _("Write the decision.")})
    if agenda_item is not None and agenda_item.meeting_id != locked.pk:
        raise ValidationError({"agenda_item": _("Choose an item of this meeting's agenda.")})
    for linked, field in ((goal, "goal"), (module, "module")):
        if linked is not None and (
            linked.plan.case_id != access.case.pk or not access.allows(linked.category)
        ):
            raise ValidationError({field: _("Choose from the plan of this case.")})
    decision = Decision.objects.create(
        meeting=locked,
        agenda_item=agenda_item,
        text=text.strip(),
        category=category,
        goal=goal,
        module=module,
    )
    _log(access, decision, event=Event.CREATE, category=category)
    return decision


@transaction.atomic
def add_action(
    access: CaseAccess,
    meeting: Meeting,
    *,
    what: str,
    owner: TeamMember | None,
    due: dt.date | None,
    category: str = "",
) -> ActionItem:
    """A SMART agreement. Owner and date may still be open while the minutes are drafted;
    the minutes cannot be approved until each has both."""
    locked = _lock(access, meeting)
    _require_recordable(locked)
    category = category or locked.category
    if category not in DataCategory.values or not access.allows(category):
        raise ValidationError({"category": _("Choose a data category you may see.")})
    if not what.strip():
        raise ValidationError({"what": _("Write what will be done.")})
    if owner is not None and (
        owner.case_id != access.case.pk or owner.status != MemberStatus.ACTIVE
    ):
        raise ValidationError({"owner": _("The owner must be an active member of the team.")})
    action = ActionItem.objects.create(
        meeting=locked, what=what.strip(), owner=owner, due=due, category=category
    )
    _log(access, action, event=Event.CREATE, category=category)
    return action


@transaction.atomic
def complete_action(access: CaseAccess, action: ActionItem) -> ActionItem:
    locked: ActionItem = (
        ActionItem.objects.select_for_update(of=("self",))
        .select_related("owner__membership", "meeting")
        .get(pk=action.pk, meeting__case=access.case)
    )
    owner_user = locked.owner.membership.user_id if locked.owner is not None else None
    if owner_user != access.user.pk and not can_manage(access, locked.meeting):
        raise PermissionDenied(_("Only the owner, the chair or the regisseur can do this."))
    if locked.done_at is None:
        locked.done_at = timezone.now()
        locked.save(update_fields=["done_at"])
    _log(access, locked, category=locked.category)
    return locked


@transaction.atomic
def approve_minutes(access: CaseAccess, meeting: Meeting) -> Meeting:
    """Only the chair approves (the regisseur when they chair). Every action needs an owner
    and a date. With a rhythm, the next meeting is planned at once at the same hour."""
    locked = _lock(access, meeting)
    if not is_chair(access, locked):
        raise PermissionDenied(_("Only the chair approves the minutes."))
    require_transition(
        MEETING_TRANSITIONS,
        locked.status,
        MeetingStatus.APPROVED,
        _("Record the meeting before approving its minutes."),
    )
    loose = locked.actions.filter(owner__isnull=True) | locked.actions.filter(due__isnull=True)
    first = loose.order_by("pk").first()
    if first is not None:
        raise ValidationError(
            _(
                "The action “%(what)s” has no owner or no date. Every agreement is SMART: who "
                "does it, and by when."
            )
            % {"what": first.what}
        )
    locked.status = MeetingStatus.APPROVED
    locked.minutes_approved_at = timezone.now()
    locked.minutes_approved_by = access.user
    locked.save(update_fields=["status", "minutes_approved_at", "minutes_approved_by"])
    _log(access, locked, category=locked.category)
    # Only those of the family who may read the meeting's category hear of its report.
    notices.tell_family(
        locked.case,
        kind=NoticeKind.MINUTES,
        key=f"minutes:{locked.pk}",
        category=locked.category,
        acting_user=access.user,
    )
    if (
        locked.rhythm_weeks
        and locked.kind in MDO_KINDS
        and not Meeting.objects.filter(follows=locked).exists()
    ):
        step = dt.timedelta(weeks=locked.rhythm_weeks)
        follow = Meeting.objects.create(
            case=locked.case,
            kind=MeetingKind.EVALUATION if locked.kind != MeetingKind.EXTRA else locked.kind,
            starts_at=locked.starts_at + step,
            ends_at=locked.ends_at + step,
            chair=locked.chair,
            place=locked.place,
            video_link=locked.video_link,
            room=locked.room,
            interpreter_needed=locked.interpreter_needed,
            interpreter_language=locked.interpreter_language,
            category=locked.category,
            rhythm_weeks=locked.rhythm_weeks,
            follows=locked,
            created_by=access.user,
        )
        _fill_new_meeting(follow, access)
        _log(access, follow, event=Event.CREATE, category=follow.category)
        _tell_planned(access, follow)
    return locked
