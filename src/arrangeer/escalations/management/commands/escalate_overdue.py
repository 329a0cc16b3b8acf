"""Move every open escalation whose level let its deadline pass up to the next level. For
cron, once a day (docs/escalation.md); the same check runs when an escalation is read."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from arrangeer.escalations.services import move_up_overdue


class Command(BaseCommand):
    help = "Move escalations whose level's deadline passed up to the next level."

    def handle(self, *args: Any, **options: Any) -> None:
        moved = move_up_overdue()
        self.stdout.write(f"{moved} escalation(s) moved up.")
