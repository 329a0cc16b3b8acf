"""REST API v1: the escalatieladder of a case (issue 17) and the regisseur's checklist.

Escalations: list and raise, read one with its steps, decide at the current level, ask the
next level to decide, withdraw. The case is reached through `cases.access.
access_case_for_decision`, the door of the escalation pages: the team sees the case's
escalations, someone who sits at the current level of an open one sees that one only (with
that level's data categories, logged with its own basis); anyone else gets the 404 of a case
that does not exist. Every read goes through `escalations.selectors`, every write through
`escalations.services`, exactly as the pages. The writes on an escalation carry the ETag of
the last read in If-Match (428 without it, 412 when it changed).

The checklist (seed 003, bijlage 5) is the regisseur's: read it, tick an item by hand
(`cases.services.tick_checklist_item`, If-Match on the item)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.http import Http404
from django.utils.translation import gettext as _

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from arrangeer.cases import journey
from arrangeer.cases import services as case_services
from arrangeer.cases.access import CaseAccess, access_case_for_decision
from arrangeer.cases.models import Case
from arrangeer.escalations import selectors
from arrangeer.escalations import services as escalation_services
from arrangeer.escalations.constants import EscalationStatus, StepKind
from arrangeer.escalations.models import Escalation, EscalationStep
from arrangeer.organisations.models import Organisation
from arrangeer.plans.constants import FundingFramework, Instrument
from arrangeer.plans.models import Module

from .base import (
    IF_MATCH,
    CaseScopedView,
    actor_for,
    case_access,
    etag_of,
    expected_version,
    version_etag,
    write_if_match,
)
from .problems import PreconditionFailed
from .serializers import StrictSerializer

TAGS = ["escalations"]
OBJECT = "escalation"


# --- what is shown -------------------------------------------------------------------------


class PartySerializer(serializers.Serializer[dict[str, Any]]):
    id = serializers.IntegerField()
    name = serializers.CharField()


class LevelSerializer(serializers.Serializer[dict[str, Any]]):
    number = serializers.IntegerField()
    name = serializers.CharField()
    deadline_days = serializers.IntegerField(help_text="The level's deadline in working days.")


class EscalationSerializer(serializers.Serializer[dict[str, Any] | list[dict[str, Any]]]):
    id = serializers.UUIDField()
    status = serializers.ChoiceField(choices=EscalationStatus.choices)
    module = serializers.UUIDField(
        allow_null=True, help_text="Null when the module is outside your data categories."
    )
    module_title = serializers.CharField(allow_null=True)
    question = serializers.CharField()
    options = serializers.CharField()
    parties = PartySerializer(many=True)
    cost_at_stake = serializers.DecimalField(max_digits=10, decimal_places=2)
    raised_by = serializers.CharField()
    raised_at = serializers.DateTimeField()
    level = LevelSerializer()
    level_since = serializers.DateTimeField()
    level_due = serializers.DateField(help_text="The current level decides by this day.")
    closed_at = serializers.DateTimeField(allow_null=True)


class StepSerializer(serializers.Serializer[dict[str, Any]]):
    kind = serializers.ChoiceField(choices=StepKind.choices)
    level = serializers.IntegerField(help_text="The number of the level it happened at.")
    at = serializers.DateTimeField()
    by = serializers.CharField(allow_null=True, help_text="Null when the deadline moved it.")
    by_organisation = serializers.CharField(allow_blank=True)
    note = serializers.CharField(allow_blank=True)
    payer = PartySerializer(allow_null=True)
    funding_framework = serializers.CharField(allow_blank=True)
    instrument = serializers.CharField(allow_blank=True)
    pays_what = serializers.CharField(allow_blank=True)
    from_date = serializers.DateField(allow_null=True)
    binding = serializers.BooleanField(
        help_text="The last level's decision: it became the module's funding decision."
    )


class EscalationDetailSerializer(EscalationSerializer):
    latest_decision = serializers.DateField(
        allow_null=True,
        help_text="Open: the day the ladder has decided at the latest (each level's deadline "
        "in turn). Null once closed.",
    )
    is_last_level = serializers.BooleanField(help_text="A decision here binds.")
    may_decide = serializers.BooleanField()
    may_move_up = serializers.BooleanField()
    may_withdraw = serializers.BooleanField()
    steps = StepSerializer(many=True)


def _summary(access: CaseAccess, escalation: Escalation) -> dict[str, Any]:
    shown = selectors.module_shown(access, escalation)
    level = escalation.level
    return {
        "id": escalation.uuid,
        "status": escalation.status,
        "module": escalation.module.uuid if shown else None,
        "module_title": escalation.module.title if shown else None,
        "question": escalation.question,
        "options": escalation.options,
        "parties": [{"id": o.pk, "name": o.name} for o in escalation.parties.all()],
        "cost_at_stake": escalation.cost_at_stake,
        "raised_by": escalation.raised_by.get_full_name(),
        "raised_at": escalation.raised_at,
        "level": {"number": level.number, "name": level.name, "deadline_days": level.deadline_days},
        "level_since": escalation.level_since,
        "level_due": escalation.level_due,
        "closed_at": escalation.closed_at,
    }


def _step(step: EscalationStep) -> dict[str, Any]:
    return {
        "kind": step.kind,
        "level": step.level.number,
        "at": step.at,
        "by": step.by.get_full_name() if step.by is not None else None,
        "by_organisation": step.by_organisation,
        "note": step.note,
        "payer": {"id": step.payer.pk, "name": step.payer.name} if step.payer else None,
        "funding_framework": step.funding_framework,
        "instrument": step.instrument,
        "pays_what": step.pays_what,
        "from_date": step.from_date,
        "binding": step.binding,
    }


def _etag(escalation: Escalation) -> str:
    """`"<id>-<version>"`: the version the services check (`selectors.version`)."""
    return version_etag(escalation.uuid, selectors.version(escalation))


def _detail(access: CaseAccess, escalation_id: UUID, *, code: int = 200) -> Response:
    escalation = _escalation(access, escalation_id)
    steps = escalation.steps.select_related("level", "payer", "by")
    data = {
        **_summary(access, escalation),
        "latest_decision": (
            selectors.latest_decision_date(escalation) if escalation.is_open else None
        ),
        "is_last_level": selectors.is_last_level(escalation.level),
        "may_decide": selectors.may_decide(access, escalation),
        "may_move_up": selectors.may_request_move_up(access, escalation),
        "may_withdraw": selectors.may_withdraw(access, escalation),
        "steps": [_step(s) for s in steps],
    }
    response = Response(EscalationDetailSerializer(data).data, status=code)
    response["ETag"] = _etag(escalation)
    return response


# --- what is sent --------------------------------------------------------------------------


class RaiseSerializer(StrictSerializer):
    module = serializers.UUIDField(help_text="The module of the plan the disagreement is about.")
    question = serializers.CharField(max_length=5000)
    options = serializers.CharField(max_length=5000)
    parties = serializers.ListField(
        child=serializers.IntegerField(),
        min_length=2,
        max_length=50,
        help_text="The organisations (ids, of the case's region) that disagree: two or more.",
    )
    cost_at_stake = serializers.DecimalField(
        max_digits=10, decimal_places=2, min_value=0, help_text="In euro."
    )


class DecideSerializer(StrictSerializer):
    payer = serializers.IntegerField(help_text="The organisation (id) that pays.")
    funding_framework = serializers.ChoiceField(choices=FundingFramework.choices)
    instrument = serializers.ChoiceField(choices=Instrument.choices)
    pays_what = serializers.CharField(max_length=5000)
    from_date = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class NoteSerializer(StrictSerializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


# --- helpers -------------------------------------------------------------------------------


def _access(request: Request, case_id: UUID, escalation_id: UUID | None = None) -> CaseAccess:
    return access_case_for_decision(
        actor_for(request),
        case_id,
        object_type=OBJECT,
        object_id=str(escalation_id) if escalation_id else "",
    )


def _escalation(access: CaseAccess, escalation_id: UUID) -> Escalation:
    found = selectors.escalations_of(access).filter(uuid=escalation_id).first()
    if found is None:
        raise Http404
    return found


def _write(
    request: Request,
    case_id: UUID,
    escalation_id: UUID,
    *,
    allowed: Callable[[CaseAccess, Escalation], bool],
    payload: type[StrictSerializer],
    act: Callable[..., Escalation],
    team_only: bool = False,
) -> tuple[CaseAccess, Escalation]:
    """The one write on an escalation (decide, move up, withdraw): the escalation's door,
    whether this caller may do this now (the selector the page asks too; 404 when not), the
    payload checked, then the service `act` with the version the caller read (If-Match: 428
    without it). The service locks the escalation and checks the version, as for the page;
    its StaleEscalation answers 412."""
    access = _access(request, case_id, escalation_id)
    if team_only and access.member is None:
        raise Http404
    escalation = _escalation(access, escalation_id)
    if not allowed(access, escalation):
        raise Http404
    body = payload(data=request.data)
    body.is_valid(raise_exception=True)
    data = {**body.validated_data, "expected_version": expected_version(request, escalation.uuid)}
    try:
        return access, act(access, escalation, **data)
    except escalation_services.StaleEscalation as stale:
        raise PreconditionFailed(stale.message) from stale


def _organisations(ids: list[int], field: str, message: str) -> list[Organisation]:
    """The organisations named by id (the service checks they are of the case's region); an
    id of no organisation at all answers 400 in the same words."""
    found = list(Organisation.objects.filter(pk__in=set(ids)))
    if len(found) != len(set(ids)):
        raise serializers.ValidationError({field: [message]})
    return found


def _decide(access: CaseAccess, escalation: Escalation, *, payer: int, **fields: Any) -> Escalation:
    """The decision with the payer named by id (the service checks it is of the region)."""
    organisation = _organisations(
        [payer], "payer", _("Choose an organisation of this case's region.")
    )[0]
    return escalation_services.decide(access, escalation, payer=organisation, **fields)


# --- views ---------------------------------------------------------------------------------


class EscalationList(CaseScopedView):
    @extend_schema(tags=TAGS, responses=EscalationSerializer(many=True))
    def get(self, request: Request, case_id: UUID) -> Response:
        """The case's escalations you may see, latest first: the team all of them; who sits
        at the current level of an open one, that one. Reading moves up what passed its
        deadline first (as the daily job does)."""
        access = _access(request, case_id)
        found = selectors.escalations_of(access)
        return Response(EscalationSerializer([_summary(access, e) for e in found], many=True).data)

    @extend_schema(tags=TAGS, request=RaiseSerializer, responses={201: EscalationDetailSerializer})
    def post(self, request: Request, case_id: UUID) -> Response:
        """Raise an escalation (the team): no agreement on organising or paying for a module.
        It starts at the first level of the region's ladder, with that level's deadline."""
        access = _access(request, case_id)
        if access.member is None:
            raise Http404
        payload = RaiseSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        module = Module.objects.visible_to(access).filter(uuid=data["module"]).first()
        if module is None:
            raise serializers.ValidationError({"module": [_("Choose a module of this case.")]})
        parties = _organisations(
            data["parties"], "parties", _("Choose organisations of this case's region.")
        )
        escalation = escalation_services.raise_escalation(
            access,
            module=module,
            question=data["question"],
            options=data["options"],
            parties=parties,
            cost_at_stake=data["cost_at_stake"],
        )
        return _detail(access, escalation.uuid, code=status.HTTP_201_CREATED)


class EscalationDetail(CaseScopedView):
    @extend_schema(tags=TAGS, responses=EscalationDetailSerializer)
    def get(self, request: Request, case_id: UUID, escalation_id: UUID) -> Response:
        """One escalation with its steps (who decided what at which level) and what you may
        do with it now. The ETag is what a write sends back in If-Match."""
        access = _access(request, case_id, escalation_id)
        return _detail(access, escalation_id)


class EscalationDecide(CaseScopedView):
    @extend_schema(
        tags=TAGS,
        request=DecideSerializer,
        responses=EscalationSerializer,
        parameters=[IF_MATCH],
    )
    def post(self, request: Request, case_id: UUID, escalation_id: UUID) -> Response:
        """The current level records its decision: who pays what, from when (at the team's
        level the regisseur, above it who sits at the level). At the last level the decision
        binds and becomes the module's funding decision."""
        access, locked = _write(
            request,
            case_id,
            escalation_id,
            allowed=selectors.may_decide,
            payload=DecideSerializer,
            act=_decide,
        )
        # The decided escalation as recorded: above the team it no longer waits at the
        # caller's level, so their door to it has shut (the page sends them to Mijn acties).
        decided = (
            Escalation.objects.select_related("level", "module", "raised_by")
            .prefetch_related("parties")
            .get(pk=locked.pk)
        )
        data = EscalationSerializer(_summary(access, decided)).data
        return Response(data, headers={"ETag": _etag(decided)})


class EscalationMoveUp(CaseScopedView):
    @extend_schema(
        tags=TAGS,
        request=NoteSerializer,
        responses=EscalationDetailSerializer,
        parameters=[IF_MATCH],
    )
    def post(self, request: Request, case_id: UUID, escalation_id: UUID) -> Response:
        """Ask the next level to decide now, before the deadline (a party in the
        disagreement on the team, or the regisseur), with the reason in `note`."""
        access, _moved = _write(
            request,
            case_id,
            escalation_id,
            allowed=selectors.may_request_move_up,
            payload=NoteSerializer,
            act=escalation_services.request_move_up,
            team_only=True,
        )
        return _detail(access, escalation_id)


class EscalationWithdraw(CaseScopedView):
    @extend_schema(
        tags=TAGS,
        request=NoteSerializer,
        responses=EscalationDetailSerializer,
        parameters=[IF_MATCH],
    )
    def post(self, request: Request, case_id: UUID, escalation_id: UUID) -> Response:
        """Withdraw the escalation: the partners agree after all (who raised it, or the
        regisseur)."""
        access, _withdrawn = _write(
            request,
            case_id,
            escalation_id,
            allowed=selectors.may_withdraw,
            payload=NoteSerializer,
            act=escalation_services.withdraw,
            team_only=True,
        )
        return _detail(access, escalation_id)


# --- the regisseur's checklist -------------------------------------------------------------


class ChecklistItemSerializer(serializers.Serializer[dict[str, Any]]):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    automatic = serializers.BooleanField(
        help_text="Ticked from the case's data; the others are ticked by hand."
    )
    done = serializers.BooleanField()
    ticked_by = serializers.CharField(allow_null=True, help_text="The last tick by hand.")
    ticked_at = serializers.DateTimeField(allow_null=True)


class ChecklistSerializer(serializers.Serializer[dict[str, Any]]):
    role = serializers.CharField(
        help_text="What the case's region calls the regisseur (procesbegeleider in Alkmaar)."
    )
    items = ChecklistItemSerializer(many=True)


class TickSerializer(StrictSerializer):
    done = serializers.BooleanField()


def _line(line: journey.ChecklistLine) -> dict[str, Any]:
    mark = line.mark
    return {
        "code": line.item.code,
        "label": str(line.item.label),
        "automatic": line.item.automatic,
        "done": line.done,
        "ticked_by": mark.by_user.get_full_name() if mark is not None else None,
        "ticked_at": mark.at if mark is not None else None,
    }


def _item(access: CaseAccess, code: str) -> Response:
    found = [_line(line) for line in journey.checklist(access.case) if line.item.code == code]
    if not found:
        raise Http404
    data = ChecklistItemSerializer(found[0]).data
    response = Response(data)
    response["ETag"] = etag_of(data)
    return response


class Checklist(CaseScopedView):
    @extend_schema(tags=TAGS, responses=ChecklistSerializer, operation_id="cases_checklist_list")
    def get(self, request: Request, case_id: UUID) -> Response:
        """The regisseur's checklist (seed 003, bijlage 5), in the framework's order: each
        item ticked from the data where the product knows it, by hand otherwise."""
        access = case_access(request, case_id, object_type="checklist")
        return Response(
            ChecklistSerializer(
                {
                    "role": journey.regisseur_title(access.case),
                    "items": [_line(line) for line in journey.checklist(access.case)],
                }
            ).data
        )


class ChecklistItem(CaseScopedView):
    @extend_schema(
        tags=TAGS, responses=ChecklistItemSerializer, operation_id="cases_checklist_item_retrieve"
    )
    def get(self, request: Request, case_id: UUID, code: str) -> Response:
        """One item of the checklist; its ETag is what a tick sends in If-Match."""
        access = case_access(request, case_id, object_type="checklist", object_id=code)
        return _item(access, code)

    @extend_schema(
        tags=TAGS, request=TickSerializer, responses=ChecklistItemSerializer, parameters=[IF_MATCH]
    )
    def patch(self, request: Request, case_id: UUID, code: str) -> Response:
        """Tick (or untick) an item that is ticked by hand (the regisseur, on an open case);
        an item read from the data answers 400."""
        access = case_access(request, case_id, object_type="checklist", object_id=code)
        payload = TickSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        write_if_match(
            request,
            # Locked as the service locks it: the ticks of a case are read and written in turn.
            lock=lambda: Case.objects.select_for_update().filter(pk=access.case.pk).first(),
            etag=lambda _case: str(_item(access, code)["ETag"]),
            write=lambda _case: case_services.tick_checklist_item(
                access, item=code, done=payload.validated_data["done"]
            ),
        )
        return _item(access, code)
