"""The "step" source of "My actions": the steps in the person's role, and the regisseur's
own steps (registered first, when `case_sources` imports it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arrangeer.accounts.models import User
from arrangeer.routes.constants import REGISSEUR

from .registry import CASE_FIELDS, CASE_ORDER, Action, first, limited, register_action_source

if TYPE_CHECKING:
    from arrangeer.cases.models import Case, TeamMember


def active_members_in_step_role() -> QuerySet[TeamMember]:
    from arrangeer.cases.constants import MemberStatus
    from arrangeer.cases.models import TeamMember

    return TeamMember.objects.filter(
        case=OuterRef("pk"),
        status=MemberStatus.ACTIVE,
        membership__is_active=True,
        membership__role=OuterRef("current_step__responsible_role"),
    )


_STEP_FIELDS = (
    *CASE_FIELDS,
    "step_due",
    "step_since",
    "current_step__number",
    "current_step__name",
)


def _places_in_step_role(user: User, cases: QuerySet[Case]) -> QuerySet[TeamMember] | None:
    """This person's places whose role holds the current step of their case (None when no
    step of any route is in the hands of one of their roles)."""
    from arrangeer.cases.constants import MemberStatus
    from arrangeer.cases.models import TeamMember
    from arrangeer.organisations.models import Membership
    from arrangeer.routes.models import Step

    roles = Membership.objects.active().filter(user=user).values("role")
    if not Step.objects.filter(responsible_role__in=roles).exists():
        return None
    return TeamMember.objects.filter(
        membership__user=user,
        membership__is_active=True,
        status=MemberStatus.ACTIVE,
        case__current_step__responsible_role=F("membership__role"),
        case__in=cases,
    )


def _steps_in_my_role(
    user: User, cases: QuerySet[Case], limit: int | None, *, counting: bool = False
) -> tuple[list[Case], int]:
    """Steps in the hands of a role this person holds a place in, on that case: found from
    their own places (not by testing every case of those steps), and not at all when no
    step of any route is in the hands of one of their roles. With the number of those cases
    (`counting` and cut short: a `COUNT`; else how many were read)."""
    mine = _places_in_step_role(user, cases)
    if mine is None:
        return [], 0
    # Read from the places (a person's own, by their index), sorted on their cases: a
    # query on cases "whose key is among the places" made the database hash every case.
    places = (
        mine.select_related("case__child", "case__current_step")
        .only("case", *(f"case__{name}" for name in _STEP_FIELDS))
        .order_by(F("case__step_due").asc(nulls_last=True), "case__child__last_name", "case_id")
    )
    read = list(limited(places, limit))
    found = list({place.case_id: place.case for place in read}.values())
    if len(found) < len(read) == limit:  # two places on one case cut the list short
        found = list({place.case_id: place.case for place in places}.values())
        return found, len(found)  # all of them read
    if counting and len(read) == limit:
        return found, mine.values("case_id").distinct().count()
    return found, len(found)


def _led_steps(
    user: User, cases: QuerySet[Case], today: dt.date, limit: int | None
) -> Iterable[Action]:
    """The regisseur's own steps, and steps nobody on the team can take: their own caseload
    (the "step" source's reading of the cases they lead). None of these is in the hands of a
    role they hold a place in (no place has the regisseur's role; nobody holds the other's)."""
    return _step_actions(_led_step_cases(user, cases, limit)[0], limit)


def _led_step_cases(
    user: User, cases: QuerySet[Case], limit: int | None, *, counting: bool = False
) -> tuple[list[Case], int]:
    in_role = active_members_in_step_role()
    led = (
        cases.filter(regisseur=user, current_step__isnull=False)
        .select_related("child", "current_step")
        .only(*_STEP_FIELDS)
        .order_by(F("step_due").asc(nulls_last=True), *CASE_ORDER)
    )
    # Two queries, not one with an OR: under an OR the database tested "nobody on the team"
    # against every team place in the table; on its own it looks up each case's team. The
    # two are disjoint (the step's role is the regisseur's, or not).
    own = led.filter(current_step__responsible_role=REGISSEUR)
    nobody = led.exclude(current_step__responsible_role=REGISSEUR).filter(~Exists(in_role))
    found: list[Case] = []
    total = 0
    for part in (own, nobody):
        read = list(limited(part, limit))
        found += read
        # Read in full: counted as read; cut short: a `COUNT` (for the API's count only).
        total += part.order_by().count() if counting and len(read) == limit else len(read)
    return found, total


def _step_actions(found: list[Case], limit: int | None) -> Iterable[Action]:
    loaded = {case.pk: case for case in found}
    shown = first(
        [(c.step_due, c.child.last_name, c.pk) for c in found],
        lambda k: (k[0] is None, k[0] or dt.date.max, k[1], k[2]),
        limit,
    )
    for _due, _name, pk in shown:
        case = loaded[pk]
        step = case.current_step
        assert step is not None and case.step_since is not None
        yield Action(
            source="step",
            case=case,
            title=_("Step %(number)d “%(step)s”: reach its result and move the case on")
            % {"number": step.number, "step": step.name},
            due=case.step_due,
            view="cases:route",
            key=f"step:{case.pk}:{case.step_since.isoformat()}",
            remind_from=case.step_due,
        )


@register_action_source(
    "step",
    label=gettext_lazy("Steps in which you act"),
    mail=gettext_lazy("A step in which you act has reached its due date in a case."),
    led_part=_led_steps,
    counted=lambda user, cases, today, limit: _counted_steps(_steps_in_my_role, user, cases, limit),
    led_counted=lambda user, cases, today, limit: _counted_steps(
        _led_step_cases, user, cases, limit
    ),
)
def _steps(
    user: User, cases: QuerySet[Case], today: dt.date, limit: int | None
) -> Iterable[Action]:
    return _step_actions(_steps_in_my_role(user, cases, limit)[0], limit)


def _counted_steps(
    read: Callable[..., tuple[list[Case], int]],
    user: User,
    cases: QuerySet[Case],
    limit: int | None,
) -> tuple[list[Action], int]:
    """A part's first `limit` actions, and the number of the cases it yields for."""
    found, total = read(user, cases, limit, counting=True)
    return list(_step_actions(found, limit)), total
