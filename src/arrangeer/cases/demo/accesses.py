"""The demo's accesses while it writes one persona story: each service call needs the acting
person's access to the case, and the team does not change while the story is written."""

from __future__ import annotations

from arrangeer.accounts.models import User

from ..access import Actor, CaseAccess, access_case
from ..models import Case

_ACCESSES: dict[tuple[int, int], CaseAccess] = {}


def demo_access(user: User, case: Case) -> CaseAccess:
    """The access of a demo professional to a case, opened (and logged) once per story."""
    key = (user.pk, case.pk)
    if key not in _ACCESSES:
        _ACCESSES[key] = access_case(Actor(user), case.uuid)
    return _ACCESSES[key]


def forget_accesses() -> None:
    _ACCESSES.clear()
