"""The groeidocument: the plan as a PDF, in Dutch, marked confidential, cut to what the person
printing may see (ReportLab: pure Python, no system packages)."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from arrangeer.cases.access import CaseAccess

from . import snapshot
from .constants import PlanStatus
from .models import ParentAgreement, Plan, PlanVersion


def groeidocument(access: CaseAccess, *, plan: Plan, version: PlanVersion | None) -> bytes:
    with translation.override("nl"):
        return _build(access, plan, version)


def _build(access: CaseAccess, plan: Plan, version: PlanVersion | None) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import (
        KeepTogether,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    content = version.content if version is not None else snapshot.build(plan)
    sections = snapshot.display(content, access.categories)
    child = access.case.child
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    confidential = _("CONFIDENTIAL — special-category personal data about a child")

    def on_page(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica-Bold", 9)
        canvas.setFillColor(colors.HexColor("#a4000f"))
        canvas.drawString(2 * cm, A4[1] - 1.2 * cm, confidential)
        canvas.setFillColor(colors.black)
        canvas.setFont("Helvetica", 8)
        canvas.drawRightString(A4[0] - 2 * cm, 1.2 * cm, _("Page %(n)d") % {"n": doc.page})
        canvas.restoreState()

    def p(text: Any, style: str = "BodyText") -> Paragraph:
        return Paragraph(
            escape("" if text is None else str(text)).replace("\n", "<br/>"), styles[style]
        )

    def table(rows: list[list[Any]], widths: list[float] | None = None) -> Table:
        body = [[p(cell) for cell in row] for row in rows]
        t = Table(body, colWidths=widths)
        t.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f3f5f8")),
                ]
            )
        )
        return t

    if version is None:
        status = _("Draft of %(date)s (not adopted)") % {
            "date": date_format(timezone.localdate(), "d-m-Y")
        }
    elif version.adopted_at is not None:
        status = _("Version %(number)s, adopted on %(date)s") % {
            "number": version.number,
            "date": date_format(timezone.localtime(version.adopted_at), "d-m-Y"),
        }
    else:
        status = _("Version %(number)s, sent for agreement on %(date)s (not adopted)") % {
            "number": version.number,
            "date": date_format(timezone.localtime(version.sent_at), "d-m-Y"),
        }
    story: list[Any] = [
        p(_("Groeidocument of %(name)s") % {"name": child.full_name}, "Title"),
        table(
            [
                [_("Child"), child.full_name],
                [_("Date of birth"), date_format(child.date_of_birth, "d-m-Y")],
                [_("School"), child.school or "—"],
                [_("Regisseur"), access.case.regisseur],
                [_("Plan"), status],
                [_("Status now"), PlanStatus(plan.status).label],
            ],
            [5 * cm, 12 * cm],
        ),
        Spacer(1, 0.3 * cm),
        p(
            _(
                "This document holds the parts of the plan that %(organisation)s may see. "
                "Parts of other data categories are left out."
            )
            % {"organisation": access.organisation.name if access.organisation else "—"}
        ),
    ]
    for section in sections:
        story.append(p(section.kind.label_plural, "Heading2"))
        if not section.items:
            story.append(p(_("Nothing recorded.")))
            continue
        for item in section.items:
            rows = [[row.label, row.value] for row in item.rows]
            rows.append([_("Data category"), item.category_label])
            rows.append([_("Written by"), f"{item.author}, {item.organisation}".strip(", ")])
            story.append(KeepTogether([p(item.title, "Heading4"), table(rows, [5 * cm, 12 * cm])]))
    if version is not None:
        story.append(p(_("Agreement of the parents with the handelingsdeel"), "Heading2"))
        agreements = list(version.agreements.select_related("representative"))
        story.append(
            table(
                [
                    [
                        str(a.representative),
                        a.get_decision_display(),
                        date_format(a.given_on, "d-m-Y"),
                        _signature(a),
                    ]
                    for a in agreements
                ]
                or [[_("Not recorded."), "", "", ""]],
                [4 * cm, 3.5 * cm, 2.5 * cm, 7 * cm],
            )
        )
        if version.child_heard:
            story.append(p(_("The child's view"), "Heading2"))
            story.append(p(version.get_child_heard_display()))
            if access.allows(version.child_view_category):
                story.append(p(version.child_view))
        story.append(Spacer(1, 0.3 * cm))
        story.append(
            p(
                _("Fingerprint (SHA-256) of this version: %(hash)s")
                % {"hash": version.content_hash},
                "Code",
            )
        )
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=_("Groeidocument"),
        author="Arrangeer",
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
    )
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()


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
            "moment": date_format(timezone.localtime(agreement.signed_at), "d-m-Y H:i"),
            "factor": agreement.get_signed_with_display(),
            "fingerprint": agreement.content_hash[:8],
        }
    )
