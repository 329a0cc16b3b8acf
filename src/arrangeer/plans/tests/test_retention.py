from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.utils import timezone

import pytest

from arrangeer.cases import services as case_services
from arrangeer.cases.retention import apply_retention
from arrangeer.plans.models import Attachment, Goal, Plan

pytestmark = pytest.mark.django_db


def test_destroying_a_case_destroys_its_plan_the_change_history_and_the_files(
    world, plan, access, django_capture_on_commit_callbacks
):
    file = Path(plan.attachment.file.path)
    assert Goal.history.filter(id=plan.education_goal.pk).exists()
    case_services.close_case(access("coordinator"), reason="moved")
    with django_capture_on_commit_callbacks(execute=True):
        apply_retention(today=timezone.localdate() + dt.timedelta(days=365 * 21))
    assert not Plan.objects.filter(pk=plan.plan.pk).exists()
    assert not Goal.objects.filter(pk=plan.education_goal.pk).exists()
    assert not Goal.history.filter(id=plan.education_goal.pk).exists()
    assert not Attachment.objects.filter(pk=plan.attachment.pk).exists()
    assert not file.exists()
