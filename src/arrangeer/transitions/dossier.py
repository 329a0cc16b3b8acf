"""The line of the next transition on the dossier page (cases.dossier's registry; imported
from TransitionsConfig.ready())."""

from __future__ import annotations

from arrangeer.cases.access import CaseAccess
from arrangeer.cases.dossier import register_section

from .selectors import NextTransition, next_transition


@register_section("transitions", template="transitions/_dossier.html")
def transitions_section(access: CaseAccess) -> NextTransition | None:
    """For the team (the dossier is the team's page)."""
    if access.member is None:
        return None
    return next_transition(access.case, line_only=True)
