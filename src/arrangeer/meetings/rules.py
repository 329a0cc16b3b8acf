"""The rules of the MDO that the route, the pages and My actions share (ARCHITECTURE.md
rule 5)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet

from .constants import Attendance, InviteeKind, InviteeStatus, MeetingKind, MeetingStatus
from .models import Invitee, Meeting, Preparation

if TYPE_CHECKING:
    from arrangeer.cases.models import Case

MDO_KINDS = (MeetingKind.FIRST, MeetingKind.EVALUATION, MeetingKind.EXTRA)
HELD = (MeetingStatus.HELD, MeetingStatus.APPROVED)


def awaiting_parents() -> QuerySet[Invitee]:
    return Invitee.objects.filter(kind=InviteeKind.PROFESSIONAL, status=InviteeStatus.PROPOSED)


def invitees_approved(case: Case) -> bool:
    """A planned MDO exists with a professional invitee, and the parents decided on every
    professional invitee of it."""
    waiting = awaiting_parents().filter(meeting=OuterRef("pk"))
    has_professional = Invitee.objects.filter(meeting=OuterRef("pk"), kind=InviteeKind.PROFESSIONAL)
    return (
        Meeting.objects.filter(case=case, status=MeetingStatus.PLANNED)
        .filter(Exists(has_professional), ~Exists(waiting))
        .exists()
    )


def mdo_held_with_parents(case: Case) -> bool:
    present = Invitee.objects.filter(
        meeting=OuterRef("pk"), kind=InviteeKind.PARENT, attendance=Attendance.PRESENT
    )
    return Meeting.objects.filter(case=case, status__in=HELD).filter(Exists(present)).exists()


def child_heard(case: Case) -> bool:
    """In a held MDO the child was there, or their view was written down beforehand."""
    attended = Invitee.objects.filter(
        meeting=OuterRef("pk"), kind=InviteeKind.CHILD, attendance=Attendance.PRESENT
    )
    view = Preparation.objects.filter(meeting=OuterRef("pk"), is_child_view=True)
    return (
        Meeting.objects.filter(case=case, status__in=HELD)
        .filter(Q(Exists(attended)) | Q(Exists(view)))
        .exists()
    )
