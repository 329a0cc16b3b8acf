"""REST API v1: the MDO of a case — meetings (plan, read, change with If-Match, cancel), the
agenda, the invitees with the parents' approval recorded on their behalf, the invitations,
the invitee's own answer, the record (attendance and minutes), decisions, SMART actions and
the approval of the minutes. Every read goes through cases.access and the meetings app's
selectors (what a viewer sees of the minutes is exactly what the pages show); every write
through meetings.services, exactly as the pages. Writes are for the regisseur and the
meeting's chair; anyone else gets the same 404 as for a case they cannot see."""

from __future__ import annotations

from uuid import UUID

from django.http import Http404
from django.utils.translation import gettext as _

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from arrangeer.core.models_util import StaleVersion
from arrangeer.meetings import selectors
from arrangeer.meetings import services as meeting_services
from arrangeer.meetings.constants import MeetingKind
from arrangeer.meetings.models import AgendaItem

from .base import (
    IF_MATCH,
    CaseScopedView,
    Pagination,
    case_access,
    expected_version,
)
from .meetings_common import (
    OBJECT,
    TAGS,
    detail_response,
    managed_meeting,
    meeting_of,
    overlap_problem,
    team_member,
)
from .meetings_planning import plan_driehoek, plan_handover, sent_kind
from .problems import PreconditionFailed
from .serializers_meetings import (
    AgendaAddSerializer,
    AgendaItemSerializer,
    MeetingChangeSerializer,
    MeetingCreateSerializer,
    MeetingDetailSerializer,
    MeetingSerializer,
)


class MeetingList(CaseScopedView):
    pagination_class = Pagination
    ordering = ("-starts_at", "-id")

    @extend_schema(
        tags=TAGS,
        responses=MeetingSerializer(many=True),
        parameters=[OpenApiParameter("page_size", int, description="At most 200")],
    )
    def get(self, request: Request, case_id: UUID) -> Response:
        """The MDOs of the case, latest first."""
        access = case_access(request, case_id, object_type=OBJECT)
        return self.paginate(
            request,
            selectors.meetings_of(access),
            lambda page: MeetingSerializer(page, many=True).data,
        )

    @extend_schema(
        tags=TAGS, request=MeetingCreateSerializer, responses={201: MeetingDetailSerializer}
    )
    def post(self, request: Request, case_id: UUID) -> Response:
        """Plan a meeting. An MDO of the route (regisseur): the default agenda, the parents
        with gezag and the child invited, the chair proposed to the parents. The gouden
        driehoek (the Integraal Loket's adviser, with `consult`) and the handover MDO (the
        regisseur, during a transition) with their own agenda and invitees, exactly as
        their pages plan them. When the chair is booked at an overlapping time the answer
        is 409 with the warning; send `confirm_overlap: true` to plan it anyway."""
        if sent_kind(request) == MeetingKind.GOUDEN_DRIEHOEK:
            return plan_driehoek(request, case_id)
        access = case_access(request, case_id, object_type=OBJECT)
        payload = MeetingCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        if data.pop("consult") is not None:
            raise serializers.ValidationError(
                {"consult": [_("Only a gouden driehoek is about a question to the Loket.")]}
            )
        chair_id = data.pop("chair")
        try:
            if data["kind"] == MeetingKind.HANDOVER:
                meeting = plan_handover(access, chair_id, data)
            else:
                if chair_id is None:
                    raise serializers.ValidationError(
                        {"chair": [_("Choose the team member who chairs the meeting.")]}
                    )
                chair = team_member(access, chair_id, "chair")
                meeting = meeting_services.plan_meeting(access, chair=chair, **data)
        except meeting_services.OverlapWarning as warning:
            return overlap_problem(warning)
        return detail_response(access, meeting, code=status.HTTP_201_CREATED)


class MeetingDetail(CaseScopedView):
    @extend_schema(tags=TAGS, responses=MeetingDetailSerializer)
    def get(self, request: Request, case_id: UUID, meeting_id: UUID) -> Response:
        """One MDO with its invitees, agenda, decisions and actions, as far as you may see
        them."""
        access, meeting = meeting_of(request, case_id, meeting_id)
        return detail_response(access, meeting, written=False)

    @extend_schema(
        tags=TAGS,
        request=MeetingChangeSerializer,
        responses=MeetingDetailSerializer,
        parameters=[IF_MATCH],
    )
    def patch(self, request: Request, case_id: UUID, meeting_id: UUID) -> Response:
        """Change the time, place or practicalities of a planned MDO (chair or regisseur). A
        new time or place makes the next sending an update to everyone invited."""
        access, meeting = managed_meeting(request, case_id, meeting_id)
        payload = MeetingChangeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        expected = expected_version(request, meeting.uuid)
        try:
            changed = meeting_services.change_meeting(
                access, meeting, expected_version=expected, **payload.changed(meeting)
            )
        except StaleVersion as stale:
            raise PreconditionFailed(stale.messages[0]) from stale
        except meeting_services.OverlapWarning as warning:
            return overlap_problem(warning)
        return detail_response(access, changed)


class MeetingCancel(CaseScopedView):
    @extend_schema(tags=TAGS, request=None, responses=MeetingDetailSerializer)
    def post(self, request: Request, case_id: UUID, meeting_id: UUID) -> Response:
        """Cancel a planned MDO; everyone invited gets a cancellation."""
        access, meeting = managed_meeting(request, case_id, meeting_id)
        return detail_response(access, meeting_services.cancel_meeting(access, meeting))


class AgendaList(CaseScopedView):
    @extend_schema(tags=TAGS, responses=AgendaItemSerializer(many=True))
    def get(self, request: Request, case_id: UUID, meeting_id: UUID) -> Response:
        """The agenda, with the minutes per item as far as you may see them."""
        access, meeting = meeting_of(request, case_id, meeting_id)
        view = selectors.meeting_view(access, meeting)
        return Response(AgendaItemSerializer(view.agenda, many=True).data)

    @extend_schema(tags=TAGS, request=AgendaAddSerializer, responses={201: AgendaItemSerializer})
    def post(self, request: Request, case_id: UUID, meeting_id: UUID) -> Response:
        """Add an item at the end of the agenda (chair or regisseur)."""
        access, meeting = managed_meeting(request, case_id, meeting_id)
        payload = AgendaAddSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        item = meeting_services.add_agenda_item(
            access, meeting, title=payload.validated_data["title"]
        )
        return Response(AgendaItemSerializer(item).data, status=status.HTTP_201_CREATED)


class AgendaItemDetail(CaseScopedView):
    @extend_schema(tags=TAGS, responses={204: None})
    def delete(self, request: Request, case_id: UUID, meeting_id: UUID, item_id: int) -> Response:
        """Remove an item from the agenda of a planned MDO (chair or regisseur)."""
        access, meeting = managed_meeting(request, case_id, meeting_id)
        item = AgendaItem.objects.filter(meeting=meeting, pk=item_id).first()
        if item is None:
            raise Http404
        item.meeting = meeting
        meeting_services.remove_agenda_item(access, item)
        return Response(status=status.HTTP_204_NO_CONTENT)
