"""The escalations' part of the whole-file export (cases.export's registry; imported from
EscalationsConfig.ready()): each escalation with the partners, the module (where the person
may see its category) and every step, with each level's decision."""

from __future__ import annotations

from django.utils.translation import gettext as _

from arrangeer.cases.access import CaseAccess
from arrangeer.cases.export import Part, record, register_part
from arrangeer.core.models_util import field_label

from .models import Escalation, EscalationStep
from .selectors import escalations_for_file

STEP_FIELDS = [
    "kind",
    "level",
    "at",
    "by",
    "by_organisation",
    "note",
    "payer",
    "funding_framework",
    "instrument",
    "pays_what",
    "from_date",
    "binding",
]


@register_part("escalations", order=75)
def escalation_parts(access: CaseAccess) -> list[Part]:
    escalations = list(
        escalations_for_file(access).prefetch_related("steps__level", "steps__payer", "steps__by")
    )
    if not escalations:
        return []
    records = []
    for escalation in escalations:
        module = escalation.module
        steps: list[EscalationStep] = list(escalation.steps.all())
        records.append(
            record(
                escalation,
                [
                    "question",
                    "options",
                    "cost_at_stake",
                    "status",
                    "level",
                    "level_due",
                    "raised_by",
                    "raised_at",
                ],
                title=escalation.question[:80],
                extra=[
                    (
                        field_label(Escalation, "parties"),
                        ", ".join(o.name for o in escalation.parties.all()),
                    ),
                    (
                        field_label(Escalation, "module"),
                        module.title if access.allows(module.category) else "—",
                    ),
                ],
                parts=[
                    Part(
                        "steps",
                        _("What happened"),
                        [record(step, STEP_FIELDS, title=str(step)) for step in steps],
                    )
                ],
            )
        )
    return [Part("escalations", _("Escalations"), records)]
