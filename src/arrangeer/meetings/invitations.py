"""The invitation mails with their calendar attachment (RFC 5545 via `icalendar`). Specific
about what it is — an MDO, when, where — and silent about the child: no name, no details,
only a link to the meeting page behind the login."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from icalendar import Calendar, Event, vCalAddress, vText

from .models import Invitee, Meeting

PRODID = "-//Arrangeer//MDO//NL"


def meeting_url(meeting: Meeting) -> str:
    return settings.SITE_URL + reverse(
        "meetings:detail", kwargs={"case_id": meeting.case.uuid, "meeting_id": meeting.uuid}
    )


def uid(meeting: Meeting) -> str:
    return f"{meeting.uuid}@arrangeer"


def event_for(meeting: Meeting, *, url: str, cancelled: bool = False) -> Event:
    event = Event()
    event.add("uid", uid(meeting))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", "MDO")
    event.add("description", url)
    event.add("url", url)
    where = ", ".join(p for p in (meeting.place, meeting.room) if p) or meeting.video_link
    if where:
        event.add("location", where)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def calendar(events: Iterable[Event], *, method: str | None = None) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    if method:
        cal.add("method", method)
    for event in events:
        cal.add_component(event)
    return cal.to_ical()


def _address(invitee: Invitee) -> str:
    if invitee.team_member is not None:
        return invitee.team_member.membership.user.email or ""
    if invitee.representative is not None:
        return invitee.representative.email or ""
    return ""


def _when(meeting: Meeting) -> str:
    start = timezone.localtime(meeting.starts_at)
    end = timezone.localtime(meeting.ends_at)
    return f"{start:%d-%m-%Y} {start:%H:%M}-{end:%H:%M}"


def _invitees(ids: Sequence[int]) -> list[Invitee]:
    return list(
        Invitee.objects.filter(pk__in=ids).select_related(
            "meeting__case", "team_member__membership__user", "representative"
        )
    )


def send_invitations(meeting_id: int, invitee_ids: Sequence[int]) -> int:
    meeting = Meeting.objects.select_related("case").get(pk=meeting_id)
    url = meeting_url(meeting)
    sent = 0
    for invitee in _invitees(invitee_ids):
        address = _address(invitee)
        if not address:
            continue
        event = event_for(meeting, url=url)
        organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
        organizer.params["cn"] = vText("Arrangeer")
        event["organizer"] = organizer
        attendee = vCalAddress(f"mailto:{address}")
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("NEEDS-ACTION")
        event.add("attendee", attendee, encode=False)
        update = meeting.sequence > 0
        subject = (
            _("Changed: multidisciplinary meeting (MDO) on %(when)s")
            if update
            else _("Invitation: multidisciplinary meeting (MDO) on %(when)s")
        ) % {"when": _when(meeting)}
        body = _(
            "You are invited to a multidisciplinary meeting (MDO) on %(when)s. "
            "Where: %(where)s.\n\nThe parents agreed that you take part. Please accept, "
            "decline or propose another time on the meeting page (log in first): %(link)s"
        ) % {
            "when": _when(meeting),
            "where": ", ".join(p for p in (meeting.place, meeting.room, meeting.video_link) if p),
            "link": url,
        }
        message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
        message.attach(
            "mdo.ics",
            calendar([event], method="REQUEST"),
            "text/calendar; method=REQUEST; charset=utf-8",
        )
        message.send()
        sent += 1
    return sent


def send_cancellations(meeting_id: int, invitee_ids: Sequence[int]) -> int:
    meeting = Meeting.objects.select_related("case").get(pk=meeting_id)
    url = meeting_url(meeting)
    sent = 0
    for invitee in _invitees(invitee_ids):
        address = _address(invitee)
        if not address:
            continue
        message = EmailMessage(
            _("Cancelled: multidisciplinary meeting (MDO) on %(when)s") % {"when": _when(meeting)},
            _("The multidisciplinary meeting (MDO) on %(when)s does not take place. See: %(link)s")
            % {"when": _when(meeting), "link": url},
            settings.DEFAULT_FROM_EMAIL,
            [address],
        )
        message.attach(
            "mdo.ics",
            calendar([event_for(meeting, url=url, cancelled=True)], method="CANCEL"),
            "text/calendar; method=CANCEL; charset=utf-8",
        )
        message.send()
        sent += 1
    return sent


def upcoming_feed(meetings: Iterable[Meeting], *, now: dt.datetime | None = None) -> bytes:
    """A person's upcoming meetings as one calendar: "MDO" and a link, nothing else."""
    return calendar(event_for(m, url=meeting_url(m)) for m in meetings)
