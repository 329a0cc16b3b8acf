"""Reading a pupil file in the shape of OSO's overstapdossier (docs/transitions.md has the
mapping): the sending school, the pupil's personal data, the school career, the support and
the test results. Everything is checked before anything is saved; what is wrong is listed,
each with where in the file it is."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from arrangeer.children.models import Child
from arrangeer.children.validators import bsn_is_valid

from .constants import MAX_IMPORT_BYTES, OSO_FORMAT

VERSIONS = frozenset({"1"})
BRIN = re.compile(r"^\d{2}[A-Z0-9]{2}(\d{2})?$")
MAX_ROWS = 200
MAX_TEXT = 2000

# Part → (field → (required, kind)). Kinds: text, date, score (text or number).
PERSONAL = {
    "bsn": (False, "text"),
    "achternaam": (True, "text"),
    "voornamen": (True, "text"),
    "roepnaam": (False, "text"),
    "geboortedatum": (True, "date"),
    "geslacht": (False, "text"),
    "thuistaal": (False, "text"),
    "nationaliteit": (False, "text"),
}
CAREER = {
    "school": (True, "text"),
    "brin": (False, "text"),
    "onderwijssoort": (False, "text"),
    "groep_of_leerjaar": (False, "text"),
    "van": (True, "date"),
    "tot": (False, "date"),
}
SUPPORT = {
    "soort": (True, "text"),
    "omschrijving": (True, "text"),
    "van": (False, "date"),
    "tot": (False, "date"),
}
TESTS = {
    "toetscode": (False, "text"),
    "toets": (True, "text"),
    "onderdeel": (False, "text"),
    "datum": (True, "date"),
    "score": (True, "score"),
    "niveau": (False, "text"),
}
ADVICE = {
    "schooladvies": (True, "text"),
    "datum": (False, "date"),
    "toelichting": (False, "text"),
}


@dataclass
class PupilFile:
    sending_school_name: str
    sending_brin: str
    personal: dict[str, str]
    school_career: list[dict[str, str]] = field(default_factory=list)
    support: list[dict[str, str]] = field(default_factory=list)
    test_results: list[dict[str, str]] = field(default_factory=list)
    advice: dict[str, str] = field(default_factory=dict)


class _Errors:
    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.messages.append(_("%(where)s: %(message)s") % {"where": where, "message": message})


def _value(raw: Any, kind: str, where: str, errors: _Errors) -> str | None:
    if kind == "score" and isinstance(raw, int | float) and not isinstance(raw, bool):
        return str(raw)
    if not isinstance(raw, str):
        errors.add(where, _("give text here."))
        return None
    value = raw.strip()
    if len(value) > MAX_TEXT:
        errors.add(where, _("this text is too long."))
        return None
    if kind == "date" and value:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            errors.add(where, _("give a date as year-month-day, for example 2026-09-01."))
            return None
    return value


def _record(
    raw: Any, spec: dict[str, tuple[bool, str]], where: str, errors: _Errors
) -> dict[str, str]:
    if not isinstance(raw, dict):
        errors.add(where, _("this part must be a group of fields."))
        return {}
    found: dict[str, str] = {}
    for name, (required, kind) in spec.items():
        here = f"{where}.{name}"
        if name not in raw or raw[name] in (None, ""):
            if required:
                errors.add(here, _("this field is missing."))
            continue
        value = _value(raw[name], kind, here, errors)
        if value is not None:
            found[name] = value
    start, end = found.get("van"), found.get("tot")
    if start and end and end < start:
        errors.add(f"{where}.tot", _("the end lies before the start."))
    return found


def _rows(
    raw: Any, spec: dict[str, tuple[bool, str]], where: str, errors: _Errors
) -> list[dict[str, str]]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        errors.add(where, _("this part must be a list."))
        return []
    if len(raw) > MAX_ROWS:
        errors.add(where, _("this list is longer than a pupil file holds."))
        return []
    return [_record(item, spec, f"{where}[{n}]", errors) for n, item in enumerate(raw, start=1)]


def _same_pupil(personal: dict[str, str], child: Child, errors: _Errors) -> None:
    born = personal.get("geboortedatum")
    if born and dt.date.fromisoformat(born) != child.date_of_birth:
        errors.add(
            "leerling.geboortedatum",
            _("the date of birth differs from this child's: this file is about another pupil."),
        )
    bsn = personal.get("bsn", "")
    if bsn and not bsn_is_valid(bsn):
        errors.add("leerling.bsn", _("this is not a valid BSN."))
    elif bsn and child.bsn and bsn != child.bsn:
        errors.add(
            "leerling.bsn",
            _("the BSN differs from this child's: this file is about another pupil."),
        )
    last = personal.get("achternaam", "").casefold()
    own = child.last_name.casefold()
    if last and own not in last and last not in own:
        errors.add(
            "leerling.achternaam",
            _("the last name differs from this child's: this file is about another pupil."),
        )


def parse(content: bytes, *, child: Child) -> PupilFile:
    """The checked pupil file, or a ValidationError listing every problem found."""
    if len(content) > MAX_IMPORT_BYTES:
        raise ValidationError(_("This file is too large to be a pupil file."))
    try:
        data = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as problem:
        raise ValidationError(
            _("This is not a pupil file in the OSO shape: the file cannot be read as JSON.")
        ) from problem
    if not isinstance(data, dict) or data.get("formaat") != OSO_FORMAT:
        raise ValidationError(
            _('This is not a pupil file in the OSO shape: "formaat" must be "%(format)s".')
            % {"format": OSO_FORMAT}
        )
    if str(data.get("versie", "")) not in VERSIONS:
        raise ValidationError(_("This version of the pupil file is not known here: use version 1."))
    errors = _Errors()
    sender = _record(
        data.get("afzender"),
        {"school": (True, "text"), "brin": (False, "text")},
        "afzender",
        errors,
    )
    brin = sender.get("brin", "").upper()
    if brin and not BRIN.match(brin):
        errors.add(
            "afzender.brin",
            _("a BRIN code has two digits and two letters or digits, for example 12AB."),
        )
    personal = _record(data.get("leerling"), PERSONAL, "leerling", errors)
    career = _rows(data.get("schoolloopbaan"), CAREER, "schoolloopbaan", errors)
    support = _rows(data.get("ondersteuning"), SUPPORT, "ondersteuning", errors)
    tests = _rows(data.get("toetsresultaten"), TESTS, "toetsresultaten", errors)
    advice = _record(data["advies"], ADVICE, "advies", errors) if data.get("advies") else {}
    if not errors.messages:
        _same_pupil(personal, child, errors)
    if errors.messages:
        raise ValidationError(errors.messages)
    return PupilFile(
        sending_school_name=sender["school"],
        sending_brin=brin,
        personal=personal,
        school_career=career,
        support=support,
        test_results=tests,
        advice=advice,
    )
