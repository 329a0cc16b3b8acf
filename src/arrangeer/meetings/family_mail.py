"""The texts of the mails a family gets about a meeting: the invitation and the cancellation,
in plain words (B1) and in the family's languages (this file is among the translation's family
sources). They name the meeting's kind, never the child; the calendar part and the sending are
`meetings.invitations`."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .constants import MDO_KINDS, MeetingKind
from .models import Meeting

# What the family's mail calls a meeting of its own kind: who meet, instead of a
# professional's name for it.
OWN_KIND: dict[str, Promise] = {
    MeetingKind.GOUDEN_DRIEHOEK: gettext_lazy(
        "a talk with the school, the samenwerkingsverband, the youth team and the Integraal "
        "Loket together (the gouden driehoek)"
    ),
    MeetingKind.HANDOVER: gettext_lazy(
        "a handover talk: the people who help your child now and the people who will help "
        "next talk together"
    ),
}


def kind_words(meeting: Meeting) -> str:
    return str(OWN_KIND.get(meeting.kind, meeting.get_kind_display()))


def invitation(meeting: Meeting, values: dict[str, str], *, update: bool) -> tuple[str, str]:
    """Subject and body of the family's invitation; `values` hold when, where and the link."""
    subject = (
        _("Changed: the meeting about your child on %(when)s")
        if update
        else _("Invitation: the meeting about your child on %(when)s")
    ) % values
    if meeting.kind in MDO_KINDS:
        body = _(
            "You are invited to the meeting about your child (MDO) on %(when)s. "
            "Where: %(where)s.\n\nOn your family page you can see who is coming, and you can "
            "tell us beforehand what you want to talk about (log in first): %(link)s"
        )
    else:
        body = _(
            "You are invited to a meeting about your child on %(when)s: %(kind)s. "
            "Where: %(where)s.\n\nOn your family page you can see who is coming, and you "
            "can tell us beforehand what you want to talk about (log in first): %(link)s"
        )
    return subject, body % {**values, "kind": kind_words(meeting)}


def cancellation(meeting: Meeting, values: dict[str, str]) -> tuple[str, str]:
    """Subject and body of the family's notice that the meeting does not take place."""
    subject = _("Cancelled: the meeting about your child on %(when)s") % values
    if meeting.kind in MDO_KINDS:
        body = _(
            "The meeting about your child (MDO) on %(when)s does not take place. "
            "Your family page: %(link)s"
        )
    else:
        body = _(
            "The meeting about your child on %(when)s does not take place. It was "
            "%(kind)s. Your family page: %(link)s"
        )
    return subject, body % {**values, "kind": kind_words(meeting)}
