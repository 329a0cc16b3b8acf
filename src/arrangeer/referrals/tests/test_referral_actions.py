"""An aanmelding in Mijn acties: before it is accepted it has no case, yet the receiving
coordinator has to decide on it by the end of the region's term, and the referrer has to answer
a question. Only for those two, logged as the aanmelding's own lists log it, in a constant
number of queries, reminded once, and in the API's task list of the right organisation only."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from arrangeer.api import services as api_services
from arrangeer.audit.models import AccessLogEntry
from arrangeer.cases.access import Actor
from arrangeer.cases.actions import actions_for
from arrangeer.cases.reminders import people_to_remind, send_reminders
from arrangeer.core.workdays import add_working_days
from arrangeer.organisations.constants import Role
from arrangeer.organisations.services import grant_membership
from arrangeer.referrals import services
from arrangeer.referrals.access import access_referral
from arrangeer.referrals.actions import ANSWER, DECISION
from arrangeer.referrals.models import DecisionTerm, Referral
from arrangeer.routes.models import ReminderSent
from arrangeer.testing.factories import UserFactory
from arrangeer.testing.referrals import send_referral

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _sent(world, referrer_membership, **overrides) -> Referral:
    return send_referral(world.teacher_other_school, referrer_membership, world.school, **overrides)


def _mine(user, source: str, **kwargs):
    return [a for a in actions_for(user, **kwargs) if a.source == source]


def _arrived_on(referral: Referral) -> dt.date:
    return timezone.localtime(referral.status_since).date()


def test_a_waiting_aanmelding_is_the_receiving_coordinators_action_due_at_the_regions_term(
    world, referrer_membership
):
    referral = _sent(world, referrer_membership)
    [action] = _mine(world.coordinator, DECISION)
    assert action.case is None
    assert action.name == "Noor Aanmeldkind"
    assert action.due == add_working_days(_arrived_on(referral), 10)
    assert action.url == reverse("referrals:detail", kwargs={"referral_id": referral.uuid})
    assert referral.reference in action.title
    # Nobody else: not the referrer, not a teacher of the school, not a coordinator elsewhere.
    for other in (world.teacher_other_school, world.teacher, world.youth_worker):
        assert not _mine(other, DECISION)

    DecisionTerm.objects.create(region=world.region, working_days=3)
    [action] = _mine(world.coordinator, DECISION)
    assert action.due == add_working_days(_arrived_on(referral), 3)


def test_a_question_moves_the_action_to_the_referrer_and_the_answer_back(
    world, referrer_membership
):
    referral = _sent(world, referrer_membership)
    services.ask_for_more(
        access_referral(Actor(world.coordinator), referral.uuid, as_receiver=True),
        question="Welke school bezoekt Noor nu?",
    )
    assert not _mine(world.coordinator, DECISION)
    [answer] = _mine(world.teacher_other_school, ANSWER)
    assert answer.case is None and answer.due is None
    assert answer.name == "N.A."  # the referrer reads the status page: initials only
    assert answer.url == (
        reverse("referrals:status", kwargs={"referral_id": referral.uuid}) + "#antwoord"
    )

    services.answer_question(
        access_referral(Actor(world.teacher_other_school), referral.uuid, as_receiver=False),
        answer="Het Kompas, groep 6.",
    )
    assert not _mine(world.teacher_other_school, ANSWER)
    [again] = _mine(world.coordinator, DECISION)
    referral.refresh_from_db()
    assert again.due == add_working_days(_arrived_on(referral), 10)

    services.accept(access_referral(Actor(world.coordinator), referral.uuid, as_receiver=True))
    assert not _mine(world.coordinator, DECISION)


def test_the_page_shows_the_aanmelding_and_logs_it_as_the_incoming_list_does(
    world, referrer_membership, verified_client
):
    referral = _sent(world, referrer_membership)
    body = verified_client(world.coordinator).get(reverse("actions:my_actions")).content.decode()
    assert f'data-source="{DECISION}"' in body
    assert "Noor Aanmeldkind" in body
    assert reverse("referrals:detail", kwargs={"referral_id": referral.uuid}) in body
    logged = AccessLogEntry.objects.filter(
        object_type="referral", object_id=str(referral.uuid), event="list"
    )
    assert list(logged.values_list("user_id", flat=True)) == [world.coordinator.pk]


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_my_actions_takes_the_same_number_of_queries_for_one_and_many_aanmeldingen(
    world, referrer_membership, verified_client
):
    client = verified_client(world.coordinator)
    url = reverse("actions:my_actions")
    _sent(world, referrer_membership)
    one = _count(client, url)
    for i in range(6):
        _sent(world, referrer_membership, last_name=f"Aanmeldkind{'x' * i}")
    many = _count(client, url)
    assert many <= one, (one, many)
    shown = actions_for(world.coordinator, limit=3, only=[DECISION])  # cut in SQL to the page
    assert [a.sort_name for a in shown] == ["Aanmeldkind", "Aanmeldkind", "Aanmeldkindx"]


def test_the_reminder_goes_once_at_the_term_also_to_a_coordinator_on_no_team(
    world, referrer_membership, mailoutbox, django_capture_on_commit_callbacks
):
    newcomer = UserFactory(email="nieuw@test.invalid")
    grant_membership(user=newcomer, organisation=world.school, role=Role.COORDINATOR)
    assert newcomer not in people_to_remind()
    referral = _sent(world, referrer_membership)
    assert newcomer in people_to_remind()

    due = add_working_days(_arrived_on(referral), 10)
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(today=due - dt.timedelta(days=1))
    assert not ReminderSent.objects.filter(kind=DECISION).exists()
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            send_reminders(today=due)
    sent = ReminderSent.objects.filter(kind=DECISION)
    assert sorted(sent.values_list("user_id", flat=True)) == sorted(
        [world.coordinator.pk, newcomer.pk]
    )
    assert all(r.case_id is None for r in sent)
    to_newcomer = [m for m in mailoutbox if m.to == [newcomer.email]]
    assert len(to_newcomer) == 1
    assert str(referral.uuid) in to_newcomer[0].body
    assert "Noor" not in to_newcomer[0].body and "Aanmeldkind" not in to_newcomer[0].body
    assert AccessLogEntry.objects.filter(
        user_id=newcomer.pk, channel="command", object_type="referral", object_id=str(referral.uuid)
    ).exists()


def _api(user, membership) -> Client:
    _record, raw = api_services.create_token(user=user, membership=membership, name="test", days=1)
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_ACCEPT_LANGUAGE="en")


def test_the_api_task_list_has_the_aanmelding_only_for_the_receiving_schools_token(
    world, referrer_membership
):
    referral = _sent(world, referrer_membership)
    school = world.coordinator.memberships.get()
    tasks = _api(world.coordinator, school).get(reverse("api:tasks")).json()["results"]
    [task] = [t for t in tasks if t["source"] == DECISION]
    assert task["case"] is None and task["child_name"] == "Noor Aanmeldkind"
    assert task["url"].endswith(reverse("referrals:detail", kwargs={"referral_id": referral.uuid}))

    elsewhere = grant_membership(
        user=world.coordinator, organisation=world.other_school, role=Role.TEACHER
    )
    tasks = _api(world.coordinator, elsewhere).get(reverse("api:tasks")).json()["results"]
    assert not [t for t in tasks if t["source"] == DECISION]
