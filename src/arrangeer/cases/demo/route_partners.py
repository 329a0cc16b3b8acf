"""The partners an open demo case needs on its team (`cases.partners`: the SWV, leerplicht),
put there through the services with the family's consent."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from arrangeer.cases import consents as consent_services
from arrangeer.consents.constants import Evidence
from arrangeer.organisations.constants import OrganisationType, Role
from arrangeer.organisations.models import Membership
from arrangeer.vocabulary import AgeBand, DataCategory

from .. import partners, services
from ..access import Actor, access_case
from ..constants import CaseStatus, MemberStatus
from ..models import Case, TeamMember

# The role that stands for each kind of required partner (cases.partners) on a demo team.
_PARTNER_ROLES: dict[str, str] = {
    OrganisationType.SWV: Role.SWV_SPECIALIST,
    OrganisationType.LEERPLICHT: Role.LEERPLICHT_OFFICER,
}


@transaction.atomic
def seed_route_partners(lead_usernames: list[str]) -> int:
    """The partners each open case of the given regisseurs needs (`cases.partners`: the SWV,
    leerplicht) put on its team through the services, with the family's consent where there is
    no legal task: the demo's cases could have convened their MDO. Idempotent."""
    added = 0
    cases = (
        Case.objects.filter(status=CaseStatus.OPEN, regisseur__username__in=lead_usernames)
        .select_related("child", "regisseur")
        .order_by("pk")
    )
    for case in cases:
        missing = partners.missing_partners(case)
        parent = case.child.representatives.filter(has_authority=True).order_by("pk").first()
        if not missing or parent is None or case.regisseur is None:
            continue
        regie = access_case(Actor(case.regisseur), case.uuid)
        band = case.child.age_band()
        giver = None if band == AgeBand.FROM_16 else parent
        by_child = band != AgeBand.UNDER_12
        for partner in missing:
            membership = (
                Membership.objects.filter(
                    organisation__region_id=case.region_id,
                    organisation__type=partner.organisation_type,
                    role=_PARTNER_ROLES[partner.organisation_type],
                    is_active=True,
                )
                .select_related("organisation")
                .order_by("pk")
                .first()
            )
            if membership is None:
                continue
            member = TeamMember.objects.filter(
                case=case, membership=membership, status=MemberStatus.PROPOSED
            ).first() or services.propose_team_member(regie, membership=membership)
            if member.status == MemberStatus.PROPOSED:
                consent_services.record_consent(
                    regie,
                    organisation=membership.organisation,
                    categories=[DataCategory.EDUCATION],
                    purpose="Samen één plan maken en uitvoeren",
                    given_by_representative=giver,
                    given_by_child=by_child,
                    valid_from=timezone.localdate(),
                    valid_until=None,
                    evidence=Evidence.MEETING,
                )
                services.approve_team_member(
                    regie, member, approved_by_representative=giver, approved_by_child=by_child
                )
            added += 1
    return added
