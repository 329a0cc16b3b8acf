"""The registry of guards: named checks that must hold to leave a step of a route.

A rule of the domain lives in one place (ARCHITECTURE.md rule 5): a page, the API and a reminder
job that ask "may this case move on?" all call `evaluate()`. Each app registers the guards about
its own data in its `guards.py`, imported from its AppConfig.ready():

    from arrangeer.routes.guards import register

    @register(
        "support_needs_recorded",
        label=_("Support needs recorded"),
        blocked=_("Record the support needs of the child, the parents and the school first."),
    )
    def support_needs_recorded(case: Case) -> bool:
        return SupportNeed.objects.filter(plan__case=case).exists()

A guard only reads; it never writes the access log (its caller already went through the
access layer for the case) and never raises for an ordinary "no".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.functional import Promise

if TYPE_CHECKING:
    from arrangeer.cases.models import Case

Check = Callable[["Case"], bool]


@dataclass(frozen=True)
class Guard:
    code: str
    label: str | Promise
    blocked: str | Promise  # shown (translated) when the guard does not hold
    check: Check


@dataclass(frozen=True)
class GuardResult:
    guard: Guard
    passed: bool

    @property
    def explanation(self) -> str:
        return "" if self.passed else str(self.guard.blocked)


_REGISTRY: dict[str, Guard] = {}


def register(
    code: str, *, label: str | Promise, blocked: str | Promise
) -> Callable[[Check], Check]:
    def decorate(check: Check) -> Check:
        if code in _REGISTRY and _REGISTRY[code].check is not check:
            raise ValueError(f"A guard named {code!r} is already registered.")
        _REGISTRY[code] = Guard(code=code, label=label, blocked=blocked, check=check)
        return check

    return decorate


def get(code: str) -> Guard:
    try:
        return _REGISTRY[code]
    except KeyError:
        raise KeyError(f"No guard named {code!r}; known: {sorted(_REGISTRY)}") from None


def all_guards() -> dict[str, Guard]:
    return dict(_REGISTRY)


def choices() -> list[tuple[str, str]]:
    """For forms and the admin: every registered guard by code and label."""
    return sorted(((g.code, str(g.label)) for g in _REGISTRY.values()), key=lambda c: c[1])


def evaluate(case: Case, codes: Iterable[str]) -> list[GuardResult]:
    return [GuardResult(guard, bool(guard.check(case))) for guard in map(get, codes)]
