"""Time on a case: signals, "My actions" (each person only their own, constant queries), the
caseload filters and the reminder mail (idempotent, travelling in time by passing `today`)."""

from __future__ import annotations

import datetime as dt

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from arrangeer.audit.models import AccessLogEntry
from arrangeer.cases import journey
from arrangeer.cases import services as case_services
from arrangeer.cases.access import Actor, access_case
from arrangeer.cases.actions import actions_for
from arrangeer.cases.models import Case
from arrangeer.cases.reminders import send_reminders
from arrangeer.cases.timing import case_signals, last_activity
from arrangeer.routes.models import ReminderSent, Step
from arrangeer.testing.actions import miscounted, missed_by_probes
from arrangeer.testing.world import World, build_world, years_ago

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TODAY = timezone.localdate()


@pytest.fixture
def world() -> World:
    return build_world()


def _open(world: World, last_name: str, **flags: bool) -> Case:
    return case_services.open_case(
        actor=Actor(world.coordinator),
        membership=world.coordinator.memberships.get(),
        child_fields={"first_name": "Kind", "last_name": last_name, "date_of_birth": years_ago(9)},
        flags=flags,
    )


def _sources(world: World, who: str, *, today: dt.date = TODAY) -> set[tuple[str, int]]:
    return {(a.source, a.case.pk) for a in actions_for(world.users[who], today=today)}


def test_each_person_sees_only_their_own_actions(world, verified_client):
    case = world.case
    url = reverse("actions:my_actions")
    expected = {
        "teacher": {"step"},  # acts in Waarnemen
        "coordinator": {"family_approval"},  # a proposed member waits for the family
        "youth_worker": set(),
        "swv_specialist": set(),
        "emergency_worker": set(),  # sees the case, has nothing to do in it
        "teacher_other_school": set(),
        "youth_worker_off_team": set(),
    }
    for who, sources in expected.items():
        body = verified_client(world.users[who]).get(url).content.decode()
        shown = {
            s for s in ("step", "family_approval", "regie_transfer") if f'data-source="{s}"' in body
        }
        assert shown == sources, who
        assert (str(case.uuid) in body) == bool(sources), who
    assert verified_client(world.parent.user).get(url).status_code == 404


def test_the_regie_offer_is_an_action_for_the_one_asked_only(world):
    from arrangeer.cases import regie

    regie.propose_regie_transfer(
        access_case(Actor(world.coordinator), world.case.uuid),
        to_member=world.members["youth_worker"],
        reason="Gezinsplan",
    )
    assert ("regie_transfer", world.case.pk) in _sources(world, "youth_worker")
    assert ("regie_transfer", world.case.pk) not in _sources(world, "swv_specialist")


def test_an_overdue_step_is_urgent_for_who_acts_and_signalled_to_the_regisseur(world):
    due = world.case.step_due
    assert due is not None
    later = due + dt.timedelta(days=1)
    (step,) = [a for a in actions_for(world.teacher, today=later) if a.source == "step"]
    assert step.is_overdue(later)
    assert ("step_overdue", world.case.pk) in _sources(world, "coordinator", today=later)
    assert ("step_overdue", world.case.pk) not in _sources(world, "coordinator", today=due)
    kinds = [s.kind for s in case_signals(world.case, today=later, last=None)]
    assert "overdue" in kinds


def test_a_stalled_case_is_signalled_after_the_routes_number_of_days(world):
    last = last_activity(world.case)
    assert last is not None
    stall = world.case.route.stall_days
    day = timezone.localtime(last).date() + dt.timedelta(days=stall)
    assert ("stalled", world.case.pk) not in _sources(
        world, "coordinator", today=day - dt.timedelta(days=1)
    )
    assert ("stalled", world.case.pk) in _sources(world, "coordinator", today=day)


