"""REST API v1. Every endpoint reads through cases.access and writes through the same
services as the pages; the access log records channel "api"."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from arrangeer.audit.constants import Event
from arrangeer.audit.models import AccessLogEntry
from arrangeer.audit.services import entries_for_case
from arrangeer.cases import consents as consent_services
from arrangeer.cases import services as case_services
from arrangeer.cases.access import (
    CaseAccess,
    log_listed,
    visible_cases,
)
from arrangeer.cases.constants import CASE_FLAGS
from arrangeer.cases.models import Case, TeamMember
from arrangeer.children.models import LegalRepresentative
from arrangeer.consents.models import Consent
from arrangeer.core.models_util import StaleVersion
from arrangeer.organisations.constants import OrganisationType
from arrangeer.organisations.models import Membership, Organisation

from . import serializers as s
from .base import (
    IF_MATCH,
    CaseScoped,
    CaseScopedView,
    Pagination,
    actor_for,
    case_access,
    expected_version,
    text_param,
    version_etag,
)
from .problems import PreconditionFailed


class OrganisationList(generics.ListAPIView[Organisation]):
    """Organisations (public reference data, no child data)."""

    serializer_class = s.OrganisationSerializer
    pagination_class = Pagination
    ordering = ("name", "id")
    page_size = 100
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("region", str, description="Region slug"),
            OpenApiParameter("type", str, description="Organisation type"),
        ]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        queryset = Organisation.objects.filter(is_active=True).select_related("region")
        region = text_param(self.request, "region")
        kind = self.request.query_params.get("type", "")
        if kind and kind not in OrganisationType.values:
            raise ValidationError({"type": [_("Not a type of organisation.")]})
        if region:
            queryset = queryset.filter(region__slug=region)
        if kind:
            queryset = queryset.filter(type=kind)
        return queryset


class CaseList(generics.ListCreateAPIView[Case]):
    """The cases you may see (acting for the token's organisation), newest first; and opening a
    new case (a school's coordinator or a youth team worker)."""

    permission_classes = [IsAuthenticated]
    serializer_class = s.CaseSummarySerializer
    pagination_class = Pagination
    ordering = ("-opened_at", "-id")

    def get_queryset(self) -> Any:
        actor = actor_for(self.request)
        cases = visible_cases(actor.user, organisation_id=actor.organisation_id).select_related(
            "child", "child__school", "region", "regisseur"
        )
        for word in self._query().split():
            cases = cases.filter(
                Q(child__first_name__icontains=word) | Q(child__last_name__icontains=word)
            )
        flag = self.request.query_params.get("flag", "")
        if flag in CASE_FLAGS:
            cases = cases.filter(**{flag: True})
        return cases

    def _query(self) -> str:
        return text_param(self.request, "q").strip()[:100]

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="Search by the child's name"),
            OpenApiParameter("flag", str, description="Only cases with this flag set"),
        ],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset()) or []
        log_listed(actor_for(request), page, event=Event.SEARCH if self._query() else Event.LIST)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(request=s.CaseCreateSerializer, responses={201: s.CaseSummarySerializer})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        payload = s.CaseCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        actor = actor_for(request)
        membership = (
            Membership.objects.filter(pk=data["membership"], user=actor.user, is_active=True)
            .select_related("organisation")
            .first()
        )
        if membership is None or (
            actor.organisation_id and membership.organisation_id != actor.organisation_id
        ):
            raise ValidationError({"membership": [_("Not one of your roles.")]})
        case = case_services.open_case(
            actor=actor,
            membership=membership,
            child_fields=dict(data["child"]),
            representatives=[dict(r) for r in data["representatives"]],
            flags=dict(data["flags"]),
        )
        return Response(s.CaseSummarySerializer(case).data, status=status.HTTP_201_CREATED)


class CaseDetail(CaseScopedView):
    @extend_schema(responses=s.CaseDetailSerializer)
    def get(self, request: Request, case_id: UUID) -> Response:
        access = case_access(request, case_id)
        data = s.CaseDetailSerializer().to_representation(access)
        response = Response(data)
        response["ETag"] = _flags_etag(access.case)
        return response

    @extend_schema(
        request=s.CaseFlagsSerializer,
        responses=s.CaseSummarySerializer,
        parameters=[IF_MATCH],
    )
    def patch(self, request: Request, case_id: UUID) -> Response:
        """Change the flags of a case (regisseur). Optimistic concurrency: send the ETag of your
        last read in If-Match; a stale one answers 412."""
        access = case_access(request, case_id)
        payload = s.CaseFlagsSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        expected = expected_version(request, access.case.uuid)
        # The flags not sent stay as read; the service refuses the change when they were
        # changed since (its version), so nothing read stale is written back.
        flags = {flag: getattr(access.case, flag) for flag in CASE_FLAGS}
        flags.update(payload.validated_data)
        try:
            case = case_services.update_flags(access, flags=flags, expected_version=expected)
        except StaleVersion as stale:
            raise PreconditionFailed(stale.messages[0]) from stale
        response = Response(s.CaseSummarySerializer(case).data)
        response["ETag"] = _flags_etag(case)
        return response


def _flags_etag(case: Case) -> str:
    """The ETag of a case's flags: their version, which `update_flags` checks."""
    return version_etag(case.uuid, case.flags_version)


class CaseClose(CaseScopedView):
    @extend_schema(request=s.CloseSerializer, responses=s.CaseSummarySerializer)
    def post(self, request: Request, case_id: UUID) -> Response:
        access = case_access(request, case_id)
        payload = s.CloseSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        case = case_services.close_case(access, **payload.validated_data)
        return Response(s.CaseSummarySerializer(case).data)


