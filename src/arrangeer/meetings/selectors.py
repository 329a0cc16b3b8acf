"""Reads of the MDO for one viewer: the meeting with what they may see of it. A constant
number of queries, whatever the number of invitees, agenda items, decisions or actions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from arrangeer.cases.access import CaseAccess
from arrangeer.cases.constants import MemberStatus
from arrangeer.cases.models import TeamMember

from . import rules
from .constants import CHAIR_ROLES, InviteeKind, InviteeStatus, MeetingKind, MeetingStatus
from .models import ActionItem, AgendaItem, Decision, Invitee, Meeting, Preparation
from .services import can_manage, is_chair


def meetings_of(access: CaseAccess) -> QuerySet[Meeting]:
    """The case's meetings this viewer may see (`rules.visible_to`): a meeting hidden from
    them is "not found", like a case they cannot see. The Integraal Loket's adviser, through
    the Loket's door, sees only the gouden driehoeken of their Loket."""
    found = Meeting.objects.filter(case=access.case)
    if access.is_advice_seat:
        assert access.seat is not None
        found = found.filter(
            kind=MeetingKind.GOUDEN_DRIEHOEK,
            organiser__organisation_id=access.seat.organisation_id,
        )
    return found.filter(rules.visible_to(access.user.pk)).select_related("chair__membership__user")


def organising_lokets(case_id: UUID, meeting_id: UUID | str) -> QuerySet[Any]:
    """The Integraal Loket that organises this meeting when it is a gouden driehoek (its
    organisation's id), for the case's door (`access_case(advice_lokets=...)`): its
    adviser comes in through the Loket's door. A query, not run here: the door runs it
    with the case, in one query."""
    return Meeting.objects.filter(
        uuid=meeting_id, case__uuid=case_id, kind=MeetingKind.GOUDEN_DRIEHOEK
    ).values("organiser__organisation_id")


def get_meeting(access: CaseAccess, meeting_id: UUID) -> Meeting:
    meeting = meetings_of(access).filter(uuid=meeting_id).first()
    if meeting is None:
        raise Http404
    return meeting


def chairs(access: CaseAccess) -> QuerySet[TeamMember]:
    from django.db.models import Q

    return (
        TeamMember.objects.filter(
            case=access.case, status=MemberStatus.ACTIVE, membership__is_active=True
        )
        .filter(
            Q(membership__role__in=sorted(CHAIR_ROLES))
            | Q(membership__user_id=access.case.regisseur_id)
        )
        .select_related("membership__user", "membership__organisation")
        .order_by("pk")
    )


def team(access: CaseAccess) -> QuerySet[TeamMember]:
    return (
        TeamMember.objects.filter(
            case=access.case,
            status__in=[MemberStatus.ACTIVE, MemberStatus.PROPOSED],
            membership__is_active=True,
        )
        .select_related("membership__user", "membership__organisation")
        .order_by("pk")
    )


@dataclass
class MeetingView:
    meeting: Meeting
    invitees: list[Invitee]
    agenda: list[AgendaItem]
    decisions: list[Decision]
    actions: list[ActionItem]
    preparations: list[Preparation]
    can_manage: bool
    is_chair: bool
    is_participant: bool
    sees_minutes: bool
    my_invitation: Invitee | None

    @property
    def professionals(self) -> list[Invitee]:
        return [i for i in self.invitees if i.kind == InviteeKind.PROFESSIONAL]

    @property
    def started(self) -> bool:
        """The meeting's start has passed: from then on it can be recorded."""
        return timezone.now() >= self.meeting.starts_at

    @property
    def waiting_for_parents(self) -> list[Invitee]:
        return [i for i in self.professionals if i.status == "voorgesteld"]


def meeting_view(access: CaseAccess, meeting: Meeting) -> MeetingView:
    return meeting_views(access, [meeting])[0]


