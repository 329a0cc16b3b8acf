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
