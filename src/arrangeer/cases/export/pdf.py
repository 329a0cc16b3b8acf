"""The document as a PDF: its parts laid out flat for the template (headings, notes, a
record's fields, a part of many short records as a table or a list)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from arrangeer.core import pdf

from ..access import CaseAccess
from .registry import Document, Part, document
from .values import EMPTY, when


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
