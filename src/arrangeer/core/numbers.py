"""Numbers as people read them: "2,5 uur per week" in Dutch, "2.5 hours a week" in English;
never "2.00" or "1E+1". Pages, PDFs and mails use this one helper (the `number` filter in
templates) and the whole-file export; the API and the FHIR export keep machine notation (a
point, the stored precision). Dates in the PDFs and the export read as 31-12-2026 and
moments as 31-12-2026 14:30 in Dutch time (`format_day`, `format_moment`)."""

from __future__ import annotations

import datetime as dt
from contextlib import nullcontext
from decimal import Decimal, InvalidOperation

from django.utils import formats, timezone, translation


def format_number(value: Decimal | int | float | str | None, *, language: str | None = None) -> str:
    """The number without trailing zeros, with the decimal separator of the active language
    (or of `language`). None and what is not a number give an empty string."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return ""
    if not number.is_finite():
        return ""
    text = f"{number:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    places = len(text.partition(".")[2])
    with translation.override(language) if language else nullcontext():
        return formats.number_format(Decimal(text), decimal_pos=places, use_l10n=True)


def format_day(value: dt.date | dt.datetime | None) -> str:
    """A day as dd-mm-jjjj (a moment on its day in Dutch time); None gives an empty string."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value)
    return value.strftime("%d-%m-%Y")


def format_moment(value: dt.datetime | None) -> str:
    """A moment as dd-mm-jjjj uu:mm in Dutch time; None gives an empty string."""
    if value is None:
        return ""
    return timezone.localtime(value).strftime("%d-%m-%Y %H:%M")
