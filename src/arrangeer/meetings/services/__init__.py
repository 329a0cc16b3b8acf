"""Public API of the meetings app: plan an MDO, its agenda and invitees, the parents' answer
about each invitee, invitations, the meeting's record and the approval of its minutes. Every
function is one transaction and writes the access log (ARCHITECTURE.md rule 2).

Who writes: the regisseur plans; the regisseur and the meeting's chair do the rest. The
invitee answers their own invitation. The parents' approval of an invitee is split into the
rule (`record_parents_decision`, which a parent portal can call with the parent as the
deciding representative) and the professional's act of recording it for them
(`approve_invitee` / `refuse_invitee`).

One module per part of the meeting: `common` (who may, the lock and version, the checks of
time and chair), `planning`, `changes` (time and place, cancellation, agenda), `invitees`
(the parents' answer, invitations, the invitee's answer) and `minutes` (preparation, the
record, decisions, agreements, approval). Other apps import this package only."""

from __future__ import annotations

from .changes import (
    add_agenda_item,
    cancel_meeting,
    change_meeting,
    move_agenda_item,
    remove_agenda_item,
)
from .common import (
    OBJECT,
    MeetingTimes,
    OverlapWarning,
    can_manage,
    chair_overlaps,
    is_chair,
    is_organiser,
    require_manager,
)
from .invitees import (
    Sending,
    approve_invitee,
    propose_invitee,
    record_parents_decision,
    refuse_invitee,
    respond,
    send_invitations,
)
from .minutes import (
    add_action,
    add_decision,
    add_preparation,
    approve_minutes,
    complete_action,
    record_meeting,
)
from .planning import (
    default_agenda,
    driehoek_members,
    invite_to_handover,
    plan_driehoek,
    plan_handover,
    plan_meeting,
)

__all__ = [
    "OBJECT",
    "MeetingTimes",
    "OverlapWarning",
    "Sending",
    "add_action",
    "add_agenda_item",
    "add_decision",
    "add_preparation",
    "approve_invitee",
    "approve_minutes",
    "can_manage",
    "cancel_meeting",
    "chair_overlaps",
    "change_meeting",
    "complete_action",
    "default_agenda",
    "driehoek_members",
    "invite_to_handover",
    "is_chair",
    "is_organiser",
    "move_agenda_item",
    "plan_driehoek",
    "plan_handover",
    "plan_meeting",
    "propose_invitee",
    "record_meeting",
    "record_parents_decision",
    "refuse_invitee",
    "remove_agenda_item",
    "require_manager",
    "respond",
    "send_invitations",
]
