"""The aanmelding and the Meldcode on the dossier page (cases.dossier's registry; imported
from ReferralsConfig.ready())."""

from __future__ import annotations

from arrangeer.cases.access import CaseAccess
from arrangeer.cases.dossier import register_section

from .models import Referral
from .selectors import SafetyView, referral_shown, safety_view


@register_section("referral", template="referrals/_dossier_referral.html")
def referral_section(access: CaseAccess) -> Referral | None:
    """The aanmelding the case started with, for who reads education data."""
    return referral_shown(access)


@register_section("meldcode", template="referrals/_dossier_meldcode.html")
def meldcode_section(access: CaseAccess) -> SafetyView:
    """The Meldcode's content for who reads safety data; that it runs, for the others."""
    return safety_view(access)
