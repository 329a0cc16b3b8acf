"""Helpers for tests that drive functional management (`/beheer/`) like a browser would."""

from __future__ import annotations

from typing import Any


def admin_form_data(response: Any) -> dict[str, Any]:
    """What an admin add or change form would send back unchanged: the main form, then each
    inline with its management form."""
    data: dict[str, Any] = {"_save": "Save"}

    def put(form: Any, name: str) -> None:
        value = form[name].value()
        key = form.add_prefix(name)
        if value is None or value is False:
            return
        data[key] = "on" if value is True else value

    form = response.context["adminform"].form
    for name in form.fields:
        put(form, name)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{name}"] = value
        for sub in formset.forms:
            for name in sub.fields:
                put(sub, name)
    return data
