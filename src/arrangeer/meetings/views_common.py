"""What the MDO's pages share: the door (the case's, or the Loket's for a gouden driehoek's
adviser, decided in one step by `access_case`), the meeting a manager works on, links and
messages."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.urls import reverse

from arrangeer.cases.access import (
    Actor,
    CaseAccess,
    access_case,
)
from arrangeer.children.models import LegalRepresentative

from . import selectors, services
from .models import Invitee, Meeting


def meeting_door(request: HttpRequest, case_id: UUID, **kwargs: Any) -> CaseAccess:
    """The case's door (the team); for a gouden driehoek, its Loket's adviser comes in through
    the Loket's door, within the family's consent for the Loket: the door decides which in
    the same query as the case (`access_case(advice_lokets=...)`)."""
    kwargs.setdefault("object_type", "meeting")
    meeting_id = kwargs.get("object_id", "")
    if meeting_id:
        kwargs["advice_lokets"] = selectors.organising_lokets(case_id, meeting_id)
    return access_case(Actor.from_request(request), case_id, **kwargs)


def managed_meeting(
    request: HttpRequest, case_id: UUID, meeting_id: UUID
) -> tuple[CaseAccess, Meeting]:
    access = meeting_door(request, case_id, object_id=str(meeting_id))
    meeting = selectors.get_meeting(access, meeting_id)
    if not services.can_manage(access, meeting):
        raise Http404
    return access, meeting


def meeting_url(case_id: UUID, meeting_id: UUID, anchor: str = "") -> str:
    url = reverse("meetings:detail", kwargs={"case_id": case_id, "meeting_id": meeting_id})
    return f"{url}#{anchor}" if anchor else url


def record_url(case_id: UUID, meeting_id: UUID) -> str:
    return reverse("meetings:record", kwargs={"case_id": case_id, "meeting_id": meeting_id})


def page_context(access: CaseAccess, **extra: Any) -> dict[str, Any]:
    return {"access": access, "case": access.case, **extra}


def show_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def parents_with_authority(access: CaseAccess) -> Any:
    return LegalRepresentative.objects.filter(
        child_id=access.case.child_id, has_authority=True
    ).order_by("last_name", "first_name", "pk")


def invitee_of(meeting: Meeting, invitee_id: UUID) -> Invitee:
    invitee = (
        Invitee.objects.filter(meeting=meeting, uuid=invitee_id)
        .select_related("team_member__membership__user", "meeting")
        .first()
    )
    if invitee is None:
        raise Http404
    return invitee
