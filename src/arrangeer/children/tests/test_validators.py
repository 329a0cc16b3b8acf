"""The child's date of birth and the names of people around the child: one rule each, used by
the new-case form, the API and the services (model validators)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest

from arrangeer.children.validators import (
    date_of_birth_range,
    validate_date_of_birth,
    validate_person_name,
)


def test_the_range_runs_from_the_day_after_the_27th_birthday_to_today():
    earliest, latest = date_of_birth_range(dt.date(2026, 3, 15))
    assert (earliest, latest) == (dt.date(1999, 3, 16), dt.date(2026, 3, 15))


def test_a_date_of_birth_on_29_february_has_a_range_too():
    assert date_of_birth_range(dt.date(2028, 2, 29))[0] == dt.date(2001, 3, 1)


@pytest.mark.parametrize("years", [0, 4, 12, 17, 26])
def test_children_and_young_people_under_27_are_accepted(years):
    today = timezone.localdate()
    validate_date_of_birth(today.replace(year=today.year - years) - dt.timedelta(days=1))


@pytest.mark.parametrize("value", [dt.date(1950, 1, 1), dt.date(1900, 1, 1), dt.date(2999, 1, 1)])
def test_a_date_of_birth_out_of_range_is_refused(value):
    with pytest.raises(ValidationError) as error:
        validate_date_of_birth(value)
    assert error.value.code == "date_of_birth_out_of_range"


@pytest.mark.parametrize(
    "name", ["Zoë", "d'Artagnan", "van der Berg-Öztürk", "Ayoub", "Ngọc Ánh", "José María"]
)
def test_real_names_pass(name):
    validate_person_name(name)


@pytest.mark.parametrize(
    "char",
    [
        *(chr(c) for c in range(0x202A, 0x202F)),  # embeddings and overrides
        *(chr(c) for c in range(0x2066, 0x206A)),  # isolates
        "\u200e",  # left-to-right mark
        "\u200f",  # right-to-left mark
        "\u061c",  # Arabic letter mark
        "\u200b",  # zero-width space
        "\u200d",  # zero-width joiner
        "\u2060",  # word joiner
        "\ufeff",  # byte order mark
        "\u00ad",  # soft hyphen
        "\x00",
        "\n",
        "\u2028",  # line separator
    ],
)
def test_invisible_and_direction_changing_characters_are_refused_and_named(char):
    with pytest.raises(ValidationError) as error:
        validate_person_name(f"Da{char}an")
    assert f"U+{ord(char):04X}" in error.value.messages[0]
