"""A transition on the personas' case, for the tests of the whole-file export."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from arrangeer.cases.access import Actor, access_case
from arrangeer.transitions import services
from arrangeer.transitions.constants import TransitionKind
from arrangeer.transitions.models import PupilFileImport, Transition

from .world import World


def export_transition(world: World) -> Transition:
    """A change of school set by the regisseur, with a pupil file read in for it."""
    access = access_case(Actor(world.users["coordinator"]), world.case.uuid)
    transition = services.set_transition(
        access,
        kind=TransitionKind.SCHOOL_CHANGE,
        expected_on=timezone.localdate() + dt.timedelta(days=200),
        note="Overstap naar het Test College na de verhuizing",
    )
    PupilFileImport.objects.create(
        transition=transition,
        file_name="overstapdossier-sem.json",
        sending_school_name="Basisschool De Test",
        personal={"achternaam": "Vermeer", "voornamen": "Sem"},
        test_results=[{"toets": "Drie-Minuten-Toets", "datum": "2025-01-20", "score": "54"}],
        imported_by=world.users["coordinator"],
        imported_at=timezone.now(),
    )
    return transition