class TeamList(CaseScopedView):
    @extend_schema(responses=s.TeamMemberSerializer(many=True))
    def get(self, request: Request, case_id: UUID) -> Response:
        access = case_access(request, case_id, object_type="team")
        members = (
            TeamMember.objects.filter(case=access.case)
            .select_related("membership__user", "membership__organisation")
            .order_by("proposed_at", "pk")
        )
        return Response(s.TeamMemberSerializer(members, many=True).data)

    @extend_schema(request=s.ProposeSerializer, responses={201: s.TeamMemberSerializer})
    def post(self, request: Request, case_id: UUID) -> Response:
        access = case_access(request, case_id, object_type="team")
        payload = s.ProposeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        membership = (
            Membership.objects.filter(pk=payload.validated_data["membership"])
            .select_related("organisation")
            .first()
        )
        if membership is None:
            raise ValidationError({"membership": [_("Unknown membership.")]})
        member = case_services.propose_team_member(access, membership=membership)
        return Response(s.TeamMemberSerializer(member).data, status=status.HTTP_201_CREATED)


def _member(access: CaseAccess, member_id: int) -> TeamMember:
    member = (
        TeamMember.objects.filter(case=access.case, pk=member_id)
        .select_related("membership__user", "membership__organisation")
        .first()
    )
    if member is None:
        raise Http404
    return member


def _representative(access: CaseAccess, pk: int | None) -> LegalRepresentative | None:
    if pk is None:
        return None
    representative = LegalRepresentative.objects.filter(child=access.case.child, pk=pk).first()
    if representative is None:
        raise ValidationError({"representative": ["Not a parent or carer of this child."]})
    return representative


class TeamMemberDecision(CaseScopedView):
    decision = "approve"

    @extend_schema(request=s.FamilyDecisionSerializer, responses=s.TeamMemberSerializer)
    def post(self, request: Request, case_id: UUID, member_id: int) -> Response:
        access = case_access(request, case_id, object_type="team")
        payload = s.FamilyDecisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        member = _member(access, member_id)
        if self.decision == "approve":
            member = case_services.approve_team_member(
                access,
                member,
                approved_by_representative=_representative(access, data["representative"]),
                approved_by_child=data["by_child"],
                note=data["note"],
            )
        else:
            member = case_services.refuse_team_member(access, member, note=data["note"])
        return Response(s.TeamMemberSerializer(member).data)


class TeamMemberApprove(TeamMemberDecision):
    decision = "approve"


class TeamMemberRefuse(TeamMemberDecision):
    decision = "refuse"


class TeamMemberEnd(CaseScopedView):
    @extend_schema(request=s.EndSerializer, responses=s.TeamMemberSerializer)
    def post(self, request: Request, case_id: UUID, member_id: int) -> Response:
        actor = actor_for(request)
        leaving_self = TeamMember.objects.filter(
            case__uuid=case_id, pk=member_id, membership__user=actor.user
        ).exists()
        access = case_access(request, case_id, leaving_self=leaving_self, object_type="team")
        payload = s.EndSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        member = case_services.end_team_member(
            access, _member(access, member_id), reason=payload.validated_data["reason"]
        )
        return Response(s.TeamMemberSerializer(member).data)


class ConsentList(CaseScopedView):
    @extend_schema(responses=s.ConsentSerializer(many=True))
    def get(self, request: Request, case_id: UUID) -> Response:
        access = case_access(request, case_id, object_type="consent")
        consents = Consent.objects.filter(case=access.case).order_by("-recorded_at", "-pk")
        return Response(s.ConsentSerializer(consents, many=True).data)

    @extend_schema(request=s.ConsentCreateSerializer, responses={201: s.ConsentSerializer})
    def post(self, request: Request, case_id: UUID) -> Response:
        access = case_access(request, case_id, object_type="consent")
        payload = s.ConsentCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        organisation = Organisation.objects.filter(pk=data["organisation"], is_active=True).first()
        consent = consent_services.record_consent(
            access,
            organisation=organisation,
            categories=data["categories"],
            purpose=data["purpose"],
            given_by_representative=_representative(access, data["representative"]),
            given_by_child=data["by_child"],
            valid_from=data["valid_from"],
            valid_until=data["valid_until"],
            evidence=data["evidence"],
            evidence_note=data["evidence_note"],
        )
        return Response(s.ConsentSerializer(consent).data, status=status.HTTP_201_CREATED)


class ConsentWithdraw(CaseScopedView):
    @extend_schema(request=s.FamilyDecisionSerializer, responses=s.ConsentSerializer)
    def post(self, request: Request, case_id: UUID, consent_id: UUID) -> Response:
        access = case_access(request, case_id, object_type="consent")
        payload = s.FamilyDecisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        consent = Consent.objects.filter(case=access.case, uuid=consent_id).first()
        if consent is None:
            raise Http404
        consent = consent_services.withdraw_consent(
            access,
            consent,
            by_representative=_representative(access, data["representative"]),
            by_child=data["by_child"],
            reason=data["note"],
        )
        return Response(s.ConsentSerializer(consent).data)


class CaseAccessLog(CaseScoped, generics.ListAPIView[AccessLogEntry]):
    """Who looked at this file (regisseur only), newest first; reading it is logged too."""

    serializer_class = s.AccessLogEntrySerializer
    pagination_class = Pagination
    ordering = ("-seq",)
    page_size = 100

    def get_queryset(self) -> Any:
        access = case_access(self.request, self.kwargs["case_id"], object_type="access_log")
        return entries_for_case(access.case.uuid)
