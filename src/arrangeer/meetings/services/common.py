"""What the meetings' services share: who may manage a meeting, the lock on it and its
version, the access log, and the checks of a meeting's time and chair."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.audit.constants import Event
from arrangeer.cases.access import CaseAccess, log_change
from arrangeer.cases.constants import MemberStatus
from arrangeer.cases.models import TeamMember
from arrangeer.core.models_util import require_version

from ..constants import (
    CHAIR_ROLES,
    MeetingStatus,
)
from ..models import Meeting

OBJECT = "meeting"


class OverlapWarning(ValidationError):
    """The chair is booked at an overlapping time: a warning the user may confirm past."""


@dataclass(frozen=True)
class MeetingTimes:
    starts_at: dt.datetime
    ends_at: dt.datetime


# --- who may -------------------------------------------------------------------------------


def is_organiser(access: CaseAccess, meeting: Meeting) -> bool:
    """The Integraal Loket's adviser who planned a gouden driehoek, through the Loket's door
    (`access_case_for_advice`: only while the family's consent for the Loket holds)."""
    return (
        access.is_advice_seat
        and meeting.organiser_id is not None
        and access.seat is not None
        and meeting.organiser_id == access.seat.pk
    )


def is_chair(access: CaseAccess, meeting: Meeting) -> bool:
    """The meeting's chair; the organiser of a gouden driehoek leads it as its chair."""
    if is_organiser(access, meeting):
        return True
    return access.member is not None and any(m.pk == meeting.chair_id for m in access.all_members)


def can_manage(access: CaseAccess, meeting: Meeting) -> bool:
    return access.is_regisseur or is_chair(access, meeting)


def require_manager(access: CaseAccess, meeting: Meeting) -> None:
    if not can_manage(access, meeting):
        raise PermissionDenied(_("Only the chair or the regisseur can do this."))


def _lock(access: CaseAccess, meeting: Meeting) -> Meeting:
    assert transaction.get_connection().in_atomic_block
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk, case=access.case)
    require_manager(access, locked)
    return locked


def _save(locked: Meeting, fields: Sequence[str] | None = None) -> None:
    """Save a change to the locked meeting itself, with its version raised: a change based on
    the version before is refused from now on (`_require_version`)."""
    locked.lock_version += 1
    locked.save(update_fields=None if fields is None else [*fields, "lock_version"])


def _require_version(locked: Meeting, expected_version: int | None) -> None:
    """On the locked meeting: still the version the caller read (None: not checked)."""
    require_version(
        locked.lock_version,
        expected_version,
        _(
            "Someone else changed this meeting while you were editing it. Your change was not "
            "saved, so that nothing is overwritten silently; what you entered is still in the "
            "form. Check what is saved now, then save again to keep yours."
        ),
    )


def _log(access: CaseAccess, obj: object, *, event: str = Event.CHANGE, category: str = "") -> None:
    log_change(
        access,
        event=event,
        object_type=type(obj).__name__.lower(),
        object_id=str(getattr(obj, "uuid", getattr(obj, "pk", ""))),
        category=category,
    )


# --- time and chair ------------------------------------------------------------------------------


def _check_times(times: MeetingTimes, *, now: dt.datetime) -> None:
    if times.ends_at <= times.starts_at:
        raise ValidationError({"ends_at": _("The meeting must end after it starts.")})
    if times.starts_at < now:
        raise ValidationError({"starts_at": _("The start lies in the past. Choose a later time.")})


def _check_chair(access: CaseAccess, chair: TeamMember) -> None:
    if (
        chair.case_id != access.case.pk
        or chair.status != MemberStatus.ACTIVE
        or not chair.membership.is_active
    ):
        raise ValidationError({"chair": _("The chair must be an active member of the team.")})
    if (
        chair.membership.role not in CHAIR_ROLES
        and chair.membership.user_id != access.case.regisseur_id
    ):
        raise ValidationError(
            {"chair": _("The chair is the regisseur, a support coordinator or a procesbegeleider.")}
        )


def chair_overlaps(
    chair: TeamMember, times: MeetingTimes, *, exclude: Meeting | None = None
) -> list[Meeting]:
    """Other planned meetings (in any case) that the same person chairs at the same time.
    Only dates, never which case: the warning shows no child."""
    found = Meeting.objects.filter(
        chair__membership__user_id=chair.membership.user_id,
        status=MeetingStatus.PLANNED,
        starts_at__lt=times.ends_at,
        ends_at__gt=times.starts_at,
    )
    if exclude is not None:
        found = found.exclude(pk=exclude.pk)
    return list(found.only("pk", "starts_at", "ends_at"))


def _overlap_warning(overlaps: Sequence[Meeting]) -> OverlapWarning:
    first = overlaps[0]
    return OverlapWarning(
        _(
            "The chair already chairs a meeting at an overlapping time (%(start)s to %(end)s). "
            "Tick “plan it anyway” to keep both."
        )
        % {
            "start": timezone.localtime(first.starts_at).strftime("%d-%m-%Y %H:%M"),
            "end": timezone.localtime(first.ends_at).strftime("%H:%M"),
        },
        code="overlap",
    )
