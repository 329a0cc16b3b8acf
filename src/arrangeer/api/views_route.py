"""REST API v1: the child, the route of a case (timeline, transitions), the regie and the
tasks (Mijn acties). Each endpoint reads through cases.access and writes through the same
service as the page (cases.journey, cases.regie, routes.actions)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from arrangeer.cases import journey, regie
from arrangeer.cases.actions import Action, counted_actions, log_shown, sources
from arrangeer.cases.constants import SchoolPlanKind
from arrangeer.cases.models import RegieTransfer, StepChange, TeamMember
from arrangeer.routes.models import Step
from arrangeer.vocabulary import DataCategory

from . import serializers as s
from .base import CaseScopedView, actor_for, case_access
from .problems import problem


class StepChangeSerializer(serializers.ModelSerializer[StepChange]):
    from_step = serializers.CharField(
        source="from_step.code", default=None, allow_null=True, read_only=True
    )
    to_step = serializers.CharField(
        source="to_step.code", default=None, allow_null=True, read_only=True
    )
    by = serializers.CharField(source="by_user.get_full_name", read_only=True)
    organisation = serializers.CharField(
        source="by_membership.organisation.name", default=None, allow_null=True, read_only=True
    )

    class Meta:
        model = StepChange
        fields = [
            "id",
            "kind",
            "from_step",
            "to_step",
            "reason",
            "overridden_guards",
            "override_reason",
            "by",
            "organisation",
            "at",
        ]


class CheckSerializer(serializers.Serializer[dict[str, Any]]):
    code = serializers.CharField()
    passed = serializers.BooleanField()
    may_override = serializers.BooleanField()
    explanation = serializers.CharField()


class MoveSerializer(serializers.Serializer[dict[str, Any]]):
    to_step = serializers.CharField(
        allow_null=True, help_text="The code of the step; null closes the case."
    )
    label = serializers.CharField()  # type: ignore[assignment]


class RouteSerializer(serializers.Serializer[dict[str, Any]]):
    route = serializers.CharField(allow_null=True)
    step = serializers.CharField(allow_null=True, help_text="The code of the current step.")
    step_name = serializers.CharField(allow_null=True)
    step_since = serializers.DateTimeField(allow_null=True)
    step_due = serializers.DateField(allow_null=True)
    can_move = serializers.BooleanField()
    moves = MoveSerializer(many=True)
    checks = CheckSerializer(many=True)
    timeline = StepChangeSerializer(many=True)


class TransitionSerializer(s.StrictSerializer):
    to_step = serializers.CharField(
        allow_null=True,
        max_length=60,
        help_text="The code of the step to move to; null closes the case along the route.",
    )
    expected_step = serializers.CharField(
        required=False,
        allow_null=True,
        default=None,
        max_length=60,
        help_text="The code of the step you saw the case in: a move from a stale view is refused.",
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    override_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=2000,
        help_text="Passes the failing checks the route lets pass, with this reason (recorded).",
    )
    close_reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=40
    )


def _route_data(access: Any) -> dict[str, Any]:
    case = access.case
    step = case.current_step
    can = journey.can_move(access)
    return {
        "route": case.route.name if case.route_id else None,
        "step": step.code if step else None,
        "step_name": step.name if step else None,
        "step_since": case.step_since,
        "step_due": case.step_due,
        "can_move": can,
        "moves": [
            {"to_step": m.to_step.code if m.to_step else None, "label": m.label}
            for m in (journey.moves(case) if can else [])
        ],
        "checks": [
            {
                "code": c.code,
                "passed": c.passed,
                "may_override": c.may_override,
                "explanation": str(c.explanation),
            }
            for c in journey.checks(case)
        ],
        "timeline": StepChangeSerializer(journey.timeline(case), many=True).data,
    }


class ChildDetail(CaseScopedView):
    """The child of a case you may see, with the fields of your data categories only (there
    is no list of all children: a child is reached through a case)."""

    @extend_schema(tags=["children"], responses=s.ChildSerializer)
    def get(self, request: Request, case_id: UUID) -> Response:
        access = case_access(request, case_id, object_type="child")
        return Response(s.ChildSerializer().to_representation(access))


class CaseRoute(CaseScopedView):
    """Where the case stands on its route: the step, the moves open to you, the step's
    checks and the timeline of step changes."""

    @extend_schema(tags=["route"], responses=RouteSerializer)
    def get(self, request: Request, case_id: UUID) -> Response:
        access = case_access(request, case_id, object_type="route")
        return Response(_route_data(access))


class CaseTimeline(CaseScopedView):
    @extend_schema(tags=["route"], responses=StepChangeSerializer(many=True))
    def get(self, request: Request, case_id: UUID) -> Response:
        """The step changes of the case, oldest first."""
        access = case_access(request, case_id, object_type="route")
        return Response(StepChangeSerializer(journey.timeline(access.case), many=True).data)


def _step(access: Any, code: str | None, field: str) -> Step | None:
    if code is None:
        return None
    step = Step.objects.filter(route_id=access.case.route_id, code=code).first()
    if step is None:
        raise serializers.ValidationError({field: [_("Not a step of this case's route.")]})
    return step


class CaseTransitions(CaseScopedView):
    @extend_schema(
        tags=["route"],
        request=TransitionSerializer,
        responses={201: StepChangeSerializer},
    )
    def post(self, request: Request, case_id: UUID) -> Response:
        """Move the case along its route (the regisseur, or who acts in the current step).
        When the step's checks block the move the answer is 409 with each check's
        explanation; a check the route lets pass needs `override_reason`."""
        access = case_access(request, case_id, object_type="route")
        if not journey.can_move(access):
            raise Http404  # as the page: only who acts in the step sees the move
        payload = TransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        to_step = _step(access, data["to_step"], "to_step")
        expected = _step(access, data["expected_step"], "expected_step")
        try:
            change = journey.move_case(
                access,
                to_step=to_step,
                reason=data["reason"],
                override_reason=data["override_reason"],
                close_reason=data["close_reason"],
                expected_step=expected,
            )
        except ValidationError as error:
            errors = (
                error.message_dict
                if hasattr(error, "error_dict")
                else {"non_field_errors": error.messages}
            )
            return problem(
                status.HTTP_409_CONFLICT,
                _("The case cannot move on"),
                " ".join(m for messages in errors.values() for m in messages),
                errors={k: [str(m) for m in v] for k, v in errors.items()},
            )
        return Response(StepChangeSerializer(change).data, status=status.HTTP_201_CREATED)


class RegieTransferSerializer(serializers.ModelSerializer[RegieTransfer]):
    from_user = serializers.CharField(source="from_user.get_full_name", read_only=True)
    to_member = serializers.IntegerField(source="to_member_id", read_only=True)
    to_user = serializers.CharField(
        source="to_member.membership.user.get_full_name", read_only=True
    )

    class Meta:
        model = RegieTransfer
        fields = [
            "id",
            "from_user",
            "to_member",
            "to_user",
            "reason",
            "status",
            "proposed_at",
            "decided_at",
            "decision_note",
        ]


class RegieProposeSerializer(s.StrictSerializer):
    to_member = serializers.IntegerField(help_text="The id of the team member (see /team/).")
    reason = serializers.CharField(max_length=2000)


class RegieTransferList(CaseScopedView):
    @extend_schema(tags=["regie"], responses=RegieTransferSerializer(many=True))
    def get(self, request: Request, case_id: UUID) -> Response:
        """The proposals to hand over the regie, newest first."""
        access = case_access(request, case_id, object_type="regie_transfer")
        transfers = (
            RegieTransfer.objects.filter(case=access.case)
            .select_related("from_user", "to_member__membership__user")
            .order_by("-proposed_at", "-pk")
        )
        return Response(RegieTransferSerializer(transfers, many=True).data)

    @extend_schema(
        tags=["regie"], request=RegieProposeSerializer, responses={201: RegieTransferSerializer}
    )
    def post(self, request: Request, case_id: UUID) -> Response:
        """Propose to hand the regie to someone on the team (regisseur)."""
        access = case_access(request, case_id, object_type="regie_transfer")
        payload = RegieProposeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        member = TeamMember.objects.filter(
            case=access.case, pk=payload.validated_data["to_member"]
        ).first()
        if member is None:
            raise serializers.ValidationError(
                {"to_member": [_("Not a member of the team of this case.")]}
            )
        transfer = regie.propose_regie_transfer(
            access, to_member=member, reason=payload.validated_data["reason"]
        )
        return Response(RegieTransferSerializer(transfer).data, status=status.HTTP_201_CREATED)


class RegieTransferAccept(CaseScopedView):
    @extend_schema(tags=["regie"], request=None, responses=s.CaseSummarySerializer)
    def post(self, request: Request, case_id: UUID, transfer_id: int) -> Response:
        """Accept the regie offered to you: you become the regisseur."""
        access = case_access(request, case_id, object_type="regie_transfer")
        transfer = RegieTransfer.objects.filter(case=access.case, pk=transfer_id).first()
        if transfer is None or transfer.to_member.membership.user_id != access.user.pk:
            raise Http404  # an offer is visible to the person asked only
        case = regie.accept_regie_transfer(access, transfer)
        return Response(s.CaseSummarySerializer(case).data)


class TaskSerializer(serializers.Serializer[list[dict[str, Any]]]):
    source = serializers.CharField()  # type: ignore[assignment]
    label = serializers.CharField()  # type: ignore[assignment]
    case = serializers.UUIDField(
        allow_null=True, help_text="Null for a task before there is a case (an aanmelding)."
    )
    child_name = serializers.CharField()
    title = serializers.CharField()
    due = serializers.DateField(allow_null=True)
    overdue = serializers.BooleanField()
    url = serializers.CharField(help_text="The page in Arrangeer where the task is done.")


class TaskPageSerializer(serializers.Serializer[dict[str, Any]]):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = TaskSerializer(many=True)


class TaskPagination(LimitOffsetPagination):
    default_limit = 50
    max_limit = 200


@dataclass(frozen=True)
class _Counted:
    """The first actions of the list and the number of all of them, as the paginator reads
    a queryset (`count()`, then a slice within the first)."""

    first: list[Action]
    total: int

    def count(self) -> int:
        return self.total

    def __getitem__(self, part: slice) -> list[Action]:
        return self.first[part]


class TaskList(APIView):
    """Mijn acties: what you have to do, for which case, by when, most urgent first. The
    same list as the page (routes.actions), cut to the cases of the token's organisation."""

    permission_classes = [IsAuthenticated]
    pagination_class = TaskPagination

    @extend_schema(
        tags=["tasks"],
        responses=TaskPageSerializer,
        parameters=[
            OpenApiParameter("source", str, description="Only tasks of this kind"),
            OpenApiParameter("limit", int, description="Tasks per page (at most 200)"),
            OpenApiParameter("offset", int, description="Tasks to skip"),
        ],
    )
    def get(self, request: Request) -> Response:
        actor = actor_for(request)
        if not actor.user.is_professional:
            return Response({"count": 0, "next": None, "previous": None, "results": []})
        today = timezone.localdate()
        # The token's organisation narrows the cases, `source` the sources, before anything is
        # read; the URLs are built only for the page returned.
        source = request.query_params.get("source")
        paginator = TaskPagination()
        limit = paginator.get_limit(request) or paginator.default_limit
        offset = paginator.get_offset(request)
        # The actions up to the end of the page (each source reads its first ones, as the
        # page does) and the number of all of them, counted without building each.
        found, count = counted_actions(
            actor.user,
            today=today,
            limit=offset + limit,
            organisation_id=actor.organisation_id,
            only=[source] if source else None,
        )
        page: list[Action] = (
            paginator.paginate_queryset(
                _Counted(found, count),  # type: ignore[arg-type]
                request,
                view=self,
            )
            or []
        )
        log_shown(actor, page)
        labels = {code: str(source.label) for code, source in sources().items()}
        rows = [
            {
                "source": a.source,
                "label": labels.get(a.source, ""),
                "case": a.case.uuid if a.case is not None else None,
                "child_name": a.name,
                "title": str(a.title),
                "due": a.due,
                "overdue": a.is_overdue(today),
                "url": request.build_absolute_uri(a.url),
            }
            for a in page
        ]
        return paginator.get_paginated_response(TaskSerializer(rows, many=True).data)


