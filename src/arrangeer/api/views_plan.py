"""REST API v1: the plan of a case — the current draft, the versions, the comparison of two
versions and the lifecycle (send for agreement, the parents' instemming, adopt, adjust).
Each action calls the same plans service as the page."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any
from uuid import UUID

from django.http import Http404
from django.utils.translation import gettext as _

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from arrangeer.cases.access import CaseAccess
from arrangeer.children.models import LegalRepresentative
from arrangeer.plans import selectors, snapshot
from arrangeer.plans import services as plan_services
from arrangeer.plans.constants import AgreementDecision, AgreementEvidence, ChildHeard
from arrangeer.plans.kinds import KINDS
from arrangeer.plans.models import ParentAgreement, Plan, PlanVersion
from arrangeer.vocabulary import DataCategory

from . import serializers as s
from .base import CaseScopedView, case_access, etag_of

TAGS = ["plan"]


def visible_content(content: snapshot.Content, allowed: Collection[str]) -> dict[str, Any]:
    """A canonical plan document cut to the viewer's categories: items of other categories
    are absent, and so are links to them."""
    result: dict[str, Any] = {}
    goals = {e["uuid"] for e in content.get("goal", []) if e.get("category") in allowed}
    for kind in KINDS.values():
        entries = []
        for entry in content.get(kind.key, []):
            if entry.get("category") not in allowed:
                continue
            if "goals" in entry:
                entry = {**entry, "goals": [g for g in entry["goals"] if g in goals]}
            entries.append(entry)
        result[kind.key] = entries
    return result


class PlanContentSerializer(serializers.Serializer[dict[str, Any]]):
    domain = serializers.ListField(child=serializers.DictField())
    network = serializers.ListField(child=serializers.DictField())
    need = serializers.ListField(child=serializers.DictField())
    goal = serializers.ListField(child=serializers.DictField())
    module = serializers.ListField(child=serializers.DictField())


class HiddenPartSerializer(serializers.Serializer[dict[str, Any]]):
    kind = serializers.CharField()
    category = serializers.CharField()
    count = serializers.IntegerField()


class PlanSerializer(serializers.Serializer[dict[str, Any]]):
    id = serializers.UUIDField(allow_null=True)
    status = serializers.CharField(allow_null=True)
    adjustment_reason = serializers.CharField(allow_blank=True)
    content_changed_at = serializers.DateTimeField(allow_null=True)
    content = PlanContentSerializer()
    hidden = HiddenPartSerializer(
        many=True,
        help_text="How many items of each kind the plan holds in categories you may not see "
        "(counts only); the regisseur can ask the family for consent.",
    )


class VersionSerializer(serializers.ModelSerializer[PlanVersion]):
    sent_by = serializers.CharField(source="sent_by.get_full_name", read_only=True)
    adopted_by = serializers.CharField(
        source="adopted_by.get_full_name", default=None, allow_null=True, read_only=True
    )

    class Meta:
        model = PlanVersion
        fields = [
            "number",
            "status",
            "content_hash",
            "sent_at",
            "sent_by",
            "adopted_at",
            "adopted_by",
            "child_heard",
        ]


class AgreementSerializer(serializers.ModelSerializer[ParentAgreement]):
    representative = serializers.IntegerField(source="representative_id", read_only=True)
    representative_name = serializers.CharField(source="representative.__str__", read_only=True)

    class Meta:
        model = ParentAgreement
        fields = [
            "id",
            "representative",
            "representative_name",
            "decision",
            "given_on",
            "evidence",
            "content_hash",
            "note",
            "recorded_at",
            "signed_at",
            "signed_with",
            "changed_from",
        ]


class VersionDetailSerializer(VersionSerializer):
    child_view = serializers.CharField(allow_null=True)
    content = PlanContentSerializer()
    agreements = AgreementSerializer(many=True)

    class Meta(VersionSerializer.Meta):
        fields = [*VersionSerializer.Meta.fields, "child_view", "content", "agreements"]


class FieldChangeSerializer(serializers.Serializer[dict[str, Any]]):
    label = serializers.CharField()  # type: ignore[assignment]
    before = serializers.CharField(allow_blank=True)
    after = serializers.CharField(allow_blank=True)


class ItemChangeSerializer(serializers.Serializer[dict[str, Any]]):
    kind = serializers.CharField()
    status = serializers.ChoiceField(choices=["added", "changed", "removed"])
    title = serializers.CharField(allow_blank=True)
    category = serializers.CharField(allow_blank=True)
    changes = FieldChangeSerializer(many=True)


class DiffSerializer(serializers.Serializer[dict[str, Any]]):
    older = serializers.CharField()
    newer = serializers.CharField()
    changes = ItemChangeSerializer(many=True)


class AgreementCreateSerializer(s.StrictSerializer):
    content_hash = serializers.CharField(
        max_length=64, help_text="The content_hash of the version the parent decided on."
    )
    representative = serializers.IntegerField(help_text="The parent or carer with gezag.")
    decision = serializers.ChoiceField(choices=AgreementDecision.choices)
    given_on = serializers.DateField()
    evidence = serializers.ChoiceField(choices=AgreementEvidence.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class AdoptSerializer(s.StrictSerializer):
    content_hash = serializers.CharField(max_length=64)
    child_heard = serializers.ChoiceField(choices=ChildHeard.choices)
    child_view = serializers.CharField(max_length=5000)
    child_view_category = serializers.ChoiceField(choices=DataCategory.choices)


class AdjustSerializer(s.StrictSerializer):
    reason = serializers.CharField(max_length=2000)


def _plan(access: CaseAccess) -> Plan | None:
    return plan_services.plan_of(access)


def _plan_data(access: CaseAccess, plan: Plan | None) -> dict[str, Any]:
    content = snapshot.build(plan) if plan is not None else {}
    return {
        "id": str(plan.uuid) if plan else None,
        "status": plan.status if plan else None,
        "adjustment_reason": plan.adjustment_reason if plan else "",
        "content_changed_at": plan.content_changed_at.isoformat()
        if plan and plan.content_changed_at
        else None,
        "content": visible_content(content, access.categories),
        "hidden": [
            {"kind": kind, "category": category, "count": count}
            for kind, category, count in sorted(
                selectors.category_counts(plan) if plan is not None else []
            )
            if category not in access.categories
        ],
    }


class PlanDetail(CaseScopedView):
    @extend_schema(tags=TAGS, responses=PlanSerializer)
    def get(self, request: Request, case_id: UUID) -> Response:
        """The plan as it is now (the draft, or the adopted plan), with the items of your
        categories only. The ETag changes whenever anything you can see changes."""
        access = case_access(request, case_id, object_type="plan")
        data = _plan_data(access, _plan(access))
        response = Response(data)
        response["ETag"] = etag_of(data)
        return response


def _version(access: CaseAccess, number: int) -> PlanVersion:
    plan = _plan(access)
    found = (
        PlanVersion.objects.filter(plan=plan, number=number)
        .select_related("sent_by", "adopted_by")
        .first()
        if plan is not None
        else None
    )
    if found is None:
        raise Http404
    return found


class VersionList(CaseScopedView):
    @extend_schema(tags=TAGS, responses=VersionSerializer(many=True))
    def get(self, request: Request, case_id: UUID) -> Response:
        """Every version sent to the parents, newest first (the content at /versions/{n}/)."""
        access = case_access(request, case_id, object_type="plan_version")
        plan = _plan(access)
        versions = (
            PlanVersion.objects.filter(plan=plan)
            .defer("content")
            .select_related("sent_by", "adopted_by")
            .order_by("-number")
            if plan is not None
            else PlanVersion.objects.none()
        )
        return Response(VersionSerializer(versions, many=True).data)


class VersionDetail(CaseScopedView):
    @extend_schema(tags=TAGS, responses=VersionDetailSerializer)
    def get(self, request: Request, case_id: UUID, number: int) -> Response:
        """One version as frozen, cut to your categories, with the parents' decisions."""
        access = case_access(request, case_id, object_type="plan_version", object_id=str(number))
        found = _version(access, number)
        data = dict(VersionSerializer(found).data)
        data["child_view"] = found.child_view if access.allows(found.child_view_category) else None
        data["content"] = visible_content(found.content, access.categories)
        data["agreements"] = AgreementSerializer(
            found.agreements.select_related("representative").order_by("pk"), many=True
        ).data
        return Response(data)


