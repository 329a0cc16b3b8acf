"""Keeps the fact tables current: after a meeting, a plan version, a module, a goal, an
evaluation, a rating or a case is saved or deleted, its case's facts (milestones, dimensions,
the regional outcomes' and the Loket's: services_region) and its plan's evaluation rounds,
ratings and TLVs are refreshed once the write is committed, one task per write; after
a child or a school is saved, the facts of their cases; after a place in a group arrangement
is saved or deleted, its case's modules; after a tariff, the region's modules with a product
code (so a rolled-back write changes nothing, and the writer's transaction does no extra
work). A deleted case's facts go with it by cascade: the regions it counted in are read
before the deletion (one query) and their state is moved once it is committed. Writes that
bypass model signals (loading in bulk) are caught by the nightly `refresh_monitor`."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from arrangeer.cases.models import Case
from arrangeer.children.models import Child
from arrangeer.core import tasks
from arrangeer.groups.models import Placement
from arrangeer.meetings.models import Meeting
from arrangeer.organisations.constants import OrganisationType
from arrangeer.organisations.models import Organisation
from arrangeer.plans.models import Evaluation, Goal, GoalEvaluation, Module, PlanVersion, Tariff

from .columns import case_row_only
from .services import (
    case_deleted,
    refresh_case_facts,
    refresh_child_facts,
    refresh_school_facts,
    refresh_tariff_facts,
    regions_of_case,
)


@tasks.background
def refresh(
    *, case_id: int | None = None, plan_id: int | None = None, fields: list[str] | None = None
) -> None:
    refresh_case_facts(case_id=case_id, plan_id=plan_id, fields=fields)


@tasks.background
def note_deleted(region_ids: list[int]) -> None:
    case_deleted(region_ids)


@tasks.background
def refresh_child(child_id: int) -> None:
    refresh_child_facts(child_id)


@tasks.background
def refresh_school(school_id: int) -> None:
    refresh_school_facts(school_id)


@tasks.background
def refresh_tariff(region_id: int) -> None:
    refresh_tariff_facts(region_id)


def _tariff_changed(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    tasks.on_commit(refresh_tariff, instance.region_id)


def _case_changed(
    sender: Any, instance: Any, raw: bool = False, update_fields: Any = None, **kwargs: Any
) -> None:
    if raw:
        return
    if isinstance(instance, Case) and case_row_only(update_fields):
        # A flag changed: the case's own row of facts is all it changes.
        tasks.on_commit(refresh, case_id=instance.pk, fields=sorted(update_fields))
        return
    case_id = instance.pk if isinstance(instance, Case) else instance.case_id
    tasks.on_commit(refresh, case_id=case_id)


def _case_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Its facts go with it by cascade: the regions it counted in are read before, and their
    state moved once the deletion is committed."""
    tasks.on_commit(note_deleted, regions_of_case(instance.pk))


def _plan_changed(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    tasks.on_commit(refresh, plan_id=instance.plan_id)


def _rating_changed(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    # The evaluation the rating was made with (no query when it was given).
    tasks.on_commit(refresh, plan_id=instance.evaluation.plan_id)


def _links_changed(
    sender: Any, instance: Any, action: str = "", raw: bool = False, **kwargs: Any
) -> None:
    """A module's goals changed (a goal without a funded module is a gap of its funding)."""
    if raw or not action.startswith("post_"):
        return
    tasks.on_commit(refresh, plan_id=instance.plan_id)


def _child_changed(
    sender: Any, instance: Any, raw: bool = False, created: bool = False, **kwargs: Any
) -> None:
    if raw or created:
        return  # a new child has no case yet
    tasks.on_commit(refresh_child, instance.pk)


def _school_changed(
    sender: Any, instance: Any, raw: bool = False, created: bool = False, **kwargs: Any
) -> None:
    if raw or created or instance.type != OrganisationType.SCHOOL:
        return
    tasks.on_commit(refresh_school, instance.pk)


def connect() -> None:
    """Called from MonitorConfig.ready()."""
    post_save.connect(_case_changed, sender=Case, dispatch_uid="monitor-Case")
    pre_delete.connect(_case_deleted, sender=Case, dispatch_uid="monitor-del-Case")
    post_save.connect(_case_changed, sender=Meeting, dispatch_uid="monitor-Meeting")
    post_delete.connect(_case_changed, sender=Meeting, dispatch_uid="monitor-del-Meeting")
    post_save.connect(_child_changed, sender=Child, dispatch_uid="monitor-Child")
    post_save.connect(_school_changed, sender=Organisation, dispatch_uid="monitor-Organisation")
    # A place in a group arrangement (its module is not an individual one) and the tariffs.
    post_save.connect(_case_changed, sender=Placement, dispatch_uid="monitor-Placement")
    post_delete.connect(_case_changed, sender=Placement, dispatch_uid="monitor-del-Placement")
    post_save.connect(_tariff_changed, sender=Tariff, dispatch_uid="monitor-Tariff")
    post_delete.connect(_tariff_changed, sender=Tariff, dispatch_uid="monitor-del-Tariff")
    m2m_changed.connect(
        _links_changed, sender=Module.goals.through, dispatch_uid="monitor-Module-goals"
    )
    post_save.connect(_rating_changed, sender=GoalEvaluation, dispatch_uid="monitor-GoalEvaluation")
    plan_items: tuple[type[Model], ...] = (PlanVersion, Module, Goal, Evaluation)
    for model in plan_items:
        post_save.connect(_plan_changed, sender=model, dispatch_uid=f"monitor-{model.__name__}")
        post_delete.connect(
            _plan_changed, sender=model, dispatch_uid=f"monitor-del-{model.__name__}"
        )
