"""The demo region's history gives every theme of the region's processes real figures: the
policy officer of Holland Rijnland (`beleid`) sees counts above the threshold in the last
school year, and the durations where the theme has them."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

import pytest

from arrangeer.accounts.models import User
from arrangeer.monitor.constants import Theme, year_label
from arrangeer.monitor.tests.helpers import LAST_YEAR
from arrangeer.testing.auth import login_verified

from .conftest import Seeding

pytestmark = pytest.mark.django_db

WITH_DURATIONS = {Theme.ESCALATIONS, Theme.LOKET, Theme.REFERRALS}


def test_the_demo_history_gives_every_theme_of_the_region_real_figures(demo: Seeding):
    client = login_verified(Client(), User.objects.get(username="beleid"))
    empty = []
    for theme in (
        Theme.ESCALATIONS,
        Theme.LOKET,
        Theme.REFERRALS,
        Theme.TRANSITIONS,
        Theme.QUALITY,
    ):
        body = client.get(reverse("monitor_api:theme", args=[theme]), {"jaar": LAST_YEAR}).json()
        for table in body["tables"]:
            shown = [v for row in table["rows"] for v in row["values"] if v]
            if not shown:
                empty.append((theme, table["key"]))
        if theme in WITH_DURATIONS:
            (duration,) = body["durations"]
            last = next(r for r in duration["rows"] if r["school_year"] == year_label(LAST_YEAR))
            if last["median_days"] is None:
                empty.append((theme, "duration"))
    assert empty == []
    # One provider supports many pupils within the class: a candidate, with its button.
    page = client.get(reverse("monitor:theme", args=[Theme.COLLECTIVE]), {"jaar": LAST_YEAR})
    assert 'data-testid="start-proposal"' in page.content.decode()


def test_the_demo_group_monitor_shows_goal_realisation_durations_and_costs(demo: Seeding):
    """The Startklas' history: every realisation of every evaluation round has enough children
    behind it to be shown, both durations in the group have a median, and its cost per child
    is compared with the individual arrangements at the region's tariff."""
    client = login_verified(Client(), User.objects.get(username="beleid"))
    page = client.get(reverse("monitor:groups"))
    assert page.status_code == 200
    (row,) = page.context["duration_rows"]
    assert row.label == "Startklas De Regenboog"
    assert row.left is not None and row.still_in is not None
    rounds = [*page.context["round_rows"], *page.context["round_total"]]
    assert [r.round for r in rounds] == [1, 2, 3, 1, 2, 3]
    hidden = [(r.label, r.round) for r in rounds for f in [r.rated, *r.cells] if f.value is None]
    assert hidden == []
    # Goals are reached more often later in the school year.
    reached = [r.cells[0].value for r in page.context["round_total"]]
    assert reached[0] < reached[2]
    (cost,) = page.context["cost_rows"]
    # 265.000 over 12 places; 10 h a week for 40 weeks at the demo's 72,50 an hour.
    assert (cost.group_per_child, cost.individual_per_child) == (22083, 29000)


def test_the_swv_policy_officer_sees_the_monitor_of_the_swvs_schools(demo: Seeding):
    """`beleid_swv`: the figures of the SWV's schools (PO and VO), not the MBO's, which
    belongs to no SWV; the region's officer sees more."""
    swv_officer = login_verified(Client(), User.objects.get(username="beleid_swv"))
    region_officer = login_verified(Client(), User.objects.get(username="beleid"))
    params = {"jaar": LAST_YEAR}
    swv_body = swv_officer.get(reverse("monitor_api:theme", args=[Theme.REACH]), params).json()
    region_body = region_officer.get(
        reverse("monitor_api:theme", args=[Theme.REACH]), params
    ).json()
    assert swv_body["scope"]["kind"] == "swv"

    def sectors(body: dict[str, Any]) -> dict[str, int | None]:
        table = next(t for t in body["tables"] if t["key"] == "sector")
        return {row["name"]: row["values"][-1] for row in table["rows"] if not row["is_total"]}

    assert "Middelbaar beroepsonderwijs (MBO)" not in sectors(swv_body)
    assert "Middelbaar beroepsonderwijs (MBO)" in sectors(region_body)
    assert any(v for v in sectors(swv_body).values())


def test_the_demo_shows_school_success_and_leerplicht_has_checks_due(demo: Seeding):
    """The arrangements closed a year ago or more have leerplicht's check (the school success
    shows real figures), but for the last one or two of Leiden: the persona `leerplicht`
    finds them due in Mijn acties and on the list."""
    from arrangeer.cases.actions import actions_for
    from arrangeer.referrals.actions import ENROLMENT_CHECK

    client = login_verified(Client(), User.objects.get(username="beleid"))
    body = client.get(
        reverse("monitor_api:theme", args=[Theme.OUTCOMES]), {"jaar": LAST_YEAR}
    ).json()
    table = next(t for t in body["tables"] if t["key"] == "schoolsucces")
    earlier = next(r for r in table["rows"] if r["name"] == year_label(LAST_YEAR - 1))
    assert earlier["values"][0], table  # children in regular education a year later
    leerplicht = User.objects.get(username="leerplicht")
    due = [a for a in actions_for(leerplicht) if a.source == ENROLMENT_CHECK]
    assert 1 <= len(due) <= 2, due
    page = login_verified(Client(), leerplicht).get(due[0].url)
    assert page.status_code == 200
