"""The banner of open escalations on the dossier page (cases.dossier's registry; imported
from EscalationsConfig.ready())."""

from __future__ import annotations

from arrangeer.cases.access import CaseAccess
from arrangeer.cases.dossier import register_section

from .models import Escalation
from .selectors import open_escalations


@register_section("escalations", template="escalations/_dossier.html")
def escalations_section(access: CaseAccess) -> list[Escalation]:
    """The case's open escalations, for the team (the dossier is the team's page)."""
    return open_escalations(access, 10)
