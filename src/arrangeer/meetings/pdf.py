"""The minutes of an MDO as a PDF, in Dutch, marked confidential, cut to what the person
printing may see (the same MeetingView as the page)."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from django.utils import timezone, translation
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from .selectors import MeetingView


def minutes_pdf(view: MeetingView) -> bytes:
    with translation.override("nl"):
        return _build(view)


def _build(view: MeetingView) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    meeting = view.meeting
    confidential = _("CONFIDENTIAL — special-category personal data about a child")

    def on_page(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica-Bold", 9)
        canvas.setFillColor(colors.HexColor("#a4000f"))
        canvas.drawString(2 * cm, A4[1] - 1.2 * cm, confidential)
        canvas.restoreState()

    def p(text: Any, style: str = "BodyText") -> Paragraph:
        return Paragraph(escape(str(text or "")).replace("\n", "<br/>"), styles[style])

    start = timezone.localtime(meeting.starts_at)
    story: list[Any] = [
        p(_("Minutes of the MDO"), "Title"),
        p(
            f"{meeting.get_kind_display()}, {start:%d-%m-%Y} {start:%H:%M}-"
            f"{timezone.localtime(meeting.ends_at):%H:%M}"
        ),
        p(meeting.get_status_display()),
        Spacer(1, 0.4 * cm),
        p(_("Present and absent"), "Heading2"),
    ]
    for invitee in view.invitees:
        story.append(p(f"{invitee.name}: {invitee.get_attendance_display() or _('not recorded')}"))
    if meeting.parents_absent_reason:
        story.append(
            p(
                _("Why the parents were not there: %(reason)s")
                % {"reason": meeting.parents_absent_reason}
            )
        )
    story.append(p(_("Agenda and minutes"), "Heading2"))
    for item in view.agenda:
        story.append(p(f"{item.position}. {item.title}", "Heading3"))
        story.append(p(item.minutes or "—"))
    story.append(p(_("Decisions"), "Heading2"))
    for decision in view.decisions:
        story.append(p(decision.text))
    story.append(p(_("Agreements"), "Heading2"))
    for action in view.actions:
        owner = action.owner.membership.user if action.owner is not None else "—"
        due = action.due.strftime("%d-%m-%Y") if action.due else "—"
        story.append(p(f"{action.what} — {owner} — {due}"))
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=str(_("Minutes of the MDO")))
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()
