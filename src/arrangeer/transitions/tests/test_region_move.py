"""A move to another region: the receiving region's SWV (and school, if known) is proposed,
joins with the family's consent, takes the regie, and when the handover is done the case
belongs to the receiving region; the old parties leave, the region it left keeps only its
counts, and the search by BSN never crosses regions."""

from __future__ import annotations

import datetime as dt
from uuid import uuid4

from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest

from arrangeer.audit.models import AccessLogEntry
from arrangeer.cases import services as case_services
from arrangeer.cases.access import Actor, access_case
from arrangeer.cases.constants import MemberStatus, StepChangeKind
from arrangeer.cases.models import Case, EmergencyAccess, RegionMove, StepChange, TeamMember
from arrangeer.cases.selectors import counted_in_region
from arrangeer.consents.models import Consent
from arrangeer.organisations.constants import OrganisationType, Role
from arrangeer.organisations.models import Membership, Organisation, Region
from arrangeer.organisations.services import grant_membership
from arrangeer.testing.factories import UserFactory
from arrangeer.transitions import services
from arrangeer.transitions.constants import TransitionKind, TransitionStatus
from arrangeer.transitions.models import Transition

from .test_finish import finish, regie_to_receiver
from .test_handover import url

pytestmark = pytest.mark.django_db

# Who reads the case of the world before and after the move (on its team, in its region).
OLD_PARTIES = ("coordinator", "teacher", "youth_worker")


