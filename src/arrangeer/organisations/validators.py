"""Formats of the Dutch organisation codes. Format only: the registers themselves are not online
here, and a code in the right shape that does not exist is caught by the person who reads it."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# BRIN: two digits and two letters or digits (e.g. 12AB), optionally a two-digit location.
_BRIN = re.compile(r"^\d{2}[A-Z0-9]{2}(\d{2})?$")
_KVK = re.compile(r"^\d{8}$")
_AGB = re.compile(r"^\d{8}$")


def validate_brin(value: str) -> None:
    if not _BRIN.match(value):
        raise ValidationError(
            _("A BRIN code is two digits and two letters or digits, like 12AB (or 12AB00)."),
            code="invalid_brin",
        )


def validate_kvk(value: str) -> None:
    if not _KVK.match(value):
        raise ValidationError(
            _("A KvK number is exactly 8 digits, like 12345678."), code="invalid_kvk"
        )


def validate_agb(value: str) -> None:
    if not _AGB.match(value):
        raise ValidationError(
            _("An AGB code is exactly 8 digits, like 01234567."), code="invalid_agb"
        )


_BEVOEGD_GEZAG = re.compile(r"^\d{5}$")


def validate_bevoegd_gezag(value: str) -> None:
    if not _BEVOEGD_GEZAG.match(value):
        raise ValidationError(
            _("A bevoegd-gezagnummer is exactly 5 digits, like 41234."),
            code="invalid_bevoegd_gezag",
        )
