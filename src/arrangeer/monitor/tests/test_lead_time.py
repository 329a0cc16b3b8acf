"""The monitor's fact tables. The lead times (doorlooptijd): each case's first milestones as
the plans, meetings and decisions say; the page counts and medians them; a write refreshes its
case once committed; `refresh_monitor` rebuilds the tables and the page says how fresh they
are; the page's queries do not grow with the cases. The evaluation rounds (doelrealisatie):
each evaluation's place among its plan's by date."""

from __future__ import annotations

import datetime as dt
import io
import re
from uuid import uuid4

from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

import pytest

from arrangeer.cases.models import Case
from arrangeer.meetings.constants import MeetingKind, MeetingStatus
from arrangeer.meetings.models import Meeting
from arrangeer.monitor import demo as monitor_demo
from arrangeer.monitor import services, state
from arrangeer.monitor.constants import Theme, school_year_of, year_label
from arrangeer.monitor.models import EvaluationRound, Milestones, Refresh
from arrangeer.plans.constants import Instrument
from arrangeer.plans.models import Evaluation, Module, PlanVersion
from arrangeer.testing.auth import login_verified
from arrangeer.testing.world import World

from .helpers import LAST_YEAR, seed_history

URL = reverse("monitor:theme", args=[Theme.LEAD_TIME])
GOALS_URL = reverse("monitor:theme", args=[Theme.GOALS])


@pytest.fixture(scope="module")
def history(world: World, django_db_blocker) -> World:
    """Four school years of arrangements with their milestones, loaded in bulk (as the demo
    and an import do: no model signals) in the world's region."""
    with django_db_blocker.unblock():
        return seed_history(world, per_year=40, seed=7)


def _local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def _expected() -> dict[int, tuple[dt.date, dt.date | None, dt.date | None, dt.date | None]]:
    """Each case's milestones worked out in Python from the rows themselves."""
    out = {}
    for case in Case.objects.select_related("plan").order_by("pk"):
        held = [
            _local_day(m.starts_at)
            for m in Meeting.objects.filter(case=case)
            if m.kind == MeetingKind.FIRST
            and m.status in (MeetingStatus.HELD, MeetingStatus.APPROVED)
        ]
        plan = getattr(case, "plan", None)
        adopted = (
            [
                _local_day(v.adopted_at)
                for v in PlanVersion.objects.filter(plan=plan)
                if v.adopted_at
            ]
            if plan
            else []
        )
        decided = (
            [
                m.decided_on
                for m in Module.objects.filter(plan=plan)
                if m.decided_on
                and m.removed_at is None
                and m.instrument in (Instrument.TLV, Instrument.TBV, Instrument.BESCHIKKING)
            ]
            if plan
            else []
        )
        out[case.pk] = (
            _local_day(case.opened_at),
            min(held, default=None),
            min(adopted, default=None),
            min(decided, default=None),
        )
    return out


def _rows() -> dict[int, tuple[dt.date, dt.date | None, dt.date | None, dt.date | None]]:
    return {
        m.case_id: (m.opened_on, m.on_mdo, m.on_plan, m.on_besluit)
        for m in Milestones.objects.order_by("case_id")
    }


def _noise(world: World) -> None:
    """Rows the lead time must not count, each earlier than the real milestone: a cancelled
    first MDO, a held MDO of another kind, a removed decision and a decision on an instrument
    that is not one (a plain care module)."""
    case = (
        Case.objects.filter(region=world.region, meetings__isnull=False, plan__isnull=False)
        .order_by("pk")
        .first()
    )
    assert case is not None
    first = Meeting.objects.filter(case=case).order_by("starts_at").first()
    assert first is not None
    early = case.opened_at + dt.timedelta(days=1)
    for kind, status in (
        (MeetingKind.FIRST, MeetingStatus.CANCELLED),
        (MeetingKind.EVALUATION, MeetingStatus.APPROVED),
    ):
        Meeting.objects.bulk_create(
            [
                Meeting(
                    case=case,
                    kind=kind,
                    status=status,
                    starts_at=early,
                    ends_at=early + dt.timedelta(hours=1),
                    chair=first.chair,
                    created_by=case.regisseur,
                )
            ]
        )
    module = Module.objects.filter(plan=case.plan).first()
    if module is not None:
        removed = Module.objects.get(pk=module.pk)
        removed.pk = None
        removed.uuid = uuid4()
        removed.decided_on = early.date()
        removed.removed_at = timezone.now()
        removed.instrument = Instrument.TLV
        Module.objects.bulk_create([removed])


