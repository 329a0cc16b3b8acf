"""The writes of the warm handover. Each is one transaction that checks the handover's step
(constants.TRANSITION_STEPS), goes through the case's own services for the team, consent and
regie (so their rules and logs hold), and writes the access log.

One module per stage: `preparation` (the next transition, the receiving school, the handover
MDO), `family` (the family's consent and their agreement on the regie), `completion` (the
handover done or cancelled), `pupil_file` (the OSO file read in); `common` holds what they
share. Other apps and the views import from this package."""

from .common import OBJECT_TYPE
from .completion import cancel_transition, complete_handover
from .family import agree_regie_move, record_handover_consent
from .preparation import plan_handover_meeting, propose_receiving_school, set_transition
from .pupil_file import import_pupil_file

__all__ = [
    "OBJECT_TYPE",
    "agree_regie_move",
    "cancel_transition",
    "complete_handover",
    "import_pupil_file",
    "plan_handover_meeting",
    "propose_receiving_school",
    "record_handover_consent",
    "set_transition",
]
