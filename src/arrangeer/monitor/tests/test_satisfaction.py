"""Client satisfaction in the monitor: the questionnaire's answers per question, counted per
score and respondent, through the same suppression; never a remark, never one family."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest

from arrangeer.cases.models import Case
from arrangeer.monitor.constants import year_start
from arrangeer.monitor.demo import seed_history
from arrangeer.organisations.constants import Role
from arrangeer.organisations.models import Membership
from arrangeer.portal.models import Moment, SatisfactionAnswer
from arrangeer.testing.auth import login_verified
from arrangeer.testing.factories import UserFactory

from .helpers import LAST_YEAR, arrangements

pytestmark = pytest.mark.django_db


def _answers(cases: list[Case], respondent: str, *, usefulness: int, heard: int, overall: int):
    """One answer per case, given in the last school year."""
    made = SatisfactionAnswer.objects.bulk_create(
        SatisfactionAnswer(
            case=case,
            moment=Moment.EVALUATION,
            moment_ref=str(case.uuid),
            respondent=respondent,
            respondent_key=f"{respondent}-{case.pk}",
            usefulness=usefulness,
            heard=heard,
            overall=overall,
            remark="Geheime opmerking",
        )
        for case in cases
    )
    answered = timezone.make_aware(dt.datetime.combine(year_start(LAST_YEAR), dt.time(10)))
    SatisfactionAnswer.objects.filter(pk__in=[a.pk for a in made]).update(
        answered_at=answered + dt.timedelta(days=60)
    )


@pytest.fixture
def answered(world):
    school, other, regisseur = world.school, world.other_school, world.coordinator
    for where, count, respondent, scores in [
        (school, 27, "parent", (4, 5, 8)),
        (other, 15, "parent", (5, 5, 8)),
        (school, 12, "youth", (4, 4, 7)),
        (other, 11, "youth", (5, 4, 7)),
        (other, 3, "youth", (2, 2, 4)),
    ]:
        cases = arrangements(world.region, where, regisseur, count)
        u, h, o = scores
        _answers(cases, respondent, usefulness=u, heard=h, overall=o)
    return world


def _table(body: dict, key: str) -> dict[str, list]:
    table = next(t for t in body["tables"] if t["key"] == key)
    return {row["name"]: row["display"] for row in table["rows"]}


def test_the_satisfaction_page_shows_the_answers_per_question_suppressed(answered):
    client = login_verified(Client(), answered.users["policy_officer"])
    response = client.get(reverse("monitor:theme", args=["tevredenheid"]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Geheime opmerking" not in text and "Monitortest" not in text
    assert 'data-testid="monitor-rule"' in text


def test_the_scores_per_question_are_counted_and_small_groups_hidden(answered):
    client = login_verified(Client(), answered.users["policy_officer"])
    body = client.get(
        reverse("monitor_api:theme", args=["tevredenheid"]), {"jaar": LAST_YEAR}
    ).json()
    assert [t["key"] for t in body["tables"]] == ["trend", "usefulness", "heard", "overall"]
    useful = _table(body, "usefulness")
    # Score 4: 27 parents and 12 young people (39), shown rounded to 5.
    assert useful["4"] == ["25", "10", "40"]
    # Score 2: the 3 young people are hidden, and so is every cell that would tell.
    assert useful["2"] == ["<10", "<10", "<10"]
    # Score 5 (15 parents, 11 young people) is hidden as well: with the small cells of its
    # column hidden, one hidden cell in a column would be "total minus the others".
    assert all(cell == "<10" for cell in useful["5"][:2])
    trend = _table(body, "trend")
    # Every answer of the school year: 42 of parents, 26 of young people (68).
    assert list(trend.values())[-1] == ["40", "25", "70"]
    assert "Geheime opmerking" not in str(body)


def test_a_school_coordinator_sees_only_the_answers_of_their_own_school(answered):
    client = login_verified(Client(), answered.users["coordinator"])
    body = client.get(
        reverse("monitor_api:theme", args=["tevredenheid"]), {"jaar": LAST_YEAR}
    ).json()
    assert body["scope"]["kind"] == "school"
    # The school's own answers: 27 of parents and 12 of young people (39), not the region's.
    assert list(_table(body, "trend").values())[-1] == ["25", "10", "40"]
    assert all(cell == "<10" for cell in _table(body, "usefulness")["2"])


def test_who_has_no_monitor_gets_404_for_satisfaction_too(answered):
    client = login_verified(Client(), answered.users["teacher"])
    assert client.get(reverse("monitor:theme", args=["tevredenheid"])).status_code == 404


def test_the_demo_history_gives_the_satisfaction_page_real_figures(world):
    # The history's cases are led by the region's coordinators (not the showcase personas).
    lead = UserFactory(username="demo_lead")
    Membership.objects.create(user=lead, organisation=world.school, role=Role.COORDINATOR)
    assert seed_history(world.region, per_year=60) > 0
    assert SatisfactionAnswer.objects.filter(case__region=world.region, respondent="youth")
    client = login_verified(Client(), world.users["policy_officer"])
    body = client.get(
        reverse("monitor_api:theme", args=["tevredenheid"]), {"jaar": LAST_YEAR}
    ).json()
    trend = _table(body, "trend")
    assert any(value != "<10" for value in list(trend.values())[-1])
