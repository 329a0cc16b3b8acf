from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models_util import StaleVersion
from .numbers import format_day

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


# --- optimistic concurrency on a form page ---------------------------------------------------

# The hidden field that carries the version a form page was built from; the service refuses a
# save based on an older one (`models_util.require_version`).
VERSION_FIELD = "version"


def version_field() -> forms.IntegerField:
    return forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)


@dataclass(frozen=True)
class Difference:
    label: str
    typed: str
    saved: str


@dataclass(frozen=True)
class Conflict:
    """Someone saved in between: the service's message, and the fields where what is saved
    now differs from what this person typed (both shown, nothing of theirs lost)."""

    message: str
    differences: list[Difference] = field(default_factory=list)


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, dt.datetime | dt.date):
        return format_day(value)
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return "—" if value is None or value == "" else str(value)


def stale_conflict(form: forms.BaseForm, error: StaleVersion, saved: Mapping[str, Any]) -> Conflict:
    """A valid form whose save the service refused as stale: the form keeps what was typed,
    and its hidden version becomes the one saved now, so saving again is a deliberate choice
    to keep one's own. `saved` holds what is saved now, by the form's field names."""
    # A bound form page's data is the request's POST: copied, since it cannot be changed.
    data = cast(QueryDict, form.data).copy()
    data[form.add_prefix(VERSION_FIELD)] = str(error.current_version)
    form.data = data
    differences = [
        Difference(str(form.fields[name].label), _shown(typed), _shown(saved[name]))
        for name, typed in form.cleaned_data.items()
        if name != VERSION_FIELD
        and name in saved
        and name in form.fields
        and (typed or None) != (saved[name] or None)
    ]
    return Conflict(error.messages[0], differences)
