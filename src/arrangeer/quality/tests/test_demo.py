"""The demo region's quality contact points and its one open concern stay coherent; the
monitor's generated history has closed concerns only."""

from __future__ import annotations

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

import pytest

from arrangeer.accounts.models import User
from arrangeer.cases.actions import actions_for
from arrangeer.monitor.demo import HISTORY_NOTE
from arrangeer.quality.constants import ConcernStatus
from arrangeer.quality.models import Concern, ContactPoint
from arrangeer.testing.auth import login_verified

pytestmark = pytest.mark.django_db


def test_the_demo_has_contact_points_and_daans_mothers_concern():
    call_command("seed_demo", "--cases", "3", verbosity=0)
    call_command("seed_demo", "--cases", "3", verbosity=0)
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
