"""The handler's line in Mijn acties (cases.actions's registry; imported from
QualityConfig.ready()): a concern to acknowledge, due within the region's term."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arrangeer.accounts.models import User
from arrangeer.cases.actions import Action, limited, register_action_source
from arrangeer.cases.models import Case

from .constants import ConcernStatus
from .selectors import concerns_for_handler


@register_action_source(
    "quality_concern",
    label=gettext_lazy("Concerns about the quality of support to acknowledge"),
    mail=gettext_lazy("A concern reported to your contact point waits for your acknowledgement."),
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
