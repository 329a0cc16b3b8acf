"""Changing a planned meeting: its time, place and practicalities (with its version
checked), its cancellation and its agenda."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.audit.constants import Event
from arrangeer.cases import notices
from arrangeer.cases.access import CaseAccess
from arrangeer.cases.constants import NoticeKind
from arrangeer.core import tasks
from arrangeer.core.models_util import require_transition

from .. import invitations
from ..constants import (
    MEETING_TRANSITIONS,
    SENT_STATUSES,
    MeetingStatus,
)
from ..models import AgendaItem, Meeting
from .common import (
    MeetingTimes,
    _lock,
    _log,
    _overlap_warning,
    _require_version,
    _save,
    chair_overlaps,
)


@transaction.atomic
def change_meeting(
    access: CaseAccess,
    meeting: Meeting,
    *,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str,
    video_link: str,
    room: str,
    interpreter_needed: bool,
    interpreter_language: str,
    consent_forms_prepared: bool,
    rhythm_weeks: int | None,
    confirm_overlap: bool = False,
    expected_version: int | None = None,
) -> Meeting:
    """A change of time or place raises the invitation's version: the next sending mails an
    update (SEQUENCE+1) to everyone invited before. Refused (StaleVersion) when the meeting
    was changed since `expected_version`, the version the caller read."""
    locked = _lock(access, meeting)
    _require_version(locked, expected_version)
    times = MeetingTimes(starts_at, ends_at)
    moved = (starts_at, ends_at) != (locked.starts_at, locked.ends_at)
    _check_change(locked, times, moved=moved, place=place, video_link=video_link)
    if interpreter_needed and not interpreter_language.strip():
        raise ValidationError(
            {"interpreter_language": _("Which language does the interpreter speak?")}
        )
    if moved:
        overlaps = chair_overlaps(locked.chair, times, exclude=locked)
        if overlaps and not confirm_overlap:
            raise _overlap_warning(overlaps)
    told = moved or place.strip() != locked.place or video_link.strip() != locked.video_link
    if told:
        locked.sequence += 1
    locked.starts_at, locked.ends_at = starts_at, ends_at
    locked.place, locked.video_link, locked.room = place.strip(), video_link.strip(), room.strip()
    locked.interpreter_needed = interpreter_needed
    locked.interpreter_language = interpreter_language.strip()
    locked.consent_forms_prepared = consent_forms_prepared
    locked.rhythm_weeks = rhythm_weeks
    _save(locked)
    _log(access, locked, category=locked.category)
    if told:
        notices.tell_family(
            locked.case,
            kind=NoticeKind.MEETING,
            key=f"meeting:{locked.pk}:{locked.sequence}",
            acting_user=access.user,
        )
    return locked


def _check_change(
    locked: Meeting, times: MeetingTimes, *, moved: bool, place: str, video_link: str
) -> None:
    """A planned meeting, ending after it starts, not moved into the past, somewhere."""
    if locked.status != MeetingStatus.PLANNED:
        raise ValidationError(_("Only a planned meeting can be changed."))
    if times.ends_at <= times.starts_at:
        raise ValidationError({"ends_at": _("The meeting must end after it starts.")})
    if moved and times.starts_at < timezone.now():
        raise ValidationError({"starts_at": _("The start lies in the past. Choose a later time.")})
    if not place.strip() and not video_link.strip():
        raise ValidationError({"place": _("Give a place or a video link.")})


@transaction.atomic
def cancel_meeting(access: CaseAccess, meeting: Meeting) -> Meeting:
    locked = _lock(access, meeting)
    require_transition(
        MEETING_TRANSITIONS,
        locked.status,
        MeetingStatus.CANCELLED,
        _("Only a planned meeting can be cancelled."),
    )
    locked.status = MeetingStatus.CANCELLED
    locked.sequence += 1
    _save(locked, ["status", "sequence"])
    # The family's own message first, then the calendar's cancellations to who was invited.
    notices.tell_family(
        locked.case,
        kind=NoticeKind.MEETING_CANCELLED,
        key=f"cancelled:{locked.pk}",
        acting_user=access.user,
    )
    sent = list(locked.invitees.filter(status__in=SENT_STATUSES).values_list("pk", flat=True))
    if sent:
        tasks.on_commit(invitations.send_cancellations, locked.pk, sent)
    _log(access, locked)
    return locked


# --- agenda --------------------------------------------------------------------------------


@transaction.atomic
def add_agenda_item(access: CaseAccess, meeting: Meeting, *, title: str) -> AgendaItem:
    locked = _lock(access, meeting)
    if not title.strip():
        raise ValidationError({"title": _("Give the agenda item a title.")})
    last = locked.agenda.aggregate(last=Max("position"))["last"] or 0
    item = AgendaItem.objects.create(meeting=locked, position=last + 1, title=title.strip())
    _log(access, item, event=Event.CREATE)
    return item


@transaction.atomic
def move_agenda_item(access: CaseAccess, item: AgendaItem, *, up: bool) -> None:
    """Swap with the neighbour above or below; positions are renumbered 1..n on the way."""
    _lock(access, item.meeting)
    items = list(AgendaItem.objects.filter(meeting_id=item.meeting_id).order_by("position", "pk"))
    index = next(i for i, it in enumerate(items) if it.pk == item.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for position, it in enumerate(items, start=1):
        it.position = position
    AgendaItem.objects.bulk_update(items, ["position"])
    _log(access, item)


@transaction.atomic
def remove_agenda_item(access: CaseAccess, item: AgendaItem) -> None:
    locked = _lock(access, item.meeting)
    if locked.status != MeetingStatus.PLANNED:
        raise ValidationError(_("The agenda of a held meeting stays as it was."))
    _log(access, item, event=Event.DELETE)
    item.delete()
