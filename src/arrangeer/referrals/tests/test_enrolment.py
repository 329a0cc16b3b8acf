"""Schoolsucces na een jaar: a year after a case closed, the leerplichtambtenaar of the child's
municipality confirms whether the child is still in school. The case's team has ended: the
check is reached by the legal task of leerplicht for the municipality (a ground of the access
layer), every row shown and every look logged; nobody else reaches it, nor before it is due."""

from __future__ import annotations

import datetime as dt
from uuid import uuid4

from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from arrangeer.audit.constants import Basis, Event
from arrangeer.audit.models import AccessLogEntry
from arrangeer.cases.access import Actor
from arrangeer.cases.actions import actions_for
from arrangeer.cases.constants import CaseStatus, Destination
from arrangeer.cases.models import Case
from arrangeer.children.models import Child
from arrangeer.organisations.constants import OrganisationType, Role
from arrangeer.organisations.models import Organisation
from arrangeer.organisations.services import grant_membership
from arrangeer.referrals import enrolment, views_enrolment
from arrangeer.referrals.actions import ENROLMENT_CHECK
from arrangeer.referrals.constants import EnrolmentOutcome
from arrangeer.referrals.models import EnrolmentCheck
from arrangeer.testing.factories import UserFactory
from arrangeer.testing.world import World

pytestmark = pytest.mark.django_db

TOWN = "Teststad"


def _close(world: World, days_ago: int) -> Case:
    """The world's case closed `days_ago` days ago, in the municipality of the leerplicht
    office."""
    Organisation.objects.filter(pk=world.case.child.school_id).update(municipality=TOWN)
    Organisation.objects.filter(type=OrganisationType.LEERPLICHT).update(municipality=TOWN)
    closed = timezone.now() - dt.timedelta(days=days_ago)
    Case.objects.filter(pk=world.case.pk).update(
        status=CaseStatus.CLOSED, closed_at=closed, destination=Destination.REGULAR
    )
    return Case.objects.get(pk=world.case.pk)


def _last_log() -> int:
    return AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _url(case: Case) -> str:
    return reverse("enrolment:record", kwargs={"case_id": case.uuid})


def test_a_check_is_due_a_year_after_closing_in_mijn_acties_and_on_the_list(world, verified_client):
    case = _close(world, 400)
    leerplicht = world.users["leerplicht"]
    due = [a for a in actions_for(leerplicht) if a.source == ENROLMENT_CHECK]
    assert [(a.subject, a.url, a.due) for a in due] == [
        (
            case.child.full_name,
            _url(case),
            timezone.localtime(case.closed_at).date() + dt.timedelta(days=365),
        )
    ]
    before = _last_log()
    page = verified_client(leerplicht).get(reverse("enrolment:due"))
    assert page.status_code == 200
    assert case.child.full_name in page.content.decode()
    logged = AccessLogEntry.objects.get(case_ref=case.uuid, pk__gt=before)
    assert (logged.event, logged.basis, logged.object_type) == (
        Event.LIST,
        Basis.LEGAL_TASK_LEERPLICHT,
        enrolment.OBJECT_TYPE,
    )


def test_leerplicht_records_the_outcome_once_in_one_write_with_a_log(world, verified_client):
    case = _close(world, 400)
    client = verified_client(world.users["leerplicht"])
    assert client.get(_url(case)).status_code == 200
    refused = client.post(_url(case), {"outcome": ""})
    assert refused.status_code == 200
    # The message in Dutch, the product's language.
    assert "Kies waar het kind nu is." in refused.content.decode()
    before = _last_log()
    done = client.post(
        _url(case), {"outcome": EnrolmentOutcome.SPECIAL_OTHER, "note": " De Zonnewijzer "}
    )
    assert done.status_code == 302
    check = EnrolmentCheck.objects.get(case=case)
    assert (check.outcome, check.note, check.by, check.due_on) == (
        EnrolmentOutcome.SPECIAL_OTHER,
        "De Zonnewijzer",
        world.users["leerplicht"],
        timezone.localtime(case.closed_at).date() + dt.timedelta(days=365),
    )
    assert set(
        AccessLogEntry.objects.filter(case_ref=case.uuid, pk__gt=before).values_list(
            "event", flat=True
        )
    ) == {Event.VIEW, Event.CREATE}
    # Recorded: off the list and out of Mijn acties, and not recorded twice.
    assert not enrolment.due_checks(world.users["leerplicht"], timezone.localdate())
    again = client.post(_url(case), {"outcome": EnrolmentOutcome.UNKNOWN}, follow=True)
    assert "al vastgelegd" in again.content.decode()
    assert EnrolmentCheck.objects.get(case=case).outcome == EnrolmentOutcome.SPECIAL_OTHER
    access = enrolment.access_check(Actor(world.users["leerplicht"]), case.uuid)
    with pytest.raises(ValidationError):
        enrolment.record_check(access, outcome=EnrolmentOutcome.UNKNOWN)


