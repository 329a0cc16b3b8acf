from __future__ import annotations

import datetime as dt
import unicodedata

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .ages import years_before


def bsn_is_valid(value: str) -> bool:
    """The elfproef: 9 digits d1..d9 with 9*d1 + 8*d2 + ... + 2*d8 - d9 divisible by 11."""
    if len(value) != 9 or not value.isdigit() or value == "000000000":
        return False
    digits = [int(c) for c in value]
    total = sum(weight * digit for weight, digit in zip(range(9, 1, -1), digits[:8], strict=True))
    return (total - digits[8]) % 11 == 0


def validate_bsn(value: str) -> None:
    if not bsn_is_valid(value):
        raise ValidationError(
            _("This is not a valid BSN: it must be 9 digits and pass the eleven test."),
            code="invalid_bsn",
        )


# Arrangeer is for children and young people younger than 27 (the bound the new-case form
# always had); a date of birth outside that range is a typing mistake (1950 for 2015).
MAX_AGE = 27

# Characters that change how a name looks without being part of it: the bidirectional
# controls (U+202A to U+202E, U+2066 to U+2069, U+200E/F, U+061C) can make "Daan" display as
# another name; zero-width and other format characters make two different names look the
# same. Dutch names (BRP) are letters with diacritics, spaces, hyphens and apostrophes, so
# nothing a real name needs is refused.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Zl", "Zp"})


def date_of_birth_range(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The dates of birth Arrangeer accepts for a child: younger than 27, born by today."""
    today = today or timezone.localdate()
    return years_before(today, MAX_AGE) + dt.timedelta(days=1), today


def validate_date_of_birth(value: dt.date) -> None:
    """One rule for the web form, the API and the service that opens a case."""
    earliest, latest = date_of_birth_range()
    if not earliest <= value <= latest:
        raise ValidationError(
            _(
                "Give a date of birth between %(earliest)s and %(latest)s: Arrangeer is for "
                "children and young people younger than %(age)d."
            )
            % {
                "earliest": earliest.strftime("%d-%m-%Y"),
                "latest": latest.strftime("%d-%m-%Y"),
                "age": MAX_AGE,
            },
            code="date_of_birth_out_of_range",
        )


def validate_person_name(value: str) -> None:
    """Refuse control, invisible and direction-changing characters in a person's name."""
    found = sorted({ch for ch in value if unicodedata.category(ch) in _INVISIBLE_CATEGORIES})
    if found:
        raise ValidationError(
            _(
                "A name cannot contain invisible characters or characters that change the "
                "direction of the text (found: %(characters)s). Type the name again instead "
                "of pasting it."
            )
            % {"characters": ", ".join(f"U+{ord(ch):04X}" for ch in found)},
            code="invisible_characters",
        )
