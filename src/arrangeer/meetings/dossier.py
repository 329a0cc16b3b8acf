"""The MDO's section on the dossier page (cases.dossier's registry; imported from
MeetingsConfig.ready())."""

from __future__ import annotations

from arrangeer.cases.access import CaseAccess
from arrangeer.cases.dossier import register_section

from .models import Meeting
from .selectors import meetings_of


@register_section("meetings", template="meetings/_dossier.html")
def meetings_section(access: CaseAccess) -> list[Meeting]:
    """The case's meetings for the "Overleggen" section (one query)."""
    return list(meetings_of(access).order_by("-starts_at")[:20])