@pytest.mark.parametrize(
    "persona", ["coordinator", "teacher", "swv_specialist", "policy_officer", "superuser"]
)
def test_nobody_else_reaches_the_check_nor_the_list(world, verified_client, persona):
    case = _close(world, 400)
    client = verified_client(world.users[persona])
    assert client.get(_url(case)).status_code == 404
    assert client.post(_url(case), {"outcome": EnrolmentOutcome.UNKNOWN}).status_code == 404
    assert client.get(reverse("enrolment:due")).status_code == 404
    assert not EnrolmentCheck.objects.exists()
    refused = AccessLogEntry.objects.filter(case_ref=case.uuid, outcome="denied")
    assert refused.exists()


def test_leerplicht_of_another_municipality_does_not_reach_it(world, verified_client):
    case = _close(world, 400)
    other = Organisation.objects.create(
        region=world.case.region,
        name="Leerplicht Elders",
        type=OrganisationType.LEERPLICHT,
        municipality="Elders",
    )
    officer = UserFactory.create(username="lpa_elders")
    grant_membership(user=officer, organisation=other, role=Role.LEERPLICHT_OFFICER)
    client = verified_client(officer)
    assert client.get(reverse("enrolment:due")).status_code == 200
    assert case.child.full_name not in client.get(reverse("enrolment:due")).content.decode()
    assert client.get(_url(case)).status_code == 404
    assert not [a for a in actions_for(officer) if a.source == ENROLMENT_CHECK]


@pytest.mark.parametrize("days_ago", [100, 364, 731])
def test_not_before_it_is_due_nor_after_the_year_it_stays_open(world, days_ago):
    case = _close(world, days_ago)
    leerplicht = world.users["leerplicht"]
    assert not enrolment.due_checks(leerplicht, timezone.localdate())
    with pytest.raises(Http404):
        enrolment.access_check(Actor(leerplicht), case.uuid)


def test_the_list_reads_in_constant_queries(world, django_assert_max_num_queries):
    _close(world, 400)
    leerplicht = world.users["leerplicht"]
    with django_assert_max_num_queries(2):
        assert len(enrolment.due_checks(leerplicht, timezone.localdate())) == 1


def _more_due(world: World, count: int) -> list[Case]:
    """`count` more closed cases due in the municipality of the leerplicht office (copies of
    the world's case, each with a child of its own), closed on different days."""
    made = []
    for n in range(count):
        child = Child.objects.get(pk=world.case.child_id)
        child.pk = None
        child.uuid, child.pseudonym = uuid4(), uuid4()
        child.bsn, child.user = "", None
        child.first_name, child.last_name = "Noor", f"Schoolsucces {n:03d}"
        child.save()
        case = Case.objects.get(pk=world.case.pk)
        case.pk = None
        case.uuid = uuid4()
        case.child = child
        case.closed_at = timezone.now() - dt.timedelta(days=500 - n)
        case.save()
        made.append(case)
    return made


def _page_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_page_takes_the_same_queries_for_1_and_for_60_checks(world, verified_client):
    _close(world, 400)
    client = verified_client(world.users["leerplicht"])
    one = _page_queries(client, reverse("enrolment:due"))
    _more_due(world, 59)
    assert len(enrolment.due_checks(world.users["leerplicht"], timezone.localdate())) == 60
    # The first page of 50 and the second of 10 read as much as the one check did.
    many = [
        _page_queries(client, reverse("enrolment:due")),
        _page_queries(client, reverse("enrolment:due") + "?pagina=2"),
    ]
    assert many == [one, one]


def test_the_list_shows_a_page_at_a_time_in_order_and_logs_only_the_checks_shown(
    world, verified_client, monkeypatch
):
    monkeypatch.setattr(views_enrolment, "PAGE_SIZE", 5)
    _close(world, 400)
    _more_due(world, 6)
    leerplicht = world.users["leerplicht"]
    everything = [due.case.uuid for due in enrolment.due_checks(leerplicht, timezone.localdate())]
    assert len(everything) == 7
    client = verified_client(leerplicht)
    before = _last_log()
    first = client.get(reverse("enrolment:due"))
    body = first.content.decode()
    assert [due.case.uuid for due in first.context["checks"]] == everything[:5]
    assert body.count("data-case=") == 5
    assert 'href="?pagina=2"' in body and 'aria-label="Pagina\'s"' in body
    logged = AccessLogEntry.objects.filter(pk__gt=before)
    assert sorted(logged.values_list("case_ref", flat=True)) == sorted(everything[:5])
    assert set(logged.values_list("event", flat=True)) == {Event.LIST}
    before = _last_log()
    second = client.get(reverse("enrolment:due") + "?pagina=2")
    assert [due.case.uuid for due in second.context["checks"]] == everything[5:]
    assert "pagina=3" not in second.content.decode()
    assert 'href="?pagina=1"' in second.content.decode()
    logged = AccessLogEntry.objects.filter(pk__gt=before)
    assert sorted(logged.values_list("case_ref", flat=True)) == sorted(everything[5:])
    # Past the end (an old link) shows the first page.
    old = client.get(reverse("enrolment:due") + "?pagina=9")
    assert [due.case.uuid for due in old.context["checks"]] == everything[:5]
