from __future__ import annotations

from collections.abc import Collection, Mapping

from django.core.exceptions import ValidationError
from django.db import models


def field_label(model: type[models.Model], name: str) -> str:
    """The verbose name of a concrete model field, as text in the active language."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    return str(field.verbose_name)


def require_transition(
    transitions: Mapping[str, Collection[str]], current: str, to: str, message: str
) -> None:
    """A lifecycle kept as data (ARCHITECTURE.md rule 4): `transitions` maps each status to
    the statuses it may move to. Anything else is refused with `message`, which says in the
    user's words why."""
    if to not in transitions.get(current, ()):
        raise ValidationError(message)


class StaleVersion(ValidationError):
    """A change based on an older version of what it changes: someone saved in between. The
    page keeps what the person typed and shows the message; the API answers 412."""

    def __init__(self, message: str, *, current_version: int) -> None:
        super().__init__(message, code="stale")
        self.current_version = current_version


def require_version(current: int, expected: int | None, message: str) -> None:
    """Optimistic concurrency in one way: on the locked row, its version `current` is still
    the one the caller read (`expected`; None when the caller checks none, as the demo and
    jobs). Otherwise StaleVersion with `message` and the version saved now."""
    if expected is not None and current != expected:
        raise StaleVersion(message, current_version=current)
