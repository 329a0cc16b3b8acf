"""The minutes of an MDO as a PDF, in Dutch, marked confidential, cut to what the person
printing may see (the same MeetingView as the page): which child, school, place, chair and
date at the top; each decision names the goal or module of the plan it concerns, when the
reader may see that goal or module."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from arrangeer.cases.access import CaseAccess
from arrangeer.core import pdf
from arrangeer.core.numbers import format_day

if TYPE_CHECKING:
    from .models import Decision, Meeting
    from .selectors import MeetingView


def minutes_pdf(access: CaseAccess, view: MeetingView) -> bytes:
    with translation.override("nl"):
        return _build(access, view)


def header_rows(access: CaseAccess, meeting: Meeting) -> list[tuple[str, str]]:
    """Child, school, date, place and chair: what a reader of the minutes needs first."""
    child = access.case.child
    start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
    when = f"{format_day(start)}, {date_format(start, 'H:i')}-{date_format(end, 'H:i')}"
    place = ", ".join(part for part in (meeting.place, meeting.room) if part)
    if meeting.video_link:
        place = ", ".join(part for part in (place, str(_("by video call"))) if part)
    member = meeting.chair.membership
    chair = ", ".join(str(part) for part in (member.user, member.organisation) if part)
    return [
        (_("Child"), child.full_name),
        (_("School"), str(child.school) if child.school else "—"),
        (_("Meeting"), str(meeting.get_kind_display())),
        (_("Date"), when),
        (_("Place"), place or "—"),
        (_("Chair"), chair),
        (_("Status"), str(meeting.get_status_display())),
    ]


def decision_links(access: CaseAccess, decision: Decision) -> list[str]:
    """What the decision concerns ("Doel: …", "Module: …"), within the reader's categories."""
    links = []
    if decision.goal is not None and access.allows(decision.goal.category):
        links.append(_("Goal: %(goal)s") % {"goal": decision.goal.what})
    if decision.module is not None and access.allows(decision.module.category):
        links.append(_("Module: %(module)s") % {"module": decision.module.title})
    return links


def _build(access: CaseAccess, view: MeetingView) -> bytes:
    meeting = view.meeting
    context = {
        "header": header_rows(access, meeting),
        "invitees": [
            f"{invitee.name}: {invitee.get_attendance_display() or _('not recorded')}"
            for invitee in view.invitees
        ],
        "parents_absent": (
            _("Why the parents were not there: %(reason)s")
            % {"reason": meeting.parents_absent_reason}
            if meeting.parents_absent_reason
            else ""
        ),
        "agenda": [(f"{item.position}. {item.title}", item.minutes or "—") for item in view.agenda],
        "decisions": [
            (decision.text, decision_links(access, decision)) for decision in view.decisions
        ],
        "actions": [
            " — ".join(
                [
                    action.what,
                    str(action.owner.membership.user) if action.owner is not None else "—",
                    format_day(action.due) or "—",
                ]
            )
            for action in view.actions
        ],
    }
    return pdf.render_pdf(
        "meetings/pdf/minutes.html",
        context,
        title=_("Minutes of the MDO"),
        lang="nl",
        subject=_("Minutes of a meeting about a child"),
        mark=pdf.CONFIDENTIAL_CHILD,
    )
