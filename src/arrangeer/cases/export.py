"""The whole file of one child as JSON and PDF (AVG right of access), cut to what the person
asking may see, in words that person reads: labels instead of field names, Dutch dates and
times (Europe/Amsterdam), "ja"/"nee" for yes and no.

The file is a list of parts (the child, the team, the plan's goals, the meetings, …), each a
list of records with labelled fields. The case's own parts are built here; the apps above
cases (the plan, the MDO, the portal) add theirs with `register_part`, from their
AppConfig.ready(), so this module does not import them:

    @register_part("plan", order=60)
    def plan_parts(access: CaseAccess) -> list[Part]:
        return [Part("goals", _("Shared goals"), [record(goal, ["what", "target"]), ...]), ...]

A part reads through the same selectors as the pages, so the export shows exactly what the
pages show the person asking. Every record names the kind of data it holds (`type`, the
model's label), so a test can check that every model holding child data reaches the export.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from arrangeer.audit.services import entries_for_case
from arrangeer.consents.models import Consent, ParentSharing
from arrangeer.core import pdf
from arrangeer.core.models_util import field_label
from arrangeer.core.numbers import format_day, format_moment, format_number
from arrangeer.core.replica import reading_from_replica
from arrangeer.routes import checklist
from arrangeer.routes.guards import all_guards
from arrangeer.vocabulary import DataCategory

from . import history, journey
from .access import CaseAccess
from .dossier import active_flags, child_fields
from .models import (
    ChecklistMark,
    EmergencyAccess,
    FamilyNotice,
    RegieTransfer,
    StepChange,
    TeamMember,
)

FORMAT = 2
EMPTY = "—"


# Values as people read them ------------------------------------------------------------------


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


# The document ---------------------------------------------------------------------------------


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


# The case's own parts -------------------------------------------------------------------------


@register_part("child", order=10)
def _child(access: CaseAccess) -> list[Part]:
    child = access.case.child
    rows = [(capfirst(f.label), text(f.value)) for f in child_fields(access)]
    return [
        Part(
            "child",
            _("Child"),
            [Record(child._meta.label_lower, child.full_name, rows)],
        )
    ]


@register_part("representatives", order=15)
def _representatives(access: CaseAccess) -> list[Part]:
    names = ("first_name", "last_name", "relation", "has_authority", "email", "phone", "address")
    return [
        Part(
            "representatives",
            _("Parents and carers"),
            [
                record(r, names, title=f"{r.first_name} {r.last_name}")
                for r in access.case.child.representatives.order_by("-has_authority", "pk")
            ],
        )
    ]


@register_part("case", order=20)
def _case(access: CaseAccess) -> list[Part]:
    case = access.case
    names = [
        "region",
        "created_by",
        "initiator",
        "initiating_organisation",
        "status",
        "opened_at",
        "closed_at",
        "regisseur",
        "route",
        "current_step",
        "step_since",
        "step_due",
        "thuiszitter_since",
        "school_plan_kind",
        "school_plan_evaluated_on",
        "school_plan_missing_reason",
    ]
    return [
        Part(
            "case",
            _("Case"),
            [
                record(
                    case,
                    names,
                    title=_("Case of %(name)s") % {"name": case.child.full_name},
                    extra=[(_("Particulars"), active_flags(case))],
                )
            ],
        )
    ]


@register_part("team", order=30)
def _team(access: CaseAccess) -> list[Part]:
    members = (
        TeamMember.objects.filter(case=access.case)
        .select_related("membership__user", "membership__organisation", "proposed_by", "decided_by")
        .order_by("proposed_at", "pk")
    )
    emergencies = (
        EmergencyAccess.objects.filter(case=access.case)
        .select_related("user", "membership__organisation")
        .order_by("started_at", "pk")
    )
    return [
        Part(
            "team",
            _("Team"),
            [
                record(
                    m,
                    [
                        "status",
                        "basis",
                        "proposed_at",
                        "proposed_by",
                        "decided_at",
                        "decided_by",
                        "decision_note",
                        "ended_at",
                        "end_reason",
                    ],
                    title=str(m.membership.user),
                    extra=[
                        (_("Role"), m.membership.get_role_display()),
                        (_("Organisation"), m.membership.organisation.name),
                    ],
                )
                for m in members
            ],
        ),
        Part(
            "emergency_access",
            _("Emergency access"),
            [
                record(
                    e,
                    ["reason", "started_at", "expires_at"],
                    title=str(e.user),
                    extra=[(_("Organisation"), e.membership.organisation.name)],
                )
                for e in emergencies
            ],
            note=_(
                "Someone who had to act at once (for the child's safety) could open the file "
                "for 24 hours; each time is listed here with the reason given."
            ),
        ),
    ]


@register_part("consents", order=40)
def _consents(access: CaseAccess) -> list[Part]:
    consents = (
        Consent.objects.filter(case=access.case)
        .select_related("organisation", "given_by_representative", "withdrawn_by_representative")
        .order_by("recorded_at", "pk")
    )
    sharing = ParentSharing.objects.filter(case=access.case).order_by("recorded_at", "pk")
    return [
        Part(
            "consents",
            _("Consents"),
            [
                record(
                    c,
                    [
                        "organisation",
                        "purpose",
                        "given_by_representative",
                        "given_by_child",
                        "age_band_at_giving",
                        "valid_from",
                        "valid_until",
                        "evidence",
                        "evidence_note",
                        "recorded_at",
                        "withdrawn_at",
                        "withdrawn_by_representative",
                        "withdrawn_by_child",
                        "withdrawal_reason",
                    ],
                    title=c.organisation.name,
                    extra=[(field_label(Consent, "categories"), category_labels(c.categories))],
                )
                for c in consents
            ],
        ),
        Part(
            "parent_sharing",
            _("What the young person shares with the parents"),
            [
                record(
                    s,
                    ["recorded_at"],
                    title=when(s.recorded_at),
                    extra=[
                        (
                            field_label(ParentSharing, "categories"),
                            category_labels(s.categories),
                        )
                    ],
                )
                for s in sharing
            ],
        ),
    ]


@register_part("notices", order=45)
def _notices(access: CaseAccess) -> list[Part]:
    """The mails the family was sent about this case (what kind, when): a family member their
    own, the regisseur all of the case's."""
    notices = FamilyNotice.objects.filter(case=access.case).select_related("user")
    if access.family is not None or not access.is_regisseur:
        notices = notices.filter(user_id=access.user.pk)
    return [
        Part(
            "notices",
            _("Mails to the family"),
            [
                record(
                    n,
                    ["user", "kind", "moment", "created_at", "mailed_at"],
                    title=when(n.created_at),
                )
                for n in notices.order_by("created_at", "pk")
            ],
            table=True,
        )
    ]


