"""The escalatieladder on the route's timeline: each step of an escalation (raised, moved up,
decided, withdrawn) as a line, for whoever sees the escalation (the team; a level above the
team sees only the escalation that waits for it). The module's name and the step's
explanation only within the viewer's categories, as on the escalation's own page."""

from __future__ import annotations

from django.utils.translation import gettext as _

from arrangeer.cases import journey
from arrangeer.cases.access import CaseAccess

from .models import EscalationStep
from .selectors import escalations_of, module_shown


@journey.register_timeline_source
def escalation_steps(access: CaseAccess) -> list[journey.TimelineEntry]:
    steps = (
        EscalationStep.objects.filter(escalation__in=escalations_of(access))
        .select_related("escalation__module", "level", "by")
        .order_by("at", "pk")
    )
    entries = []
    for step in steps:
        shown = module_shown(access, step.escalation)
        where = _("level %(number)d, %(name)s") % {
            "number": step.level.number,
            "name": step.level.name,
        }
        reason = f"{step.escalation.module.title}: {where}" if shown else where
        if shown and step.note:
            reason = f"{reason}. {step.note}"
        entries.append(
            journey.TimelineEntry(
                at=step.at,
                kind="escalation",
                label=_("Escalation: %(step)s") % {"step": step.get_kind_display()},
                by_user=step.by,
                reason=reason,
            )
        )
    return entries
