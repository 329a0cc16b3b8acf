"""The rules of the ladder, in one place: who sits at a level (for the page, the access ground
and Mijn acties alike). The deadline in working days is `core.workdays`."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q

from arrangeer.accounts.models import User
from arrangeer.organisations.models import Membership

from .constants import EscalationStatus, Seats
from .models import Escalation, LadderLevel


def sits_at(level: LadderLevel, party_ids: Iterable[int], membership: Membership) -> bool:
    """Whether this membership gives a seat at `level` (above the team) for an escalation
    between these parties. The named organisations must be prefetched."""
    if level.seats == Seats.TEAM or membership.role != level.role:
        return False
    organisation = membership.organisation
    if level.organisation_type and organisation.type != level.organisation_type:
        return False
    if level.seats == Seats.PARTIES:
        return organisation.pk in set(party_ids)
    return organisation.pk in {o.pk for o in level.organisations.all()}


def seated_q(memberships: Iterable[tuple[int, str, str]]) -> Q:
    """On Escalation: open, with this person seated at its current level above the team.
    `memberships`: (organisation id, role, organisation type) of their active memberships."""
    held = Q(pk__in=[])
    parties = Escalation.parties.through.objects.filter(escalation_id=OuterRef("pk"))
    named = LadderLevel.organisations.through.objects.filter(ladderlevel_id=OuterRef("level_id"))
    for organisation_id, role, organisation_type in memberships:
        fits = Q(level__role=role) & (
            Q(level__organisation_type="") | Q(level__organisation_type=organisation_type)
        )
        as_party = Q(level__seats=Seats.PARTIES) & Q(
            Exists(parties.filter(organisation_id=organisation_id))
        )
        as_named = Q(level__seats=Seats.NAMED) & Q(
            Exists(named.filter(organisation_id=organisation_id))
        )
        held |= fits & (as_party | as_named)
    return Q(status=EscalationStatus.OPEN) & held


def memberships_of(user: User) -> list[tuple[int, str, str]]:
    return list(
        Membership.objects.active()
        .filter(user=user, organisation__is_active=True)
        .values_list("organisation_id", "role", "organisation__type")
    )
