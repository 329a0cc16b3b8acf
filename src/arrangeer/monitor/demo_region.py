"""The region's processes in the demo history (monitor/demo.py): escalations, Loket consults
and "known in both domains", aanmeldingen, transitions and quality concerns on the generated
arrangements, written in bulk, so the monitor's themes of the region's processes show real
figures.

Everything generated is finished (decided, advised and followed up, accepted or declined,
handed over, closed): it adds to no one's Mijn acties. The people who act are the region's
generated colleagues, not the personas, and the aanmeldingen go to schools whose coordinator
is not a showcase persona, so the personas' worklists keep their own story. A Loket consult
needs the parents' consent for the Loket, which the demo keeps current (given in the last
year, by whom the child's age asks): the consults are of the last year only.

One module per process, called in order by `seed_processes`: `demo_escalations`, `demo_loket`,
`demo_referrals`, `demo_concerns`, `demo_safety` (Meldcode and Verwijsindex) and
`demo_outcomes` (TLVs, vrijstellingen and destinations); the care modules' product code and
the transitions are set here."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from faker import Faker

from arrangeer.cases.models import Case
from arrangeer.organisations.constants import OrganisationType
from arrangeer.organisations.models import Membership, Organisation, Region
from arrangeer.plans.constants import FundingFramework, IntensityUnit, ModuleFunction, Place
from arrangeer.plans.demo import DEMO_TARIFFS
from arrangeer.plans.models import Module
from arrangeer.transitions.constants import TransitionKind, TransitionStatus
from arrangeer.transitions.models import Transition

from .demo_common import at
from .demo_concerns import seed_concerns
from .demo_escalations import seed_escalations
from .demo_loket import demo_bsn as demo_bsn
from .demo_loket import seed_loket
from .demo_outcomes import seed_outcomes
from .demo_referrals import seed_referrals
from .demo_safety import seed_safety_activities

# The demo region's product code of care with a tariff.
CARE_PRODUCT_CODE = DEMO_TARIFFS[0][0]
NEXT_TRANSITION = {"po": TransitionKind.PO_VO, "vo": TransitionKind.VO_MBO}


def seed_processes(
    region: Region,
    cases: list[Case],
    modules: list[Module],
    rng: random.Random,
    faker: Faker,
) -> None:
    """The processes of the generated arrangements `cases` (their child and regisseur loaded),
    in this order (each draws from `rng`)."""
    today = timezone.localdate()
    memberships = list(
        Membership.objects.active()
        .filter(organisation__region=region)
        .select_related("organisation", "user")
        .order_by("pk")
    )
    _collective(region, modules, rng)
    seed_escalations(region, cases, modules, rng, today)
    seed_loket(region, cases, memberships, rng, today)
    seed_referrals(region, cases, memberships, rng, faker, today)
    _transitions(cases, rng, today)
    seed_concerns(region, cases, memberships, rng, today)
    seed_safety_activities(region, cases, memberships, rng, today)
    seed_outcomes(region, cases, modules)


def _collective(region: Region, modules: list[Module], rng: random.Random) -> None:
    """The care modules carry the region's product code (so they have a tariff), and one
    provider supports many pupils within the class: a candidate for a group arrangement in
    the monitor (individual → collective)."""
    provider = (
        Organisation.objects.filter(region=region, type=OrganisationType.CARE_PROVIDER)
        .order_by("name")
        .first()
    )
    care = [m for m in modules if m.funding_framework == FundingFramework.JEUGDWET_ZIN]
    for module in care:
        module.product_code = CARE_PRODUCT_CODE
        module.intensity_unit = IntensityUnit.HOURS
        if provider is not None and rng.random() < 0.6:
            module.provider = provider
            module.function = ModuleFunction.VERSTERKEN
            module.place = Place.SCHOOL
    Module.objects.bulk_update(
        care, ["product_code", "intensity_unit", "provider", "function", "place"], batch_size=500
    )


def _transitions(cases: list[Case], rng: random.Random, today: dt.date) -> None:
    """A warm handover for the children who changed school during their arrangement: to
    secondary school, to vocational education, or to another school; mostly in time."""
    transitions = []
    for case in cases:
        if case.closed_at is None or rng.random() > 0.4:
            continue
        on = case.closed_at.date() - dt.timedelta(days=rng.randint(0, 30))
        if on <= timezone.localtime(case.opened_at).date():
            continue
        sector = case.child.sector
        kind = NEXT_TRANSITION.get(sector, TransitionKind.SCHOOL_CHANGE)
        if rng.random() < 0.25:
            kind = TransitionKind.SCHOOL_CHANGE
        done = on + dt.timedelta(days=rng.choice([-40, -25, -14, -10, -7, -3, 0, 0, 12, 30]))
        transitions.append(
            Transition(
                case=case,
                kind=kind,
                expected_on=on,
                status=TransitionStatus.DONE,
                sending_school_id=case.child.school_id,
                completed_at=at(min(done, today), rng),
                created_by=case.regisseur,
            )
        )
    Transition.objects.bulk_create(transitions)
