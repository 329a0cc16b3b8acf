"""The Loket's part of the whole-file export (cases.export's registry; imported from
LoketConfig.ready()): the questions to the Integraal Loket with their advice and proposals, and
that the child is known in both domains (which organisation, since when), for the regisseur and
the family."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from arrangeer.cases.access import CaseAccess
from arrangeer.cases.export import Part, record, register_part

from .models import Consult, Match, Registration

CONSULT_FIELDS = ["question", "tried", "urgency", "asked_at", "due_on", "status", "advice"]
CONSULT_FIELDS += ["route_step", "advised_at", "outcome", "outcome_at"]


@register_part("loket", order=75)
def loket_parts(access: CaseAccess) -> list[Part]:
    if not (access.is_family or access.is_regisseur):
        return []
    consults = list(
        Consult.objects.filter(case=access.case).prefetch_related("proposals").order_by("pk")
    )
    registrations = list(
        Registration.objects.filter(case=access.case).select_related("organisation").order_by("pk")
    )
    matches = list(
        Match.objects.filter(Q(education__in=registrations) | Q(youth__in=registrations)).order_by(
            "matched_at", "pk"
        )
    )
    parts = []
    if consults:
        parts.append(
            Part(
                "loket",
                _("Advice by the Integraal Loket"),
                [
                    record(
                        consult,
                        CONSULT_FIELDS,
                        title=str(consult),
                        parts=[
                            Part(
                                "proposals",
                                _("Proposals"),
                                [
                                    record(p, ["kind", "title", "side", "taken_over_at"])
                                    for p in consult.proposals.all()
                                ],
                            )
                        ],
                    )
                    for consult in consults
                ],
            )
        )
    if registrations:
        parts.append(
            Part(
                "known",
                _("Known in both domains"),
                [
                    record(r, ["domain", "source", "recorded_at"], title=r.organisation.name)
                    for r in registrations
                ]
                + [record(m, ["matched_at"], title=_("Known in both domains")) for m in matches],
            )
        )
    return parts
