"""Planning a meeting: the MDO of the route (the regisseur), the handover MDO at a transition
and the gouden driehoek of the Integraal Loket, each with its agenda and first invitees."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.audit.constants import Event
from arrangeer.cases import notices, partners
from arrangeer.cases.access import CaseAccess, require_regisseur
from arrangeer.cases.constants import MemberStatus, NoticeKind
from arrangeer.cases.models import Case, TeamMember
from arrangeer.children.models import LegalRepresentative
from arrangeer.organisations.models import Membership
from arrangeer.vocabulary import DataCategory

from ..constants import (
    AGENDA_OF_KIND,
    DEFAULT_AGENDA,
    DRIEHOEK_ROLES,
    KINDS_PLANNED_ELSEWHERE,
    InviteeKind,
    InviteeStatus,
    MeetingKind,
    MeetingStatus,
)
from ..models import AgendaItem, Invitee, Meeting
from .common import (
    MeetingTimes,
    _check_chair,
    _check_times,
    _lock,
    _log,
    _overlap_warning,
    chair_overlaps,
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
