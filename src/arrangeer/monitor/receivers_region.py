"""Keeps the facts of the regional outcomes and the Loket current (services_region) for the
writes receivers.py does not hear of: once a write is committed (a rolled-back write changes
nothing), after a vrijstelling, a school-success check, a consult, a Meldcode step or a
Verwijsindex signal is saved or deleted, its case's rows; after a match or a registration of
the Loket, the matches of the child's BSN. A case, a module, a child or a school is heard by
receivers.py alone: its one task refreshes these facts with the others (services). Writes
that bypass model signals (loading in bulk) are caught by the nightly `refresh_monitor`."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.db.models.signals import post_delete, post_save

from arrangeer.core import tasks
from arrangeer.loket.models import Consult, Match, Registration
from arrangeer.referrals.models import EnrolmentCheck, Exemption, MeldcodeStep, VerwijsindexSignal

from .services_region import refresh_case_data_facts, refresh_match_region_facts


@tasks.background
def refresh_case(case_id: int) -> None:
    refresh_case_data_facts(case_id)


@tasks.background
def refresh_matches(region_id: int, bsn: str, registration_id: int) -> None:
    refresh_match_region_facts(region_id, bsn, registration_id)


def _case_changed(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    tasks.on_commit(refresh_case, instance.case_id)


def _match_changed(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    registration = instance if isinstance(instance, Registration) else instance.education
    tasks.on_commit(refresh_matches, registration.region_id, registration.bsn, registration.pk)


def connect() -> None:
    """Called from MonitorConfig.ready()."""
    case_rows: tuple[type[Model], ...] = (
        Exemption,
        EnrolmentCheck,
        Consult,
        MeldcodeStep,
        VerwijsindexSignal,
    )
    for signal, when in ((post_save, "save"), (post_delete, "delete")):
        for model in case_rows:
            signal.connect(
                _case_changed, sender=model, dispatch_uid=f"monitor-region-{when}-{model.__name__}"
            )
        signal.connect(
            _match_changed, sender=Registration, dispatch_uid=f"monitor-region-{when}-Registration"
        )
    # A deleted match takes its row along (cascade); who stands for a BSN stays.
    post_save.connect(_match_changed, sender=Match, dispatch_uid="monitor-region-Match")
