"""The groeidocument: the plan as a PDF, in Dutch, marked confidential, cut to what the person
printing may see (an HTML template printed as tagged PDF/UA, core/pdf.py). Per goal the
evaluation rounds and the progress (a chart, with the same numbers in a table below it); a
version carries its short fingerprint, the same one its page in Arrangeer shows."""

from __future__ import annotations

from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from arrangeer.cases.access import CaseAccess
from arrangeer.core import pdf
from arrangeer.core.numbers import format_day, format_moment, format_number

from . import document_progress, pdf_chart, snapshot
from .constants import PlanStatus, VersionStatus
from .models import Measurement, ParentAgreement, Plan, PlanVersion

FINGERPRINT_LENGTH = 8


def fingerprint(content_hash: str) -> str:
    """The short fingerprint people read (the pages show the same characters)."""
    return content_hash[:FINGERPRINT_LENGTH]


def groeidocument(access: CaseAccess, *, plan: Plan, version: PlanVersion | None) -> bytes:
    with translation.override("nl"):
        return _build(access, plan, version)


def status_rows(plan: Plan, version: PlanVersion | None) -> list[list[str]]:
    """What this document is and where the plan stands now: a draft is never called adopted,
    a version says whether it is waiting, in force, replaced or withdrawn."""
    if version is None:
        rows = [
            [
                _("This document"),
                _("Draft of %(date)s (not adopted)") % {"date": format_day(timezone.localdate())},
            ]
        ]
        in_force = (
            PlanVersion.objects.filter(plan=plan, status=VersionStatus.ADOPTED)
            .only("number", "adopted_at")
            .first()
        )
        if in_force is not None and in_force.adopted_at is not None:
            rows.append(
                [
                    _("In force"),
                    _("Version %(number)s, adopted on %(date)s, until this draft is adopted")
                    % {"number": in_force.number, "date": format_day(in_force.adopted_at)},
                ]
            )
    else:
        sent, number = format_day(version.sent_at), version.number
        adopted = format_day(version.adopted_at) if version.adopted_at else ""
        state = {
            VersionStatus.AWAITING: _("Sent to the parents for agreement on %(sent)s; not adopted")
            % {"sent": sent},
            VersionStatus.ADOPTED: _("Adopted on %(adopted)s; in force") % {"adopted": adopted},
            VersionStatus.SUPERSEDED: _("Adopted on %(adopted)s; replaced by a later version")
            % {"adopted": adopted},
            VersionStatus.WITHDRAWN: _(
                "Sent to the parents on %(sent)s; not adopted: replaced before adoption"
            )
            % {"sent": sent},
        }[VersionStatus(version.status)]
        rows = [
            [_("This document"), _("Version %(number)s") % {"number": number}],
            [_("Status of this version"), state],
        ]
    rows.append([_("Status of the plan now"), str(PlanStatus(plan.status).label)])
    return rows


def _value(measurement: Measurement) -> str:
    if measurement.value is not None:
        return format_number(measurement.value) or "0"
    return str(measurement.get_achievement_display())


def _build(access: CaseAccess, plan: Plan, version: PlanVersion | None) -> bytes:
    content = version.content if version is not None else snapshot.build(plan)
    child = access.case.child
    context: dict[str, Any] = {
        "child": child,
        "front": [
            [_("Child"), child.full_name],
            [_("Date of birth"), format_day(child.date_of_birth)],
            [_("School"), str(child.school or "—")],
            [_("Regisseur"), str(access.case.regisseur)],
            *status_rows(plan, version),
        ],
        "organisation": access.organisation.name if access.organisation else "—",
        "sections": [
            {
                "label": section.kind.label_plural,
                "items": [
                    {
                        "title": item.title,
                        "rows": [
                            *([row.label, row.value] for row in item.rows),
                            [_("Data category"), item.category_label],
                            [
                                _("Written by"),
                                f"{item.author}, {item.organisation}".strip(", "),
                            ],
                        ],
                    }
                    for item in section.items
                ],
            }
            for section in snapshot.display(content, access.categories)
        ],
        "progress": _progress(document_progress.goal_progress(access, plan, version)),
        "version": version,
    }
    if version is not None:
        context.update(_agreement(access, version))
    return pdf.render_pdf(
        "plans/pdf/groeidocument.html",
        context,
        title=_("Groeidocument"),
        lang="nl",
        subject=_("The plan of a child, its evaluations and the parents' agreement"),
        mark=pdf.CONFIDENTIAL_CHILD,
    )


def _progress(progress: list[document_progress.GoalProgress]) -> list[dict[str, Any]]:
    """Per goal its evaluation rounds, and its measurements as a chart above their table."""
    return [
        {
            "title": entry.title,
            "rounds": [
                [
                    format_day(r.evaluation.held_on),
                    r.get_realisation_display(),
                    r.note or "—",
                    str(r.recorded_by),
                ]
                for r in entry.rounds
            ],
            "measurements": [
                {
                    "day": format_day(m.measured_on),
                    "value": _value(m),
                    "note": m.note,
                    "by": str(m.measured_by),
                }
                for m in entry.measurements
            ],
            "chart": pdf_chart.progress_figure(
                entry.goal, entry.measurements, ident=f"goal-{number}"
            ),
        }
        for number, entry in enumerate(progress, start=1)
    ]


def _agreement(access: CaseAccess, version: PlanVersion) -> dict[str, Any]:
    """The parents' decisions on this version, the child's view, and its fingerprint."""
    agreements = list(version.agreements.select_related("representative"))
    return {
        "agreements": [
            [
                str(a.representative),
                a.get_decision_display(),
                format_day(a.given_on),
                _signature(a),
            ]
            for a in agreements
        ],
        "child_heard": version.get_child_heard_display() if version.child_heard else "",
        "child_view": (
            version.child_view
            if version.child_heard and access.allows(version.child_view_category)
            else ""
        ),
        "fingerprint": _(
            "Fingerprint of this version: %(fingerprint)s. The page of version "
            "%(number)s in Arrangeer shows the same fingerprint: when the two are the "
            "same, this document holds that version."
        )
        % {"fingerprint": fingerprint(version.content_hash), "number": version.number},
    }


def _signature(agreement: ParentAgreement) -> str:
    """How the decision was given; for a signature in the portal also when, with what and on
    which version (its fingerprint)."""
    how = str(agreement.get_evidence_display())
    if agreement.signed_at is None:
        return how
    return str(
        _("%(how)s, signed %(moment)s with %(factor)s, version %(fingerprint)s")
        % {
            "how": how,
            "moment": format_moment(agreement.signed_at),
            "factor": agreement.get_signed_with_display(),
            "fingerprint": fingerprint(agreement.content_hash),
        }
    )
