"""The Loket's section on the dossier page (cases.dossier's registry; imported from
LoketConfig.ready()): the case's advice, and, for the contact of the case's side only, that
the child is also known at the other domain."""

from __future__ import annotations

from typing import Any

from arrangeer.cases.access import CaseAccess
from arrangeer.cases.dossier import register_section

from . import rules, selectors


@register_section("loket", template="loket/_dossier.html")
def loket_section(access: CaseAccess) -> dict[str, Any]:
    return {
        "consults": selectors.open_for_team(access),
        "may_ask": rules.may_ask(access),
        "told": selectors.matches_on_case(access),
    }
