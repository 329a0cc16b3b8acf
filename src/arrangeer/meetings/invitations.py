"""The invitation mails with their calendar attachment (RFC 5545 and the iTIP methods of RFC
5546 via `icalendar`). Specific about what it is — an MDO, when, where — and silent about the
child: no name, no details, only a link behind the login. Professionals get the meeting page;
parents get their own text (`meetings.family_mail`) and their family page (`/gezin/…`). A
meeting of its own kind (the gouden driehoek, the handover MDO) is named as such, to the family
in plain words. Each mail is in its recipient's language (their account's, else Dutch).

Times are local (Europe/Amsterdam, the site's time zone) with TZID and a VTIMEZONE, as Dutch
calendars expect; ORGANIZER is the sender's plain `mailto:` address and every REQUEST and
CANCEL names its ATTENDEE."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from icalendar import Calendar, Event, vCalAddress, vText

from arrangeer.core import tasks

from . import family_mail
from .constants import MDO_KINDS
from .models import Invitee, Meeting

PRODID = "-//Arrangeer//MDO//NL"
ICS_NAME = "mdo.ics"


def meeting_url(meeting: Meeting) -> str:
    return settings.SITE_URL + reverse(
        "meetings:detail", kwargs={"case_id": meeting.case.uuid, "meeting_id": meeting.uuid}
    )


def family_url(meeting: Meeting) -> str:
    """The meeting on the family's own pages (a parent cannot open the professionals' page)."""
    return settings.SITE_URL + reverse(
        "portal:meeting_preparation",
        kwargs={"case_id": meeting.case.uuid, "meeting_id": meeting.uuid},
    )


def family_home_url(meeting: Meeting) -> str:
    return settings.SITE_URL + reverse("portal:home", kwargs={"case_id": meeting.case.uuid})


def uid(meeting: Meeting) -> str:
    return f"{meeting.uuid}@arrangeer"


def summary(meeting: Meeting) -> str:
    """What a calendar and a mail call the meeting: "MDO", or the name of a meeting of its own
    kind (never the child)."""
    return "MDO" if meeting.kind in MDO_KINDS else str(meeting.get_kind_display())


def organizer() -> vCalAddress:
    """The sender as a calendar address: `mailto:` and the bare address, the name as CN."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    found = vCalAddress(f"mailto:{address}")
    found.params["cn"] = vText(name or "Arrangeer")
    return found


def _attendee(address: str, *, cancelled: bool) -> vCalAddress:
    found = vCalAddress(f"mailto:{address}")
    found.params["role"] = vText("REQ-PARTICIPANT")
    if not cancelled:
        found.params["partstat"] = vText("NEEDS-ACTION")
        found.params["rsvp"] = vText("FALSE")
    return found


def _local(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment, timezone.get_default_timezone())


def event_for(meeting: Meeting, *, url: str, cancelled: bool = False, attendee: str = "") -> Event:
    event = Event()
    event.add("uid", uid(meeting))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", _local(meeting.starts_at))
    event.add("dtend", _local(meeting.ends_at))
    event.add("summary", summary(meeting))
    event.add("description", url)
    event.add("url", url)
    where = ", ".join(p for p in (meeting.place, meeting.room) if p) or meeting.video_link
    if where:
        event.add("location", where)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("organizer", organizer(), encode=False)
    if attendee:
        event.add("attendee", _attendee(attendee, cancelled=cancelled), encode=False)
    return event


def calendar(events: Iterable[Event], *, method: str | None = None) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    if method:
        cal.add("method", method)
    for event in events:
        cal.add_component(event)
    cal.add_missing_timezones()
    ical: bytes = cal.to_ical()
    return ical


def mail_address(invitee: Invitee) -> str:
    """Where an invitee's mail goes: a professional's account, a parent's address. The child
    gets no mail of their own (their parents' invitation is about the same meeting)."""
    if invitee.team_member is not None:
        return invitee.team_member.membership.user.email or ""
    if invitee.representative is not None:
        return invitee.representative.email or ""
    return ""


def _when(meeting: Meeting) -> str:
    start = _local(meeting.starts_at)
    end = _local(meeting.ends_at)
    return f"{start:%d-%m-%Y} {start:%H:%M}-{end:%H:%M}"


def _where(meeting: Meeting) -> str:
    return ", ".join(p for p in (meeting.place, meeting.room, meeting.video_link) if p)


def _invitees(ids: Sequence[int]) -> list[Invitee]:
    return list(
        Invitee.objects.filter(pk__in=ids).select_related(
            "meeting__case", "team_member__membership__user", "representative__user"
        )
    )


