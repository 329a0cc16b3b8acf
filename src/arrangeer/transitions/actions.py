"""The warning of a coming transition in Mijn acties (cases.actions's registry; imported from
TransitionsConfig.ready()): for the regisseur, from the region's warning day on, until the
handover is done."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arrangeer.accounts.models import User
from arrangeer.cases.actions import CASE_FIELDS, Action, first, register_action_source
from arrangeer.cases.models import Case

from . import rules
from .constants import UNFINISHED, TransitionKind, TransitionStatus
from .models import Transition, TransitionRule


def _title(kind: str, year: str, status: str | None, receiving_user_id: int | None, me: int) -> str:
    words = {"kind": TransitionKind(kind).label, "year": year}
    if status is None or status == TransitionStatus.PLANNED:
        return (
            _("Prepare the transition (%(kind)s, %(year)s): propose the receiving school") % words
        )
    if status == TransitionStatus.PROPOSED:
        return _("Transition (%(kind)s, %(year)s): record the family's consent") % words
    if receiving_user_id == me:
        return _("Transition (%(kind)s, %(year)s): end the handover when it is done") % words
    return _("Transition (%(kind)s, %(year)s): move the regie to the receiving school") % words


@dataclass(frozen=True)
class _Due:
    """A transition that warns today, decided on plain values (no case or child loaded)."""

    expected_on: dt.date
    last_name: str
    case_id: int
    tiebreak: int
    kind: str
    warn: dt.date
    status: str | None
    receiving_user_id: int | None


def _stored(led: QuerySet[Case]) -> dict[int, tuple[int, str, dt.date, str, int | None]]:
    """The unfinished transition of each of these cases (at most one each). One query."""
    return {
        row[0]: row[1:]
        for row in Transition.objects.filter(case__in=led, status__in=UNFINISHED).values_list(
            "case_id",
            "pk",
            "kind",
            "expected_on",
            "status",
            "receiving_member__membership__user_id",
        )
    }


def _counted_transitions(
    user: User, cases: QuerySet[Case], today: dt.date, limit: int | None
) -> tuple[list[Action], int]:
    """The first `limit` actions, and how many transitions warn (all decided on values)."""
    due = _due_transitions(cases.filter(regisseur=user), today)
    shown = first(
        due, key=lambda d: (d.expected_on, d.last_name, d.case_id, d.tiebreak), limit=limit
    )
    if not shown:
        return [], len(due)
    loaded = (
        Case.objects.select_related("child").only(*CASE_FIELDS).in_bulk([d.case_id for d in shown])
    )
    actions = [
        Action(
            source="transition",
            case=loaded[d.case_id],
            title=_title(
                d.kind,
                rules.school_year_label(d.expected_on),
                d.status,
                d.receiving_user_id,
                user.pk,
            ),
            due=d.expected_on,
            view="transitions:detail",
            key=f"transition:{d.case_id}:{d.kind}:{d.expected_on.isoformat()}",
            remind_from=d.warn,
            tiebreak=d.tiebreak,
        )
        for d in shown
    ]
    return actions, len(due)


@register_action_source(
    "transition",
    label=gettext_lazy("Transitions to prepare"),
    mail=gettext_lazy("A child in a case you lead moves to another school: prepare the handover."),
    led=True,
    counted=_counted_transitions,
)
def transitions_to_prepare(
    user: User, cases: QuerySet[Case], today: dt.date, limit: int | None
) -> Iterable[Action]:
    """The regisseur's own cases (bounded by their caseload), decided on the values that
    date a transition (the child's birth date and sector, the stored transition, the region's
    rule), then only the cases shown are loaded. Three queries whatever the caseload."""
    return _counted_transitions(user, cases, today, limit)[0]


def _due_transitions(led: QuerySet[Case], today: dt.date) -> list[_Due]:
    """The transitions of the regisseur's cases whose warning date has come: the stored one,
    or the one the child's age and school sector make next. Two queries."""
    months = TransitionRule.objects.filter(region_id=OuterRef("region_id")).values(
        "warn_months_before"
    )[:1]
    rows = list(
        led.annotate(warn_months=Subquery(months)).values_list(
            "pk",
            "child__date_of_birth",
            "child__sector",
            "child__school_id",
            "child__school__sector",
            "child__last_name",
            "warn_months",
        )
    )
    stored = _stored(led) if rows else {}
    due: list[_Due] = []
    for pk, born, sector, school_id, school_sector, last_name, warn_months in rows:
        transition = stored.get(pk)
        if transition is not None:
            tiebreak, kind, expected_on, status, receiving = transition
        else:
            derived = rules.derive_from(
                born, sector or school_sector or "", school_id is not None, today
            )
            if derived is None:
                continue
            kind, expected_on = derived.kind, derived.expected_on
            tiebreak, status, receiving = 0, None, None
        warn = rules.warn_from(expected_on, warn_months)
        if today >= warn:
            due.append(_Due(expected_on, last_name, pk, tiebreak, kind, warn, status, receiving))
    return due
