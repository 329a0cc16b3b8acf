"""The demo's Loket advice: Ayoub's team (Holland Rijnland, step 6 "Gezamenlijk arrangeren")
asked the Integraal Loket for advice ten days ago, with his parents' consent for the Loket;
the Loket's adviser (persona `loket`) advised four days ago, proposing the care provider's
worker and a module. The regisseur has not taken it over yet: "advice arrived" in Mijn acties.
For the demo app only; idempotent."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from arrangeer.accounts.models import User
from arrangeer.cases.access import Actor, access_case, access_case_for_advice
from arrangeer.cases.constants import CaseStatus
from arrangeer.cases.models import Case
from arrangeer.children.models import LegalRepresentative
from arrangeer.consents.constants import Evidence
from arrangeer.organisations.constants import OrganisationType, Role
from arrangeer.organisations.models import Membership, Organisation
from arrangeer.plans.constants import ModuleFunction, Side
from arrangeer.vocabulary import DataCategory

from . import rules, services
from .models import Consult

AYOUB_BSN = "232323239"


def seed_persona_advice() -> int:
    """Returns 1 when the advice was made, 0 when it was there (or the demo lacks a piece)."""
    case = (
        Case.objects.filter(child__bsn=AYOUB_BSN, status=CaseStatus.OPEN)
        .select_related("child", "region", "regisseur")
        .first()
    )
    adviser = User.objects.filter(username="loket").first()
    if case is None or case.regisseur is None or adviser is None:
        return 0
    if Consult.objects.filter(case=case).exists():
        return 0
    seat = (
        Membership.objects.active()
        .filter(
            user=adviser,
            organisation__region=case.region,
            organisation__type=OrganisationType.INTEGRAL_DESK,
        )
        .select_related("organisation")
        .first()
    )
    partner = (
        Membership.objects.active()
        .filter(user__username="zorgaanbieder", role=Role.CARE_WORKER)
        .select_related("organisation")
        .first()
    )
    mother = case.child.representatives.filter(has_authority=True).order_by("pk").first()
    if seat is None or partner is None or mother is None:
        return 0
    consult = _ask(case, seat.organisation, mother)
    _advise(case, adviser, seat, consult, partner)
    # On the story's timeline: asked ten days ago, advised four days ago.
    asked = timezone.now() - dt.timedelta(days=10)
    Consult.objects.filter(pk=consult.pk).update(
        asked_at=asked,
        due_on=rules.due_on(case.region, timezone.localtime(asked).date()),
        advised_at=timezone.now() - dt.timedelta(days=4),
    )
    return 1


def _ask(case: Case, loket: Organisation, mother: LegalRepresentative) -> Consult:
    """The regisseur asks the Loket, with the mother's consent for it."""
    assert case.regisseur is not None
    return services.ask_loket(
        access_case(Actor(case.regisseur), case.uuid),
        loket=loket,
        question=(
            "Ayoub raakt in de klas snel overprikkeld en thuis speelt veel. Welke combinatie "
            "van onderwijs en zorg past, en wie moeten we erbij halen?"
        ),
        tried=(
            "Een rustige werkplek, een time-outkaart en twee gesprekken met moeder en de "
            "jeugd- en gezinscoach. De time-outkaart hielp een paar weken."
        ),
        urgency="normaal",
        consent={
            "categories": [DataCategory.EDUCATION, DataCategory.YOUTH_CARE],
            "representative": mother,
            "by_child": False,
            "evidence": Evidence.SIGNED_FORM,
            "valid_until": None,
            "note": "Toestemmingsformulier Integraal Loket",
        },
    )


def _advise(
    case: Case, adviser: User, seat: Membership, consult: Consult, partner: Membership
) -> None:
    """The Loket's adviser advises: one plan, a module with the care provider's worker."""
    services.advise(
        access_case_for_advice(Actor(adviser), case.uuid, organisation_id=seat.organisation_id),
        consult,
        advice=(
            "School en jeugdteam zien hetzelfde: prikkels en spanning thuis versterken elkaar. "
            "Werk met één plan: een module sociale vaardigheden met ouderbegeleiding, en betrek "
            "de jeugdhulpaanbieder vóór het overleg over het arrangement."
        ),
        route_step="Gezamenlijk arrangeren",
        partners=[partner],
        modules=[
            {
                "title": "Sociale vaardigheidstraining met ouderbegeleiding",
                "side": Side.CARE,
                "function": ModuleFunction.VERSTERKEN,
                "provider": partner.organisation,
            }
        ],
    )
