"""The monitor of one samenwerkingsverband: a policy officer at an SWV sees the figures of the
SWV's schools only (the cases of their pupils), on every page, export and API answer, cannot
filter outside them, and every read is logged with the SWV as the organisation."""

from __future__ import annotations

import csv
import io

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from arrangeer.accounts.models import User
from arrangeer.api import services as api_services
from arrangeer.audit.constants import Channel, Event
from arrangeer.audit.models import AccessLogEntry
from arrangeer.monitor import services, suppression
from arrangeer.monitor.constants import Theme, year_label
from arrangeer.organisations.constants import OrganisationType, Role, SchoolSector
from arrangeer.organisations.models import Membership, Organisation, Region
from arrangeer.testing.auth import login_verified
from arrangeer.testing.factories import UserFactory
from arrangeer.testing.world import World

from .helpers import LAST_YEAR, arrangements

pytestmark = pytest.mark.django_db


@pytest.fixture
def swvs(world: World) -> tuple[User, User, Organisation]:
    """The world's school in the world's SWV, the other school in a second SWV; a policy
    officer at each."""
    other = Organisation.objects.create(
        region=world.region, name="SWV Ander", type=OrganisationType.SWV
    )
    Organisation.objects.filter(pk=world.school.pk).update(swv=world.swv)
    Organisation.objects.filter(pk=world.other_school.pk).update(swv=other)
    services.refresh_dimension_facts()
    officer = UserFactory(username="beleid_swv_test")
    Membership.objects.create(user=officer, organisation=world.swv, role=Role.POLICY_OFFICER)
    other_officer = UserFactory(username="beleid_swv_ander")
    Membership.objects.create(user=other_officer, organisation=other, role=Role.POLICY_OFFICER)
    return officer, other_officer, other


def _trend_total(content: bytes, year: int = LAST_YEAR) -> str:
    rows = list(csv.reader(io.StringIO(content.decode()), delimiter=";"))
    return next(row[-1] for row in rows if row and row[0] == year_label(year))


def _trend_csv(client: Client, **params: object) -> bytes:
    response = client.get(reverse("monitor:export", args=["bereik", "trend"]), params)
    assert response.status_code == 200
    return response.content


def test_the_swv_officer_sees_the_figures_of_the_swvs_schools_only(world, swvs):
    officer, other_officer, _other = swvs
    client = login_verified(Client(), officer)
    page = client.get(reverse("monitor:index"))
    text = page.content.decode()
    assert world.swv.name in text and "de scholen van uw samenwerkingsverband" in text
    # The SWV's school is a filter choice; the other SWV's school and the SWV filter are not.
    assert world.school.name in text and world.other_school.name not in text
    assert 'name="swv"' not in text and 'name="school"' in text
    # 23 + 12 arrangements at the SWV's school (not the 31 of the other SWV's): 35.
    assert _trend_total(_trend_csv(client)) == "35"
    # The group arrangements' page answers too, in the SWV's scope.
    groups = client.get(reverse("monitor:groups"))
    assert groups.status_code == 200 and world.swv.name in groups.content.decode()
    # The other SWV's officer: the 31 of their school, published as 30.
    assert _trend_total(_trend_csv(login_verified(Client(), other_officer))) == "30"


@pytest.mark.parametrize("theme", list(Theme.values))
def test_every_theme_answers_for_the_swv_officer(world, swvs, theme):
    client = login_verified(Client(), swvs[0])
    response = client.get(reverse("monitor:theme", args=[theme]))
    assert response.status_code == 200
    assert world.other_school.name not in response.content.decode()


def test_the_swv_officer_cannot_filter_on_another_swvs_school(world, swvs):
    officer, _other_officer, other = swvs
    client = login_verified(Client(), officer)
    before = AccessLogEntry.objects.count()
    response = client.get(reverse("monitor:index"), {"school": world.other_school.pk})
    text = response.content.decode()
    assert 'data-testid="monitor-filter-error"' in text
    assert world.other_school.name not in text
    # Shown without the filter: the SWV's own figures, and logged as such.
    assert _trend_total(_trend_csv(client, school=world.other_school.pk)) == "35"
    entry = AccessLogEntry.objects.order_by("seq")[before]
    assert entry.object_id == f"bereik|{LAST_YEAR}"
    # Nor on another SWV, a choice the SWV's monitor does not have.
    assert _trend_total(_trend_csv(client, swv=other.pk)) == "35"
    # The API refuses the filter.
    _record, token = api_services.create_token(
        user=officer, membership=officer.memberships.get(), name="BI", days=1
    )
    answer = Client().get(
        reverse("monitor_api:theme", args=["bereik"]),
        {"school": world.other_school.pk},
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_ACCEPT="*/*",
    )
    assert answer.status_code == 400