def _content(access: CaseAccess, choice: str) -> tuple[str, snapshot.Content]:
    plan = _plan(access)
    if plan is None:
        raise Http404
    if choice == "draft":
        return "draft", snapshot.build(plan)
    if not choice.isdigit():
        raise serializers.ValidationError({"versions": [_("Give a version number or “draft”.")]})
    found = _version(access, int(choice))
    return str(found.number), found.content


class PlanDiff(CaseScopedView):
    @extend_schema(
        tags=TAGS,
        responses=DiffSerializer,
        parameters=[
            OpenApiParameter("from", str, required=True, description="Version number"),
            OpenApiParameter("to", str, required=True, description="Version number, or `draft`"),
        ],
    )
    def get(self, request: Request, case_id: UUID) -> Response:
        """What was added, changed and removed between two versions (or a version and the
        draft), item by item, in your categories only: the page's comparison."""
        access = case_access(request, case_id, object_type="plan_version")
        older_label, older = _content(access, request.query_params.get("from", "")[:10])
        newer_label, newer = _content(access, request.query_params.get("to", "")[:10])
        changes = snapshot.compare(older, newer, access.categories)
        return Response(
            {
                "older": older_label,
                "newer": newer_label,
                "changes": [
                    {
                        "kind": c.kind.key,
                        "status": c.status,
                        "title": c.title,
                        "category": c.category_label,
                        "changes": [
                            {"label": f.label, "before": f.before, "after": f.after}
                            for f in c.changes
                        ],
                    }
                    for c in changes
                ],
            }
        )


