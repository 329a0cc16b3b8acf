"""Seeding the demo again adds nothing (`make run` seeds it on every start where it is
missing, a developer may run `seed_demo` twice): the regions, organisations and people, the
quality contact points and their one open concern, and the coordinator's and the SWV's one
aanmelding each are all still there once. The demo's quality contact points and its one open concern stay
coherent; the monitor's generated history has closed concerns only."""

from __future__ import annotations

from collections.abc import Iterator

from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

import pytest

from arrangeer.accounts.models import User
from arrangeer.cases.actions import actions_for
from arrangeer.monitor.demo import HISTORY_NOTE
from arrangeer.monitor.models import CaseFact
from arrangeer.organisations.constants import OrganisationType
from arrangeer.organisations.models import Organisation, Region, SchoolBoard
from arrangeer.quality.constants import ConcernStatus
from arrangeer.quality.models import Concern, ContactPoint
from arrangeer.referrals import selectors
from arrangeer.referrals.actions import DECISION
from arrangeer.referrals.constants import ReferralStatus
from arrangeer.testing.auth import login_verified

from .conftest import Seeding, counts

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded_twice(demo: Seeding, django_db_blocker: object) -> Iterator[Seeding]:
    """The package's demo seeded a second time (rolled back after this module)."""
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        call_command("seed_demo", verbosity=0)
        yield demo
        transaction.set_rollback(True)


def test_seed_demo_builds_two_regions_and_is_idempotent(seeded_twice: Seeding):
    first = seeded_twice.counts
    assert counts() == first
    assert first[0] == 2
    for region in Region.objects.all():
        schools = Organisation.objects.filter(region=region, type=OrganisationType.SCHOOL)
        assert schools.count() >= 12
        assert schools.values("sector").distinct().count() >= 5
        types = set(Organisation.objects.filter(region=region).values_list("type", flat=True))
        assert {"swv", "jeugdteam", "jeugdhulpaanbieder", "leerplicht", "integraal_loket"} <= types


def test_the_demo_schools_have_their_swv_and_board_once(seeded_twice: Seeding):
    assert SchoolBoard.objects.count() == 6  # three per region, once
    for region in Region.objects.all():
        schools = Organisation.objects.filter(region=region, type=OrganisationType.SCHOOL)
        swv = Organisation.objects.get(region=region, type=OrganisationType.SWV)
        # The MBO has no SWV; every other school is in the region's SWV, every school has a board.
        assert set(schools.exclude(sector="mbo").values_list("swv", flat=True)) == {swv.pk}
        assert not schools.filter(sector="mbo", swv__isnull=False).exists()
        assert not schools.filter(school_board__isnull=True).exists()
        assert set(schools.values_list("school_board__region", flat=True)) == {region.pk}
    # The monitor's facts carry them (the refresh at the end of the seeding).
    facts = CaseFact.objects.filter(school__isnull=False)
    assert facts.filter(swv__isnull=False).exists()
    assert not facts.filter(school_board__isnull=True).exists()


def test_the_demo_has_contact_points_and_daans_mothers_concern(seeded_twice: Seeding):
    assert ContactPoint.objects.count() == 4  # two per region, once
    history = Concern.objects.filter(case__school_plan_missing_reason=HISTORY_NOTE)
    # The monitor's history (monitor/demo_region.py): handled and closed, in no one's actions.
    assert history.exists()
    assert set(history.values_list("status", flat=True)) == {ConcernStatus.CLOSED}
    concern = Concern.objects.exclude(pk__in=history.values("pk")).get()
    assert concern.from_family and not concern.concerned_may_see
    assert concern.status == ConcernStatus.RECEIVED
    assert concern.reporter.username == "ouder"
    assert concern.case.child.first_name == "Daan"
    handler = User.objects.get(username="kwaliteit")
    assert [a.case.pk for a in actions_for(handler, limit=20) if a.source == "quality_concern"] == [
        concern.case.pk
    ]
    url = reverse(
        "quality:detail", kwargs={"case_id": concern.case.uuid, "concern_id": concern.uuid}
    )
    assert login_verified(Client(), handler).get(url).status_code == 200
    # The provider concerned is on Daan's team and does not read his mother's report.
    provider = User.objects.get(username="zorgaanbieder")
    assert login_verified(Client(), provider).get(url).status_code == 404
    family_url = reverse(
        "quality_family:detail", kwargs={"case_id": concern.case.uuid, "concern_id": concern.uuid}
    )
    parent = User.objects.get(username="ouder")
    assert login_verified(Client(), parent).get(family_url).status_code == 200


def test_the_demo_coordinator_has_one_incoming_aanmelding_and_the_jgz_sent_it(
    seeded_twice: Seeding,
):
    incoming = selectors.incoming(User.objects.get(username="coordinator"))
    assert [r.status for r in incoming] == [ReferralStatus.SUBMITTED]
    assert incoming[0].referrer.username == "jgz"
    assert incoming[0].current_school is not None
    assert incoming[0].current_school != incoming[0].receiving_organisation


def test_the_demo_swv_has_one_incoming_aanmelding_from_leerplicht_and_a_line_in_mijn_acties(
    seeded_twice: Seeding,
):
    specialist = User.objects.get(username="swv")
    incoming = selectors.incoming(specialist)
    assert [r.status for r in incoming] == [ReferralStatus.SUBMITTED]
    referral = incoming[0]
    assert referral.referrer.username == "leerplicht"
    assert referral.receiving_organisation.type == OrganisationType.SWV
    assert referral.current_school is not None
    assert referral.current_school.type == OrganisationType.SCHOOL
    # The specialist reads it and has it waiting among their actions.
    client = login_verified(Client(), specialist)
    url = reverse("referrals:detail", args=[referral.uuid])
    assert client.get(url).status_code == 200
    (line,) = [a for a in actions_for(specialist) if a.source == DECISION]
    assert line.case is None and line.subject == "Milan Verhoeven"
