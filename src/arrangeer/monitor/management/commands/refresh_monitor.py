"""Rebuild the monitor's fact tables: the lead-time milestones and the evaluation rounds
(docs/monitor.md). For cron, nightly; writes keep their own case current in between, so this
catches what bypassed them (loading in bulk, repairs in the database). Prints the rows it
changed per table (inserted, updated or deleted): 0 when the facts were right."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from arrangeer.monitor.services import refresh_facts


class Command(BaseCommand):
    help = "Rebuild the regional monitor's fact tables (lead-time milestones, evaluation rounds)."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        changed = refresh_facts()
        took = time.perf_counter() - started
        for table, rows in changed.items():
            self.stdout.write(f"{table}: {rows} row(s) changed")
        self.stdout.write(f"{sum(changed.values())} row(s) changed in {took:.1f}s.")
