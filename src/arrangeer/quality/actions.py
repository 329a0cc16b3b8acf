"""The handler's line in Mijn acties (cases.actions's registry; imported from
QualityConfig.ready()): a concern to acknowledge, due within the region's term. And the
regisseur's warning before closing a case with a concern still open at the contact point
(cases.journey's registry)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from arrangeer.accounts.models import User
from arrangeer.cases.actions import PERSON, Action, limited, register_action_source
from arrangeer.cases.journey import register_close_warning
from arrangeer.cases.models import Case

from .constants import ConcernStatus
from .models import Concern, ContactHandler
from .selectors import concerns_for_handler


def _concerns_probe(today: dt.date) -> list[QuerySet[Any]]:
    """Their places at an active contact point (`concerns_for_handler` starts from them)."""
    return [
        ContactHandler.objects.filter(
            membership__user=PERSON, membership__is_active=True, contact_point__is_active=True
        ).values("pk")
    ]


@register_action_source(
    "quality_concern",
    label=gettext_lazy("Concerns about the quality of support to acknowledge"),
    mail=gettext_lazy("A concern reported to your contact point waits for your acknowledgement."),
    probe=_concerns_probe,
)
def concerns_to_acknowledge(
    user: User, cases: QuerySet[Case], today: dt.date, limit: int | None
) -> Iterable[Action]:
    """The handler is not on the case's team: their concerns are found from their own few
    handler places, not from `cases`. Sorted and cut in the database: two queries."""
    found = (
        concerns_for_handler(user)
        .filter(status=ConcernStatus.RECEIVED)
        .order_by("acknowledge_due", "case__child__last_name", "case_id", "pk")
    )
    for concern in limited(found, limit):
        yield Action(
            source="quality_concern",
            case=concern.case,
            title=_("Acknowledge the concern about %(organisation)s (%(kind)s)")
            % {"organisation": concern.concerned.name, "kind": concern.get_kind_display()},
            due=concern.acknowledge_due,
            view="quality:detail",
            url_kwargs=(("concern_id", concern.uuid),),
            key=f"quality_concern:{concern.pk}",
            remind_from=timezone.localtime(concern.reported_at).date(),
            tiebreak=concern.pk,
        )


@register_close_warning
def open_concerns(case: Case) -> list[str]:
    """Closing does not close a concern: it stays with the contact point, whose handler
    handles it to its outcome, and its reporter keeps seeing the status. One query."""
    count = Concern.objects.filter(case=case).exclude(status=ConcernStatus.CLOSED).count()
    if not count:
        return []
    return [
        ngettext(
            "A concern about the quality of the support on this case is still open at the "
            "contact point. It stays open after the case is closed: the contact point handles "
            "it to the end and the reporter keeps seeing its status.",
            "%(count)d concerns about the quality of the support on this case are still open "
            "at the contact point. They stay open after the case is closed: the contact point "
            "handles them to the end and the reporters keep seeing their status.",
            count,
        )
        % {"count": count}
    ]
