"""REST API v1, the MDO once held: the record (attendance and minutes), decisions, SMART
agreements and the approval of the minutes. Through the meetings app's selectors and services,
exactly as the pages."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.utils.translation import gettext as _

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from arrangeer.cases.constants import MemberStatus
from arrangeer.meetings import selectors
from arrangeer.meetings import services as meeting_services
from arrangeer.meetings.models import ActionItem, AgendaItem, Decision, Invitee
from arrangeer.plans.models import Goal, Module

from .base import (
    CaseScopedView,
)
from .meetings_common import (
    TAGS,
    detail_response,
    managed_meeting,
    meeting_of,
    team_member,
)
from .serializers_meetings import (
    ActionCreateSerializer,
    ActionSerializer,
    DecisionCreateSerializer,
    DecisionSerializer,
    MeetingDetailSerializer,
    RecordSerializer,
)


class RecordMeeting(CaseScopedView):
    @extend_schema(tags=TAGS, request=RecordSerializer, responses=MeetingDetailSerializer)
    def post(self, request: Request, case_id: UUID, meeting_id: UUID) -> Response:
        """Record the meeting (chair or regisseur): attendance per invitee and the minutes
        per agenda item. The parents are always there; if not, give the reason. Again until
        the minutes are approved; attendance not sent is cleared."""
        access, meeting = managed_meeting(request, case_id, meeting_id)
        payload = RecordSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        invitees = dict(Invitee.objects.filter(meeting=meeting).values_list("uuid", "pk"))
        agenda = set(AgendaItem.objects.filter(meeting=meeting).values_list("pk", flat=True))
        errors: dict[str, list[str]] = {}
        if any(row["invitee"] not in invitees for row in data["attendance"]):
            errors["attendance"] = [_("Choose invitees of this meeting.")]
        if any(row["agenda_item"] not in agenda for row in data["minutes"]):
            errors["minutes"] = [_("Choose items of this meeting's agenda.")]
        if errors:
            raise serializers.ValidationError(errors)
        recorded = meeting_services.record_meeting(
            access,
            meeting,
            attendance={invitees[row["invitee"]]: row["attendance"] for row in data["attendance"]},
            minutes={row["agenda_item"]: row["minutes"] for row in data["minutes"]},
            parents_absent_reason=data["parents_absent_reason"],
        )
        return detail_response(access, recorded)


class DecisionList(CaseScopedView):
    @extend_schema(tags=TAGS, responses=DecisionSerializer(many=True))
    def get(self, request: Request, case_id: UUID, meeting_id: UUID) -> Response:
        """The decisions, as far as you may see the minutes (your categories)."""
        access, meeting = meeting_of(request, case_id, meeting_id)
        view = selectors.meeting_view(access, meeting)
        return Response(DecisionSerializer(view.decisions, many=True).data)

    @extend_schema(tags=TAGS, request=DecisionCreateSerializer, responses={201: DecisionSerializer})
    def post(self, request: Request, case_id: UUID, meeting_id: UUID) -> Response:
        """Record a decision of a held MDO (chair or regisseur), optionally tied to an agenda
        item and a goal or module of the plan."""
        access, meeting = managed_meeting(request, case_id, meeting_id)
        payload = DecisionCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        links: dict[str, Any] = {}
        for field, queryset in (
            ("agenda_item", AgendaItem.objects.filter(meeting=meeting)),
            (
                "goal",
                Goal.objects.visible_to(access).select_related("plan"),
            ),
            (
                "module",
                Module.objects.visible_to(access).select_related("plan"),
            ),
        ):
            value = data[field]
            if value is None:
                links[field] = None
                continue
            key = "pk" if field == "agenda_item" else "uuid"
            found = queryset.filter(**{key: value}).first()
            if found is None:
                raise serializers.ValidationError({field: [_("Choose from this case.")]})
            links[field] = found
        decision = meeting_services.add_decision(
            access, meeting, text=data["text"], category=data["category"], **links
        )
        decision = (
            Decision.objects.in_categories(access)
            .select_related("goal", "module")
            .get(pk=decision.pk)
        )
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


class ActionList(CaseScopedView):
    @extend_schema(tags=TAGS, responses=ActionSerializer(many=True))
    def get(self, request: Request, case_id: UUID, meeting_id: UUID) -> Response:
        """The agreements: participants see every one, anyone else on the team their own."""
        access, meeting = meeting_of(request, case_id, meeting_id)
        view = selectors.meeting_view(access, meeting)
        return Response(ActionSerializer(view.actions, many=True).data)

    @extend_schema(tags=TAGS, request=ActionCreateSerializer, responses={201: ActionSerializer})
    def post(self, request: Request, case_id: UUID, meeting_id: UUID) -> Response:
        """Record a SMART agreement (chair or regisseur): what, who, by when. Owner and date may
        wait while the minutes are drafted; the minutes need both before approval."""
        access, meeting = managed_meeting(request, case_id, meeting_id)
        payload = ActionCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        owner = None
        if data["owner"] is not None:
            owner = team_member(access, data["owner"], "owner", status=MemberStatus.ACTIVE)
        action = meeting_services.add_action(
            access,
            meeting,
            what=data["what"],
            owner=owner,
            due=data["due"],
            category=data["category"],
        )
        action = (
            ActionItem.objects.in_categories(access)
            .select_related("owner__membership__user")
            .get(pk=action.pk)
        )
        return Response(ActionSerializer(action).data, status=status.HTTP_201_CREATED)


class ApproveMinutes(CaseScopedView):
    @extend_schema(tags=TAGS, request=None, responses=MeetingDetailSerializer)
    def post(self, request: Request, case_id: UUID, meeting_id: UUID) -> Response:
        """Approve the minutes (the chair): they are then shared with the participants. Every
        agreement needs an owner and a date. With a rhythm the next MDO is planned at once."""
        access, meeting = managed_meeting(request, case_id, meeting_id)
        return detail_response(access, meeting_services.approve_minutes(access, meeting))