class SchoolPlanSerializer(s.StrictSerializer):
    kind = serializers.ChoiceField(
        choices=SchoolPlanKind.choices, required=False, allow_blank=True, default=""
    )
    evaluated_on = serializers.DateField(required=False, allow_null=True, default=None)
    missing_reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=2000
    )


class SchoolPlanOutSerializer(serializers.Serializer[dict[str, Any]]):
    kind = serializers.CharField(allow_blank=True)
    evaluated_on = serializers.DateField(allow_null=True)
    missing_reason = serializers.CharField(allow_blank=True)
    in_order = serializers.BooleanField()


class CaseSchoolPlan(CaseScopedView):
    """The school's groeiplan or OPP that integraal arrangeren starts from (the route's first
    check): the regisseur, or the child's school on the team."""

    @extend_schema(tags=["route"], request=SchoolPlanSerializer, responses=SchoolPlanOutSerializer)
    def post(self, request: Request, case_id: UUID) -> Response:
        access = case_access(
            request, case_id, object_type="school_plan", category=DataCategory.EDUCATION
        )
        if not journey.can_record_school_plan(access):
            raise Http404  # as the page
        payload = SchoolPlanSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        case = journey.record_school_plan(access, **payload.validated_data)
        return Response(
            {
                "kind": case.school_plan_kind,
                "evaluated_on": case.school_plan_evaluated_on,
                "missing_reason": case.school_plan_missing_reason,
                "in_order": journey.school_plan_in_order(case),
            }
        )
