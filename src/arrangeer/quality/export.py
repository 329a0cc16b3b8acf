"""The concerns' part of the whole-file export (cases.export's registry; imported from
QualityConfig.ready()): the concerns the person reads on the case (the family member their own
reports, the team what `doors.team_may_see` lets them read), each with its steps as the
reporter reads them (the contact point's handling notes stay with the contact point)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from arrangeer.cases.access import CaseAccess
from arrangeer.cases.export import Part, record, register_part
from arrangeer.core.models_util import field_label

from .constants import STEPS_TOLD_TO_REPORTER
from .models import Concern, ConcernStep
from .selectors import concerns_for_family, concerns_for_team

FIELDS = ["kind", "what", "since", "tried", "status", "reported_at", "acknowledge_due", "outcome"]


@register_part("quality", order=77)
def concern_parts(access: CaseAccess) -> list[Part]:
    concerns = concerns_for_family(access) if access.is_family else concerns_for_team(access)
    if not concerns:
        return []
    steps: dict[int, list[ConcernStep]] = {}
    for step in ConcernStep.objects.filter(concern__in=concerns).order_by("at", "pk"):
        steps.setdefault(step.concern_id, []).append(step)
    records = []
    for concern in concerns:
        records.append(
            record(
                concern,
                FIELDS,
                title=str(concern),
                extra=[
                    (field_label(Concern, "concerned"), concern.concerned.name),
                    (field_label(Concern, "contact_point"), concern.contact_point.name),
                ],
                parts=[
                    Part(
                        "steps",
                        _("What happened"),
                        [
                            record(
                                step,
                                ["kind", "at", "by_organisation"],
                                title=step.get_kind_display(),
                                extra=[
                                    (
                                        field_label(ConcernStep, "note"),
                                        step.note if step.kind in STEPS_TOLD_TO_REPORTER else "",
                                    )
                                ],
                            )
                            for step in steps.get(concern.pk, [])
                        ],
                    )
                ],
            )
        )
    return [Part("quality", _("Concerns about the quality of support"), records)]
