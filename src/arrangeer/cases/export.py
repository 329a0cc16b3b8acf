"""The whole file of one child as JSON and PDF (AVG right of access), cut to what the
person exporting may see; the document says so."""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.audit.services import entries_for_case
from arrangeer.consents.models import Consent

from .access import CaseAccess
from .dossier import active_flags, child_fields
from .models import TeamMember


def _text(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, (bool, int, float, str)):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def file_data(access: CaseAccess) -> dict[str, Any]:
    case = access.case
    child = case.child
    data: dict[str, Any] = {
        "generated_at": timezone.now().isoformat(),
        "scope": _(
            "This overview holds the data that %(organisation)s may see in this case. Other "
            "organisations can hold more; ask them, or see everything in the parent portal."
        )
        % {"organisation": access.organisation.name if access.organisation else ""},
        "child": {f.name: _text(f.value) for f in child_fields(access)},
        "case": {
            "id": str(case.uuid),
            "region": case.region.name,
            "initiator": case.get_initiator_display(),
            "status": case.get_status_display(),
            "opened_at": case.opened_at.isoformat(),
            "closed_at": _text(case.closed_at),
            "regisseur": str(case.regisseur),
            "flags": active_flags(case),
        },
        "team": [
            {
                "name": str(m.membership.user),
                "role": m.membership.get_role_display(),
                "organisation": m.membership.organisation.name,
                "status": m.get_status_display(),
                "basis": m.get_basis_display(),
                "since": _text(m.decided_at or m.proposed_at),
                "ended_at": _text(m.ended_at),
            }
            for m in TeamMember.objects.filter(case=case)
            .select_related("membership__user", "membership__organisation")
            .order_by("proposed_at")
        ],
        "consents": [
            {
                "organisation": c.organisation.name,
                "categories": c.category_labels(),
                "purpose": c.purpose,
                "given_by": str(c.given_by_representative) if c.given_by_representative else "",
                "given_by_child": c.given_by_child,
                "valid_from": _text(c.valid_from),
                "valid_until": _text(c.valid_until),
                "evidence": c.get_evidence_display(),
                "withdrawn_at": _text(c.withdrawn_at),
            }
            for c in Consent.objects.filter(case=case).select_related(
                "organisation", "given_by_representative"
            )
        ],
        "access_log": [
            {
                "at": e.occurred_at.isoformat(),
                "organisation": e.organisation_name,
                "role": e.role,
                "action": e.get_event_display(),
                "outcome": e.get_outcome_display(),
                "basis": e.get_basis_display(),
            }
            for e in entries_for_case(case.uuid)
        ],
    }
    data["route"] = _route_data(case)
    data["representatives"] = [
        {
            "name": f"{r.first_name} {r.last_name}",
            "relation": r.get_relation_display(),
            "has_authority": r.has_authority,
            "email": r.email,
            "phone": r.phone,
        }
        for r in child.representatives.all()
    ]
    return data


def _route_data(case: Any) -> dict[str, Any]:
    """The case's way along its route and who had the regie (part of the whole file)."""
    from . import journey, regie

    return {
        "route": str(case.route) if case.route_id else "",
        "current_step": case.current_step.name if case.current_step_id else "",
        "step_since": _text(case.step_since),
        "step_due": _text(case.step_due),
        "timeline": [
            {
                "at": c.at.isoformat(),
                "kind": c.get_kind_display(),
                "from": c.from_step.name if c.from_step else "",
                "to": c.to_step.name if c.to_step else "",
                "by": str(c.by_user),
                "reason": c.reason,
                "checks_passed_with_a_reason": c.overridden_guards,
                "override_reason": c.override_reason,
            }
            for c in journey.timeline(case)
        ],
        "regie": [
            {"since": e.since.isoformat(), "regisseur": e.who, "how": e.how, "reason": e.reason}
            for e in regie.history(case)
        ],
    }


def file_pdf(access: CaseAccess) -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    data = file_data(access)
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    confidential = _("CONFIDENTIAL — special-category personal data")

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
        return Paragraph(escape("" if text is None else str(text)), styles[style])

    def table(rows: list[list[Any]], header: list[str]) -> Table:
        body = [[p(h, "Heading6") for h in header]] + [[p(c) for c in row] for row in rows]
        t = Table(body, repeatRows=1)
        t.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f5f8")),
                ]
            )
        )
        return t

    story: list[Any] = [
        p(_("File of %(name)s") % {"name": data["child"].get("full_name", "")}, "Title"),
        p(data["scope"]),
        Spacer(1, 0.4 * cm),
        p(_("Child"), "Heading2"),
        table([[k, v] for k, v in data["child"].items()], [_("Field"), _("Value")]),
        p(_("Case"), "Heading2"),
        table(
            [[k, ", ".join(v) if isinstance(v, list) else v] for k, v in data["case"].items()],
            [_("Field"), _("Value")],
        ),
        p(_("Team"), "Heading2"),
        table(
            [
                [m["name"], m["role"], m["organisation"], m["status"], m["basis"]]
                for m in data["team"]
            ],
            [_("Name"), _("Role"), _("Organisation"), _("Status"), _("Basis")],
        ),
        p(_("Consents"), "Heading2"),
        table(
            [
                [
                    c["organisation"],
                    ", ".join(c["categories"]),
                    c["valid_from"],
                    c["withdrawn_at"] or "—",
                ]
                for c in data["consents"]
            ],
            [_("Organisation"), _("Data categories"), _("Valid from"), _("Withdrawn at")],
        ),
    ]
    story += [
        p(_("Parents and carers"), "Heading2"),
        table(
            [
                [r["name"], r["relation"], _("yes") if r["has_authority"] else _("no")]
                for r in data["representatives"]
            ],
            [_("Name"), _("Relation"), _("Parental authority")],
        ),
    ]
    story += [
        p(_("Route"), "Heading2"),
        p(data["route"]["route"] or "—"),
        table(
            [
                [
                    t["at"][:16].replace("T", " "),
                    t["kind"],
                    f"{t['from']} → {t['to']}",
                    t["by"],
                    t["reason"],
                ]
                for t in data["route"]["timeline"]
            ],
            [_("When"), _("What"), _("Step"), _("Who"), _("Why")],
        ),
        p(_("Regie"), "Heading2"),
        table(
            [
                [e["since"][:10], e["regisseur"], e["how"], e["reason"]]
                for e in data["route"]["regie"]
            ],
            [_("Since"), _("Regisseur"), _("How"), _("Reason")],
        ),
    ]
    story += [
        p(_("Who looked at this file"), "Heading2"),
        table(
            [
                [
                    e["at"][:16].replace("T", " "),
                    e["organisation"],
                    e["role"],
                    e["action"],
                    e["basis"],
                ]
                for e in data["access_log"]
            ],
            [_("When"), _("Organisation"), _("Role"), _("Action"), _("Basis")],
        ),
    ]
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=_("File of a child"),
        author="Arrangeer",
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
    )
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()
