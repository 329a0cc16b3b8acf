from __future__ import annotations

from django.db import models


def field_label(model: type[models.Model], name: str) -> str:
    """The verbose name of a concrete model field, as text in the active language."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    return str(field.verbose_name)