def _attach(message: EmailMessage, ics: bytes, method: str) -> None:
    # The charset is added once by the mail library: not in the type given here.
    message.attach(ICS_NAME, ics, f"text/calendar; method={method}")


def _invitation(meeting: Meeting, invitee: Invitee) -> tuple[str, str, str]:
    """Subject, body and link of one invitation: the parents' own, or the professionals'."""
    update = meeting.sequence > 0
    values = {"when": _when(meeting), "where": _where(meeting)}
    if invitee.representative is not None:
        link = family_url(meeting)
        subject, body = family_mail.invitation(meeting, {**values, "link": link}, update=update)
        return subject, body, link
    link = meeting_url(meeting)
    if meeting.kind not in MDO_KINDS:
        # A meeting of its own kind (the gouden driehoek, the handover MDO) says which.
        values = {**values, "kind": summary(meeting)}
        subject = (
            _("Changed: %(kind)s on %(when)s") if update else _("Invitation: %(kind)s on %(when)s")
        ) % values
        body = _(
            "You are invited to a meeting: %(kind)s, on %(when)s. Where: %(where)s.\n\nThe "
            "parents agreed that you take part. Please accept, decline or propose another time "
            "on the meeting page (log in first): %(link)s"
        ) % {**values, "link": link}
        return subject, body, link
    subject = (
        _("Changed: multidisciplinary meeting (MDO) on %(when)s")
        if update
        else _("Invitation: multidisciplinary meeting (MDO) on %(when)s")
    ) % values
    body = _(
        "You are invited to a multidisciplinary meeting (MDO) on %(when)s. "
        "Where: %(where)s.\n\nThe parents agreed that you take part. Please accept, "
        "decline or propose another time on the meeting page (log in first): %(link)s"
    ) % {**values, "link": link}
    return subject, body, link


def _cancellation(meeting: Meeting, invitee: Invitee) -> tuple[str, str, str]:
    """Subject, body and link of one cancellation: the parents' own, or the professionals'."""
    values = {"when": _when(meeting)}
    if invitee.representative is not None:
        link = family_home_url(meeting)
        subject, body = family_mail.cancellation(meeting, {**values, "link": link})
        return subject, body, link
    link = meeting_url(meeting)
    values = {**values, "link": link, "kind": summary(meeting)}
    if meeting.kind not in MDO_KINDS:
        subject = _("Cancelled: %(kind)s on %(when)s") % values
        body = _("The meeting “%(kind)s” on %(when)s does not take place. See: %(link)s") % values
        return subject, body, link
    subject = _("Cancelled: multidisciplinary meeting (MDO) on %(when)s") % values
    body = (
        _("The multidisciplinary meeting (MDO) on %(when)s does not take place. See: %(link)s")
        % values
    )
    return subject, body, link


def _language(invitee: Invitee) -> str:
    """The recipient's own language (their account's), else the product's: a parent with an
    account in Arabic reads the invitation in Arabic."""
    user = None
    if invitee.team_member is not None:
        user = invitee.team_member.membership.user
    elif invitee.representative is not None:
        user = invitee.representative.user
    return (user.language if user is not None else "") or settings.LANGUAGE_CODE


@tasks.background
def send_invitations(meeting_id: int, invitee_ids: Sequence[int]) -> int:
    meeting = Meeting.objects.select_related("case").get(pk=meeting_id)
    sent = 0
    for invitee in _invitees(invitee_ids):
        address = mail_address(invitee)
        if not address:
            continue
        with translation.override(_language(invitee)):
            subject, body, link = _invitation(meeting, invitee)
            event = event_for(meeting, url=link, attendee=address)
        message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
        _attach(message, calendar([event], method="REQUEST"), "REQUEST")
        message.send()
        sent += 1
    return sent


@tasks.background
def send_cancellations(meeting_id: int, invitee_ids: Sequence[int]) -> int:
    meeting = Meeting.objects.select_related("case").get(pk=meeting_id)
    sent = 0
    for invitee in _invitees(invitee_ids):
        address = mail_address(invitee)
        if not address:
            continue
        with translation.override(_language(invitee)):
            subject, body, link = _cancellation(meeting, invitee)
            event = event_for(meeting, url=link, cancelled=True, attendee=address)
        message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
        _attach(message, calendar([event], method="CANCEL"), "CANCEL")
        message.send()
        sent += 1
    return sent


def upcoming_feed(meetings: Iterable[Meeting], *, now: dt.datetime | None = None) -> bytes:
    """A person's upcoming meetings as one calendar: "MDO" and a link, nothing else."""
    return calendar(event_for(m, url=meeting_url(m)) for m in meetings)