def set_move(world, client) -> None:
    response = client.post(
        url(world, "transitions:edit"),
        {
            "kind": TransitionKind.REGION_MOVE,
            "expected_on": (timezone.localdate() + dt.timedelta(days=60)).isoformat(),
            "note": "Het gezin verhuist naar de andere regio.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def propose_far(world, client, membership: Membership, swv: Organisation | None) -> None:
    data = {
        "membership": membership.pk,
        "handover_mdo_on": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
    }
    if swv is not None:
        data["receiving_swv"] = swv.pk
    response = client.post(url(world, "transitions:propose"), data)
    assert response.status_code == 302, response.content.decode()[:3000]


def consent(world, client) -> None:
    response = client.post(
        url(world, "transitions:consent"),
        {
            "representative": world.parent.pk,
            "by_child": "on",
            "categories": ["onderwijs", "jeugdhulp"],
            "evidence": "signed_form",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]


def emergency(world, user: str, membership: Membership):
    return case_services.start_emergency_access(
        actor=Actor(world.users[user]),
        membership=membership,
        reason="Acute zorgen over de veiligheid van het kind vanavond, direct nodig.",
        bsn=world.child.bsn,
    )


def test_the_case_moves_to_the_receiving_region_when_the_handover_is_done(world, login):
    old_region, far_region = world.region, Region.objects.get(slug="andere-regio")
    swv = Organisation.objects.get(name="SWV Elders")
    far = Membership.objects.get(user=world.users["far_receiver"])
    regisseur, receiver = login("coordinator"), login("far_receiver")
    set_move(world, regisseur)
    propose_far(world, regisseur, far, swv)
    page = regisseur.get(url(world, "transitions:detail")).content.decode()
    assert "SWV Elders" in page and "Andere regio" in page
    # Before consent: the receiving side does not see the case.
    assert receiver.get(url(world, "cases:detail")).status_code == 404
    consent(world, regisseur)
    assert receiver.get(url(world, "cases:detail")).status_code == 200
    regie_to_receiver(world, regisseur, receiver)
    # Until the handover is done, the case is the old region's, its parties read on.
    for name in OLD_PARTIES:
        assert login(name).get(url(world, "cases:detail")).status_code == 200, name
    world.case.refresh_from_db()
    assert world.case.region == old_region

    said = finish(world, receiver, "Overdracht besproken met het SWV Elders.")
    assert any("Andere regio" in line for line in said), said
    world.case.refresh_from_db()
    assert world.case.region == far_region
    transition = Transition.objects.get(case=world.case)
    assert transition.status == TransitionStatus.DONE
    move = RegionMove.objects.get(case=world.case)
    assert (move.from_region, move.to_region, move.by_user) == (
        old_region,
        far_region,
        world.users["far_receiver"],
    )
    # Every party of the old region left the team; the receiver leads on.
    assert not TeamMember.objects.filter(
        case=world.case, status=MemberStatus.ACTIVE, membership__organisation__region=old_region
    ).exists()
    for name in OLD_PARTIES:
        assert login(name).get(url(world, "cases:detail")).status_code == 404, name
    assert receiver.get(url(world, "cases:detail")).status_code == 200
    # On the timeline and in the access log.
    kinds = set(StepChange.objects.filter(case=world.case).values_list("kind", flat=True))
    assert {StepChangeKind.REGION, StepChangeKind.HANDOVER} <= kinds
    assert AccessLogEntry.objects.filter(
        user_id=world.users["far_receiver"].pk, object_type="case", object_id=str(world.case.uuid)
    ).exists()
    # The old region's break-the-glass access ended with the move.
    assert not EmergencyAccess.objects.filter(
        case=world.case, expires_at__gt=timezone.now()
    ).exists()


def test_the_search_by_bsn_stays_within_the_region_before_and_after_the_move(world):
    far_region = Region.objects.get(slug="andere-regio")
    far_provider = Organisation.objects.create(
        region=far_region, name="Jeugdhulp Elders", type=OrganisationType.CARE_PROVIDER
    )
    far_worker = UserFactory(username="far_worker")
    world.users["far_worker"] = far_worker
    far_place = grant_membership(user=far_worker, organisation=far_provider, role=Role.CARE_WORKER)
    near_place = Membership.objects.get(user=world.users["emergency_worker"])
    with pytest.raises(ValidationError):
        emergency(world, "far_worker", far_place)
    Case.objects.filter(pk=world.case.pk).update(region=far_region)
    RegionMove.objects.create(
        case=world.case,
        from_region=world.region,
        to_region=far_region,
        moved_at=timezone.now(),
        by_user=world.users["coordinator"],
    )
    assert emergency(world, "far_worker", far_place).case == world.case
    with pytest.raises(ValidationError):
        emergency(world, "emergency_worker", near_place)


def test_the_region_it_left_keeps_counting_the_years_before_the_move(world):
    far_region = Region.objects.get(slug="andere-regio")
    moved_at = timezone.make_aware(dt.datetime(2026, 3, 1, 12))
    Case.objects.filter(pk=world.case.pk).update(region=far_region)
    RegionMove.objects.create(
        case=world.case,
        from_region=world.region,
        to_region=far_region,
        moved_at=moved_at,
        by_user=world.users["coordinator"],
    )

    def counted(region: Region, year: int) -> bool:
        start = timezone.make_aware(dt.datetime(year, 8, 1))
        end = timezone.make_aware(dt.datetime(year + 1, 8, 1))
        found = Case.objects.filter(counted_in_region("", region, start, end), pk=world.case.pk)
        return found.exists()

    # 2024/25: the old region only; 2025/26 (the move): both; 2026/27: the new region only.
    assert [counted(world.region, y) for y in (2024, 2025, 2026)] == [True, True, False]
    assert [counted(far_region, y) for y in (2024, 2025, 2026)] == [False, True, True]


def test_while_the_school_is_not_known_the_receiving_swv_receives(world, login):
    swv = Organisation.objects.get(name="SWV Elders")
    specialist = UserFactory(username="far_specialist")
    world.users["far_specialist"] = specialist
    place = grant_membership(user=specialist, organisation=swv, role=Role.SWV_SPECIALIST)
    regisseur, receiver = login("coordinator"), login("far_specialist")
    set_move(world, regisseur)
    propose_far(world, regisseur, place, None)
    transition = Transition.objects.get(case=world.case)
    assert (transition.receiving_school, transition.receiving_swv) == (None, swv)
    consent(world, regisseur)
    assert Consent.objects.filter(case=world.case, organisation=swv).exists()
    regie_to_receiver(world, regisseur, receiver)
    finish(world, receiver, "School nog niet bekend; het SWV Elders zoekt mee.")
    world.case.refresh_from_db()
    world.child.refresh_from_db()
    assert world.case.region == swv.region
    assert world.child.school is None
    assert receiver.get(url(world, "cases:detail")).status_code == 200


def test_the_swv_specialist_of_the_cases_own_region_is_no_receiver(world):
    access = access_case(Actor(world.coordinator), world.case.uuid)
    own = Membership.objects.get(user=world.users["swv_specialist"])
    with pytest.raises(ValidationError):
        services.propose_receiving_school(
            access, membership=own, handover_mdo_on=timezone.localdate() + dt.timedelta(days=9)
        )
    assert not Transition.objects.filter(case=world.case).exists()


def test_a_move_to_a_region_where_the_child_has_an_open_case_is_refused(world, login):
    far_region = Region.objects.get(slug="andere-regio")
    far = Membership.objects.get(user=world.users["far_receiver"])
    swv = Organisation.objects.get(name="SWV Elders")
    regisseur, receiver = login("coordinator"), login("far_receiver")
    set_move(world, regisseur)
    propose_far(world, regisseur, far, swv)
    consent(world, regisseur)
    regie_to_receiver(world, regisseur, receiver)
    other = Case.objects.get(pk=world.case.pk)
    other.pk, other.uuid, other.region = None, uuid4(), far_region
    other.save()
    said = finish(world, receiver, "Besproken.")
    assert any("al een open traject in de ontvangende regio" in line for line in said), said
    world.case.refresh_from_db()
    assert world.case.region == world.region
    assert Transition.objects.get(case=world.case).status == TransitionStatus.CONSENTED
    assert not RegionMove.objects.exists()
    assert login("teacher").get(url(world, "cases:detail")).status_code == 200