def test_thuiszitter_days_count_towards_the_three_month_mark(world):
    since = TODAY - dt.timedelta(days=70)
    case = case_services.update_flags(
        access_case(Actor(world.coordinator), world.case.uuid),
        flags={"has_absence": True, "is_thuiszitter": True},
        thuiszitter_since=since,
    )
    (near,) = [a for a in actions_for(world.coordinator, today=TODAY) if a.source == "thuiszitter"]
    assert "coming" in near.title and near.due is not None and near.due > TODAY
    (past,) = [
        a
        for a in actions_for(world.coordinator, today=TODAY + dt.timedelta(days=30))
        if a.source == "thuiszitter"
    ]
    assert "more than 3 months" in past.title and past.key != near.key
    (signal,) = [s for s in case_signals(case, today=TODAY, last=None) if s.kind == "thuiszitter"]
    assert "70 days" in signal.message
    assert ("thuiszitter", case.pk) not in _sources(
        world, "coordinator", today=since + dt.timedelta(days=10)
    )


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_my_actions_and_my_cases_take_the_same_number_of_queries_for_few_and_many_cases(
    world, verified_client
):
    client = verified_client(world.coordinator)
    urls = [
        reverse("actions:my_actions"),
        reverse("cases:list"),
        reverse("cases:list") + "?te_laat=on&stap=waarnemen",
    ]
    few = [_count(client, url) for url in urls]
    for i in range(8):
        case = _open(world, f"Veel{i}", is_thuiszitter=True)
        case_services.propose_team_member(
            access_case(Actor(world.coordinator), case.uuid),
            membership=world.youth_worker.memberships.get(),
        )
    many = [_count(client, url) for url in urls]
    assert many <= few, (few, many)


def test_my_cases_shows_step_and_due_date_and_filters_by_step_flag_school_and_overdue(
    world, verified_client
):
    other = _open(world, "Anders", is_complex=True)
    journey.record_school_plan(
        access_case(Actor(world.coordinator), other.uuid),
        kind="gp",
        evaluated_on=TODAY,
        missing_reason="",
    )
    journey.move_case(
        access_case(Actor(world.coordinator), other.uuid),
        to_step=Step.objects.get(route_id=other.route_id, code="informeren-en-voorbereiden"),
    )
    Case.objects.filter(pk=world.case.pk).update(step_due=TODAY - dt.timedelta(days=3))
    client = verified_client(world.coordinator)
    url = reverse("cases:list")

    def shown(**params: str) -> set[str]:
        body = client.get(url, params).content.decode()
        return {str(c.uuid) for c in (world.case, other) if f'data-case="{c.uuid}"' in body}

    both = {str(world.case.uuid), str(other.uuid)}
    assert shown() == both
    assert shown(stap="informeren-en-voorbereiden") == {str(other.uuid)}
    assert shown(kenmerk="is_complex") == {str(other.uuid)}
    assert shown(kenmerk="has_absence") == {str(world.case.uuid)}
    assert shown(te_laat="on") == {str(world.case.uuid)}
    assert shown(school=str(world.school.pk)) == both
    assert shown(school=str(world.other_school.pk)) == both  # not a choice: ignored
    body = client.get(url).content.decode()
    assert "Informeren en voorbereiden" in body and 'data-testid="overdue"' in body


# --- Reminders --------------------------------------------------------------------------------


