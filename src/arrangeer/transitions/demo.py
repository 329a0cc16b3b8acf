"""The persona children's coming transitions (docs/transitions.md). Daan (12, groep 8) goes to
secondary school next school year: his regisseur proposed the lyceum's coordinator, and the
family's consent is the next step in her Mijn acties. For the demo app only."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from arrangeer.cases import demo as case_demo
from arrangeer.cases.models import Case
from arrangeer.organisations.models import Organisation

from . import services
from .models import Transition

DAAN_BSN = "111222333"
RECEIVING_SCHOOL = "Het Rijnlands Lyceum Zuid"


@transaction.atomic
def seed_persona_transitions() -> int:
    """Propose the receiving school for Daan, unless his case has a transition already."""
    case = (
        Case.objects.filter(child__bsn=DAAN_BSN, status="open")
        .select_related("child__school", "regisseur", "region")
        .first()
    )
    school = (
        Organisation.objects.filter(region=case.region, name=RECEIVING_SCHOOL).first()
        if case is not None
        else None
    )
    if case is None or school is None or Transition.objects.filter(case=case).exists():
        return 0
    try:
        coordinator = case_demo.school_coordinator(school)
    except LookupError:
        return 0
    case_demo.forget_accesses()
    try:
        access = case_demo.demo_access(case.regisseur, case)
        services.propose_receiving_school(
            access,
            membership=coordinator,
            handover_mdo_on=timezone.localdate() + dt.timedelta(days=45),
        )
    finally:
        case_demo.forget_accesses()
    return 1
