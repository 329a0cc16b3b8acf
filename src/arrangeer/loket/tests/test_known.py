"""Known in both domains, the Verwijsindex way: a school's case (opened, or a thuiszitter
marked) and a youth team's signal of the same BSN in the same region make a match, told to
the contact of each side (which organisation and a contact, nothing more) and to nobody
else, logged for both, never across regions; the parents see in the portal that it happened."""

from __future__ import annotations

from django.core import mail
from django.test import Client
from django.urls import reverse

import pytest

from arrangeer.audit.models import AccessLogEntry
from arrangeer.cases import services as case_services
from arrangeer.cases.access import Actor, access_case
from arrangeer.cases.actions import actions_for
from arrangeer.cases.constants import MemberStatus
from arrangeer.cases.models import TeamMember
from arrangeer.loket.constants import Domain
from arrangeer.loket.models import Match, Registration
from arrangeer.organisations.constants import OrganisationType, Role
from arrangeer.organisations.models import Membership, Organisation, Region
from arrangeer.organisations.services import grant_membership
from arrangeer.testing.auth import login_verified
from arrangeer.testing.factories import UserFactory
from arrangeer.testing.world import World

pytestmark = pytest.mark.django_db

SIGNAL = reverse("loket_known:signal")
KNOWN = reverse("loket_known:list")


def client_for(user) -> Client:
    return login_verified(Client(), user)


def signal(user, membership: Membership, bsn: str, name: str = "Sem V.") -> None:
    response = client_for(user).post(
        SIGNAL, {"membership": membership.pk, "bsn": bsn, "child_name": name}
    )
    assert response.status_code == 302, response.content.decode()[-2000:]


def worker(world: World) -> Membership:
    return Membership.objects.get(user=world.youth_worker_off_team)


def test_opening_a_case_registers_the_schools_side(world: World):
    registration = Registration.objects.get(case=world.case)
    assert registration.domain == Domain.EDUCATION
    assert registration.organisation == world.school
    assert registration.contact.user == world.coordinator
    assert not Match.objects.exists()


