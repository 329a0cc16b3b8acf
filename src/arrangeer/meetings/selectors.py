"""Reads of the MDO for one viewer: the meeting with what they may see of it. A constant
number of queries, whatever the number of invitees, agenda items, decisions or actions."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from arrangeer.cases.access import CaseAccess
from arrangeer.cases.constants import MemberStatus
from arrangeer.cases.models import TeamMember

from .constants import CHAIR_ROLES, InviteeKind, MeetingStatus
from .models import ActionItem, AgendaItem, Decision, Invitee, Meeting, Preparation
from .services import can_manage, is_chair


def meetings_of(access: CaseAccess) -> QuerySet[Meeting]:
    return Meeting.objects.filter(case=access.case).select_related("chair__membership__user")


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
    def waiting_for_parents(self) -> list[Invitee]:
        return [i for i in self.professionals if i.status == "voorgesteld"]


def meeting_view(access: CaseAccess, meeting: Meeting) -> MeetingView:
    invitees = list(
        Invitee.objects.filter(meeting=meeting)
        .select_related(
            "team_member__membership__user",
            "team_member__membership__organisation",
            "representative",
            "decided_by_representative",
        )
        .order_by("kind", "pk")
    )
    my_members = {m.pk for m in access.all_members}
    mine = next((i for i in invitees if i.team_member_id in my_members), None)
    manager = can_manage(access, meeting)
    # The parents and the young person are at every MDO: the family reads the approved
    # minutes in the portal like any participant (never the draft, never the preparation).
    participant = manager or mine is not None or access.family is not None
    # Minutes are shared with the participants once the chair approved them; the chair and
    # the regisseur see the draft. Always within the viewer's data categories.
    sees_minutes = manager or (participant and meeting.status == MeetingStatus.APPROVED)
    categories = sorted(access.categories)
    agenda = list(AgendaItem.objects.filter(meeting=meeting).order_by("position", "pk"))
    if not sees_minutes:
        for item in agenda:
            item.minutes = ""
    else:
        for item in agenda:
            if not access.allows(item.category or meeting.category):
                item.minutes = ""
    decisions: list[Decision] = []
    actions: list[ActionItem] = []
    if meeting.status != MeetingStatus.PLANNED:
        if sees_minutes:
            decisions = list(
                Decision.objects.filter(meeting=meeting, category__in=categories)
                .select_related("agenda_item", "goal", "module")
                .order_by("pk")
            )
        # Participants see every agreement; anyone else on the team only their own.
        actions = [
            a
            for a in ActionItem.objects.filter(meeting=meeting, category__in=categories)
            .select_related("owner__membership__user")
            .order_by("due", "pk")
            if participant or a.owner_id in my_members
        ]
    preparations: list[Preparation] = []
    if participant and access.family is None:
        preparations = list(
            Preparation.objects.filter(meeting=meeting, category__in=categories)
            .select_related("author", "invitee")
            .order_by("pk")
        )
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
