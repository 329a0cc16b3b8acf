from __future__ import annotations

import os
import sys

from django.core.management import call_command

import pytest

from .conftest import Seeding

pytestmark = pytest.mark.django_db


def test_demo_accounts_print_password_and_a_working_code(demo: Seeding, capsys, settings):
    # As `make run` does on a first start, with development's console mail: the demo sends no
    # mail (nothing to scroll past), only progress lines.
    assert "Content-Type" not in demo.out + demo.err
    assert len(demo.out.splitlines()) <= 8, demo.out
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    settings.SITE_URL = "http://127.0.0.1:8080"
    call_command("demo_accounts")
    out = capsys.readouterr().out
    assert "Arrangeer-demo-2026" in out and "coordinator" in out
    assert "http://127.0.0.1:8080/" in out and ":8000" not in out
    call_command("demo_accounts", "coordinator")
    code = capsys.readouterr().out.strip()
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user__username="coordinator")
    assert device.verify_token(code)


def test_the_demo_has_open_cases_in_every_step_of_both_routes(demo: Seeding):
    from arrangeer.cases.models import Case
    from arrangeer.routes.models import Route

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


def test_the_demo_cases_could_have_walked_to_their_step(demo: Seeding):
    """Every case that shows a step of the route meets the checks of the steps before it
    (those that cannot be passed with a reason): a demo user sees a plan and an MDO that fit
    where the case stands."""
    from arrangeer.cases import demo as case_demo
    from arrangeer.cases.models import Case
    from arrangeer.plans.models import Plan
    from arrangeer.routes.guards import evaluate

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


def test_make_run_serves_and_links_on_the_port_asked_for():
    import subprocess
    from pathlib import Path

    from django.conf import settings as django_settings

    root = Path(django_settings.BASE_DIR)
    plan = subprocess.run(
        ["make", "-n", "-s", "run", "PORT=8080"],  # noqa: S607 - make, as a developer types it
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "serve 127.0.0.1:8080" in plan and "PORT=8080" in plan and "8000" not in plan
    # Development settings derive the address in mail and in the accounts from the port.
    site_url = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; from django.conf import settings; django.setup(); "
            "print(settings.SITE_URL)",
        ],
        cwd=root,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "arrangeer.conf.dev", "PORT": "8080"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert site_url == "http://127.0.0.1:8080"


def test_the_server_says_only_where_it_runs():
    import io

    from arrangeer.core.management.commands.serve import Command

    out = io.StringIO()
    command = Command(stdout=out)
    command.addr, command._raw_ipv6, command.protocol = "127.0.0.1", False, "http"
    command.on_bind(8080)
    assert out.getvalue().strip().splitlines() == [
        "Arrangeer runs at http://127.0.0.1:8080/ (stop with Ctrl+C)."
    ]


def test_the_demo_leaves_no_mail_waiting_for_the_families(
    demo: Seeding, django_capture_on_commit_callbacks
):
    from django.core import mail

    from arrangeer.cases.models import FamilyNotice
    from arrangeer.cases.notices import send_family_digest

    assert FamilyNotice.objects.exists()  # the demo did tell families of things
    assert not FamilyNotice.objects.filter(mailed_at__isnull=True).exists()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_family_digest()
    assert mail.outbox == []
