"""Each person's upcoming MDOs as an ICS feed at a secret address. The feed carries "MDO", the
time, the place and a link to the meeting page behind the login — never a child's name — and
only meetings of cases the person may still see, that they may see themselves
(`rules.visible_to`: not while the parents' answer about them is awaited or was no)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from arrangeer.accounts.models import User
from arrangeer.cases.access import Actor, log_listed, visible_cases

from . import rules
from .constants import MeetingStatus
from .models import CalendarFeed, Meeting


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def regenerate(user: User) -> str:
    """A new secret address (the old one stops working). Returns the token, shown once."""
    key_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(
        user=user, defaults={"key_id": key_id, "digest": _digest(secret)}
    )
    return f"{key_id}.{secret}"


@transaction.atomic
def revoke(user: User) -> None:
    CalendarFeed.objects.filter(user=user).delete()


def owner_of(token: str) -> User | None:
    key_id, _sep, secret = token.partition(".")
    feed = CalendarFeed.objects.select_related("user").filter(key_id=key_id).first()
    if feed is None or not secret or not hmac.compare_digest(feed.digest, _digest(secret)):
        return None
    return feed.user if feed.user.is_active else None


def upcoming_for(user: User, *, now: dt.datetime | None = None) -> list[Meeting]:
    now = now or timezone.now()
    return list(
        Meeting.objects.filter(
            case__in=visible_cases(user, at=now),
            status=MeetingStatus.PLANNED,
            ends_at__gte=now - dt.timedelta(days=1),
        )
        .filter(Q(invitees__team_member__membership__user=user) | Q(chair__membership__user=user))
        .filter(rules.visible_to(user.pk))
        .select_related("case", "case__child")
        .distinct()
        .order_by("starts_at")[:200]
    )


def read_feed(actor: Actor, *, now: dt.datetime | None = None) -> list[Meeting]:
    """The feed's meetings for the person the address belongs to, with one access-log record
    per case in it (object "calendar_feed"): a calendar fetching the address reads case data
    as a page would."""
    meetings = upcoming_for(actor.user, now=now)
    cases = {meeting.case_id: meeting.case for meeting in meetings}
    log_listed(actor, cases.values(), object_type="calendar_feed")
    return meetings
