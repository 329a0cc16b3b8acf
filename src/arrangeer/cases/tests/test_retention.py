from __future__ import annotations

import datetime as dt

from django.core.management import call_command
from django.utils import timezone

import pytest

from arrangeer.audit.models import AccessLogEntry
from arrangeer.cases import services
from arrangeer.cases.access import Actor, access_case
from arrangeer.cases.models import Case, RetentionRule
from arrangeer.cases.retention import ANONYMOUS, apply_retention
from arrangeer.children.models import Child
from arrangeer.consents.models import Consent
from arrangeer.testing.world import build_world

pytestmark = pytest.mark.django_db


def _close(world) -> Case:
    services.close_case(access_case(Actor(world.coordinator), world.case.uuid), reason="moved")
    return Case.objects.get(pk=world.case.pk)


def _years(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=366 * n + 2)


def test_defaults_come_from_the_law_and_are_editable():
    assert dict(
        RetentionRule.objects.filter(organisation_type="").values_list("category", "years")
    ) == {
        "onderwijs": 2,
        "jeugdhulp": 20,
        "gezondheid": 20,
        "gezin": 20,
        "veiligheid": 20,
    }


def test_an_open_case_is_never_touched():
    world = build_world()
    report = apply_retention(today=_years(50))
    assert str(world.case.uuid) not in report.deleted_cases
    assert Case.objects.filter(pk=world.case.pk).exists()


def test_education_fields_go_after_two_years_the_rest_stays():
    world = build_world()
    _close(world)
    report = apply_retention(today=_years(3))
    child = Child.objects.get(pk=world.case.child_id)
    assert (str(child.pseudonym), "onderwijs") in report.cleared_fields
    assert child.group == ""
    assert child.first_name == "Sem"
    assert Case.objects.filter(pk=world.case.pk).exists()


def test_after_twenty_years_the_case_goes_and_the_child_is_anonymised_idempotently():
    world = build_world()
    _close(world)
    pseudonym = world.case.child.pseudonym
    dry = apply_retention(today=_years(21), dry_run=True)
    assert str(world.case.uuid) in dry.deleted_cases
    assert Case.objects.filter(pk=world.case.pk).exists()  # a dry run changes nothing

    report = apply_retention(today=_years(21))
    assert str(world.case.uuid) in report.deleted_cases
    assert not Case.objects.filter(pk=world.case.pk).exists()
    assert not Consent.objects.filter(case_id=world.case.pk).exists()
    child = Child.objects.get(pseudonym=pseudonym)
    assert child.first_name == ANONYMOUS
    assert child.bsn == ""
    assert child.representatives.count() == 0
    assert not child.history.exclude(first_name=ANONYMOUS).exists()
    deletions = AccessLogEntry.objects.filter(
        child_pseudonym=pseudonym, event="delete", channel="command"
    )
    assert deletions.count() >= 2

    again = apply_retention(today=_years(21))
    assert again.nothing
    assert (
        AccessLogEntry.objects.filter(child_pseudonym=pseudonym, event="delete").count()
        == deletions.count()
    )


def test_a_rule_changed_by_the_functional_administrator_is_followed():
    world = build_world()
    _close(world)
    RetentionRule.objects.update(years=1)
    report = apply_retention(today=_years(2))
    assert str(world.case.uuid) in report.deleted_cases


def test_the_command_reports_what_it_did(capsys):
    call_command("apply_retention", "--dry-run")
    assert "Retention would" in capsys.readouterr().out
