from __future__ import annotations

import uuid

import pytest

from arrangeer.audit.services import entries_for_case, entries_for_child, write_access_records

from .support import CASE, CHILD, a_record

pytestmark = pytest.mark.django_db

OTHER_CASE = uuid.UUID("9b0e4c55-1f65-4d0c-8a77-3c1d2e3f4a05")
OTHER_CHILD = uuid.UUID("5e7f6a1b-2c3d-4e5f-8a9b-0c1d2e3f4a06")


@pytest.fixture
def three_mornings(clock):
    """Each morning the case is opened twice and another child's case once, interleaved."""
    moments = []
    for day in range(3):
        moments.append(clock.now)
        write_access_records(
            [
                a_record(object_id=f"day{day}-a"),
                a_record(
                    object_id=f"day{day}-other", case_ref=OTHER_CASE, child_pseudonym=OTHER_CHILD
                ),
                a_record(object_id=f"day{day}-b"),
            ]
        )
        clock.advance(days=1)
    return moments


def test_the_log_of_a_case_lists_only_its_records_oldest_first(three_mornings):
    entries = list(entries_for_case(CASE))
    assert [e.object_id for e in entries] == [
        "day0-a",
        "day0-b",
        "day1-a",
        "day1-b",
        "day2-a",
        "day2-b",
    ]
    assert [e.seq for e in entries] == sorted(e.seq for e in entries)


def test_the_log_of_a_child_lists_only_its_records_oldest_first(three_mornings):
    assert [e.object_id for e in entries_for_child(OTHER_CHILD)] == [
        "day0-other",
        "day1-other",
        "day2-other",
    ]
    assert len(entries_for_child(CHILD)) == 6


def test_a_period_includes_its_start_and_excludes_its_end(three_mornings):
    _, second, third = three_mornings
    assert [e.object_id for e in entries_for_case(CASE, since=second, until=third)] == [
        "day1-a",
        "day1-b",
    ]
    assert [e.object_id for e in entries_for_child(OTHER_CHILD, since=third)] == ["day2-other"]
    assert [e.object_id for e in entries_for_child(OTHER_CHILD, until=second)] == ["day0-other"]


def test_reading_the_log_of_a_case_is_one_query(three_mornings, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert len(list(entries_for_case(CASE))) == 6
