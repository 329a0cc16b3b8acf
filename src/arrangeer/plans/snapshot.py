"""The plan's content as one canonical document: what a version freezes, what its SHA-256 is
taken of, what two versions are compared on and what the PDF prints.

Only content is in it (no lock versions, no timestamps), so the hash changes exactly when
something a parent agrees to changes. Every item carries its data category, so whoever reads
a version sees only the items of their categories."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from arrangeer.core.models_util import field_label
from arrangeer.core.numbers import format_number
from arrangeer.vocabulary import DataCategory

from .constants import EntrySource
from .kinds import KINDS, Kind
from .models import Goal, Module, Plan, PlanItem

FORMAT = 1
Content = dict[str, Any]


def _value(item: PlanItem, name: str) -> Any:
    model_field = item._meta.get_field(name)
    if isinstance(model_field, models.ForeignKey):
        related = getattr(item, name)
        return None if related is None else str(related)
    value = getattr(item, name)
    if isinstance(value, Decimal) and isinstance(model_field, models.DecimalField):
        return str(value.quantize(Decimal(1).scaleb(-model_field.decimal_places)))
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def item_content(kind: Kind, item: PlanItem, goal_ids: Collection[str] = ()) -> dict[str, Any]:
    data: dict[str, Any] = {
        "uuid": str(item.uuid),
        "category": item.category,
        "author": str(item.author),
        "organisation": item.author_organisation,
    }
    for name in kind.fields:
        if name == "goals":
            data[name] = sorted(goal_ids)
        else:
            data[name] = _value(item, name)
    # Fields added after versions were frozen: absent when empty, so an unchanged plan keeps
    # the hash it was sent with.
    for name in _ABSENT_WHEN_EMPTY:
        if name in data and (data[name] in ("", None) or data[name] is False):
            del data[name]
    if getattr(item, "source", "") == EntrySource.PARENTS:
        data["source"] = EntrySource.PARENTS
    return data


_ABSENT_WHEN_EMPTY = (
    "what_is_needed",
    "decision_ends_on",
    "in_school_time",
    "cost_agreement",
)


def build(plan: Plan) -> Content:
    """The current draft of the plan, every category. A fixed number of queries."""
    content: Content = {"format": FORMAT}
    live_goals: set[str] = set()
    for kind in KINDS.values():
        related = ["author"] + (["provider", "intervention"] if kind.model is Module else [])
        items = list(
            kind.queryset().filter(plan=plan, removed_at__isnull=True).select_related(*related)
        )
        links: dict[int, list[str]] = {}
        if kind.model is Module:
            for module_id, goal_uuid in Module.goals.through.objects.filter(
                module__plan=plan, goal__removed_at__isnull=True
            ).values_list("module_id", "goal__uuid"):
                links.setdefault(module_id, []).append(str(goal_uuid))
        if kind.model is Goal:
            live_goals = {str(item.uuid) for item in items}
        content[kind.key] = sorted(
            (
                item_content(kind, item, [g for g in links.get(item.pk, []) if g in live_goals])
                for item in items
            ),
            key=lambda entry: entry["uuid"],
        )
    return content


def canonical(content: Content) -> bytes:
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def content_hash(content: Content) -> str:
    return hashlib.sha256(canonical(content)).hexdigest()


# Reading a version -------------------------------------------------------------------------


def _field_label(kind: Kind, name: str) -> str:
    return field_label(kind.model, name)


def display_value(kind: Kind, name: str, value: Any, goal_titles: dict[str, str]) -> str:
    """A stored value as a person reads it, in the active language."""
    if value is None or value == "" or value == []:
        return ""
    if name == "goals":
        return ", ".join(goal_titles[g] for g in value if g in goal_titles)
    if name == "support_level":
        return _("Level %(level)s") % {"level": value}
    model_field = kind.model._meta.get_field(name)
    if isinstance(model_field, models.BooleanField):
        return str(_("yes")) if value else ""
    if isinstance(model_field, models.DateField) and isinstance(value, str):
        return date_format(dt.date.fromisoformat(value), "d-m-Y")
    choices = getattr(model_field, "flatchoices", None)
    if choices:
        return str(dict(choices).get(value, value))
    if isinstance(model_field, models.DecimalField):
        return format_number(value)
    return str(value)


@dataclass(frozen=True)
class Row:
    label: str
    value: str


@dataclass(frozen=True)
class DisplayItem:
    uuid: str
    kind: Kind
    title: str
    category: str
    category_label: str
    author: str
    organisation: str
    rows: list[Row]


@dataclass(frozen=True)
class DisplaySection:
    kind: Kind
    items: list[DisplayItem]


def _visible(entries: Iterable[dict[str, Any]], allowed: Collection[str]) -> list[dict[str, Any]]:
    return [entry for entry in entries if entry.get("category") in allowed]


def goal_titles(content: Content, allowed: Collection[str]) -> dict[str, str]:
    return {entry["uuid"]: entry["what"] for entry in _visible(content.get("goal", []), allowed)}


def _title(kind: Kind, entry: dict[str, Any], titles: dict[str, str]) -> str:
    return display_value(kind, kind.title_field, entry.get(kind.title_field), titles)


def _sort_key(kind: Kind, entry: dict[str, Any]) -> tuple[str, ...]:
    order = {
        "domain": ("domain",),
        "network": ("relation", "name"),
        "need": ("of_whom",),
        "goal": ("side", "deadline"),
        "module": ("side", "start_date"),
    }[kind.key]
    return (*(str(entry.get(name) or "") for name in order), entry["uuid"])


def display(content: Content, allowed: Collection[str]) -> list[DisplaySection]:
    """The sections of a version as the viewer may read them: other categories are absent."""
    titles = goal_titles(content, allowed)
    categories = dict(DataCategory.choices)
    sections = []
    for kind in KINDS.values():
        entries = sorted(
            _visible(content.get(kind.key, []), allowed), key=lambda e: _sort_key(kind, e)
        )
        items = []
        for entry in entries:
            rows = []
            for name in kind.fields:
                shown = display_value(kind, name, entry.get(name), titles)
                if shown and name != kind.title_field:
                    rows.append(Row(_field_label(kind, name), shown))
            items.append(
                DisplayItem(
                    uuid=entry["uuid"],
                    kind=kind,
                    title=_title(kind, entry, titles),
                    category=entry["category"],
                    category_label=str(categories.get(entry["category"], entry["category"])),
                    author=entry.get("author", ""),
                    organisation=entry.get("organisation", ""),
                    rows=rows,
                )
            )
        sections.append(DisplaySection(kind, items))
    return sections


# Comparing two versions --------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class ItemChange:
    kind: Kind
    status: str  # "added", "changed", "removed"
    title: str
    category_label: str
    changes: list[FieldChange] = field(default_factory=list)


def compare(older: Content, newer: Content, allowed: Collection[str]) -> list[ItemChange]:
    """What was added, changed and removed from `older` to `newer`, item by item (an item
    keeps its identity across versions), cut to the categories the viewer may see."""
    titles_old, titles_new = goal_titles(older, allowed), goal_titles(newer, allowed)
    categories = dict(DataCategory.choices)
    result: list[ItemChange] = []
    for kind in KINDS.values():
        before = {e["uuid"]: e for e in _visible(older.get(kind.key, []), allowed)}
        after = {e["uuid"]: e for e in _visible(newer.get(kind.key, []), allowed)}
        for uuid in sorted(after.keys() - before.keys(), key=lambda u: _sort_key(kind, after[u])):
            entry = after[uuid]
            result.append(
                ItemChange(
                    kind,
                    "added",
                    _title(kind, entry, titles_new),
                    str(categories.get(entry["category"], "")),
                )
            )
        for uuid in sorted(after.keys() & before.keys(), key=lambda u: _sort_key(kind, after[u])):
            old, new = before[uuid], after[uuid]
            changes = []
            for name in ("category", *kind.fields):
                if old.get(name) == new.get(name):
                    continue
                if name == "category":
                    changes.append(
                        FieldChange(
                            str(_("data category")),
                            str(categories.get(old["category"], "")),
                            str(categories.get(new["category"], "")),
                        )
                    )
                    continue
                was = display_value(kind, name, old.get(name), titles_old)
                now = display_value(kind, name, new.get(name), titles_new)
                if was != now:  # e.g. a link to a goal the viewer cannot see
                    changes.append(FieldChange(_field_label(kind, name), was, now))
            if changes:
                result.append(
                    ItemChange(
                        kind,
                        "changed",
                        _title(kind, new, titles_new),
                        str(categories.get(new["category"], "")),
                        changes,
                    )
                )
        for uuid in sorted(before.keys() - after.keys(), key=lambda u: _sort_key(kind, before[u])):
            entry = before[uuid]
            result.append(
                ItemChange(
                    kind,
                    "removed",
                    _title(kind, entry, titles_old),
                    str(categories.get(entry["category"], "")),
                )
            )
    return result


def field_changes(kind: Kind, before: dict[str, Any], after: dict[str, Any]) -> list[FieldChange]:
    """The fields that differ between two states of one item (for the stale-save message)."""
    categories = dict(DataCategory.choices)
    changes = []
    for name in ("category", *kind.fields):
        if name == "goals" or before.get(name) == after.get(name):
            continue
        if name == "category":
            changes.append(
                FieldChange(
                    str(_("data category")),
                    str(categories.get(before[name], "")),
                    str(categories.get(after[name], "")),
                )
            )
        else:
            changes.append(
                FieldChange(
                    _field_label(kind, name),
                    display_value(kind, name, before.get(name), {}),
                    display_value(kind, name, after.get(name), {}),
                )
            )
    return changes
