"""Values as people read them in the whole file: labels instead of field names, Dutch dates
and times (Europe/Amsterdam), "ja"/"nee" for yes and no, a team place as name (role,
organisation)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from arrangeer.core.numbers import format_day, format_moment, format_number
from arrangeer.vocabulary import DataCategory

from ..models import TeamMember

EMPTY = "—"


def when(value: dt.datetime | None) -> str:
    """A moment as dd-mm-jjjj uu:mm in Dutch time."""
    return format_moment(value) or EMPTY


def day(value: dt.date | None) -> str:
    return format_day(value) or EMPTY


def yes_no(value: bool | None) -> str:
    if value is None:
        return EMPTY
    return _("yes") if value else _("no")


def text(value: Any) -> str:
    """Any stored value as a person reads it."""
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, dt.datetime):
        return when(value)
    if isinstance(value, dt.date):
        return day(value)
    if isinstance(value, (Decimal, float)):
        return format_number(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(text(v) for v in value)
    return str(value)


def category_labels(values: Iterable[str]) -> str:
    labels = dict(DataCategory.choices)
    return text([str(labels.get(v, v)) for v in values])


def _people_labels() -> dict[str, str]:
    """Labels for the fields that name who did something and have no verbose name of their
    own (Django would print "measured by" in English)."""
    return {
        "author": _("written by"),
        "created_by": _("created by"),
        "recorded_by": _("recorded by"),
        "sent_by": _("sent by"),
        "adopted_by": _("adopted by"),
        "uploaded_by": _("uploaded by"),
        "measured_by": _("measured by"),
    }


def label_of(model: type[models.Model], name: str) -> str:
    """The field's label as a person reads it, with a capital."""
    model_field = model._meta.get_field(name)
    label = str(getattr(model_field, "verbose_name", name))
    if label == name.replace("_", " "):
        label = _people_labels().get(name, label)
    return capfirst(label)


def value_of(obj: models.Model, name: str) -> str:
    """One field of a record, with the label of its choice and the name of what it points to."""
    model_field = obj._meta.get_field(name)
    if getattr(model_field, "choices", None):
        return text(getattr(obj, f"get_{name}_display")())
    value = getattr(obj, name)
    if isinstance(value, TeamMember):
        return member_label(value)
    return text(value)


def member_label(member: TeamMember) -> str:
    """A place on the team as people say it: name (role, organisation)."""
    membership = member.membership
    return f"{membership.user} ({membership.get_role_display()}, {membership.organisation.name})"


def role_label(role: str) -> str:
    from arrangeer.organisations.constants import Role

    family = {
        "parent": _("parent"),
        "parent_without_authority": _("parent without parental authority"),
        "youth": _("young person"),
    }
    if role in family:
        return family[role]
    return str(dict(Role.choices).get(role, role))
