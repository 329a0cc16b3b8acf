"""The route's timeline: the case's moves on its route (`StepChange`), and the lines other
apps add to it (an escalation's steps) through `register_timeline_source`, each read through
the viewer's access. Other apps use it through `cases.journey`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from arrangeer.accounts.models import User
from arrangeer.organisations.models import Membership
from arrangeer.routes.models import Step

from .access import CaseAccess
from .models import Case, StepChange


def timeline(case: Case) -> list[StepChange]:
    return list(
        StepChange.objects.filter(case=case)
        .select_related(
            "from_step", "to_step", "by_user", "by_membership", "by_membership__organisation"
        )
        .order_by("at", "pk")
    )


@dataclass(frozen=True)
class TimelineEntry:
    """A line another app adds to the route's timeline (an escalation's steps), with the
    fields the route page reads of a StepChange."""

    at: dt.datetime
    kind: str
    label: str
    by_user: User | None = None
    reason: str = ""
    by_membership: Membership | None = None
    from_step: Step | None = None
    to_step: Step | None = None
    overridden_guards: tuple[str, ...] = ()
    override_reason: str = ""

    def get_kind_display(self) -> str:
        return self.label


TimelineSource = Callable[[CaseAccess], list[TimelineEntry]]
_TIMELINE_SOURCES: list[TimelineSource] = []


def register_timeline_source(source: TimelineSource) -> TimelineSource:
    """An app above cases adds its lines to the route's timeline; the source reads through
    the viewer's access, so it shows only what this viewer may see."""
    if source not in _TIMELINE_SOURCES:
        _TIMELINE_SOURCES.append(source)
    return source


def timeline_for(access: CaseAccess) -> list[StepChange | TimelineEntry]:
    """The route's timeline as this viewer reads it: the case's moves on its route, and the
    lines of the registered sources, in order of time (a tie keeps the moves first)."""
    entries: list[StepChange | TimelineEntry] = list(timeline(access.case))
    for source in _TIMELINE_SOURCES:
        entries.extend(source(access))
    return sorted(entries, key=lambda entry: entry.at)
