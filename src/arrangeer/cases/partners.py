"""Which partners a case needs, from its flags (002, 003 bijlage 5), and which organisations
may be chosen for it. One place for the rule:
the dossier's warning, the guard `required_partners_on_team`, the MDO agenda and convening
the MDO (`require_partners_to_convene`: planning it and sending its invitations) all ask here.

- The SWV is always involved for a thuiszitter, risk behaviour, a complex case and an
  exemption from compulsory education (002).
- Leerplicht is involved when there is absence (002), and for every thuiszitter, with or
  without the absence flag (a thuiszitter does not go to school).
- When child protection or Veilig Thuis is involved, the meaning of the legal framework for
  the agreements is discussed in the MDO (003 bijlage 5): `required_agenda_items`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arrangeer.core.models_util import field_label
from arrangeer.organisations.constants import OrganisationType
from arrangeer.organisations.models import Organisation

from .constants import MemberStatus
from .models import Case, TeamMember

# flag on the case → the kind of organisation that must be on the team
PARTNER_RULES: tuple[tuple[str, str], ...] = (
    ("is_thuiszitter", OrganisationType.SWV),
    ("has_risk_behaviour", OrganisationType.SWV),
    ("is_complex", OrganisationType.SWV),
    ("has_exemption", OrganisationType.SWV),
    ("has_absence", OrganisationType.LEERPLICHT),
    ("is_thuiszitter", OrganisationType.LEERPLICHT),
)


@dataclass(frozen=True)
class MissingPartner:
    organisation_type: str
    label: str
    because: tuple[str, ...]  # the flags that ask for it, as labels
    proposed: bool  # someone of that kind is proposed, waiting for the family

    @property
    def message(self) -> str:
        text = _("%(partner)s must be on the team (%(because)s).") % {
            "partner": self.label,
            "because": ", ".join(self.because),
        }
        if self.proposed:
            text += " " + _("Someone is proposed and waits for the family's approval.")
        return text

    @property
    def convene_message(self) -> str:
        """Why the MDO cannot be convened yet, and what to do about it."""
        text = _(
            "The MDO cannot be convened yet: %(partner)s must be on the team (%(because)s)."
        ) % {"partner": self.label, "because": ", ".join(self.because)}
        if self.proposed:
            return (
                text
                + " "
                + _(
                    "Someone is proposed and waits for the family's approval; record their "
                    "answer on the Team tab."
                )
            )
        return (
            text
            + " "
            + _(
                "Add someone from %(partner)s on the Team tab with “Propose a professional”; "
                "the family approves the place."
            )
            % {"partner": self.label}
        )


def required_partners(case: Case) -> dict[str, tuple[str, ...]]:
    """organisation type → the flags (as labels) that require it."""
    needed: dict[str, list[str]] = {}
    for flag, org_type in PARTNER_RULES:
        if getattr(case, flag):
            needed.setdefault(org_type, []).append(field_label(Case, flag))
    return {k: tuple(v) for k, v in needed.items()}


def missing_partners(case: Case, team: Sequence[TeamMember] | None = None) -> list[MissingPartner]:
    """`team` when the page has read the case's active and proposed members (with their
    membership's organisation)."""
    needed = required_partners(case)
    if not needed:
        return []
    present: dict[str, set[str]] = {}
    found = (
        TeamMember.objects.filter(
            case=case,
            status__in=[MemberStatus.ACTIVE, MemberStatus.PROPOSED],
            membership__is_active=True,
            membership__organisation__type__in=list(needed),
        ).values_list("membership__organisation__type", "status")
        if team is None
        else [
            (m.membership.organisation.type, m.status)
            for m in team
            if m.status in (MemberStatus.ACTIVE, MemberStatus.PROPOSED)
            and m.membership.is_active
            and m.membership.organisation.type in needed
        ]
    )
    for org_type, status in found:
        present.setdefault(org_type, set()).add(status)
    labels = dict(OrganisationType.choices)
    return [
        MissingPartner(
            organisation_type=org_type,
            label=str(labels[org_type]),
            because=because,
            proposed=MemberStatus.PROPOSED in present.get(org_type, set()),
        )
        for org_type, because in needed.items()
        if MemberStatus.ACTIVE not in present.get(org_type, set())
    ]


def require_partners_to_convene(case: Case) -> None:
    """The MDO is convened (planned, and its invitations sent) only with every required
    partner active on the team (002): a ValidationError that names each one missing and how
    to add them. The route's check between the steps cannot be passed by an override here."""
    missing = missing_partners(case)
    if missing:
        raise ValidationError([m.convene_message for m in missing], code="missing_partner")


@dataclass(frozen=True)
class AgendaItem:
    code: str
    title: str
    reason: str


LEGAL_FRAMEWORK = "juridisch_kader"
_LEGAL_FRAMEWORK_TITLE = gettext_lazy(
    "The legal framework (juridisch kader) and what it means for the agreements of the MDO"
)


def required_agenda_items(case: Case) -> list[AgendaItem]:
    """Items the MDO agenda must hold for this case (the MDO issue builds the agenda)."""
    items = []
    if case.child_protection_involved:
        items.append(
            AgendaItem(
                LEGAL_FRAMEWORK,
                str(_LEGAL_FRAMEWORK_TITLE),
                _("Child protection or Veilig Thuis is involved."),
            )
        )
    return items


def choosable_organisations(case: Case) -> QuerySet[Organisation]:
    """The organisations a professional may choose for this case (a consent's receiver, a
    module's provider): the active ones of the case's region, and any active one that has or
    had a place on its team."""
    return (
        Organisation.objects.filter(
            Q(region=case.region) | Q(memberships__case_teams__case=case), is_active=True
        )
        .distinct()
        .order_by("name")
    )


def region_organisations(case: Case) -> QuerySet[Organisation]:
    """The active organisations of the case's region (where an escalation can be taken)."""
    return Organisation.objects.filter(region=case.region, is_active=True).order_by("name")


def family_organisations(case: Case) -> QuerySet[Organisation]:
    """The organisations the family may choose in the portal (a consent they give): those
    with a proposed or active place on the team, the ones the family knows of."""
    return (
        Organisation.objects.filter(
            memberships__case_teams__case=case,
            memberships__case_teams__status__in=[MemberStatus.PROPOSED, MemberStatus.ACTIVE],
        )
        .distinct()
        .order_by("name")
    )
