from __future__ import annotations

from django.core.management import call_command

import pytest

from arrangeer.accounts.models import User
from arrangeer.organisations.constants import OrganisationType
from arrangeer.organisations.models import Membership, Organisation, Region

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int, int]:
    return (
        Region.objects.count(),
        Organisation.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    )


def test_seed_demo_builds_two_regions_and_is_idempotent():
    call_command("seed_demo")
    first = _counts()
    call_command("seed_demo")
    assert _counts() == first
    assert first[0] == 2
    for region in Region.objects.all():
        schools = Organisation.objects.filter(region=region, type=OrganisationType.SCHOOL)
        assert schools.count() >= 12
        assert schools.values("sector").distinct().count() >= 5
        types = set(Organisation.objects.filter(region=region).values_list("type", flat=True))
        assert {"swv", "jeugdteam", "jeugdhulpaanbieder", "leerplicht", "integraal_loket"} <= types


def test_demo_accounts_print_password_and_a_working_code(capsys):
    call_command("seed_demo")
    call_command("demo_accounts")
    out = capsys.readouterr().out
    assert "Arrangeer-demo-2026" in out and "coordinator" in out
    call_command("demo_accounts", "coordinator")
    code = capsys.readouterr().out.strip()
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user__username="coordinator")
    assert device.verify_token(code)
