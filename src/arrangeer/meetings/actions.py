"""The MDO in My actions (routes/actions.py): agreements someone owns, and invitees that wait
for the parents' answer. Each source is one query, whatever the number of cases."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arrangeer.accounts.models import User
from arrangeer.routes.actions import Action, register_action_source

from .constants import InviteeKind, InviteeStatus, MeetingStatus
from .models import ActionItem, Meeting

if TYPE_CHECKING:
    from arrangeer.cases.models import Case


def _url(meeting: Meeting) -> str:
    return reverse(
        "meetings:detail", kwargs={"case_id": meeting.case.uuid, "meeting_id": meeting.uuid}
    )


@register_action_source(
    "meeting_action",
    label=gettext_lazy("Agreements from an MDO"),
    mail=gettext_lazy("An agreement from an MDO that you carry out is due."),
)
def _agreements(user: User, cases: QuerySet[Case], today: dt.date) -> Iterable[Action]:
    for item in (
        ActionItem.objects.filter(
            meeting__case__in=cases,
            meeting__status__in=[MeetingStatus.HELD, MeetingStatus.APPROVED],
            owner__membership__user=user,
            done_at__isnull=True,
        )
        .select_related("meeting__case__child")
        .order_by("due", "pk")
    ):
        yield Action(
            source="meeting_action",
            case=item.meeting.case,
            title=_("MDO agreement: %(what)s") % {"what": item.what},
            due=item.due,
            url=_url(item.meeting) + "#acties",
            key=f"meeting_action:{item.pk}:{item.due}",
            remind_from=item.due - dt.timedelta(days=3) if item.due else None,
        )


@register_action_source(
    "meeting_parents_approve",
    label=gettext_lazy("Invitees waiting for the parents"),
    mail=gettext_lazy("The parents still have to approve who is invited to an MDO."),
)
def _parents(user: User, cases: QuerySet[Case], today: dt.date) -> Iterable[Action]:
    for meeting in (
        Meeting.objects.filter(
            case__in=cases,
            status=MeetingStatus.PLANNED,
            invitees__kind=InviteeKind.PROFESSIONAL,
            invitees__status=InviteeStatus.PROPOSED,
        )
        .filter(Q(case__regisseur=user) | Q(chair__membership__user=user))
        .select_related("case__child")
        .distinct()
        .order_by("starts_at")
    ):
        start = timezone.localtime(meeting.starts_at).date()
        yield Action(
            source="meeting_parents_approve",
            case=meeting.case,
            title=_("Ask the parents to approve the invitees of the MDO of %(date)s")
            % {"date": start.strftime("%d-%m-%Y")},
            due=start - dt.timedelta(days=7),
            url=_url(meeting) + "#genodigden",
            key=f"meeting_parents_approve:{meeting.pk}:{meeting.sequence}",
            remind_from=start - dt.timedelta(days=7),
        )
