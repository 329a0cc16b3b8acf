"""The case's concerns on the dossier page, for whom may read them (cases.dossier's registry;
imported from QualityConfig.ready())."""

from __future__ import annotations

from arrangeer.cases.access import CaseAccess
from arrangeer.cases.dossier import register_section

from .models import Concern
from .selectors import concerns_for_team


@register_section("quality", template="quality/_dossier.html")
def quality_section(access: CaseAccess) -> list[Concern]:
    return concerns_for_team(access)[:10]
