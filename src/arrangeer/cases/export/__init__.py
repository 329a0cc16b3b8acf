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

One module per part of the work: `values` (values as people read them), `registry` (the
parts and records, the registry and the document built from it, with its JSON), `parts` (the
case's own parts, registered when this package is imported) and `pdf` (the document printed).
Other apps import from this package.
"""

from . import parts  # noqa: F401 (the case's own parts register themselves)
from .pdf import TABLE_ROWS, document_pdf, file_pdf
from .registry import (
    FORMAT,
    Document,
    Part,
    PartBuilder,
    Record,
    document,
    document_data,
    file_data,
    history_part,
    history_records,
    item_history,
    record,
    register_part,
)
from .values import (
    EMPTY,
    category_labels,
    day,
    label_of,
    member_label,
    role_label,
    text,
    value_of,
    when,
    yes_no,
)

__all__ = [
    "EMPTY",
    "FORMAT",
    "TABLE_ROWS",
    "Document",
    "Part",
    "PartBuilder",
    "Record",
    "category_labels",
    "day",
    "document",
    "document_data",
    "document_pdf",
    "file_data",
    "file_pdf",
    "history_part",
    "history_records",
    "item_history",
    "label_of",
    "member_label",
    "record",
    "register_part",
    "role_label",
    "text",
    "value_of",
    "when",
    "yes_no",
]