def meeting_views(access: CaseAccess, meetings: Sequence[Meeting]) -> list[MeetingView]:
    """What the viewer may see of each meeting (of one case), in the order given: the same
    number of queries for one meeting or for all of them (the whole-file export)."""
    ids = [m.pk for m in meetings]
    invitees: dict[int, list[Invitee]] = defaultdict(list)
    for invitee in (
        Invitee.objects.filter(meeting_id__in=ids)
        .select_related(
            "team_member__membership__user",
            "team_member__membership__organisation",
            "representative",
            "decided_by_representative",
        )
        .order_by("kind", "pk")
    ):
        invitees[invitee.meeting_id].append(invitee)
    agendas: dict[int, list[AgendaItem]] = defaultdict(list)
    for item in AgendaItem.objects.filter(meeting_id__in=ids).order_by("position", "pk"):
        agendas[item.meeting_id].append(item)
    held = [m.pk for m in meetings if m.status != MeetingStatus.PLANNED]
    decisions: dict[int, list[Decision]] = defaultdict(list)
    actions: dict[int, list[ActionItem]] = defaultdict(list)
    if held:
        for decision in (
            Decision.objects.in_categories(access)
            .filter(meeting_id__in=held)
            .select_related("agenda_item", "goal", "module")
            .order_by("pk")
        ):
            decisions[decision.meeting_id].append(decision)
        for action in (
            ActionItem.objects.in_categories(access)
            .filter(meeting_id__in=held)
            .select_related("owner__membership__user", "owner__membership__organisation")
            .order_by("due", "pk")
        ):
            actions[action.meeting_id].append(action)
    preparations: dict[int, list[Preparation]] = defaultdict(list)
    if access.family is None:
        for preparation in (
            Preparation.objects.in_categories(access)
            .filter(meeting_id__in=ids)
            .select_related(
                "author", "invitee__team_member__membership__user", "invitee__representative"
            )
            .order_by("pk")
        ):
            preparations[preparation.meeting_id].append(preparation)
    return [
        _view(
            access,
            meeting,
            invitees[meeting.pk],
            agendas[meeting.pk],
            decisions[meeting.pk],
            actions[meeting.pk],
            preparations[meeting.pk],
        )
        for meeting in meetings
    ]


def _view(
    access: CaseAccess,
    meeting: Meeting,
    invitees: list[Invitee],
    agenda: list[AgendaItem],
    decisions: list[Decision],
    actions: list[ActionItem],
    preparations: list[Preparation],
) -> MeetingView:
    my_members = {m.pk for m in access.all_members}
    mine = next((i for i in invitees if i.team_member_id in my_members), None)
    manager = can_manage(access, meeting)
    for invitee in invitees:
        # A reason goes only with a refusal (never next to "Invited"), and why the parents
        # refused someone is for the chair and the regisseur who asked them.
        if invitee.status != InviteeStatus.REFUSED or not (manager or access.family):
            invitee.decision_reason = ""
    # The parents and the young person are at every MDO: the family reads the approved
    # minutes in the portal like any participant (never the draft, never the preparation).
    participant = manager or mine is not None or access.family is not None
    # Minutes are shared with the participants once the chair approved them; the chair and
    # the regisseur see the draft. Always within the viewer's data categories.
    sees_minutes = manager or (participant and meeting.status == MeetingStatus.APPROVED)
    for item in agenda:
        if not sees_minutes or not access.allows(item.category or meeting.category):
            item.minutes = ""
    if not sees_minutes:
        decisions = []
    for decision in decisions:
        # A decision may concern a goal or module of another category than its own: named
        # only to whom may read that goal or module (the page, the PDF and the export).
        if decision.goal is not None and not access.allows(decision.goal.category):
            decision.goal = None
        if decision.module is not None and not access.allows(decision.module.category):
            decision.module = None
    # Participants see every agreement; anyone else on the team only their own.
    actions = [a for a in actions if participant or a.owner_id in my_members]
    if not participant:
        preparations = []
    return MeetingView(
        meeting=meeting,
        invitees=invitees,
        agenda=agenda,
        decisions=decisions,
        actions=actions,
        preparations=preparations,
        can_manage=manager,
        is_chair=is_chair(access, meeting),
        is_participant=participant,
        sees_minutes=sees_minutes,
        my_invitation=mine,
    )
