"""Planning a meeting of its own kind in the API, as its pages do: the gouden driehoek by the
Integraal Loket's adviser through the Loket's door, and the handover MDO by the regisseur
during a transition."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from arrangeer.audit.constants import Event
from arrangeer.cases.access import CaseAccess, access_case_for_advice
from arrangeer.loket import selectors as loket_selectors
from arrangeer.loket import services as loket_services
from arrangeer.loket.models import Consult
from arrangeer.meetings import services as meeting_services
from arrangeer.meetings.models import Meeting
from arrangeer.transitions import selectors as transition_selectors
from arrangeer.transitions import services as transition_services

from .base import (
    actor_for,
)
from .meetings_common import (
    detail_response,
    overlap_problem,
)
from .serializers_meetings import (
    MeetingCreateSerializer,
)

# What a meeting of its own kind does not have: it is chaired by the regisseur's place and has
# no interpreter, consent forms or rhythm (meetings.services._plan_own_kind).
_NOT_OWN_KIND = ("interpreter_needed", "interpreter_language", "consent_forms_prepared")
_NOT_SENT_ON = (*_NOT_OWN_KIND, "rhythm_weeks", "chair", "kind", "consult")


def sent_kind(request: Request) -> str | None:
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
    # The rest of what was sent, but what says which meeting and about what (the kind, the
    # question to the Loket): when and where, the category and the overlap's confirmation.
    return {name: value for name, value in data.items() if name not in _NOT_SENT_ON}


def plan_handover(access: CaseAccess, chair_id: int | None, data: dict[str, Any]) -> Meeting:
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


def plan_driehoek(request: Request, case_id: UUID) -> Response:
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
        return overlap_problem(warning)
    return detail_response(access, meeting, code=status.HTTP_201_CREATED)