@register_part("checklist", order=47)
def _checklist(access: CaseAccess) -> list[Part]:
    """The regisseur's ticks on their checklist (who, in which role, when): the regisseur's
    export; the family's pages do not show the checklist."""
    if access.family is not None or not access.is_regisseur:
        return []
    marks = ChecklistMark.objects.filter(case=access.case).select_related("by_user")
    return [
        Part(
            "checklist",
            _("Checklist of the regisseur"),
            [
                record(
                    m,
                    ["done", "by_user", "at"],
                    title=str(checklist.get(m.item).label),
                )
                for m in marks.order_by("at", "pk")
            ],
            table=True,
        )
    ]


@register_part("route", order=50)
def _route(access: CaseAccess) -> list[Part]:
    case = access.case
    checks = {code: str(guard.label) for code, guard in all_guards().items()}
    steps = [
        Record(
            StepChange._meta.label_lower,
            f"{when(c.at)} · {c.get_kind_display()}",
            [
                (label_of(StepChange, "from_step"), text(c.from_step)),
                (label_of(StepChange, "to_step"), text(c.to_step)),
                (_("Who"), text(c.by_user)),
                (label_of(StepChange, "reason"), text(c.reason)),
                (
                    label_of(StepChange, "overridden_guards"),
                    text([checks.get(code, code) for code in c.overridden_guards]),
                ),
                (label_of(StepChange, "override_reason"), text(c.override_reason)),
            ],
        )
        for c in journey.timeline(case)
    ]
    transfers = [
        record(
            t,
            ["from_user", "reason", "status", "proposed_at", "decided_at", "decision_note"],
            title=_("Regie to %(name)s") % {"name": t.to_member.membership.user},
        )
        for t in RegieTransfer.objects.filter(case=case)
        .select_related("from_user", "to_member__membership__user")
        .order_by("proposed_at", "pk")
    ]
    return [
        Part("route", _("Route"), steps),
        Part("regie", _("Who had the regie"), transfers),
    ]


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


