"""Whether a route can be walked: every step reachable from the first, a way to close from
every step, next steps and checks that exist. Pure functions over plain descriptions of the
steps, so the admin can check a route *before* anything is saved (a refused edit changes
nothing) and the services can check a saved one."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from . import guards as guard_registry


@dataclass(frozen=True)
class StepSpec:
    code: str
    number: int
    name: str
    next_steps: tuple[str, ...] = ()
    can_close: bool = False
    guards: tuple[str, ...] = ()
    overridable_guards: tuple[str, ...] = field(default=())


def _names(specs: Iterable[StepSpec]) -> str:
    return ", ".join(f"“{s.name}”" for s in sorted(specs, key=lambda s: s.number))


def route_errors(specs: Sequence[StepSpec]) -> list[str]:
    """Everything wrong with a route, in words for the functional administrator. Empty when
    the route can be used."""
    if not specs:
        return [_("A route needs at least one step.")]
    by_code = {spec.code: spec for spec in specs}
    errors = _duplicates(specs)
    known_guards = set(guard_registry.all_guards())
    for spec in specs:
        errors += _step_errors(spec, by_code, known_guards)
    if errors:
        return errors
    return _reach_errors(specs, by_code)


def _duplicates(specs: Sequence[StepSpec]) -> list[str]:
    errors: list[str] = []
    codes: set[str] = set()
    numbers: set[int] = set()
    for spec in specs:
        if spec.code in codes:
            errors.append(_("Two steps have the code “%(code)s”.") % {"code": spec.code})
        if spec.number in numbers:
            errors.append(_("Two steps have the number %(n)d.") % {"n": spec.number})
        codes.add(spec.code)
        numbers.add(spec.number)
    return errors


def _step_errors(
    spec: StepSpec, by_code: Mapping[str, StepSpec], known_guards: set[str]
) -> list[str]:
    """What is wrong with one step's next steps and checks."""
    errors: list[str] = []
    for code in spec.next_steps:
        if code == spec.code:
            errors.append(_("Step “%(step)s” leads to itself.") % {"step": spec.name})
        elif code not in by_code:
            errors.append(
                _("Step “%(step)s” leads to “%(code)s”, which is not a step of this route.")
                % {"step": spec.name, "code": code}
            )
    for code in spec.guards:
        if code not in known_guards:
            errors.append(
                _("Step “%(step)s” has the check “%(code)s”, which does not exist.")
                % {"step": spec.name, "code": code}
            )
    for code in spec.overridable_guards:
        if code not in spec.guards:
            errors.append(
                _(
                    "Step “%(step)s”: “%(code)s” may be passed with a reason, but it is not "
                    "one of the step's checks."
                )
                % {"step": spec.name, "code": code}
            )
    return errors


def _reach_errors(specs: Sequence[StepSpec], by_code: Mapping[str, StepSpec]) -> list[str]:
    """Steps that cannot be reached from the first, and steps from which a case can never
    close (for a route whose steps are each well formed)."""
    errors: list[str] = []
    first = min(specs, key=lambda s: s.number)
    reached = {first.code}
    todo = [first.code]
    while todo:
        for code in by_code[todo.pop()].next_steps:
            if code not in reached:
                reached.add(code)
                todo.append(code)
    unreachable = [s for s in specs if s.code not in reached]
    if unreachable:
        errors.append(
            _("These steps cannot be reached from the first step “%(first)s”: %(steps)s.")
            % {"first": first.name, "steps": _names(unreachable)}
        )
    closing = {s.code for s in specs if s.can_close}
    if not closing:
        errors.append(_("No step lets a case close: mark at least one step from which it may."))
        return errors
    leads_to_close = _leading_to(closing, specs)
    stuck = [s for s in specs if s.code not in leads_to_close]
    if stuck:
        errors.append(
            _("From these steps a case can never reach a step where it may close: %(steps)s.")
            % {"steps": _names(stuck)}
        )
    return errors


def _leading_to(closing: set[str], specs: Sequence[StepSpec]) -> set[str]:
    """The steps from which a closing step can be reached: walked backwards from them."""
    leads_to_close = set(closing)
    changed = True
    while changed:
        changed = False
        for spec in specs:
            if spec.code not in leads_to_close and any(
                n in leads_to_close for n in spec.next_steps
            ):
                leads_to_close.add(spec.code)
                changed = True
    return leads_to_close
