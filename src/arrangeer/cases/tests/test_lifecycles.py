"""The lifecycles of cases, team places, regie transfers, meetings and invitations are data:
every status has its row, and one helper refuses a move the table does not hold."""

from __future__ import annotations

from django.core.exceptions import ValidationError

import pytest

from arrangeer.cases.constants import (
    CASE_TRANSITIONS,
    MEMBER_TRANSITIONS,
    TRANSFER_TRANSITIONS,
    CaseStatus,
    MemberStatus,
    TransferStatus,
)
from arrangeer.core.models_util import require_transition
from arrangeer.meetings.constants import (
    INVITEE_TRANSITIONS,
    MEETING_TRANSITIONS,
    InviteeStatus,
    MeetingStatus,
)

TABLES = [
    (CASE_TRANSITIONS, CaseStatus),
    (MEMBER_TRANSITIONS, MemberStatus),
    (TRANSFER_TRANSITIONS, TransferStatus),
    (MEETING_TRANSITIONS, MeetingStatus),
    (INVITEE_TRANSITIONS, InviteeStatus),
]


@pytest.mark.parametrize(("table", "statuses"), TABLES)
def test_every_status_has_its_row_and_moves_only_to_known_statuses(table, statuses):
    assert set(table) == set(statuses.values)
    assert all(set(to) <= set(statuses.values) for to in table.values())


def test_a_move_the_table_does_not_hold_is_refused_with_the_message():
    require_transition(MEETING_TRANSITIONS, MeetingStatus.PLANNED, MeetingStatus.HELD, "x")
    with pytest.raises(ValidationError) as refused:
        require_transition(
            MEETING_TRANSITIONS, MeetingStatus.APPROVED, MeetingStatus.HELD, "Approved."
        )
    assert refused.value.messages == ["Approved."]
    with pytest.raises(ValidationError):
        require_transition(MEMBER_TRANSITIONS, MemberStatus.ENDED, MemberStatus.ACTIVE, "Ended.")
