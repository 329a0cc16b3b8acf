"""Who sees which figures. Aggregates only, and only of one's own part of the region:

- a policy officer or board member (role `beleidsmedewerker`) sees their organisation's region,
  or, at a samenwerkingsverband, the schools of their SWV (the cases of those schools' pupils);
- a school's support coordinator or process supervisor sees the same figures for their own
  school (the cases of the school's pupils).

Everyone else has no monitor: the pages answer 404, as every page does for who has no place
there. A person with several such roles chooses between them on the page."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from arrangeer.accounts.models import User
from arrangeer.organisations.constants import OrganisationType, Role
from arrangeer.organisations.models import Membership, Organisation, Region
from arrangeer.organisations.services import active_memberships

REGION_ROLES = frozenset({Role.POLICY_OFFICER})
SCHOOL_ROLES = frozenset({Role.COORDINATOR, Role.PROCESS_SUPERVISOR})


@dataclass(frozen=True)
class Scope:
    """The part of the region one person's monitor covers, and the role it is seen in."""

    membership: Membership
    region: Region
    school: Organisation | None = None
    swv: Organisation | None = None

    @property
    def key(self) -> str:
        return str(self.membership.pk)

    @property
    def label(self) -> str:
        if self.school is not None:
            return _("%(school)s (your school)") % {"school": self.school.name}
        if self.swv is not None:
            return _("%(swv)s (the schools of your samenwerkingsverband)") % {"swv": self.swv.name}
        return _("%(region)s (the whole region)") % {"region": self.region.name}

    @property
    def kind(self) -> str:
        return "school" if self.school is not None else "swv" if self.swv is not None else "region"

    def fixed(self) -> dict[str, int]:
        """The filters the scope itself fixes within its region (tables.DIMENSION_PATHS): the
        school of a school's monitor, the SWV of an SWV's. A page cannot choose these."""
        if self.school is not None:
            return {"school": self.school.pk}
        if self.swv is not None:
            return {"swv": self.swv.pk}
        return {}


def _scope_of(membership: Membership) -> Scope | None:
    organisation = membership.organisation
    if membership.role in REGION_ROLES and organisation.type == OrganisationType.SWV:
        return Scope(membership=membership, region=organisation.region, swv=organisation)
    if membership.role in REGION_ROLES:
        return Scope(membership=membership, region=organisation.region)
    if membership.role in SCHOOL_ROLES and organisation.type == OrganisationType.SCHOOL:
        return Scope(membership=membership, region=organisation.region, school=organisation)
    return None


def scopes_for(user: User) -> list[Scope]:
    """Every scope the person's active roles give, region-wide ones first. One query."""
    if not user.is_authenticated or not user.is_professional:
        return []
    found = [s for m in active_memberships(user) if (s := _scope_of(m)) is not None]
    order = {"region": 0, "swv": 1, "school": 2}
    return sorted(found, key=lambda s: (order[s.kind], s.label))