@register_part("history", order=90)
def _history(access: CaseAccess) -> list[Part]:
    return [
        history_part(
            "history",
            _("Changes to the case"),
            history_records(history.changes(access, limit=None)),
        )
    ]


@register_part("access_log", order=95)
def _access_log(access: CaseAccess) -> list[Part]:
    entries = entries_for_case(access.case.uuid).order_by("occurred_at", "seq")
    return [
        Part(
            "access_log",
            _("Who looked at this file"),
            [
                Record(
                    "audit.accesslogentry",
                    f"{when(e.occurred_at)} · {e.get_event_display()}",
                    [
                        (_("Organisation"), text(e.organisation_name)),
                        (_("Role"), text(role_label(e.role))),
                        (_("Outcome"), e.get_outcome_display()),
                        (_("Basis"), e.get_basis_display()),
                    ],
                )
                for e in entries
            ],
            table=True,
            row_label=_("When and what"),
        )
    ]


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


# The PDF ----------------------------------------------------------------------------------------


def file_pdf(access: CaseAccess) -> bytes:
    return document_pdf(
        document(access),
        title=_("File of a child"),
        subject=_("What Arrangeer holds about a child, as far as you may see it"),
    )


def document_pdf(made: Document, *, title: str, subject: str, confidential: bool = True) -> bytes:
    """A document of parts as a PDF: the whole file, and other documents built of the same
    parts (the handover summary of transitions, a group's proposal). `confidential=False` for
    a document that holds no child's data (a group's proposal): it does not carry the
    confidential mark. The parts are laid out flat for the template (`cases/pdf/document.html`):
    headings, notes, each record's fields as a definition list, and a part of many short
    records of one shape as a table while it is short, as a list when it is long (a long
    table that breaks over many pages is slow to lay out, and a list reads as well)."""
    blocks: list[dict[str, Any]] = []
    for part in made.parts:
        _part_blocks(part, 0, blocks)
    return pdf.render_pdf(
        "cases/pdf/document.html",
        {"made": made, "made_on": when(made.made_at), "blocks": blocks},
        title=title,
        subject=subject,
        mark=pdf.CONFIDENTIAL if confidential else "",
    )


# A part printed as a table has at most this many rows; a longer one is printed as a list.
TABLE_ROWS = 40


def _level(depth: int) -> int:
    """The heading level of a part at this depth: h2 for the document's parts, down to h6."""
    return min(depth + 2, 6)


def _rows_table(part: Part) -> dict[str, Any]:
    """A part's records as the rows of one table under their fields' labels."""
    records = part.records
    labels = [label for label, _value in records[0].fields]
    # A title that is one of the fields already (a measurement's date) is not repeated.
    titled = not all(item.title in dict(item.fields).values() for item in records)
    header = ([part.row_label or _("What")] if titled else []) + labels
    rows = []
    for item in records:
        values = dict(item.fields)
        rows.append(([item.title] if titled else []) + [values.get(lb, EMPTY) for lb in labels])
    return {"kind": "table", "header": header, "rows": rows}


def _part_blocks(part: Part, depth: int, blocks: list[dict[str, Any]]) -> None:
    blocks.append({"kind": "heading", "level": _level(depth), "text": part.title})
    if part.note:
        blocks.append({"kind": "text", "text": part.note})
    if not part.records:
        blocks.append({"kind": "text", "text": _("Nothing recorded that you may see.")})
        return
    if part.table and len(part.records) <= TABLE_ROWS:
        blocks.append(_rows_table(part))
        return
    if part.table:  # many rows: one item each, its fields on a line
        blocks.append(
            {
                "kind": "list",
                "items": [
                    (item.title, "; ".join(f"{label}: {value}" for label, value in item.fields))
                    for item in part.records
                ],
            }
        )
        return
    for item in part.records:
        blocks.append({"kind": "heading", "level": _level(depth + 1), "text": item.title})
        if item.fields:
            blocks.append({"kind": "fields", "fields": item.fields})
        for sub in item.parts:
            _part_blocks(sub, depth + 2, blocks)
