"""The demo regions' escalation ladders (seed 003): the team, the managers of the partners in
disagreement, the SWV's bestuur, and the regional doorbraakfunctionaris at the first
municipality. For the demo app only."""

from __future__ import annotations

from arrangeer.organisations.constants import Role
from arrangeer.organisations.models import Organisation, Region

from .constants import DEFAULT_DEADLINES, Seats
from .models import LadderLevel


def seed_ladder(region: Region, *, board: Organisation, breakthrough: Organisation) -> None:
    """Four levels, unless the region has a ladder already."""
    if LadderLevel.objects.filter(region=region).exists():
        return
    team, managers, directors, last = DEFAULT_DEADLINES
    LadderLevel.objects.create(
        region=region,
        number=1,
        name="Regisseur en professionals",
        seats=Seats.TEAM,
        deadline_days=team,
    )
    LadderLevel.objects.create(
        region=region,
        number=2,
        name="Teamleiders en managers van de organisaties",
        seats=Seats.PARTIES,
        role=Role.POLICY_OFFICER,
        deadline_days=managers,
    )
    directors_level = LadderLevel.objects.create(
        region=region,
        number=3,
        name="Directeuren en bestuurders",
        seats=Seats.NAMED,
        role=Role.POLICY_OFFICER,
        deadline_days=directors,
    )
    directors_level.organisations.set([board])
    breakthrough_level = LadderLevel.objects.create(
        region=region,
        number=4,
        name="Doorbraakfunctionaris",
        seats=Seats.NAMED,
        role=Role.POLICY_OFFICER,
        deadline_days=last,
    )
    breakthrough_level.organisations.set([breakthrough])
