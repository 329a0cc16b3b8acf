"""Public API of the routes app: which route a new case follows, copying and activating
route versions, and the checks of a step. Moving a case along its route is the cases app's
(`arrangeer.cases.journey`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from arrangeer.organisations.models import Region

from . import guards as guard_registry
from .models import Phase, Route, Step
from .validation import StepSpec, route_errors

if TYPE_CHECKING:
    from arrangeer.cases.models import Case


def route_for_new_case(region: Region) -> Route | None:
    """The region's active route, else the active model route."""
    return (
        Route.objects.filter(region=region, is_active=True).first()
        or Route.objects.filter(region__isnull=True, is_active=True).first()
    )


def first_step(route: Route) -> Step:
    step = route.steps.order_by("number").first()
    if step is None:
        raise ValidationError(_("The route “%(route)s” has no steps.") % {"route": route.name})
    return step


def next_steps(step: Step) -> list[Step]:
    """The steps that may follow `step`, in the order the route lists them."""
    if not step.next_steps:
        return []
    found = {
        s.code: s for s in Step.objects.filter(route_id=step.route_id, code__in=step.next_steps)
    }
    return [found[code] for code in step.next_steps if code in found]


def is_in_use(route: Route | None) -> bool:
    """A version that cases follow is read-only. No route yet (the add page) is not in use."""
    return route is not None and route.pk is not None and route.cases.exists()


def specs_of(route: Route) -> list[StepSpec]:
    return [
        StepSpec(
            code=s.code,
            number=s.number,
            name=s.name,
            next_steps=tuple(s.next_steps),
            can_close=s.can_close,
            guards=tuple(s.guards),
            overridable_guards=tuple(s.overridable_guards),
        )
        for s in route.steps.all()
    ]


def check_route(route: Route) -> None:
    errors = route_errors(specs_of(route))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def copy_route(route: Route, *, region: Region | None = None, name: str = "") -> Route:
    """A new, inactive version: the same phases and steps, editable until a case uses it.
    Into the same region (a next version) unless another region is given."""
    target_region = region if region is not None else route.region
    target_name = name or route.name
    latest = Route.objects.filter(region=target_region, name=target_name).aggregate(
        v=Max("version")
    )
    copy = Route.objects.create(
        region=target_region,
        name=target_name,
        version=(latest["v"] or 0) + 1,
        is_active=False,
        copied_from=route,
        description=route.description,
        source=route.source,
        stall_days=route.stall_days,
        decision_days=route.decision_days,
        regisseur_title=route.regisseur_title,
    )
    phases = {}
    for phase in route.phases.all():
        phases[phase.pk] = Phase.objects.create(route=copy, number=phase.number, name=phase.name)
    Step.objects.bulk_create(
        Step(
            route=copy,
            phase=phases.get(step.phase_id) if step.phase_id else None,
            number=step.number,
            code=step.code,
            name=step.name,
            description=step.description,
            expected_result=step.expected_result,
            responsible_role=step.responsible_role,
            duration_days=step.duration_days,
            guards=list(step.guards),
            overridable_guards=list(step.overridable_guards),
            next_steps=list(step.next_steps),
            can_close=step.can_close,
        )
        for step in route.steps.all()
    )
    return copy


@transaction.atomic
def activate_route(route: Route) -> Route:
    """New cases of the route's region (or, for a model route, of regions without their own)
    start on this version. Cases already under way keep theirs."""
    check_route(route)
    Route.objects.select_for_update().filter(region=route.region, is_active=True).exclude(
        pk=route.pk
    ).update(is_active=False)
    if not route.is_active:
        route.is_active = True
        route.save(update_fields=["is_active"])
    return route


@transaction.atomic
def adopt_route(model: Route, *, region: Region) -> Route:
    """Give a region its own active copy of a (model) route."""
    return activate_route(copy_route(model, region=region))


@dataclass(frozen=True)
class CheckResult:
    code: str
    label: str
    passed: bool
    may_override: bool
    explanation: str  # why it blocks; empty when it holds


def evaluate_step(case: Case, step: Step) -> list[CheckResult]:
    """The checks to leave `step`, evaluated for `case`. A check that is not registered (a
    route from a newer version of Arrangeer) blocks, without a way round: fail closed."""
    known = guard_registry.all_guards()
    results = []
    for code in step.guards:
        guard = known.get(code)
        if guard is None:
            results.append(
                CheckResult(
                    code,
                    code,
                    False,
                    False,
                    _("The check “%(code)s” is not available.") % {"code": code},
                )
            )
            continue
        (result,) = guard_registry.evaluate(case, [code])
        results.append(
            CheckResult(
                code,
                str(guard.label),
                result.passed,
                code in step.overridable_guards,
                result.explanation,
            )
        )
    return results
