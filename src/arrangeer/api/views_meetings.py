"""REST API v1: the MDO of a case — meetings (plan, read, change with If-Match, cancel), the
agenda, the invitees with the parents' approval recorded on their behalf, the invitations,
the invitee's own answer, the record (attendance and minutes), decisions, SMART actions and
the approval of the minutes. Every read goes through cases.access and the meetings app's
selectors (what a viewer sees of the minutes is exactly what the pages show); every write
through meetings.services, exactly as the pages. Writes are for the regisseur and the
meeting's chair; anyone else gets the same 404 as for a case they cannot see."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from arrangeer.audit.constants import Event
from arrangeer.cases.access import LOKET_ROLES, CaseAccess, access_case_for_advice
from arrangeer.cases.constants import MemberStatus
from arrangeer.cases.models import TeamMember
from arrangeer.children.models import LegalRepresentative
from arrangeer.loket import selectors as loket_selectors
from arrangeer.loket import services as loket_services
from arrangeer.loket.models import Consult
from arrangeer.meetings import selectors
from arrangeer.meetings import services as meeting_services
from arrangeer.meetings.constants import InviteeStatus, MeetingKind
from arrangeer.meetings.models import ActionItem, AgendaItem, Decision, Invitee, Meeting
from arrangeer.organisations.models import Membership
from arrangeer.plans.models import Goal, Module
from arrangeer.transitions import selectors as transition_selectors
from arrangeer.transitions import services as transition_services

from .base import (
    IF_MATCH,
    CaseScopedView,
    Pagination,
    actor_for,
    case_access,
    etag_of,
    write_if_match,
)
from .problems import problem
from .serializers_meetings import (
    ActionCreateSerializer,
    ActionSerializer,
    AgendaAddSerializer,
    AgendaItemSerializer,
    DecisionCreateSerializer,
    DecisionSerializer,
    InviteeSerializer,
    InviteSerializer,
    MeetingChangeSerializer,
    MeetingCreateSerializer,
    MeetingDetailSerializer,
    MeetingSerializer,
    ParentsDecisionSerializer,
    RecordSerializer,
    RespondSerializer,
    SendingSerializer,
    SendSerializer,
)

TAGS = ["meetings"]
OBJECT = "meeting"


def _detail_data(access: CaseAccess, meeting: Meeting) -> dict[str, Any]:
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


def _etag(meeting: Meeting) -> str:
    return etag_of(MeetingSerializer(meeting).data)


def _detail(access: CaseAccess, meeting: Meeting, *, code: int = 200) -> Response:
    meeting = selectors.get_meeting(access, meeting.uuid)
    response = Response(_detail_data(access, meeting), status=code)
    response["ETag"] = _etag(meeting)
    return response


# --- helpers -------------------------------------------------------------------------------


def _meeting(request: Request, case_id: UUID, meeting_id: UUID) -> tuple[CaseAccess, Meeting]:
    """The meeting through the case's door; a gouden driehoek also through the Loket's door
    for a Loket role at the Loket that organises it (as the meeting's pages)."""
    loket_id = _organising_loket(request, case_id, meeting_id)
    if loket_id is not None:
        access = access_case_for_advice(
            actor_for(request),
            case_id,
            organisation_id=loket_id,
            object_type=OBJECT,
            object_id=str(meeting_id),
        )
    else:
        access = case_access(request, case_id, object_type=OBJECT, object_id=str(meeting_id))
    return access, selectors.get_meeting(access, meeting_id)


def _organising_loket(request: Request, case_id: UUID, meeting_id: UUID) -> int | None:
    """The Loket that organises this gouden driehoek, when the caller works there."""
    loket_id = (
        Meeting.objects.filter(
            uuid=meeting_id, case__uuid=case_id, kind=MeetingKind.GOUDEN_DRIEHOEK
        )
        .values_list("organiser__organisation_id", flat=True)
        .first()
    )
    if loket_id is None or request.user.pk is None:
        return None
    at_loket = (
        Membership.objects.active()
        .filter(user_id=request.user.pk, organisation_id=loket_id, role__in=LOKET_ROLES)
        .exists()
    )
    return loket_id if at_loket else None


def _managed(request: Request, case_id: UUID, meeting_id: UUID) -> tuple[CaseAccess, Meeting]:
    access, meeting = _meeting(request, case_id, meeting_id)
    if not meeting_services.can_manage(access, meeting):
        raise Http404
    return access, meeting


def _overlap(error: ValidationError) -> Response:
    return problem(
        status.HTTP_409_CONFLICT,
        _("The chair is booked at that time"),
        " ".join(error.messages),
        errors={"confirm_overlap": [str(m) for m in error.messages]},
    )


def _member(access: CaseAccess, pk: int, field: str, **filters: Any) -> TeamMember:
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


def _invitee(meeting: Meeting, invitee_id: UUID) -> Invitee:
    invitee = (
        Invitee.objects.filter(meeting=meeting, uuid=invitee_id)
        .select_related("team_member__membership__user", "meeting")
        .first()
    )
    if invitee is None:
        raise Http404
    return invitee


# --- views ---------------------------------------------------------------------------------


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
        if _sent_kind(request) == MeetingKind.GOUDEN_DRIEHOEK:
            return _plan_driehoek(request, case_id)
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
                meeting = _plan_handover(access, chair_id, data)
            else:
                if chair_id is None:
                    raise serializers.ValidationError(
                        {"chair": [_("Choose the team member who chairs the meeting.")]}
                    )
                chair = _member(access, chair_id, "chair")
                meeting = meeting_services.plan_meeting(access, chair=chair, **data)
        except meeting_services.OverlapWarning as warning:
            return _overlap(warning)
        return _detail(access, meeting, code=status.HTTP_201_CREATED)


# What a meeting of its own kind does not have: it is chaired by the regisseur's place and has
# no interpreter, consent forms or rhythm (meetings.services._plan_own_kind).
_NOT_OWN_KIND = ("interpreter_needed", "interpreter_language", "consent_forms_prepared")


def _sent_kind(request: Request) -> str | None:
    data = request.data
    kind = data.get("kind") if hasattr(data, "get") else None
    return kind if isinstance(kind, str) else None


def _own_kind_fields(data: dict[str, Any], chair_id: int | None) -> dict[str, Any]:
    """The fields a meeting of its own kind takes; 400 for what it does not have."""
    errors: dict[str, list[str]] = {}
    if chair_id is not None:
        errors["chair"] = [_("The regisseur's place chairs this meeting: do not send a chair.")]
    for name in _NOT_OWN_KIND:
        if data.get(name):
            errors[name] = [_("This meeting has no interpreter or consent forms of its own.")]
    if data.get("rhythm_weeks") is not None:
        errors["rhythm_weeks"] = [_("This meeting has no rhythm of its own.")]
    if errors:
        raise serializers.ValidationError(errors)
    return {
        name: data[name]
        for name in (
            "starts_at",
            "ends_at",
            "place",
            "video_link",
            "room",
            "category",
            "confirm_overlap",
        )
    }


def _plan_handover(access: CaseAccess, chair_id: int | None, data: dict[str, Any]) -> Meeting:
    """The handover MDO of the case's transition in preparation (`transitions.services`),
    for the regisseur: the door has let only them in."""
    fields = _own_kind_fields(data, chair_id)
    transition = transition_selectors.current_transition(access.case)
    if transition is None:
        raise ValidationError(
            {"kind": _("Plan the handover MDO once the receiving school is proposed.")}
        )
    # Which steps of the transition allow it is the service's rule (the page's too).
    return transition_services.plan_handover_meeting(access, transition, **fields)


def _consult_id(request: Request) -> UUID | None:
    raw = request.data.get("consult") if hasattr(request.data, "get") else None
    try:
        return UUID(str(raw)) if raw else None
    except ValueError:
        return None


def _plan_driehoek(request: Request, case_id: UUID) -> Response:
    """The gouden driehoek, planned by the Integraal Loket's adviser through the Loket's
    door (`cases.access.access_case_for_advice`: a Loket role at the Loket the question was
    asked of, within the family's consent for that Loket), as the Loket's page plans it.
    Anyone else, and a question that is not this case's, gets the door's 404 (logged)."""
    consult_id = _consult_id(request)
    loket_id = (
        Consult.objects.filter(uuid=consult_id, case__uuid=case_id)
        .values_list("loket_id", flat=True)
        .first()
        if consult_id is not None
        else None
    )
    # No question of this case: the door refuses (and logs) as for a Loket of no one.
    access = access_case_for_advice(
        actor_for(request),
        case_id,
        organisation_id=loket_id or 0,
        event=Event.CREATE,
        object_type="loket_consult",
        object_id=str(consult_id or ""),
    )
    consult = (
        loket_selectors.consults_of(access).filter(uuid=consult_id).first()
        if consult_id is not None
        else None
    )
    if consult is None:
        raise Http404
    payload = MeetingCreateSerializer(data=request.data)
    payload.is_valid(raise_exception=True)
    data = dict(payload.validated_data)
    fields = _own_kind_fields(data, data.get("chair"))
    try:
        # Not an adviser of this Loket: PermissionDenied, the API's 404.
        meeting = loket_services.plan_driehoek(access, consult, **fields)
    except meeting_services.OverlapWarning as warning:
        return _overlap(warning)
    return _detail(access, meeting, code=status.HTTP_201_CREATED)


class MeetingDetail(CaseScopedView):
    @extend_schema(tags=TAGS, responses=MeetingDetailSerializer)
    def get(self, request: Request, case_id: UUID, meeting_id: UUID) -> Response:
        """One MDO with its invitees, agenda, decisions and actions, as far as you may see
        them."""
        access, meeting = _meeting(request, case_id, meeting_id)
        return _detail(access, meeting)

    @extend_schema(
        tags=TAGS,
        request=MeetingChangeSerializer,
        responses=MeetingDetailSerializer,
        parameters=[IF_MATCH],
    )
    def patch(self, request: Request, case_id: UUID, meeting_id: UUID) -> Response:
        """Change the time, place or practicalities of a planned MDO (chair or regisseur). A
        new time or place makes the next sending an update to everyone invited."""
        access, meeting = _managed(request, case_id, meeting_id)
        payload = MeetingChangeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        fields = {
            name: getattr(meeting, name)
            for name in (
                "starts_at",
                "ends_at",
                "place",
                "video_link",
                "room",
                "interpreter_needed",
                "interpreter_language",
                "consent_forms_prepared",
                "rhythm_weeks",
            )
        }
        fields.update(payload.validated_data)
        try:
            changed = write_if_match(
                request,
                lock=lambda: (
                    selectors.meetings_of(access).select_for_update(of=("self",)).get(pk=meeting.pk)
                ),
                etag=_etag,
                write=lambda locked: meeting_services.change_meeting(access, locked, **fields),
            )
        except meeting_services.OverlapWarning as warning:
            return _overlap(warning)
        return _detail(access, changed)


class MeetingCancel(CaseScopedView):
    @extend_schema(tags=TAGS, request=None, responses=MeetingDetailSerializer)
    def post(self, request: Request, case_id: UUID, meeting_id: UUID) -> Response:
        """Cancel a planned MDO; everyone invited gets a cancellation."""
        access, meeting = _managed(request, case_id, meeting_id)
        return _detail(access, meeting_services.cancel_meeting(access, meeting))


class AgendaList(CaseScopedView):
    @extend_schema(tags=TAGS, responses=AgendaItemSerializer(many=True))
    def get(self, request: Request, case_id: UUID, meeting_id: UUID) -> Response:
        """The agenda, with the minutes per item as far as you may see them."""
        access, meeting = _meeting(request, case_id, meeting_id)
        view = selectors.meeting_view(access, meeting)
        return Response(AgendaItemSerializer(view.agenda, many=True).data)

    @extend_schema(tags=TAGS, request=AgendaAddSerializer, responses={201: AgendaItemSerializer})
    def post(self, request: Request, case_id: UUID, meeting_id: UUID) -> Response:
        """Add an item at the end of the agenda (chair or regisseur)."""
        access, meeting = _managed(request, case_id, meeting_id)
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
        access, meeting = _managed(request, case_id, meeting_id)
        item = AgendaItem.objects.filter(meeting=meeting, pk=item_id).first()
        if item is None:
            raise Http404
        item.meeting = meeting
        meeting_services.remove_agenda_item(access, item)
        return Response(status=status.HTTP_204_NO_CONTENT)


class InviteeList(CaseScopedView):
    @extend_schema(tags=TAGS, responses=InviteeSerializer(many=True))
    def get(self, request: Request, case_id: UUID, meeting_id: UUID) -> Response:
        """Who is invited, with the parents' answer and each one's own answer."""
        access, meeting = _meeting(request, case_id, meeting_id)
        view = selectors.meeting_view(access, meeting)
        return Response(InviteeSerializer(view.invitees, many=True).data)

    @extend_schema(tags=TAGS, request=InviteSerializer, responses={201: InviteeSerializer})
    def post(self, request: Request, case_id: UUID, meeting_id: UUID) -> Response:
        """Propose a team member as invitee (chair or regisseur). The parents approve before
        an invitation goes out."""
        access, meeting = _managed(request, case_id, meeting_id)
        payload = InviteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        member = _member(
            access,
            payload.validated_data["member"],
            "member",
            status__in=[MemberStatus.ACTIVE, MemberStatus.PROPOSED],
        )
        invitee = meeting_services.propose_invitee(access, meeting, member=member)
        return Response(
            InviteeSerializer(_invitee(meeting, invitee.uuid)).data,
            status=status.HTTP_201_CREATED,
        )


class _ParentsDecision(CaseScopedView):
    approve = True

    def post(self, request: Request, case_id: UUID, meeting_id: UUID, invitee_id: UUID) -> Response:
        access, meeting = _managed(request, case_id, meeting_id)
        invitee = _invitee(meeting, invitee_id)
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
        if self.approve:
            meeting_services.approve_invitee(
                access,
                invitee,
                representative=representative,
                via=data["via"],
                reason=data["reason"],
            )
        else:
            meeting_services.refuse_invitee(
                access,
                invitee,
                representative=representative,
                via=data["via"],
                reason=data["reason"],
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
        access, meeting = _managed(request, case_id, meeting_id)
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
        access, meeting = _meeting(request, case_id, meeting_id)
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
        return Response(InviteeSerializer(_invitee(meeting, answered.uuid)).data)


class RecordMeeting(CaseScopedView):
    @extend_schema(tags=TAGS, request=RecordSerializer, responses=MeetingDetailSerializer)
    def post(self, request: Request, case_id: UUID, meeting_id: UUID) -> Response:
        """Record the meeting (chair or regisseur): attendance per invitee and the minutes
        per agenda item. The parents are always there; if not, give the reason. Again until
        the minutes are approved; attendance not sent is cleared."""
        access, meeting = _managed(request, case_id, meeting_id)
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
        return _detail(access, recorded)


class DecisionList(CaseScopedView):
    @extend_schema(tags=TAGS, responses=DecisionSerializer(many=True))
    def get(self, request: Request, case_id: UUID, meeting_id: UUID) -> Response:
        """The decisions, as far as you may see the minutes (your categories)."""
        access, meeting = _meeting(request, case_id, meeting_id)
        view = selectors.meeting_view(access, meeting)
        return Response(DecisionSerializer(view.decisions, many=True).data)

    @extend_schema(tags=TAGS, request=DecisionCreateSerializer, responses={201: DecisionSerializer})
    def post(self, request: Request, case_id: UUID, meeting_id: UUID) -> Response:
        """Record a decision of a held MDO (chair or regisseur), optionally tied to an agenda
        item and a goal or module of the plan."""
        access, meeting = _managed(request, case_id, meeting_id)
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
        access, meeting = _meeting(request, case_id, meeting_id)
        view = selectors.meeting_view(access, meeting)
        return Response(ActionSerializer(view.actions, many=True).data)

    @extend_schema(tags=TAGS, request=ActionCreateSerializer, responses={201: ActionSerializer})
    def post(self, request: Request, case_id: UUID, meeting_id: UUID) -> Response:
        """Record a SMART agreement (chair or regisseur): what, who, by when. Owner and date may
        wait while the minutes are drafted; the minutes need both before approval."""
        access, meeting = _managed(request, case_id, meeting_id)
        payload = ActionCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        owner = None
        if data["owner"] is not None:
            owner = _member(access, data["owner"], "owner", status=MemberStatus.ACTIVE)
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
        access, meeting = _managed(request, case_id, meeting_id)
        return _detail(access, meeting_services.approve_minutes(access, meeting))