class PlanSend(CaseScopedView):
    @extend_schema(tags=TAGS, request=None, responses={201: VersionSerializer})
    def post(self, request: Request, case_id: UUID) -> Response:
        """Freeze the draft as a new version and ask the parents' instemming (regisseur)."""
        access = case_access(request, case_id, object_type="plan_version")
        version = plan_services.send_for_agreement(access)
        return Response(VersionSerializer(version).data, status=status.HTTP_201_CREATED)


class PlanAgreements(CaseScopedView):
    @extend_schema(
        tags=TAGS, request=AgreementCreateSerializer, responses={201: AgreementSerializer}
    )
    def post(self, request: Request, case_id: UUID) -> Response:
        """Record one parent's decision on the version now with the parents (regisseur)."""
        access = case_access(request, case_id, object_type="plan_agreement")
        payload = AgreementCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        representative = LegalRepresentative.objects.filter(
            child_id=access.case.child_id, pk=data["representative"]
        ).first()
        if representative is None:
            raise serializers.ValidationError(
                {"representative": [_("This is not a parent of this child.")]}
            )
        agreement = plan_services.record_parent_agreement(
            access,
            content_hash=data["content_hash"],
            representative=representative,
            decision=data["decision"],
            given_on=data["given_on"],
            evidence=data["evidence"],
            note=data["note"],
        )
        return Response(AgreementSerializer(agreement).data, status=status.HTTP_201_CREATED)


class PlanAdopt(CaseScopedView):
    @extend_schema(tags=TAGS, request=AdoptSerializer, responses=VersionSerializer)
    def post(self, request: Request, case_id: UUID) -> Response:
        """Adopt the version the parents agreed with, with the child's view (regisseur)."""
        access = case_access(request, case_id, object_type="plan_version")
        payload = AdoptSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        version = plan_services.adopt_plan(access, **payload.validated_data)
        return Response(VersionSerializer(version).data)


class PlanAdjust(CaseScopedView):
    @extend_schema(tags=TAGS, request=AdjustSerializer, responses=PlanSerializer)
    def post(self, request: Request, case_id: UUID) -> Response:
        """Start a new draft from the adopted plan (regisseur); the adopted version stays in
        force until the next is adopted."""
        access = case_access(request, case_id, object_type="plan")
        payload = AdjustSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        plan = plan_services.start_adjustment(access, reason=payload.validated_data["reason"])
        return Response(_plan_data(access, plan))
