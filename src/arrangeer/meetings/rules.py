"""The rules of the MDO that the route, the pages and My actions share (ARCHITECTURE.md
rule 5)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from .constants import MDO_KINDS, Attendance, InviteeKind, InviteeStatus, MeetingStatus
from .models import ActionItem, Invitee, Meeting

if TYPE_CHECKING:
    from arrangeer.cases.models import Case

HELD = (MeetingStatus.HELD, MeetingStatus.APPROVED)


def visible_to(user_id: int) -> Q:
    """The meetings a person may see, as a filter on Meeting: the one rule for the meeting
    pages, the API and the personal calendar feed (on top of seeing the case at all). A
    professional invited to an MDO takes part once the parents approved them (002: the parents
    decide who comes); before their answer, and after a no, the meeting is not theirs to see.

    Hidden: a meeting to which this person is invited as a professional while the parents have
    not admitted them (their invitation proposed or refused). The regisseur sees every meeting
    of their case; the chair sees their meeting while the parents' answer about them is
    awaited (they organise it), not after a refusal. Team members who are not invited see the
    meeting as before; the family is never a professional invitee."""
    barred = Invitee.objects.filter(
        meeting=OuterRef("pk"),
        kind=InviteeKind.PROFESSIONAL,
        team_member__membership__user_id=user_id,
    ).filter(
        Q(status=InviteeStatus.REFUSED)
        | (Q(status=InviteeStatus.PROPOSED) & ~Q(team_member_id=OuterRef("chair_id")))
    )
    return Q(case__regisseur_id=user_id) | ~Q(Exists(barred))


def awaiting_parents() -> QuerySet[Invitee]:
    return Invitee.objects.filter(kind=InviteeKind.PROFESSIONAL, status=InviteeStatus.PROPOSED)


def invitees_approved(case: Case) -> bool:
    """A planned MDO (of the route's kinds, not a gouden driehoek or a handover MDO) exists
    with a professional invitee, and the parents decided on every professional invitee of it."""
    waiting = awaiting_parents().filter(meeting=OuterRef("pk"))
    has_professional = Invitee.objects.filter(meeting=OuterRef("pk"), kind=InviteeKind.PROFESSIONAL)
    return (
        Meeting.objects.filter(case=case, status=MeetingStatus.PLANNED, kind__in=MDO_KINDS)
        .filter(Exists(has_professional), ~Exists(waiting))
        .exists()
    )


def held(case: Case) -> QuerySet[Meeting]:
    """The case's MDOs that were held: recorded, and their start has passed (a record of a
    meeting still to come is no meeting held). Only the route's kinds (`MDO_KINDS`)."""
    return Meeting.objects.filter(
        case=case, kind__in=MDO_KINDS, status__in=HELD, starts_at__lte=timezone.now()
    )


def mdo_held_with_parents(case: Case) -> bool:
    present = Invitee.objects.filter(
        meeting=OuterRef("pk"), kind=InviteeKind.PARENT, attendance=Attendance.PRESENT
    )
    return held(case).filter(Exists(present)).exists()


def smart_agreements_followed(case: Case, *, today: dt.date | None = None) -> bool:
    """The MDO's SMART agreements are recorded and followed (seed 003, bijlage 5): there is at
    least one, each has who and by when, and none is past its day without being done."""
    today = today or timezone.localdate()
    actions = ActionItem.objects.filter(meeting__case=case).exclude(
        meeting__status=MeetingStatus.CANCELLED
    )
    counts = actions.aggregate(
        total=Count("pk"),
        incomplete=Count("pk", filter=Q(owner__isnull=True) | Q(due__isnull=True)),
        late=Count("pk", filter=Q(due__lt=today, done_at__isnull=True)),
    )
    total: int = counts["total"]
    incomplete: int = counts["incomplete"]
    late: int = counts["late"]
    return total > 0 and incomplete == 0 and late == 0


def next_meeting_planned(case: Case) -> bool:
    """An MDO of the case is planned from now on (not cancelled, not yet held)."""
    return Meeting.objects.filter(
        case=case, kind__in=MDO_KINDS, status=MeetingStatus.PLANNED, starts_at__gte=timezone.now()
    ).exists()
