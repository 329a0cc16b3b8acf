from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

T = TypeVar("T")


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


@dataclass(frozen=True)
class Saved(Generic[T]):
    """What a service saved for a form page (the page redirects to it)."""

    value: T


def save_form(
    request: HttpRequest,
    form: forms.BaseForm,
    action: Callable[[], T],
    done: str | Callable[[T], str],
) -> Saved[T] | None:
    """A form page's write, once the form is valid: run the service and say it is done (a
    success message, fixed or from what was saved), or show the service's ValidationError on
    the form with the typed input kept (`add_service_errors`). The saved value, or None when
    the page shows the form again."""
    try:
        value = action()
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    messages.success(request, done(value) if callable(done) else done)
    return Saved(value)


def run_action(request: HttpRequest, action: Callable[[], object], done: str) -> bool:
    """A button's write, without a form to show again: run the service and say it is done,
    or show the service's ValidationError as error messages. True when done."""
    try:
        action()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return False
    messages.success(request, done)
    return True


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
