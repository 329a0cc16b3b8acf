"""Which partners a case needs, from its flags (002, 003 bijlage 5). One place for the rule:
the dossier's warning, the guard `required_partners_on_team` and (later) the MDO agenda all
ask here.

- The SWV is always involved for a thuiszitter, risk behaviour, a complex case and an
  exemption from compulsory education (002).
- Leerplicht is involved when there is absence (002).
- When child protection or Veilig Thuis is involved, the meaning of the legal framework for
  the agreements is discussed in the MDO (003 bijlage 5): `required_agenda_items`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arrangeer.core.models_util import field_label
from arrangeer.organisations.constants import OrganisationType

from .constants import MemberStatus
from .models import Case, TeamMember

# flag on the case → the kind of organisation that must be on the team
PARTNER_RULES: tuple[tuple[str, str], ...] = (
    ("is_thuiszitter", OrganisationType.SWV),
    ("has_risk_behaviour", OrganisationType.SWV),
    ("is_complex", OrganisationType.SWV),
    ("has_exemption", OrganisationType.SWV),
    ("has_absence", OrganisationType.LEERPLICHT),
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


def required_partners(case: Case) -> dict[str, tuple[str, ...]]:
    """organisation type → the flags (as labels) that require it."""
    needed: dict[str, list[str]] = {}
    for flag, org_type in PARTNER_RULES:
        if getattr(case, flag):
            needed.setdefault(org_type, []).append(field_label(Case, flag))
    return {k: tuple(v) for k, v in needed.items()}


def missing_partners(case: Case) -> list[MissingPartner]:
    needed = required_partners(case)
    if not needed:
        return []
    present: dict[str, set[str]] = {}
    for org_type, status in TeamMember.objects.filter(
        case=case,
        status__in=[MemberStatus.ACTIVE, MemberStatus.PROPOSED],
        membership__is_active=True,
        membership__organisation__type__in=list(needed),
    ).values_list("membership__organisation__type", "status"):
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
