"""Keeps the facts of the regional outcomes and the Loket current (services_region), as
receivers.py keeps the others: once a write is committed (a rolled-back write changes nothing),
after a case, a module, a vrijstelling, a school-success check, a consult, a Meldcode step or a
Verwijsindex signal is saved or deleted, its case's rows; after a child or a school is saved,
the rows of their cases (and of the school's TLVs and matches); after a match or a registration
of the Loket, the matches of the child's BSN. Writes that bypass model signals (loading in bulk)
are caught by the nightly `refresh_monitor`."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.db.models.signals import post_delete, post_save

from arrangeer.cases.models import Case
from arrangeer.children.models import Child
from arrangeer.core import tasks
from arrangeer.loket.models import Consult, Match, Registration
from arrangeer.organisations.constants import OrganisationType
from arrangeer.organisations.models import Organisation
from arrangeer.plans.models import Module
from arrangeer.referrals.models import EnrolmentCheck, Exemption, MeldcodeStep, VerwijsindexSignal

from .services_region import (
    refresh_case_region_facts,
    refresh_child_region_facts,
    refresh_match_region_facts,
    refresh_school_region_facts,
)


@tasks.background
def refresh_case(case_id: int) -> None:
    refresh_case_region_facts(case_id)


@tasks.background
def refresh_child(child_id: int) -> None:
    refresh_child_region_facts(child_id)


@tasks.background
def refresh_school(school_id: int) -> None:
    refresh_school_region_facts(school_id)


@tasks.background
def refresh_matches(region_id: int, bsn: str, registration_id: int) -> None:
    refresh_match_region_facts(region_id, bsn, registration_id)


def _case_changed(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    case_id = instance.pk if isinstance(instance, Case) else instance.case_id
    tasks.on_commit(refresh_case, case_id)


def _module_changed(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    # The module's plan (no query when it was given).
    tasks.on_commit(refresh_case, instance.plan.case_id)


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


def _match_changed(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    registration = instance if isinstance(instance, Registration) else instance.education
    tasks.on_commit(refresh_matches, registration.region_id, registration.bsn, registration.pk)


def connect() -> None:
    """Called from MonitorConfig.ready()."""
    post_save.connect(_case_changed, sender=Case, dispatch_uid="monitor-region-Case")
    post_save.connect(_child_changed, sender=Child, dispatch_uid="monitor-region-Child")
    post_save.connect(
        _school_changed, sender=Organisation, dispatch_uid="monitor-region-Organisation"
    )
    for signal, when in ((post_save, "save"), (post_delete, "delete")):
        signal.connect(_module_changed, sender=Module, dispatch_uid=f"monitor-region-{when}-Module")
        case_rows: tuple[type[Model], ...] = (
            Exemption,
            EnrolmentCheck,
            Consult,
            MeldcodeStep,
            VerwijsindexSignal,
        )
        for model in case_rows:
            signal.connect(
                _case_changed, sender=model, dispatch_uid=f"monitor-region-{when}-{model.__name__}"
            )
        signal.connect(
            _match_changed, sender=Registration, dispatch_uid=f"monitor-region-{when}-Registration"
        )
    # A deleted match takes its row along (cascade); who stands for a BSN stays.
    post_save.connect(_match_changed, sender=Match, dispatch_uid="monitor-region-Match")
