"""Keeps the fact tables current: after a meeting, a plan version, a module, an evaluation or
a case is saved or deleted, its case's milestones and its plan's evaluation rounds are
refreshed once the write is committed (so a rolled-back
write changes nothing, and the writer's transaction does no extra work). Writes that bypass
model signals (loading in bulk) are caught by the nightly `refresh_monitor`."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.db.models.signals import post_delete, post_save

from arrangeer.cases.models import Case
from arrangeer.core import tasks
from arrangeer.meetings.models import Meeting
from arrangeer.plans.models import Evaluation, Module, PlanVersion

from .services import refresh_case_facts


@tasks.background
def refresh(*, case_id: int | None = None, plan_id: int | None = None) -> None:
    refresh_case_facts(case_id=case_id, plan_id=plan_id)


def _case_changed(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    case_id = instance.pk if isinstance(instance, Case) else instance.case_id
    tasks.on_commit(refresh, case_id=case_id)


def _plan_changed(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    tasks.on_commit(refresh, plan_id=instance.plan_id)


def connect() -> None:
    """Called from MonitorConfig.ready()."""
    post_save.connect(_case_changed, sender=Case, dispatch_uid="monitor-Case")
    post_save.connect(_case_changed, sender=Meeting, dispatch_uid="monitor-Meeting")
    post_delete.connect(_case_changed, sender=Meeting, dispatch_uid="monitor-del-Meeting")
    plan_items: tuple[type[Model], ...] = (PlanVersion, Module, Evaluation)
    for model in plan_items:
        post_save.connect(_plan_changed, sender=model, dispatch_uid=f"monitor-{model.__name__}")
        post_delete.connect(
            _plan_changed, sender=model, dispatch_uid=f"monitor-del-{model.__name__}"
        )
