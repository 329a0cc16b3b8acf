"""REST API v1, the MDO's people: the invitees with the parents' approval recorded on their
behalf, the invitations, and the invitee's own answer. Through the meetings app's selectors and
services, exactly as the pages."""

from __future__ import annotations

from uuid import UUID

from django.http import Http404
from django.utils.translation import gettext as _

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from arrangeer.cases.constants import MemberStatus
from arrangeer.children.models import LegalRepresentative
from arrangeer.meetings import selectors
from arrangeer.meetings import services as meeting_services
from arrangeer.meetings.constants import InviteeStatus
from arrangeer.meetings.models import Invitee

from .base import (
    CaseScopedView,
)
from .meetings_common import (
    TAGS,
    invitee_of,
    managed_meeting,
    meeting_of,
    team_member,
)
from .serializers_meetings import (
    InviteeSerializer,
    InviteSerializer,
    ParentsDecisionSerializer,
    RespondSerializer,
    SendingSerializer,
    SendSerializer,
)


class InviteeList(CaseScopedView):
    @extend_schema(tags=TAGS, responses=InviteeSerializer(many=True))
    def get(self, request: Request, case_id: UUID, meeting_id: UUID) -> Response:
        """Who is invited, with the parents' answer and each one's own answer."""
        access, meeting = meeting_of(request, case_id, meeting_id)
        view = selectors.meeting_view(access, meeting)
        return Response(InviteeSerializer(view.invitees, many=True).data)

    @extend_schema(tags=TAGS, request=InviteSerializer, responses={201: InviteeSerializer})
    def post(self, request: Request, case_id: UUID, meeting_id: UUID) -> Response:
        """Propose a team member as invitee (chair or regisseur). The parents approve before
        an invitation goes out."""
        access, meeting = managed_meeting(request, case_id, meeting_id)
        payload = InviteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        member = team_member(
            access,
            payload.validated_data["member"],
            "member",
            status__in=[MemberStatus.ACTIVE, MemberStatus.PROPOSED],
        )
        invitee = meeting_services.propose_invitee(access, meeting, member=member)
        return Response(
            InviteeSerializer(invitee_of(meeting, invitee.uuid)).data,
            status=status.HTTP_201_CREATED,
        )


class _ParentsDecision(CaseScopedView):
    approve = True

    def post(self, request: Request, case_id: UUID, meeting_id: UUID, invitee_id: UUID) -> Response:
        access, meeting = managed_meeting(request, case_id, meeting_id)
        invitee = invitee_of(meeting, invitee_id)
        payload = ParentsDecisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        representative = LegalRepresentative.objects.filter(
            child_id=access.case.child_id, pk=data["representative"]
        ).first()
        if representative is None:
            raise serializers.ValidationError(
                {"representative": [_("This is not a parent of this child.")]}
            )
        decide = (
            meeting_services.approve_invitee if self.approve else meeting_services.refuse_invitee
        )
        decide(
            access, invitee, representative=representative, via=data["via"], reason=data["reason"]
        )
        decided = Invitee.objects.select_related(
            "team_member__membership__user", "decided_by_representative"
        ).get(pk=invitee.pk)
        return Response(InviteeSerializer(decided).data)


class InviteeApprove(_ParentsDecision):
    approve = True

    @extend_schema(tags=TAGS, request=ParentsDecisionSerializer, responses=InviteeSerializer)
    def post(self, request: Request, case_id: UUID, meeting_id: UUID, invitee_id: UUID) -> Response:
        """Record that the parents approve this invitee, on their behalf (chair or
        regisseur): which parent with gezag said so, and how."""
        return super().post(request, case_id, meeting_id, invitee_id)


class InviteeRefuse(_ParentsDecision):
    approve = False

    @extend_schema(tags=TAGS, request=ParentsDecisionSerializer, responses=InviteeSerializer)
    def post(self, request: Request, case_id: UUID, meeting_id: UUID, invitee_id: UUID) -> Response:
        """Record that the parents refuse this invitee, with the reason they gave."""
        return super().post(request, case_id, meeting_id, invitee_id)


class SendInvitations(CaseScopedView):
    @extend_schema(tags=TAGS, request=SendSerializer, responses=SendingSerializer)
    def post(self, request: Request, case_id: UUID, meeting_id: UUID) -> Response:
        """Mail the invitation (with a calendar file) to every approved invitee who lacks this
        version; idempotent. Naming an invitee the parents did not approve sends nothing."""
        access, meeting = managed_meeting(request, case_id, meeting_id)
        payload = SendSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        named = payload.validated_data["invitees"]
        only = list(Invitee.objects.filter(meeting=meeting, uuid__in=named)) if named else []
        if len(only) != len(set(named)):
            raise serializers.ValidationError({"invitees": [_("Choose invitees of this meeting.")]})
        sending = meeting_services.send_invitations(access, meeting, only=only)
        return Response(
            SendingSerializer(
                {
                    "sent": sending.sent,
                    "waiting_for_team": sending.waiting_for_team,
                    "without_address": sending.without_address,
                }
            ).data
        )


class Respond(CaseScopedView):
    @extend_schema(tags=TAGS, request=RespondSerializer, responses=InviteeSerializer)
    def post(self, request: Request, case_id: UUID, meeting_id: UUID) -> Response:
        """Answer your own invitation: accept, decline or propose another time (with a note)."""
        access, meeting = meeting_of(request, case_id, meeting_id)
        mine = Invitee.objects.filter(
            meeting=meeting, team_member__membership__user=access.user
        ).first()
        if mine is None or mine.status in (
            InviteeStatus.PROPOSED,
            InviteeStatus.APPROVED,
            InviteeStatus.REFUSED,
        ):
            raise Http404
        payload = RespondSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        answered = meeting_services.respond(
            access,
            mine,
            answer=payload.validated_data["answer"],
            note=payload.validated_data["note"],
        )
        return Response(InviteeSerializer(invitee_of(meeting, answered.uuid)).data)
