"""The warning of a coming transition in Mijn acties (cases.actions's registry; imported from
TransitionsConfig.ready()): for the regisseur, from the region's warning day on, until the
handover is done."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arrangeer.accounts.models import User
from arrangeer.cases.actions import Action, first, register_action_source
from arrangeer.cases.models import Case

from . import rules
from .constants import UNFINISHED, TransitionKind, TransitionStatus
from .models import Transition, TransitionRule


def _title(kind: str, year: str, transition: Transition | None, regisseur_id: int) -> str:
    words = {"kind": TransitionKind(kind).label, "year": year}
    if transition is None or transition.status == TransitionStatus.PLANNED:
        return (
            _("Prepare the transition (%(kind)s, %(year)s): propose the receiving school") % words
        )
    if transition.status == TransitionStatus.PROPOSED:
        return _("Transition (%(kind)s, %(year)s): record the family's consent") % words
    receiving = transition.receiving_member
    if receiving is not None and receiving.membership.user_id == regisseur_id:
        return _("Transition (%(kind)s, %(year)s): end the handover when it is done") % words
    return _("Transition (%(kind)s, %(year)s): move the regie to the receiving school") % words


@register_action_source(
    "transition",
    label=gettext_lazy("Transitions to prepare"),
    mail=gettext_lazy("A child in a case you lead moves to another school: prepare the handover."),
)
def transitions_to_prepare(
    user: User, cases: QuerySet[Case], today: dt.date, limit: int | None
) -> Iterable[Action]:
    """The regisseur's own cases (bounded by their caseload): three queries whatever its
    size — the cases with their child, the stored transitions, the regions' rules."""
    led = list(cases.filter(regisseur=user).select_related("child__school"))
    if not led:
        return []
    stored = {
        t.case_id: t
        for t in Transition.objects.filter(
            case_id__in=[c.pk for c in led], status__in=UNFINISHED
        ).select_related("receiving_member__membership")
    }
    months = dict(
        TransitionRule.objects.filter(region_id__in={c.region_id for c in led}).values_list(
            "region_id", "warn_months_before"
        )
    )
    found: list[Action] = []
    for case in led:
        transition = stored.get(case.pk)
        if transition is not None:
            kind, expected_on = transition.kind, transition.expected_on
        else:
            derived = rules.derive(case.child, today)
            if derived is None:
                continue
            kind, expected_on = derived.kind, derived.expected_on
        warn = rules.warn_from(expected_on, months.get(case.region_id))
        if today < warn:
            continue
        found.append(
            Action(
                source="transition",
                case=case,
                title=_title(kind, rules.school_year_label(expected_on), transition, user.pk),
                due=expected_on,
                view="transitions:detail",
                key=f"transition:{case.pk}:{kind}:{expected_on.isoformat()}",
                remind_from=warn,
                tiebreak=transition.pk if transition is not None else 0,
            )
        )
    return first(
        found,
        key=lambda a: (a.due, a.order_name, a.case_pk, a.tiebreak),
        limit=limit,
    )
