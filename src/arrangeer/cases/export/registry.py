"""The whole file as a document: parts of records with labelled fields, the registry the
apps add their parts to (`register_part`), the document built from every registered part,
its JSON, and the parts of changes (the history of the case's and other apps' records)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from arrangeer.core.replica import reading_from_replica
from arrangeer.vocabulary import DataCategory

from .. import history
from ..access import CaseAccess
from .values import category_labels, day, label_of, text, value_of, when

FORMAT = 2


@dataclass
class Record:
    type: str  # the model's label, e.g. "plans.goal"
    title: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)


@dataclass
class Part:
    key: str
    title: str
    records: list[Record] = field(default_factory=list)
    note: str = ""
    # Many short records of one shape (the access log, changes, measurements): the PDF
    # prints them as one table, a row per record.
    table: bool = False
    row_label: str = ""  # the heading of the table's first column (the records' titles)


def record(
    obj: models.Model,
    names: Sequence[str] = (),
    *,
    title: str | None = None,
    extra: Sequence[tuple[str, Any]] = (),
    parts: Sequence[Part] = (),
) -> Record:
    """A record of `obj`: the named fields under their verbose names, then `extra` rows
    (label, value) for what is not a field of its own."""
    rows = [(label_of(type(obj), name), value_of(obj, name)) for name in names]
    rows += [(capfirst(str(label)), text(value)) for label, value in extra]
    return Record(
        type=obj._meta.label_lower,
        title=str(obj) if title is None else title,
        fields=rows,
        parts=list(parts),
    )


PartBuilder = Callable[[CaseAccess], list[Part]]


@dataclass(frozen=True)
class _Registered:
    name: str
    order: int
    build: PartBuilder


_PARTS: dict[str, _Registered] = {}


def register_part(name: str, *, order: int) -> Callable[[PartBuilder], PartBuilder]:
    """Add the parts `build(access)` returns to the file, at `order` (the case's own parts
    are 10-59 and 90-99)."""

    def decorate(build: PartBuilder) -> PartBuilder:
        if name in _PARTS and _PARTS[name].build is not build:
            raise ValueError(f"An export part named {name!r} is already registered.")
        _PARTS[name] = _Registered(name, order, build)
        return build

    return decorate


@dataclass
class Document:
    title: str
    scope: str
    made_at: dt.datetime
    parts: list[Part]


def _scope(access: CaseAccess) -> str:
    """Whose view of the file this is, on which day, with which kinds of data."""
    place = access.family
    today = day(timezone.localdate())
    if place is not None and place.is_child:
        first = _(
            "This overview holds everything about you that you may see in this case, on %(date)s."
        ) % {"date": today}
    elif place is not None:
        first = _(
            "This overview holds everything about your child that you may see in this case, "
            "on %(date)s."
        ) % {"date": today}
    else:
        first = _(
            "This overview holds the data that %(organisation)s may see in this case, on "
            "%(date)s. Other organisations can hold more; ask them, or see everything in the "
            "parent portal."
        ) % {
            "organisation": access.organisation.name if access.organisation else "",
            "date": today,
        }
    order = list(DataCategory.values)
    shown = category_labels(sorted(access.categories, key=order.index))
    return " ".join(
        [first, _("Kinds of data in this overview: %(categories)s.") % {"categories": shown}]
    )


# The parts are read from the read replica when there is one; the access check that made
# `access` ran on the primary before (core/replica.py).
@reading_from_replica()
def document(access: CaseAccess) -> Document:
    """The whole file for the person asking: every registered part, in order."""
    parts: list[Part] = []
    for registered in sorted(_PARTS.values(), key=lambda r: (r.order, r.name)):
        parts += registered.build(access)
    return Document(
        title=_("File of %(name)s") % {"name": access.case.child.full_name},
        scope=_scope(access),
        made_at=timezone.now(),
        parts=parts,
    )


def _record_data(item: Record) -> dict[str, Any]:
    data: dict[str, Any] = {"type": item.type, "title": item.title, "fields": dict(item.fields)}
    if item.parts:
        data["parts"] = [_part_data(p) for p in item.parts]
    return data


def _part_data(part: Part) -> dict[str, Any]:
    data: dict[str, Any] = {
        "key": part.key,
        "title": part.title,
        "records": [_record_data(r) for r in part.records],
    }
    if part.note:
        data["note"] = part.note
    return data


def file_data(access: CaseAccess) -> dict[str, Any]:
    """The file as JSON: the same parts, records and labelled fields as the PDF."""
    return document_data(document(access), format_name=FORMAT)


def document_data(made: Document, *, format_name: object) -> dict[str, Any]:
    """A document of parts as JSON (the whole file, the handover summary)."""
    return {
        "format": format_name,
        "title": made.title,
        "made_at": when(made.made_at),
        "scope": made.scope,
        "parts": [_part_data(p) for p in made.parts],
    }


def history_part(key: str, title: str, records: list[Record]) -> Part:
    """A part of changes (the case's, the plan's), printed as one table."""
    return Part(
        key,
        title,
        records,
        note=_("Who changed what and when; the values themselves are in the parts above."),
        table=True,
        row_label=_("When and what"),
    )


def history_records(changes: Iterable[history.Change]) -> list[Record]:
    """Changes (cases.history) as records: when, who, what, which fields."""
    kinds = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
    return [
        Record(
            change.type,
            f"{when(change.at)} · {change.what} {kinds.get(change.kind, '')}",
            [
                (_("Who"), change.who),
                (_("Fields"), text(change.fields)),
            ],
        )
        for change in changes
    ]


def item_history(
    sources: Iterable[tuple[type[models.Model], list[Any], str]],
    *,
    hidden: Iterable[str] = (),
) -> list[Record]:
    """The changes of other apps' records from their historical rows, newest first: one
    (model, historical rows, what to call it) per kind of record; `hidden` fields are
    bookkeeping nobody needs to read."""
    found: list[history.Change] = []
    for model, rows, what in sources:
        found += history.walk(model, rows, what, set(hidden))
    found.sort(key=lambda c: c.at, reverse=True)
    return history_records(found)