@pytest.mark.django_db
def test_the_fact_table_holds_each_cases_first_milestones(history):
    _noise(history)
    assert services.refresh_facts()["Milestones"] == Case.objects.count()
    expected, rows = _expected(), _rows()
    assert rows == expected
    # The history reaches every milestone in some cases, so the comparison says something.
    assert sum(1 for r in rows.values() if r[3] is not None) >= 10
    # Rebuilding again changes nothing (an upsert, not a second row).
    services.refresh_facts()
    assert _rows() == expected


def _cells(html: str, section: str) -> list[list[str]]:
    match = re.search(rf'data-table="{section}".*?<tbody>(.*?)</tbody>', html, flags=re.S)
    assert match, section
    return [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r)]
        for r in re.findall(r"<tr>(.*?)</tr>", match.group(1), flags=re.S)
    ]


def _nearest_rank(values: list[int], share: float) -> int:
    ordered = sorted(values)
    wanted = max(1, -(-int(share * len(ordered) * 100) // 100))
    return ordered[wanted - 1]


@pytest.mark.django_db
def test_the_page_gives_the_median_lead_time_per_school_year(history):
    services.refresh_facts()
    client = login_verified(Client(), history.users["policy_officer"])
    html = client.get(URL, {"jaar": LAST_YEAR}).content.decode()
    rows = _cells(html, "duur-1")  # signal to first MDO
    checked = 0
    for row in rows:
        year = next(y for y in range(LAST_YEAR - 5, LAST_YEAR + 1) if year_label(y) == row[0])
        days = [
            (mdo - opened).days
            for opened, mdo, _p, _b in _expected().values()
            if mdo is not None and school_year_of(mdo) == year
        ]
        if len(days) < 10:
            assert row[1:] == ["—", "—"]
            continue
        assert row[1:] == [str(_nearest_rank(days, 0.5)), str(_nearest_rank(days, 0.8))]
        checked += 1
    assert checked >= 2


@pytest.mark.django_db
def test_writes_refresh_their_case_once_committed(history, django_capture_on_commit_callbacks):
    case = Case.objects.filter(region=history.region, meetings__isnull=False).order_by("pk")[0]
    services.refresh_facts()
    meeting = Meeting.objects.filter(case=case, kind=MeetingKind.FIRST).get()
    earlier = meeting.starts_at - dt.timedelta(days=5)

    with django_capture_on_commit_callbacks(execute=False) as pending:
        meeting.starts_at = earlier
        meeting.save()
    # Nothing changes before the commit: a rolled-back write leaves the table alone.
    assert Milestones.objects.get(case=case).on_mdo != _local_day(earlier)
    for callback in pending:
        callback()
    assert Milestones.objects.get(case=case).on_mdo == _local_day(earlier)

    with django_capture_on_commit_callbacks(execute=True):
        meeting.delete()
    assert Milestones.objects.get(case=case).on_mdo is None

    version = PlanVersion.objects.filter(plan__case=case).first()
    if version is not None:
        with django_capture_on_commit_callbacks(execute=True):
            version.adopted_at = None
            version.save(update_fields=["adopted_at"])
        assert Milestones.objects.get(case=case).on_plan is None

    # A new case gets its row when it is saved.
    other = Case.objects.exclude(pk=case.pk).filter(region=history.region).order_by("pk")[0]
    Milestones.objects.filter(case=other).delete()
    with django_capture_on_commit_callbacks(execute=True):
        other.save()
    assert Milestones.objects.filter(case=other).exists()


@pytest.mark.django_db
def test_refresh_monitor_rebuilds_the_table_and_the_page_says_as_of_when(history):
    Refresh.objects.all().delete()
    Milestones.objects.all().delete()
    client = login_verified(Client(), history.users["policy_officer"])
    html = client.get(URL).content.decode()
    never = (
        "These figures are counted in full every night; the first full count has not run yet, "
        "so only cases changed since are in them."
    )
    assert _label(never) in html
    out = io.StringIO()
    call_command("refresh_monitor", stdout=out)
    assert f"Milestones: {Case.objects.count()} row(s) changed" in out.getvalue()
    assert Milestones.objects.count() == Case.objects.count()
    html = client.get(URL).content.decode()
    as_of = re.search(r'data-testid="monitor-as-of">(.*?)</p>', html, flags=re.S)
    assert as_of is not None
    moment = timezone.localtime(Refresh.objects.get(table=state.FACTS).finished_at)
    assert f"{moment:%H:%M}" in as_of.group(1) and str(moment.year) in as_of.group(1)
    # Only the themes counted from the fact tables say so (escalations are counted live).
    other = client.get(reverse("monitor:theme", args=[Theme.ESCALATIONS])).content.decode()
    assert 'data-testid="monitor-as-of"' not in other
    funding = client.get(reverse("monitor:theme", args=[Theme.FINANCING])).content.decode()
    assert 'data-testid="monitor-as-of"' in funding


@pytest.mark.django_db
def test_the_lead_time_pages_queries_do_not_grow_with_the_cases(world, django_db_blocker):
    client = login_verified(Client(), world.users["policy_officer"])
    services.refresh_facts()
    params = {"jaar": LAST_YEAR, "gemeente": "Teststad"}
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL, params).status_code == 200
    with transaction.atomic():
        monitor_demo.seed_history(world.region, per_year=60, seed=11)
        services.refresh_facts()
        with CaptureQueriesContext(connection) as large:
            assert client.get(URL, params).status_code == 200
        transaction.set_rollback(True)
    assert len(large) == len(small)


NOT_COUNTED = "Not counted yet (tonight)"


def _label(text: str) -> str:
    with translation.override("nl"):
        return translation.gettext(text)


def _row_labels(html: str) -> set[str]:
    return set(re.findall(r'<tr><th scope="row">([^<]*)</th>', html))


def _expected_rounds() -> dict[int, int]:
    evaluations = list(Evaluation.objects.all())
    return {
        e.pk: min(
            3, 1 + sum(1 for o in evaluations if o.plan_id == e.plan_id and o.held_on < e.held_on)
        )
        for e in evaluations
    }


@pytest.mark.django_db
def test_the_evaluation_rounds_count_the_plans_earlier_evaluations(
    history, django_capture_on_commit_callbacks
):
    # A plan with three evaluations gets a fourth, and a second one on the day of its first.
    plan_id = (
        Evaluation.objects.values("plan")
        .annotate(n=Count("pk"))
        .filter(n__gte=2)
        .order_by("plan")
        .values_list("plan", flat=True)[0]
    )
    first, *_rest = Evaluation.objects.filter(plan=plan_id).order_by("held_on", "pk")
    copies = []
    for held_on in (first.held_on, first.held_on + dt.timedelta(days=900)):
        copy = Evaluation.objects.get(pk=first.pk)
        copy.pk, copy.uuid, copy.held_on = None, uuid4(), held_on
        copy.next_evaluation_on = held_on + dt.timedelta(days=90)
        copies.append(copy)
    Evaluation.objects.bulk_create(copies)
    client = login_verified(Client(), history.users["policy_officer"])
    # Before the first count, the ratings stand in a row of their own.
    html = client.get(GOALS_URL, {"jaar": LAST_YEAR}).content.decode()
    assert _row_labels(html) >= {_label(NOT_COUNTED)}

    services.refresh_facts()
    rounds = dict(EvaluationRound.objects.values_list("evaluation_id", "round"))
    assert rounds == _expected_rounds()
    assert rounds[copies[0].pk] == rounds[first.pk] == 1  # the same day: the same round
    assert rounds[copies[1].pk] == 3
    assert {1, 2, 3} <= set(rounds.values())
    html = client.get(GOALS_URL, {"jaar": LAST_YEAR}).content.decode()
    assert _row_labels(html) >= {_label("First evaluation"), _label("Third or later")}
    assert _label(NOT_COUNTED) not in _row_labels(html)

    # Moving the first evaluation after the others renumbers the plan once committed.
    with django_capture_on_commit_callbacks(execute=True):
        first.held_on += dt.timedelta(days=1000)
        first.next_evaluation_on = first.held_on + dt.timedelta(days=90)
        first.save()
    rounds = dict(EvaluationRound.objects.values_list("evaluation_id", "round"))
    assert rounds == _expected_rounds()
    assert rounds[first.pk] == 3 and rounds[copies[0].pk] == 1
