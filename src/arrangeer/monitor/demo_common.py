"""What the parts of the monitor's demo history share (monitor/demo.py): the text that marks
what it generated, a time of day drawn from its random generator, the day an arrangement
ended, and the region's generated colleagues."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from django.utils import timezone

from arrangeer.cases.models import Case
from arrangeer.organisations.models import Membership

# Marks the generated history (its cases, so seeding twice adds nothing; and the texts of its
# processes).
DEMO_TEXT = "Monitorhistorie (demo)"


def at(day: dt.date, rng: random.Random) -> dt.datetime:
    """A moment on `day` within working hours (one draw)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(rng.randint(8, 16), 0)))


def ended(case: Case, today: dt.date) -> dt.date:
    """The day the arrangement closed, or today while it runs."""
    return case.closed_at.date() if case.closed_at else today


def generated(memberships: Sequence[Membership]) -> list[Membership]:
    """The region's generated colleagues (no login of their own), not the personas."""
    return [m for m in memberships if not m.user.has_usable_password()]
