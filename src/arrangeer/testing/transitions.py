"""A transition on the personas' case, for the tests of the whole-file export; the receiving
side of a warm handover, for the handover's tests."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from arrangeer.cases.access import Actor, access_case
from arrangeer.organisations.constants import OrganisationType, Role, SchoolSector
from arrangeer.organisations.models import Organisation, Region
from arrangeer.organisations.services import grant_membership
from arrangeer.transitions import services
from arrangeer.transitions.constants import TransitionKind
from arrangeer.transitions.models import PupilFileImport, Transition

from .factories import UserFactory
from .world import World


def with_receiving_side(built: World) -> World:
    """A secondary school in the region with its coordinator (the receiving side, `receiver`),
    and a second region with a school, its coordinator (`far_receiver`) and its SWV."""
    college = Organisation.objects.create(
        region=built.region,
        name="Het Test College",
        type=OrganisationType.SCHOOL,
        sector=SchoolSector.VO,
    )
    receiver = UserFactory.create(username="receiver", first_name="Rik", last_name="Ontvanger")
    built.users["receiver"] = receiver
    grant_membership(user=receiver, organisation=college, role=Role.COORDINATOR)
    elsewhere = Region.objects.create(name="Andere regio", slug="andere-regio")
    far_school = Organisation.objects.create(
        region=elsewhere, name="Lyceum Elders", type=OrganisationType.SCHOOL, sector="vo"
    )
    Organisation.objects.create(region=elsewhere, name="SWV Elders", type=OrganisationType.SWV)
    far = UserFactory.create(username="far_receiver", first_name="Fleur", last_name="Verweg")
    grant_membership(user=far, organisation=far_school, role=Role.COORDINATOR)
    built.users["far_receiver"] = far
    return built


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
