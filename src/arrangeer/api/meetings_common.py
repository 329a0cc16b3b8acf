"""What the API's MDO views share: the meeting through the one door (the case's, or the
Loket's for a gouden driehoek's adviser, decided with the case in one step), its detail with
its ETag (its version), and the answers and checks the views have in common."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from arrangeer.cases.access import CaseAccess
from arrangeer.cases.models import TeamMember
from arrangeer.meetings import selectors
from arrangeer.meetings import services as meeting_services
from arrangeer.meetings.models import Invitee, Meeting

from .base import case_access, version_etag
from .problems import problem
from .serializers_meetings import (
    ActionSerializer,
    AgendaItemSerializer,
    DecisionSerializer,
    InviteeSerializer,
    MeetingSerializer,
)

TAGS = ["meetings"]
OBJECT = "meeting"


def detail_data(access: CaseAccess, meeting: Meeting) -> dict[str, Any]:
    view = selectors.meeting_view(access, meeting)
    base = MeetingSerializer(meeting).data
    return {
        **base,
        "can_manage": view.can_manage,
        "sees_minutes": view.sees_minutes,
        "invitees": InviteeSerializer(view.invitees, many=True).data,
        "agenda": AgendaItemSerializer(view.agenda, many=True).data,
        "decisions": DecisionSerializer(view.decisions, many=True).data,
        "actions": ActionSerializer(view.actions, many=True).data,
    }


def meeting_etag(meeting: Meeting) -> str:
    """The ETag of a meeting: its version, which `change_meeting` checks."""
    return version_etag(meeting.uuid, meeting.lock_version)


def detail_response(
    access: CaseAccess, meeting: Meeting, *, code: int = 200, written: bool = True
) -> Response:
    """The meeting with what this viewer may see of it, and its ETag. After a write
    (`written`) it is read again, as the service left it."""
    if written:
        meeting = selectors.get_meeting(access, meeting.uuid)
    response = Response(detail_data(access, meeting), status=code)
    response["ETag"] = meeting_etag(meeting)
    return response


def meeting_of(request: Request, case_id: UUID, meeting_id: UUID) -> tuple[CaseAccess, Meeting]:
    """The meeting through the one door: the case's, or for a gouden driehoek the Loket's for
    a Loket role at the Loket that organises it (as the meeting's pages), decided with the
    case in the same query (`access_case(advice_lokets=...)`)."""
    access = case_access(
        request,
        case_id,
        object_type=OBJECT,
        object_id=str(meeting_id),
        advice_lokets=selectors.organising_lokets(case_id, meeting_id),
    )
    return access, selectors.get_meeting(access, meeting_id)


def managed_meeting(
    request: Request, case_id: UUID, meeting_id: UUID
) -> tuple[CaseAccess, Meeting]:
    access, meeting = meeting_of(request, case_id, meeting_id)
    if not meeting_services.can_manage(access, meeting):
        raise Http404
    return access, meeting


def overlap_problem(error: ValidationError) -> Response:
    return problem(
        status.HTTP_409_CONFLICT,
        _("The chair is booked at that time"),
        " ".join(error.messages),
        errors={"confirm_overlap": [str(m) for m in error.messages]},
    )


def team_member(access: CaseAccess, pk: int, field: str, **filters: Any) -> TeamMember:
    member = (
        TeamMember.objects.filter(case=access.case, pk=pk, **filters)
        .select_related("membership__user")
        .first()
    )
    if member is None:
        raise serializers.ValidationError(
            {field: [_("This person is not on the team of this case.")]}
        )
    return member


def invitee_of(meeting: Meeting, invitee_id: UUID) -> Invitee:
    invitee = (
        Invitee.objects.filter(meeting=meeting, uuid=invitee_id)
        .select_related("team_member__membership__user", "meeting")
        .first()
    )
    if invitee is None:
        raise Http404
    return invitee
