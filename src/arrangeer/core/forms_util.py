from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: per field where the field is on the
    form, above the form otherwise. The typed input stays in the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields and field != NON_FIELD_ERRORS else None
            for item in errors:
                form.add_error(target, item.messages[0] if hasattr(item, "messages") else str(item))
    else:
        for message in error.messages:
            form.add_error(None, message)


DATE_INVALID = _("Give a date, for example 01-09-2026.")


def date_field(
    label: Any, required: Any, *, widget: forms.Widget, **kwargs: Any
) -> forms.DateField:
    """A date to fill in, with its two messages: `required` when it is left empty, and the
    example of a date when what was typed is none."""
    return forms.DateField(
        label=label,
        widget=widget,
        error_messages={"required": required, "invalid": DATE_INVALID},
        **kwargs,
    )
