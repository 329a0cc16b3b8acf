"""Public API of the portal: invitations for the family, and what the home page shows.

Every rule about what a family member may do lives with its aggregate (cases.access for
reading, cases.consents and plans.services for consent and instemming); this module only
combines them for the portal's pages.

One module per part: `invitations` (inviting the family and accepting the link), `home` (the
family's to-do list and the team on the home page), `voice` (the child's view and the
logbook), `satisfaction` (the questionnaire and its counts for the monitor) and `meetings`
(the MDO: meetings to come, the last approved one, who may come). Other apps and the portal's
pages import from this package."""

from .home import TODO_SOURCES, Todo, agreements_of, band_of, team_for_family, todos
from .invitations import (
    INVITATION_DAYS,
    InvitationUnusable,
    accept_invitation,
    find_invitation,
    invitations_for,
    invite,
    too_young,
)
from .meetings import decide_invitee, last_approved_meeting, proposed_invitees, upcoming_meetings
from .satisfaction import (
    SatisfactionCounts,
    answer_questionnaire,
    answers_for,
    open_questionnaire,
    respondent_label,
    satisfaction_counts,
)
from .voice import child_views_for, logbook_for, record_child_view

__all__ = [
    "INVITATION_DAYS",
    "TODO_SOURCES",
    "InvitationUnusable",
    "SatisfactionCounts",
    "Todo",
    "accept_invitation",
    "agreements_of",
    "answer_questionnaire",
    "answers_for",
    "band_of",
    "child_views_for",
    "decide_invitee",
    "find_invitation",
    "invitations_for",
    "invite",
    "last_approved_meeting",
    "logbook_for",
    "open_questionnaire",
    "proposed_invitees",
    "record_child_view",
    "respondent_label",
    "satisfaction_counts",
    "team_for_family",
    "todos",
    "too_young",
    "upcoming_meetings",
]
