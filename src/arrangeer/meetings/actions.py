"""The MDO in My actions (cases/actions/): agreements someone owns, and invitees that wait
for the parents' answer. Each source is one query, whatever the number of cases."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arrangeer.accounts.models import User
from arrangeer.cases.actions import PERSON, Action, first, limited, register_action_source

from .constants import InviteeKind, InviteeStatus, MeetingStatus
from .models import ActionItem, Invitee, Meeting

if TYPE_CHECKING:
    from arrangeer.cases.models import Case


def _meeting(meeting: Meeting) -> tuple[tuple[str, object], ...]:
    return (("meeting_id", meeting.uuid),)


def _agreements_probe(today: dt.date) -> list[QuerySet[Any]]:
    return [
        ActionItem.objects.filter(
            meeting__status__in=[MeetingStatus.HELD, MeetingStatus.APPROVED],
            owner__membership__user=PERSON,
            done_at__isnull=True,
        ).values("pk")
    ]


@register_action_source(
    "meeting_action",
    label=gettext_lazy("Agreements from an MDO"),
    mail=gettext_lazy("An agreement from an MDO that you carry out is due."),
    probe=_agreements_probe,
)
def _agreements(
    user: User, cases: QuerySet[Case], today: dt.date, limit: int | None
) -> Iterable[Action]:
    items = (
        ActionItem.objects.filter(
            meeting__case__in=cases,
            meeting__status__in=[MeetingStatus.HELD, MeetingStatus.APPROVED],
            owner__membership__user=user,
            done_at__isnull=True,
        )
        .select_related("meeting__case__child")
        .order_by(
            F("due").asc(nulls_last=True),
            "meeting__case__child__last_name",
            "meeting__case_id",
            "pk",
        )
    )
    for item in limited(items, limit):
        yield Action(
            source="meeting_action",
            case=item.meeting.case,
            title=_("MDO agreement: %(what)s") % {"what": item.what},
            due=item.due,
            view="meetings:detail",
            url_kwargs=_meeting(item.meeting),
            anchor="#acties",
            key=f"meeting_action:{item.pk}:{item.due}",
            remind_from=item.due - dt.timedelta(days=3) if item.due else None,
            tiebreak=item.pk,
        )


def _waiting() -> QuerySet[Invitee]:
    return Invitee.objects.filter(
        meeting=OuterRef("pk"), kind=InviteeKind.PROFESSIONAL, status=InviteeStatus.PROPOSED
    )


def _parents_probe(today: dt.date) -> list[QuerySet[Any]]:
    """The meetings they lead, and those they chair: each by its own index (not an OR)."""
    planned = Meeting.objects.filter(status=MeetingStatus.PLANNED).filter(Exists(_waiting()))
    return [
        planned.filter(case__regisseur=PERSON).values("pk"),
        planned.filter(chair__membership__user=PERSON).values("pk"),
    ]


@register_action_source(
    "meeting_parents_approve",
    label=gettext_lazy("Invitees waiting for the parents"),
    mail=gettext_lazy("The parents still have to approve who is invited to an MDO."),
    probe=_parents_probe,
)
def _parents(
    user: User, cases: QuerySet[Case], today: dt.date, limit: int | None
) -> Iterable[Action]:
    meetings = (
        Meeting.objects.filter(case__in=cases, status=MeetingStatus.PLANNED)
        .filter(Exists(_waiting()))
        .filter(Q(case__regisseur=user) | Q(chair__membership__user=user))
        .select_related("case__child")
    )

    def order(m: Meeting) -> tuple[object, ...]:
        return (timezone.localtime(m.starts_at).date(), m.case.child.last_name, m.case_id, m.pk)

    # The meetings this person leads or chairs: read those few, cut before building.
    for meeting in first(meetings, order, limit):
        start = timezone.localtime(meeting.starts_at).date()
        yield Action(
            source="meeting_parents_approve",
            case=meeting.case,
            title=_("Ask the parents to approve the invitees of the MDO of %(date)s")
            % {"date": start.strftime("%d-%m-%Y")},
            due=start - dt.timedelta(days=7),
            view="meetings:detail",
            url_kwargs=_meeting(meeting),
            anchor="#genodigden",
            key=f"meeting_parents_approve:{meeting.pk}:{meeting.sequence}",
            remind_from=start - dt.timedelta(days=7),
            tiebreak=meeting.pk,
        )


def _invitations_probe(today: dt.date) -> list[QuerySet[Any]]:
    """Their invitations still unanswered, whatever the meeting: found from their own places
    (the meeting's date and status, joined or as a subquery, made the database walk every
    meeting: 23 ms at 100k, 1 ms without)."""
    return [
        Invitee.objects.filter(
            kind=InviteeKind.PROFESSIONAL,
            status=InviteeStatus.INVITED,
            team_member__membership__user=PERSON,
        ).values("pk")
    ]


@register_action_source(
    "meeting_invitation",
    label=gettext_lazy("Meetings you are invited to"),
    mail=gettext_lazy("You are invited to a meeting and have not answered yet."),
    probe=_invitations_probe,
)
def _invitations(
    user: User, cases: QuerySet[Case], today: dt.date, limit: int | None
) -> Iterable[Action]:
    """For a professional invitee: the invitation went out and waits for their answer, for an
    MDO as for the gouden driehoek and the handover MDO (the kind is in the line). Only sent
    invitations: the parents admitted them (`rules.visible_to`)."""
    invited = (
        Invitee.objects.filter(
            meeting__case__in=cases,
            meeting__status=MeetingStatus.PLANNED,
            meeting__starts_at__date__gte=today,
            kind=InviteeKind.PROFESSIONAL,
            status=InviteeStatus.INVITED,
            team_member__membership__user=user,
        )
        .select_related("meeting__case__child")
        .order_by("meeting__starts_at", "meeting__case__child__last_name", "pk")
    )
    for invitee in limited(invited, limit):
        meeting = invitee.meeting
        start = timezone.localtime(meeting.starts_at)
        yield Action(
            source="meeting_invitation",
            case=meeting.case,
            title=_("%(kind)s on %(date)s: answer the invitation")
            % {"kind": meeting.get_kind_display(), "date": start.strftime("%d-%m-%Y %H:%M")},
            due=start.date(),
            view="meetings:detail",
            url_kwargs=_meeting(meeting),
            anchor="#antwoord-titel",
            key=f"meeting_invitation:{invitee.pk}:{meeting.sequence}",
            remind_from=start.date() - dt.timedelta(days=3),
            tiebreak=invitee.pk,
        )
