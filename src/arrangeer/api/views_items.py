"""REST API v1: the items of the plan as nested resources of a case — life-domain entries,
the network, support needs, goals and modules (list, create, read, change with If-Match,
remove), progress measurements per goal, delivery and the decision per module, and
evaluations. Every write
goes through plans.services, exactly as the plan's pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar
from uuid import UUID

from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.http import Http404
from django.utils.translation import gettext as _

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from arrangeer.cases.access import CaseAccess, access_item
from arrangeer.plans import services as plan_services
from arrangeer.plans.kinds import KINDS, Kind
from arrangeer.plans.models import (
    DecisionRecord,
    DeliveryRecord,
    Evaluation,
    Goal,
    GoalEvaluation,
    Measurement,
    Module,
    PlanItem,
)
from arrangeer.plans.services import StaleEdit

from .base import (
    IF_MATCH,
    CaseScopedView,
    Pagination,
    actor_for,
    case_access,
    expected_version,
    text_param,
    version_etag,
)
from .problems import problem
from .serializers_items import (
    PATHS,
    SERIALIZERS,
    DeliverySerializer,
    EvaluationSerializer,
    MeasurementSerializer,
    ModuleDecisionSerializer,
)


def _visible_goals(access: CaseAccess) -> Prefetch[Any]:
    return Prefetch("goals", queryset=Goal.objects.in_categories(access).only("uuid"))


def _items(kind: Kind, access: CaseAccess) -> QuerySet[Any]:
    items: QuerySet[Any] = kind.queryset().visible_to(access).select_related("author")
    if kind.key == "module":
        items = items.prefetch_related(_visible_goals(access))
    return items


def _item(kind: Kind, access: CaseAccess, item_id: UUID) -> PlanItem:
    item: PlanItem | None = _items(kind, access).filter(uuid=item_id).first()
    if item is None:
        raise Http404
    return item


def _access_item(
    request: Request, case_id: UUID, kind: Kind, item_id: UUID, *, object_type: str
) -> tuple[CaseAccess, PlanItem]:
    """The case's access and one item in the person's categories (`access_item`: one step,
    404 and logged with the item's category)."""
    access, item = access_item(
        actor_for(request),
        case_id,
        kind.queryset().select_related("author"),
        item_id,
        object_type=object_type,
    )
    if kind.key == "module":
        prefetch_related_objects([item], _visible_goals(access))
    return access, item


def item_etag(item: PlanItem) -> str:
    return version_etag(item.uuid, item.lock_version)


def _expected_version(request: Request, item: PlanItem) -> int:
    """The lock version the client last read, from If-Match (428 without it)."""
    return expected_version(request, item.uuid)


def _stale(conflict: StaleEdit) -> Response:
    return problem(
        status.HTTP_412_PRECONDITION_FAILED,
        _("Precondition failed"),
        conflict.message,
        changes=[
            {"label": str(c.label), "before": c.before, "after": c.after} for c in conflict.changes
        ],
    )


def _page_parameters() -> list[OpenApiParameter]:
    return [
        OpenApiParameter("category", str, description="Only items of this data category"),
        OpenApiParameter("page_size", int, description="Items per page (at most 200)"),
    ]


class ItemListBase(CaseScopedView):
    """List and add the items of one kind."""

    kind_key: ClassVar[str] = ""
    pagination_class = Pagination
    ordering = ("created_at", "id")

    def _kind(self) -> Kind:
        return KINDS[self.kind_key]

    def get(self, request: Request, case_id: UUID) -> Response:
        kind = self._kind()
        access = case_access(request, case_id, object_type=kind.object_type)
        items = _items(kind, access)
        if category := text_param(request, "category"):
            items = items.filter(category=category)
        return self.paginate(
            request,
            items,
            lambda page: SERIALIZERS[kind.key](page, many=True, context={"access": access}).data,
        )

    def post(self, request: Request, case_id: UUID) -> Response:
        kind = self._kind()
        access = case_access(request, case_id, object_type=kind.object_type)
        plan_services.common.require_team_place(access)
        payload = SERIALIZERS[kind.key](data=request.data, context={"access": access})
        payload.is_valid(raise_exception=True)
        item = plan_services.add_item(access, kind=kind.key, fields=dict(payload.validated_data))
        item = _item(kind, access, item.uuid)
        response = Response(
            SERIALIZERS[kind.key](item, context={"access": access}).data,
            status=status.HTTP_201_CREATED,
        )
        response["ETag"] = item_etag(item)
        return response


class ItemDetailBase(CaseScopedView):
    """Read, change (If-Match) and remove (If-Match) one item."""

    kind_key: ClassVar[str] = ""

    def _kind(self) -> Kind:
        return KINDS[self.kind_key]

    def _access_item(
        self, request: Request, case_id: UUID, item_id: UUID
    ) -> tuple[CaseAccess, PlanItem]:
        kind = self._kind()
        return _access_item(request, case_id, kind, item_id, object_type=kind.object_type)

    def _answer(self, access: CaseAccess, item: PlanItem) -> Response:
        response = Response(SERIALIZERS[self.kind_key](item, context={"access": access}).data)
        response["ETag"] = item_etag(item)
        return response

    def get(self, request: Request, case_id: UUID, item_id: UUID) -> Response:
        access, item = self._access_item(request, case_id, item_id)
        return self._answer(access, item)

    def patch(self, request: Request, case_id: UUID, item_id: UUID) -> Response:
        access, item = self._access_item(request, case_id, item_id)
        plan_services.common.require_team_place(access)
        payload = SERIALIZERS[self.kind_key](
            item, data=request.data, partial=True, context={"access": access}
        )
        payload.is_valid(raise_exception=True)
        expected = _expected_version(request, item)
        try:
            saved = plan_services.change_item(
                access, item, expected_version=expected, fields=dict(payload.validated_data)
            )
        except StaleEdit as conflict:
            return _stale(conflict)
        return self._answer(access, _item(self._kind(), access, saved.uuid))

    def delete(self, request: Request, case_id: UUID, item_id: UUID) -> Response:
        access, item = self._access_item(request, case_id, item_id)
        plan_services.common.require_team_place(access)
        expected = _expected_version(request, item)
        try:
            plan_services.remove_item(access, item, expected_version=expected)
        except StaleEdit as conflict:
            return _stale(conflict)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _item_views(key: str) -> tuple[type[APIView], type[APIView]]:
    """The list and detail views of one kind, each with its own serializer in the schema."""
    serializer = SERIALIZERS[key]
    tags = [PATHS[key]]
    label = str(KINDS[key].label)
    list_view = type(
        f"{serializer.Meta.model.__name__}List",
        (ItemListBase,),
        {
            "kind_key": key,
            "__doc__": f"The plan's items of one kind ({label}): your categories only.",
        },
    )
    # extend_schema_view wraps the inherited methods, so each kind keeps its own schema.
    extend_schema_view(
        get=extend_schema(
            tags=tags, responses=serializer(many=True), parameters=_page_parameters()
        ),
        post=extend_schema(tags=tags, request=serializer, responses={201: serializer}),
    )(list_view)
    detail_view = type(
        f"{serializer.Meta.model.__name__}Detail",
        (ItemDetailBase,),
        {"kind_key": key, "__doc__": f"One item of the plan ({label})."},
    )
    extend_schema_view(
        get=extend_schema(tags=tags, responses=serializer),
        patch=extend_schema(
            tags=tags, request=serializer, responses=serializer, parameters=[IF_MATCH]
        ),
        delete=extend_schema(tags=tags, responses={204: None}, parameters=[IF_MATCH]),
    )(detail_view)
    return list_view, detail_view


ITEM_VIEWS: dict[str, tuple[type[APIView], type[APIView]]] = {
    key: _item_views(key) for key in SERIALIZERS
}


# Progress, delivery and evaluation ---------------------------------------------------------


class MeasurementList(CaseScopedView):
    pagination_class = Pagination
    ordering = ("-created_at", "-id")

    def _goal(self, request: Request, case_id: UUID, item_id: UUID) -> tuple[CaseAccess, Goal]:
        access, goal = _access_item(
            request, case_id, KINDS["goal"], item_id, object_type="plan_measurement"
        )
        assert isinstance(goal, Goal)
        return access, goal

    @extend_schema(
        tags=["measurements"],
        responses=MeasurementSerializer(many=True),
        parameters=[OpenApiParameter("page_size", int)],
    )
    def get(self, request: Request, case_id: UUID, item_id: UUID) -> Response:
        """The progress measurements of one goal, newest first."""
        access, goal = self._goal(request, case_id, item_id)
        records = (
            Measurement.objects.in_categories(access)
            .filter(goal=goal)
            .select_related("measured_by")
        )
        return self.paginate(
            request, records, lambda page: MeasurementSerializer(page, many=True).data
        )

    @extend_schema(
        tags=["measurements"],
        request=MeasurementSerializer,
        responses={201: MeasurementSerializer},
    )
    def post(self, request: Request, case_id: UUID, item_id: UUID) -> Response:
        """Record a measurement of the goal's progress (on its scale, or achieved/partly/not)."""
        access, goal = self._goal(request, case_id, item_id)
        plan_services.common.require_team_place(access)
        payload = MeasurementSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        record = plan_services.record_measurement(
            access,
            goal,
            measured_on=data["measured_on"],
            value=data.get("value"),
            achievement=data.get("achievement", ""),
            note=data.get("note", ""),
        )
        return Response(MeasurementSerializer(record).data, status=status.HTTP_201_CREATED)


class DeliveryList(CaseScopedView):
    pagination_class = Pagination
    ordering = ("-created_at", "-id")

    def _module(self, request: Request, case_id: UUID, item_id: UUID) -> tuple[CaseAccess, Module]:
        access, module = _access_item(
            request, case_id, KINDS["module"], item_id, object_type="plan_delivery"
        )
        assert isinstance(module, Module)
        return access, module

    @extend_schema(
        tags=["deliveries"],
        responses=DeliverySerializer(many=True),
        parameters=[OpenApiParameter("page_size", int)],
    )
    def get(self, request: Request, case_id: UUID, item_id: UUID) -> Response:
        """The delivered and missed sessions (or hours) of one module, newest first."""
        _, module = self._module(request, case_id, item_id)
        records = DeliveryRecord.objects.filter(
            module=module, removed_at__isnull=True
        ).select_related("recorded_by")
        return self.paginate(
            request, records, lambda page: DeliverySerializer(page, many=True).data
        )

    @extend_schema(
        tags=["deliveries"], request=DeliverySerializer, responses={201: DeliverySerializer}
    )
    def post(self, request: Request, case_id: UUID, item_id: UUID) -> Response:
        """Record a delivered or missed session of the module, within its period."""
        access, module = self._module(request, case_id, item_id)
        plan_services.common.require_team_place(access)
        payload = DeliverySerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        record = plan_services.record_delivery(
            access,
            module,
            on_date=data["on_date"],
            delivered=data.get("delivered", True),
            amount=data.get("amount", Decimal(1)),  # the model's default: one session
            miss_reason=data.get("miss_reason", ""),
            note=data.get("note", ""),
        )
        return Response(DeliverySerializer(record).data, status=status.HTTP_201_CREATED)


class EvaluationList(CaseScopedView):
    pagination_class = Pagination
    ordering = ("-recorded_at", "-id")

    @extend_schema(
        tags=["evaluations"],
        responses=EvaluationSerializer(many=True),
        parameters=[OpenApiParameter("page_size", int)],
    )
    def get(self, request: Request, case_id: UUID) -> Response:
        """The evaluations of the plan (your categories), newest first, with the ratings of
        the goals you may see."""
        access = case_access(request, case_id, object_type="plan_evaluation")
        records = (
            Evaluation.objects.visible_to(access)
            .select_related("version")
            .prefetch_related(
                Prefetch(
                    "goal_ratings",
                    queryset=GoalEvaluation.objects.in_categories(access).select_related("goal"),
                )
            )
        )
        return self.paginate(
            request, records, lambda page: EvaluationSerializer(page, many=True).data
        )

    @extend_schema(
        tags=["evaluations"], request=EvaluationSerializer, responses={201: EvaluationSerializer}
    )
    def post(self, request: Request, case_id: UUID) -> Response:
        """Record the team's evaluation of the plan in force (regisseur): continue, adjust
        (a new draft) or close the plan."""
        access = case_access(request, case_id, object_type="plan_evaluation")
        payload = EvaluationSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        goals = {
            g.uuid: g
            for g in Goal.objects.filter(
                plan__case=access.case, uuid__in=[r["goal"] for r in data["ratings"]]
            )
        }
        ratings: dict[Goal, tuple[str, str]] = {}
        for rating in data["ratings"]:
            goal = goals.get(rating["goal"])
            if goal is None:
                raise serializers.ValidationError({"ratings": [_("Choose goals of this plan.")]})
            ratings[goal] = (rating["realisation"], rating["note"])
        evaluation = plan_services.record_evaluation(
            access,
            held_on=data["held_on"],
            decision=data["decision"],
            next_evaluation_on=data.get("next_evaluation_on"),
            summary=data.get("summary", ""),
            category=data["category"],
            ratings=ratings,
        )
        return Response(EvaluationSerializer(evaluation).data, status=status.HTTP_201_CREATED)


class DecisionList(CaseScopedView):
    """The decision a module needs (TLV, beschikking, SWV arrangement): its history, and
    recording its state. Recording changes only the decision's fields of the module, also on
    an adopted plan: no new version, no new instemming."""

    pagination_class = Pagination
    ordering = ("-recorded_at", "-id")

    def _module(self, request: Request, case_id: UUID, item_id: UUID) -> tuple[CaseAccess, Module]:
        access, module = _access_item(
            request, case_id, KINDS["module"], item_id, object_type="plan_decision"
        )
        assert isinstance(module, Module)
        return access, module

    @extend_schema(
        tags=["decisions"],
        responses=ModuleDecisionSerializer(many=True),
        parameters=[OpenApiParameter("page_size", int)],
    )
    def get(self, request: Request, case_id: UUID, item_id: UUID) -> Response:
        """The recorded states of the module's decision, newest first."""
        access, module = self._module(request, case_id, item_id)
        records = (
            DecisionRecord.objects.in_categories(access)
            .filter(module=module)
            .select_related("recorded_by")
        )
        return self.paginate(
            request, records, lambda page: ModuleDecisionSerializer(page, many=True).data
        )

    @extend_schema(
        tags=["decisions"],
        request=ModuleDecisionSerializer,
        responses={201: ModuleDecisionSerializer},
        parameters=[
            OpenApiParameter(
                "If-Match",
                str,
                OpenApiParameter.HEADER,
                required=True,
                description="The module's ETag of your last read; a stale one answers 412.",
            )
        ],
    )
    def post(self, request: Request, case_id: UUID, item_id: UUID) -> Response:
        """Record the state of the module's decision (requested, granted or refused), by the
        deciding organisation: the SWV for a TLV, TBV or SWV arrangement, the youth team for
        a beschikking or iJw toewijzing, the regisseur for an indicatie."""
        access, module = self._module(request, case_id, item_id)
        plan_services.common.require_team_place(access)
        payload = ModuleDecisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        expected = _expected_version(request, module)
        try:
            record = plan_services.record_decision(
                access,
                module,
                expected_version=expected,
                decision_status=data["decision_status"],
                reference_number=data.get("reference_number", ""),
                requested_on=data.get("requested_on"),
                decided_on=data.get("decided_on"),
                note=data.get("note", ""),
            )
        except StaleEdit as conflict:
            return _stale(conflict)
        response = Response(ModuleDecisionSerializer(record).data, status=status.HTTP_201_CREATED)
        response["ETag"] = version_etag(module.uuid, expected + 1)
        return response
