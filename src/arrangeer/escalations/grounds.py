"""The access layer's ground for the levels above the team (cases.access's seat finder;
imported from EscalationsConfig.ready())."""

from __future__ import annotations

import datetime as dt

from arrangeer.accounts.models import User
from arrangeer.cases.access import Seat, register_seat_finder
from arrangeer.cases.models import Case
from arrangeer.organisations.models import Membership

from .constants import EscalationStatus
from .models import Escalation
from .rules import sits_at


@register_seat_finder
def seat_on_case(user: User, case: Case, at: dt.datetime) -> Seat | None:
    """The first membership of `user` that sits at the current level of an open escalation on
    `case`, with the categories of that level (those of all such levels together)."""
    escalations = list(
        Escalation.objects.filter(case=case, status=EscalationStatus.OPEN)
        .select_related("level")
        .prefetch_related("parties", "level__organisations")
    )
    if not escalations:
        return None
    memberships = list(
        Membership.objects.active()
        .filter(user=user, organisation__is_active=True)
        .select_related("organisation")
        .order_by("pk")
    )
    found: Membership | None = None
    categories: set[str] = set()
    for escalation in escalations:
        party_ids = [o.pk for o in escalation.parties.all()]
        for membership in memberships:
            if sits_at(escalation.level, party_ids, membership):
                found = found or membership
                categories |= set(escalation.level.categories)
    if found is None:
        return None
    return Seat(found, frozenset(categories))
