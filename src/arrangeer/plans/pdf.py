"""The groeidocument: the plan as a PDF, in Dutch, marked confidential, cut to what the person
printing may see (ReportLab: pure Python, no system packages). Per goal the evaluation rounds
and the progress (a chart with the same numbers in a table beside it); a version carries its
short fingerprint, the same one its page in Arrangeer shows."""

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
    story = _front(access, plan, version)
    story += _sections(snapshot.display(content, access.categories))
    story += _progress(document_progress.goal_progress(access, plan, version))
    if version is not None:
        story += _agreement(access, version)
    return pdf.render(
        story,
        title=_("Groeidocument"),
        subject=_("The plan of a child, its evaluations and the parents' agreement"),
        mark=pdf.CONFIDENTIAL_CHILD,
    )


def _front(access: CaseAccess, plan: Plan, version: PlanVersion | None) -> list[Any]:
    """The child, the regisseur, what this document is, and whose view of the plan it holds."""
    from reportlab.lib.units import cm
    from reportlab.platypus import Spacer

    child = access.case.child
    return [
        pdf.paragraph(_("Groeidocument of %(name)s") % {"name": child.full_name}, "Title"),
        pdf.label_table(
            [
                [_("Child"), child.full_name],
                [_("Date of birth"), format_day(child.date_of_birth)],
                [_("School"), child.school or "—"],
                [_("Regisseur"), access.case.regisseur],
                *status_rows(plan, version),
            ],
            [5 * cm, 12 * cm],
        ),
        Spacer(1, 0.3 * cm),
        pdf.paragraph(
            _(
                "This document holds the parts of the plan that %(organisation)s may see. "
                "Parts of other data categories are left out."
            )
            % {"organisation": access.organisation.name if access.organisation else "—"}
        ),
    ]


def _sections(sections: list[snapshot.DisplaySection]) -> list[Any]:
    """Each kind of item of the plan, each item with its fields, category and author."""
    from reportlab.lib.units import cm
    from reportlab.platypus import KeepTogether

    p = pdf.paragraph
    story: list[Any] = []
    for section in sections:
        story.append(p(section.kind.label_plural, "Heading2"))
        if not section.items:
            story.append(p(_("Nothing recorded.")))
            continue
        for item in section.items:
            rows = [[row.label, row.value] for row in item.rows]
            rows.append([_("Data category"), item.category_label])
            rows.append([_("Written by"), f"{item.author}, {item.organisation}".strip(", ")])
            table = pdf.label_table(rows, [5 * cm, 12 * cm])
            story.append(KeepTogether([p(item.title, "Heading4"), table]))
    return story


def _progress(progress: list[document_progress.GoalProgress]) -> list[Any]:
    """Per goal its evaluation rounds, and its measurements as a chart beside their table."""
    from reportlab.lib.units import cm
    from reportlab.platypus import Table, TableStyle

    if not progress:
        return []
    p = pdf.paragraph
    story: list[Any] = [p(_("Evaluations and progress per goal"), "Heading2")]
    for entry in progress:
        story.append(p(entry.title, "Heading3"))
        story.append(p(_("Evaluations"), "Heading4"))
        if entry.rounds:
            story.append(
                pdf.grid(
                    [_("Date"), _("Reached"), _("Note"), _("By")],
                    [
                        [
                            format_day(r.evaluation.held_on),
                            r.get_realisation_display(),
                            r.note or "—",
                            str(r.recorded_by),
                        ]
                        for r in entry.rounds
                    ],
                    [2.5 * cm, 3.5 * cm, 6.5 * cm, 4.5 * cm],
                )
            )
        else:
            story.append(p(_("Not evaluated yet.")))
        story.append(p(_("Progress"), "Heading4"))
        if not entry.measurements:
            story.append(p(_("No measurements yet.")))
            continue
        numbers = pdf.grid(
            [_("Date"), _("Value"), _("By")],
            [
                [
                    format_day(m.measured_on),
                    _value(m) + (f"\n{m.note}" if m.note else ""),
                    str(m.measured_by),
                ]
                for m in entry.measurements
            ],
            [2.3 * cm, 3 * cm, 3.2 * cm],
        )
        chart = pdf_chart.progress_drawing(entry.goal, entry.measurements)
        beside = Table([[chart, numbers]], colWidths=[8.5 * cm, 8.5 * cm])
        beside.setStyle(
            TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (0, 0), 0)])
        )
        story.append(beside)
    return story


def _agreement(access: CaseAccess, version: PlanVersion) -> list[Any]:
    """The parents' decisions on this version, the child's view, and its fingerprint."""
    from reportlab.lib.units import cm
    from reportlab.platypus import Spacer

    p = pdf.paragraph
    agreements = list(version.agreements.select_related("representative"))
    story: list[Any] = [
        p(_("Agreement of the parents with the handelingsdeel"), "Heading2"),
        pdf.label_table(
            [
                [
                    str(a.representative),
                    a.get_decision_display(),
                    format_day(a.given_on),
                    _signature(a),
                ]
                for a in agreements
            ]
            or [[_("Not recorded."), "", "", ""]],
            [4 * cm, 3.5 * cm, 2.5 * cm, 7 * cm],
        ),
    ]
    if version.child_heard:
        story.append(p(_("The child's view"), "Heading2"))
        story.append(p(version.get_child_heard_display()))
        if access.allows(version.child_view_category):
            story.append(p(version.child_view))
    story.append(Spacer(1, 0.3 * cm))
    story.append(
        p(
            _(
                "Fingerprint of this version: %(fingerprint)s. The page of version "
                "%(number)s in Arrangeer shows the same fingerprint: when the two are the "
                "same, this document holds that version."
            )
            % {"fingerprint": fingerprint(version.content_hash), "number": version.number}
        )
    )
    return story


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
