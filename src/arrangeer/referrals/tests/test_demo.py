from __future__ import annotations

from django.core.management import call_command

import pytest

from arrangeer.accounts.models import User
from arrangeer.referrals import selectors
from arrangeer.referrals.constants import ReferralStatus

pytestmark = pytest.mark.django_db


def test_the_demo_coordinator_has_one_incoming_aanmelding_and_the_jgz_sent_it():
    call_command("seed_demo", "--cases", "0", verbosity=0)
    call_command("seed_demo", "--cases", "0", verbosity=0)  # idempotent
    incoming = selectors.incoming(User.objects.get(username="coordinator"))
    assert [r.status for r in incoming] == [ReferralStatus.SUBMITTED]
    assert incoming[0].referrer.username == "jgz"
    assert incoming[0].current_school is not None
    assert incoming[0].current_school != incoming[0].receiving_organisation
