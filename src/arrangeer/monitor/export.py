"""A published table as a file: CSV and XLSX, the same cells as the page (the `Figure`s of
suppression.py, never an exact count) with the rule written under the table."""

from __future__ import annotations

import csv
import io
import re

from django.utils.translation import gettext as _

from openpyxl import Workbook
from openpyxl.styles import Font

from .suppression import Figure
from .tables import PublishedTable, Share

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def rule_text() -> str:
    """The privacy rule, as every page, export and API answer says it."""
    return _("Figures about fewer than 10 children read <10; counts are rounded to 5.")


def header(table: PublishedTable) -> list[str]:
    columns = [str(c.label) for c in table.visible_columns]
    if table.spec.row_totals:
        columns.append(_("Total"))
        if table.spec.share_of is not None:
            columns.append(_("Share, in per cent"))
    return [str(table.spec.row_heading or table.spec.title), *columns]


def body(table: PublishedTable) -> list[tuple[str, list[Figure | Share]]]:
    return [
        (_("Total") if label is None else str(label), figures) for label, figures in table.lines()
    ]


def as_csv(table: PublishedTable) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(header(table))
    for label, figures in body(table):
        writer.writerow([label, *[str(f) for f in figures]])
    writer.writerow([])
    writer.writerow([rule_text()])
    return out.getvalue()


def _sheet_title(text: str) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet's name."""
    return re.sub(r"[\[\]:*?/\\]", " ", text)[:31].strip() or "Monitor"


def as_xlsx(table: PublishedTable, *, heading: str) -> bytes:
    """One sheet: the heading (theme, scope, period), the table, and the rule under it. A
    shown count is a number; a hidden one the text "<10", never a zero or an empty cell."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _sheet_title(str(table.spec.title))
    bold = Font(bold=True)
    sheet.append([heading])
    sheet["A1"].font = bold
    sheet.append([str(table.spec.title)])
    sheet.append([])
    sheet.append(header(table))
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for label, figures in body(table):
        sheet.append([label, *[f.value if f.value is not None else str(f) for f in figures]])
    sheet.append([])
    sheet.append([rule_text()])
    sheet.column_dimensions["A"].width = 40
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
