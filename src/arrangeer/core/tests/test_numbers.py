from __future__ import annotations

from decimal import Decimal

import pytest

from arrangeer.core.numbers import format_number


@pytest.mark.parametrize(
    ("value", "dutch", "english"),
    [
        (Decimal("2.50"), "2,5", "2.5"),
        (Decimal("2.00"), "2", "2"),
        (Decimal(10), "10", "10"),
        (Decimal("0.75"), "0,75", "0.75"),
        (Decimal("1250.5"), "1250,5", "1250.5"),
        (3, "3", "3"),
        (1.5, "1,5", "1.5"),
        ("4.10", "4,1", "4.1"),
        (Decimal("-1.5"), "-1,5", "-1.5"),
    ],
)
def test_numbers_are_written_as_people_read_them_in_each_language(value, dutch, english):
    assert format_number(value, language="nl") == dutch
    assert format_number(value, language="en") == english


@pytest.mark.parametrize("value", [None, "", "geen getal", Decimal("NaN")])
def test_what_is_not_a_number_is_shown_as_nothing(value):
    assert format_number(value, language="nl") == ""