def test_the_swv_officers_reads_are_logged_with_the_swv_as_the_scope(world, swvs):
    officer = swvs[0]
    client = login_verified(Client(), officer)
    before = AccessLogEntry.objects.count()
    client.get(reverse("monitor:theme", args=["uitval"]), {"sector": SchoolSector.PO})
    client.get(reverse("monitor:export_xlsx", args=["bereik", "trend"]))
    _record, token = api_services.create_token(
        user=officer, membership=officer.memberships.get(), name="BI", days=1
    )
    body = (
        Client()
        .get(
            reverse("monitor_api:theme", args=["bereik"]),
            HTTP_AUTHORIZATION=f"Bearer {token}",
            HTTP_ACCEPT="*/*",
        )
        .json()
    )
    assert body["scope"]["kind"] == "swv" and body["scope"]["name"] == world.swv.name
    entries = list(AccessLogEntry.objects.order_by("seq")[before:])
    assert [(e.event, e.object_type, e.channel) for e in entries] == [
        (Event.VIEW, "monitor", Channel.WEB),
        (Event.EXPORT, "monitor_xlsx", Channel.WEB),
        (Event.VIEW, "monitor_api", Channel.API),
    ]
    for entry in entries:
        assert entry.role == Role.POLICY_OFFICER
        assert (entry.organisation_id, entry.organisation_name) == (world.swv.pk, world.swv.name)
        assert entry.child_pseudonym is None and entry.case_ref is None
    assert entries[0].object_id == f"uitval|{LAST_YEAR}|t=po"


def test_the_swv_officers_query_count_does_not_grow_with_the_data(world, swvs):
    client = login_verified(Client(), swvs[0])
    url = reverse("monitor:theme", args=["bereik"])
    counted = []
    for more in (3, 30):
        arrangements(world.region, world.school, world.coordinator, more, is_complex=True)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counted.append(len(captured))
    assert counted[0] == counted[1]


def test_a_hidden_school_of_the_swv_cannot_be_recovered_from_the_swv_minus_the_others(
    monkeypatch,
):
    region = Region.objects.create(name="SWV-regio", slug="swv-regio")
    swv = Organisation.objects.create(region=region, name="SWV Eén", type=OrganisationType.SWV)
    schools = [
        Organisation.objects.create(
            region=region,
            name=f"School {n}",
            type=OrganisationType.SCHOOL,
            sector=SchoolSector.PO,
            municipality=town,
            swv=swv,
        )
        for n, town in enumerate(["Aadorp", "Aadorp", "Beekdorp", "Beekdorp"])
    ]
    outside = Organisation.objects.create(
        region=region, name="School buiten", type=OrganisationType.SCHOOL, sector=SchoolSector.PO
    )
    officer = UserFactory(username="beleid_swv_een")
    Membership.objects.create(user=officer, organisation=swv, role=Role.POLICY_OFFICER)
    coordinator = UserFactory(username="coordinator_swv_een")
    Membership.objects.create(user=coordinator, organisation=schools[0], role=Role.COORDINATOR)
    monkeypatch.setattr(suppression, "ROUNDING_BASE", 1)  # only secondary suppression protects
    for school, count in zip([*schools, outside], (30, 25, 3, 40, 12), strict=True):
        arrangements(region, school, coordinator, count)
    client = login_verified(Client(), officer)
    total = _trend_total(_trend_csv(client))
    assert total == "98"  # not the 12 of the school outside the SWV
    per_school = {s.pk: _trend_total(_trend_csv(client, school=s.pk)) for s in schools}
    per_town = {t: _trend_total(_trend_csv(client, gemeente=t)) for t in ("Aadorp", "Beekdorp")}
    hidden_text = suppression.SUPPRESSED_TEXT
    exact = dict(zip([s.pk for s in schools], (30, 25, 3, 40), strict=True))
    hidden = [pk for pk, value in per_school.items() if value == hidden_text]
    # The school of 3 is hidden, and not alone: the SWV minus the schools shown is the sum
    # of at least two hidden schools that hold 10 children or more together.
    assert schools[2].pk in hidden and len(hidden) >= 2
    assert sum(exact[pk] for pk in hidden) >= suppression.THRESHOLD
    # Beekdorp is its two schools: shown, it takes its other school out of sight.
    if per_town["Beekdorp"] != hidden_text:
        assert per_school[schools[3].pk] == hidden_text
    assert _trend_total(_trend_csv(client, school=outside.pk)) == "98"  # not a choice
