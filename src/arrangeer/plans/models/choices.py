"""A faster get_FOO_display for the plan's models.

Django's own builds a dict of every choice on each call, and hashing a lazy label translates
it: a module shows eight choice fields, so the dossier of a rich plan translated well over a
thousand labels per request. This keeps one dict per field and language."""

from __future__ import annotations

import functools
from typing import Any

from django.db import models
from django.utils.encoding import force_str
from django.utils.translation import get_language


@functools.cache
def _labels(field: models.Field[Any, Any], language: str | None) -> dict[Any, str]:
    return {value: str(label) for value, label in field.flatchoices}


class ChoiceLabels(models.Model):
    class Meta:
        abstract = True

    def _get_FIELD_display(self, field: models.Field[Any, Any]) -> str:
        value = getattr(self, field.attname)
        label: str = force_str(_labels(field, get_language()).get(value, value), strings_only=True)
        return label
