"""How the demo writes a plan through the real services: as which persona, a goal and a module
with the demo's defaults, and the plan sent, agreed to by the parents and adopted (on a day in
the demo's past, where its timeline asks)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from arrangeer.accounts.models import User
from arrangeer.cases import demo as case_demo
from arrangeer.cases.access import CaseAccess
from arrangeer.cases.models import Case
from arrangeer.organisations.models import Membership, Organisation

from .. import services
from ..models import Goal, Module, PlanVersion


def persona_access(username: str, case: Case) -> CaseAccess:
    return case_demo.demo_access(User.objects.get(username=username), case)


def persona_org(username: str, role: str) -> Organisation:
    return Membership.objects.get(user__username=username, role=role).organisation


def from_today(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def add_goal(access: CaseAccess, **fields: Any) -> Goal:
    base: dict[str, Any] = {
        "side": "onderwijs",
        "deadline": from_today(120),
        "scale": "getal",
        "scale_min": Decimal(0),
        "scale_max": Decimal(10),
        "category": "onderwijs",
    }
    base.update(fields)
    goal = services.add_item(access, kind="goal", fields=base)
    assert isinstance(goal, Goal)
    return goal


def add_module(access: CaseAccess, goals: list[Goal], **fields: Any) -> Module:
    base: dict[str, Any] = {
        "side": "onderwijs",
        "function": "versterken",
        "place": "school",
        "intensity": Decimal(2),
        "intensity_unit": "uren",
        "start_date": from_today(-42),
        "end_date": from_today(140),
        "funding_framework": "wpo_school",
        "instrument": "geen",
        "decision_status": "nvt",
        "goals": goals,
        "category": "onderwijs",
    }
    base.update(fields)
    module = services.add_item(access, kind="module", fields=base)
    assert isinstance(module, Module)
    return module


def regie_access(case: Case) -> CaseAccess:
    assert case.regisseur is not None
    return case_demo.demo_access(case.regisseur, case)


def at_hour(day: dt.date, hour: int = 16) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def agree_and_adopt(
    regie: CaseAccess, case: Case, child_view: str, *, on: dt.date | None = None
) -> None:
    """Send the plan, record every parent with gezag agreeing, adopt it with the child's view:
    now, or on the day `on` in the past (the demo's timeline: sent in the morning, agreed and
    adopted that afternoon)."""
    version = services.send_for_agreement(regie)
    if on is not None:
        PlanVersion.objects.filter(pk=version.pk).update(sent_at=at_hour(on, 9))
    for parent in case.child.representatives.filter(has_authority=True):
        services.record_parent_agreement(
            regie,
            content_hash=version.content_hash,
            representative=parent,
            decision="instemming",
            given_on=on or timezone.localdate(),
            evidence="papier",
        )
    services.adopt_plan(
        regie,
        content_hash=version.content_hash,
        child_heard="in_overleg",
        child_view=child_view,
        child_view_category="onderwijs",
    )
    if on is not None:
        PlanVersion.objects.filter(pk=version.pk).update(adopted_at=at_hour(on))