def test_the_match_is_told_to_both_sides_and_nobody_else(
    world: World, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        signal(world.youth_worker_off_team, worker(world), world.child.bsn)
    match = Match.objects.get()
    assert match.education.case == world.case

    school_side = client_for(world.coordinator).get(KNOWN).content.decode()
    assert "Jeugdteam Test" in school_side and "Youth Worker Off Team" in school_side
    youth_side = client_for(world.youth_worker_off_team).get(KNOWN).content.decode()
    assert "Basisschool De Test" in youth_side and "Coordinator Test" in youth_side
    # Which organisation and a contact, nothing more: not the school's file, not the name
    # the school knows the child by.
    assert "Sem V." in youth_side
    assert "Vermeer" not in youth_side and "groep 8" not in youth_side
    for name in ("teacher", "youth_worker", "swv_specialist", "policy_officer", "school_colleague"):
        page = client_for(world.users[name]).get(KNOWN).content.decode()
        assert 'data-testid="known"' not in page, name

    dossier = reverse("cases:detail", kwargs={"case_id": world.case.uuid})
    assert (
        'data-testid="known-elsewhere"'
        in client_for(world.coordinator).get(dossier).content.decode()
    )
    for name in ("teacher", "youth_worker", "swv_specialist"):
        page = client_for(world.users[name]).get(dossier).content.decode()
        assert 'data-testid="known-elsewhere"' not in page, name

    # A mail to each contact, without child data.
    told = [m for m in mail.outbox if "known elsewhere" in m.subject or "bekend" in m.subject]
    assert sorted(a for m in told for a in m.to) == sorted(
        [world.coordinator.email, world.youth_worker_off_team.email]
    )
    assert all("Sem" not in m.body and world.child.bsn not in m.body for m in told)


def test_each_match_is_logged_for_both_sides(world: World):
    signal(world.youth_worker_off_team, worker(world), world.child.bsn)
    match = Match.objects.get()
    made = AccessLogEntry.objects.filter(object_type="known_match", object_id=str(match.uuid))
    assert {(e.user_id, e.organisation_id, e.basis) for e in made.filter(event="create")} == {
        (world.coordinator.pk, world.school.pk, "legal_task_school"),
        (world.youth_worker_off_team.pk, world.youth_team.pk, "legal_task_youth_team"),
    }
    assert {e.child_pseudonym for e in made} == {world.child.pseudonym}
    client_for(world.coordinator).get(KNOWN)
    assert made.filter(event="list", user_id=world.coordinator.pk).count() == 1


def test_never_across_regions(world: World):
    elsewhere = Region.objects.create(name="Andere regio", slug="andere-regio")
    team = Organisation.objects.create(
        region=elsewhere, name="Jeugdteam Elders", type=OrganisationType.YOUTH_TEAM
    )
    user = UserFactory(username="elders", first_name="Els", last_name="Elders")
    membership = grant_membership(user=user, organisation=team, role=Role.YOUTH_WORKER)
    signal(user, membership, world.child.bsn)
    assert not Match.objects.exists()
    assert 'data-testid="known"' not in client_for(user).get(KNOWN).content.decode()
    assert "Jeugdteam Elders" not in client_for(world.coordinator).get(KNOWN).content.decode()


def test_a_signal_first_then_a_school_opens_the_case(world: World):
    signal(world.youth_worker_off_team, worker(world), "123456782", name="Noor")
    assert not Match.objects.exists()
    case = case_services.open_case(
        actor=Actor(world.coordinator),
        membership=Membership.objects.get(user=world.coordinator),
        child_fields={
            "first_name": "Noor",
            "last_name": "Jansen",
            "date_of_birth": world.child.date_of_birth,
            "bsn": "123456782",
        },
    )
    match = Match.objects.get()
    assert match.education.case == case
    assert match.youth.organisation == world.youth_team


def test_marking_a_thuiszitter_registers_the_schools_side(world: World):
    Registration.objects.filter(case=world.case).delete()  # a case from before the Loket
    signal(world.youth_worker_off_team, worker(world), world.child.bsn)
    assert not Match.objects.exists()
    case_services.update_flags(
        access_case(Actor(world.coordinator), world.case.uuid),
        flags={"has_absence": True, "is_thuiszitter": True},
    )
    match = Match.objects.get()
    assert match.education.source == "thuiszitter"


def test_the_regisseur_proposes_the_other_side_for_the_team(world: World):
    signal(world.youth_worker_off_team, worker(world), world.child.bsn)
    match = Match.objects.get()
    lines = [a for a in actions_for(world.coordinator) if a.source == "loket_known"]
    assert [a.case for a in lines] == [world.case]
    assert not [a for a in actions_for(world.teacher) if a.source == "loket_known"]
    url = reverse(
        "loket:known_propose", kwargs={"case_id": world.case.uuid, "match_id": match.uuid}
    )
    assert client_for(world.teacher).post(url).status_code == 404
    assert client_for(world.coordinator).post(url).status_code == 302
    member = TeamMember.objects.get(case=world.case, membership=worker(world))
    assert member.status == MemberStatus.PROPOSED


def test_the_parents_see_in_the_portal_that_it_happened(world: World):
    home = reverse("portal:home", kwargs={"case_id": world.case.uuid})
    parent = client_for(world.parent.user)
    assert 'data-testid="known"' not in parent.get(home).content.decode()
    signal(world.youth_worker_off_team, worker(world), world.child.bsn)
    page = parent.get(home).content.decode()
    assert 'data-testid="known"' in page
    assert "Basisschool De Test" in page and "Jeugdteam Test" in page


def test_only_a_youth_team_records_a_signal(world: World):
    assert client_for(world.coordinator).get(SIGNAL).status_code == 404
    response = client_for(world.youth_worker_off_team).post(
        SIGNAL, {"membership": worker(world).pk, "bsn": "123456789", "child_name": "X"}
    )
    assert response.status_code == 200
    assert 'id="foutoverzicht"' in response.content.decode()
    assert not Registration.objects.filter(domain=Domain.YOUTH).exists()