def test_reminders_go_once_name_no_child_and_link_to_the_action(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    later = TODAY + dt.timedelta(days=30)  # the teacher's step and the family's decision are due
    with django_capture_on_commit_callbacks(execute=True):
        first = send_reminders(today=later)
    assert first.mails == len(mailoutbox) >= 2
    recipients = {m.to[0] for m in mailoutbox}
    assert {world.teacher.email, world.coordinator.email} <= recipients
    child = world.case.child
    for message in mailoutbox:
        text = message.subject + message.body
        assert child.first_name not in text and child.last_name not in text
        assert child.bsn not in text
        assert str(world.case.uuid) in message.body  # a link, nothing more
    assert AccessLogEntry.objects.filter(channel="command", case_ref=world.case.uuid).exists()

    # Again the same day, and on a later day: nothing new, nothing sent.
    for day in (later, later + dt.timedelta(days=1)):
        with django_capture_on_commit_callbacks(execute=True):
            again = send_reminders(today=day)
        assert again.mails == 0
    assert len(mailoutbox) == first.mails

    # A new step visit is a new action: its reminder goes once its due date comes.
    access = access_case(Actor(world.coordinator), world.case.uuid)
    journey.record_school_plan(access, kind="opp", evaluated_on=TODAY, missing_reason="")
    journey.move_case(
        access,
        to_step=Step.objects.get(route_id=world.case.route_id, code="informeren-en-voorbereiden"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(today=TODAY + dt.timedelta(days=15))
    new = [m for m in mailoutbox[first.mails :] if m.to == [world.coordinator.email]]
    assert len(new) == 1
    assert ReminderSent.objects.filter(user=world.coordinator, kind="step").count() == 1


def test_a_dry_run_sends_and_records_nothing(world, mailoutbox):
    report = send_reminders(today=TODAY + dt.timedelta(days=30), dry_run=True)
    assert report.mails >= 2 and not mailoutbox and not ReminderSent.objects.exists()


def test_the_send_reminders_command_reports_what_it_sent(world, capsys):
    call_command(
        "send_reminders", "--today", (TODAY + dt.timedelta(days=30)).isoformat(), "--dry-run"
    )
    assert "would send" in capsys.readouterr().out


def test_consents_to_renew_are_an_action_for_the_regisseur_from_the_16th_birthday(world):
    born = world.case.child.date_of_birth
    sixteen = born.replace(year=born.year + 16)
    assert ("consent_renewal", world.case.pk) not in _sources(
        world, "coordinator", today=sixteen - dt.timedelta(days=1)
    )
    renewals = [
        a for a in actions_for(world.coordinator, today=sixteen) if a.source == "consent_renewal"
    ]
    assert {a.title.split("for ")[1].split(":")[0] for a in renewals} == {
        world.youth_team.name,
        world.swv.name,
    }
    assert all(a.due == sixteen for a in renewals)
    assert not [
        a for a in actions_for(world.teacher, today=sixteen) if a.source == "consent_renewal"
    ]


# What /acties/ takes per person in the tests' world (SQLite and PostgreSQL alike): a person
# who leads no case skips the sixteen queries of the regisseur's sources (38 and 44 before
# for the SWV, the youth team, the emergency access and a teacher), and a source whose probe
# finds nothing does not run (22, 28 and 46 before). A budget: a query added back shows here.
ACTIONS_BUDGET = {
    "swv_specialist": 10,
    "youth_worker": 10,
    "emergency_worker": 9,
    "teacher": 15,
    "coordinator": 24,
}


def test_my_actions_keeps_to_its_query_budget_per_person(world, verified_client):
    url = reverse("actions:my_actions")
    taken = {}
    for who in ACTIONS_BUDGET:
        client = verified_client(world.users[who])
        client.get(url)  # the session's first reads
        taken[who] = _count(client, url)
    assert taken == ACTIONS_BUDGET


def test_every_source_with_actions_in_the_world_has_a_probe_that_finds_them(world):
    """A source whose probe finds nothing does not run: for everyone in the tests' world,
    today, a month and a year on, no source yields an action while its probe finds nothing
    (`demo/tests/test_actions_led.py` checks the seeded demo, and the lists)."""
    skipped = 0
    for days in (0, 31, 365):
        for who, user in world.users.items():
            missed, empty = missed_by_probes(user, TODAY + dt.timedelta(days=days))
            assert not missed, (who, days, missed)
            skipped += len(empty)
    assert skipped


def test_every_count_of_the_api_is_the_number_of_actions_built(world):
    """The API's `count` adds each source's `counted` number (found without building every
    action): for everyone in the tests' world, today, a month and a year on, through each of
    their organisations, it is the number of actions `actions_for` builds, and the first
    actions are the same (`demo/tests/test_actions_led.py` checks the seeded demo)."""
    for days in (0, 31, 365):
        for who, user in world.users.items():
            assert not miscounted(user, TODAY + dt.timedelta(days=days)), (who, days)
