"""The escalation's line in Mijn acties (cases.actions's registry; imported from
EscalationsConfig.ready()): for whoever must act at the current level."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arrangeer.accounts.models import User
from arrangeer.cases.actions import PERSON, Action, limited, register_action_source
from arrangeer.cases.models import Case
from arrangeer.organisations.models import Membership

from .constants import EscalationStatus, Seats
from .models import Escalation
from .rules import memberships_of, seated_q


def _escalations_probe(today: dt.date) -> list[QuerySet[Any]]:
    """At the team's level, on a case they lead; above it, a place of theirs in the role of
    the level of an open escalation (`seated_q` asks the organisation as well)."""
    open_ = Escalation.objects.filter(status=EscalationStatus.OPEN)
    above = open_.exclude(level__seats=Seats.TEAM).values("level__role")
    return [
        open_.filter(level__seats=Seats.TEAM, case__regisseur=PERSON).values("pk"),
        Membership.objects.active().filter(user=PERSON, role__in=above).values("pk"),
    ]


@register_action_source(
    "escalation",
    label=gettext_lazy("Escalations waiting for your decision"),
    mail=gettext_lazy("An escalation about who pays for a module waits for your decision."),
    probe=_escalations_probe,
)
def escalations_to_decide(
    user: User, cases: QuerySet[Case], today: dt.date, limit: int | None
) -> Iterable[Action]:
    """At the team's level: the regisseur of the case (from `cases`, their own caseload).
    Above it: who sits at the level, found from their own few memberships (the access layer's
    seat ground lets them open the escalation; they are not on the team). Sorted and cut in
    the database: one query."""
    at_team = Q(level__seats=Seats.TEAM, case__in=cases.filter(regisseur=user))
    memberships = memberships_of(user)
    wanted = at_team | seated_q(memberships) if memberships else at_team
    found = (
        Escalation.objects.filter(wanted, status=EscalationStatus.OPEN)
        .select_related("case__child", "level")
        .order_by("level_due", "case__child__last_name", "case_id", "pk")
    )
    for escalation in limited(found, limit):
        yield Action(
            source="escalation",
            case=escalation.case,
            title=_("Decide at level %(number)d (%(level)s) who pays: %(question)s")
            % {
                "number": escalation.level.number,
                "level": escalation.level.name,
                "question": escalation.question[:80],
            },
            due=escalation.level_due,
            view="escalations:detail",
            url_kwargs=(("escalation_id", escalation.uuid),),
            key=f"escalation:{escalation.pk}:{escalation.level_id}",
            remind_from=timezone.localtime(escalation.level_since).date(),
            tiebreak=escalation.pk,
        )
