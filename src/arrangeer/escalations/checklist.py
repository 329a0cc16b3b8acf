"""The escalatieladder's item of the regisseur's checklist (routes/checklist.py): "may scale up
and escalate" is ticked once the case has an escalation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from arrangeer.routes.checklist import register

from .models import Escalation

if TYPE_CHECKING:
    from arrangeer.cases.models import Case


@register("scaled_up")
def scaled_up(case: Case) -> bool:
    return Escalation.objects.filter(case=case).exists()
