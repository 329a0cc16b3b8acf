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


def test_the_demo_has_open_cases_in_every_step_of_both_routes():
    from arrangeer.cases.models import Case
    from arrangeer.routes.models import Route

    call_command("seed_demo", "--cases", "0")
    for slug in ("holland-rijnland", "alkmaar"):
        route = Route.objects.get(region__slug=slug, is_active=True)
        steps = set(route.steps.values_list("pk", flat=True))
        taken = set(
            Case.objects.filter(status="open", route=route).values_list(
                "current_step_id", flat=True
            )
        )
        assert steps <= taken, slug
    assert Route.objects.get(region__slug="holland-rijnland", is_active=True).steps.count() == 9
    assert Route.objects.get(region__slug="alkmaar", is_active=True).steps.count() == 5


# Checks that hold only at the moment a case leaves their step, not for ever after.
_MOMENT_CHECKS = {
    "evaluation_recorded",  # each round asks for a new evaluation
    "invitees_approved",  # about a meeting still to be held
}


def test_the_demo_cases_could_have_walked_to_their_step():
    """Every case that shows a step of the route meets the checks of the steps before it
    (those that cannot be passed with a reason): a demo user sees a plan and an MDO that fit
    where the case stands."""
    from arrangeer.cases import demo as case_demo
    from arrangeer.cases.models import Case
    from arrangeer.plans.models import Plan
    from arrangeer.routes.guards import evaluate

    call_command("seed_demo", "--cases", "0")
    cases = Case.objects.filter(
        status="open", regisseur__username__in=case_demo.ROUTE_COVERAGE_LEADS.values()
    ).select_related("current_step", "route", "child")
    failing = []
    for case in cases:
        plan = Plan.objects.filter(case=case).first()
        adjusted = plan is not None and plan.evaluations.exists()
        for before in case.route.steps.filter(number__lt=case.current_step.number):
            hard = [g for g in before.guards if g not in before.overridable_guards]
            for result in evaluate(case, hard):
                code = result.guard.code
                if code in _MOMENT_CHECKS or (code == "plan_adopted" and adjusted):
                    continue
                if not result.passed:
                    failing.append((case.child.first_name, case.current_step.code, code))
    assert failing == []
