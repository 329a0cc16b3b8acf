"""The daily reminder mail (`manage.py send_reminders`): per person one mail with the
actions whose reminder day has come and that were not mailed before.

The mail says what kind of action waits and links to it; it names no child and holds no
details (mail is not a safe place for special-category data). What was sent is recorded per
person and action key, so a second run — the same day or any later day — sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from arrangeer.accounts.models import User
from arrangeer.audit.constants import Channel
from arrangeer.cases.access import Actor
from arrangeer.cases.constants import CaseStatus, MemberStatus
from arrangeer.core import tasks
from arrangeer.routes.models import ReminderSent

from .actions import Action, actions_for, extra_people, log_shown, sources


@dataclass
class ReminderReport:
    people: int = 0
    mails: int = 0
    actions: int = 0
    recipients: list[str] = field(default_factory=list)


def people_to_remind() -> list[User]:
    """Everyone on the team of an open case, and who may have actions without a case (the
    receiving coordinator of a waiting aanmelding)."""
    on_a_team = User.objects.filter(
        memberships__is_active=True,
        memberships__case_teams__status=MemberStatus.ACTIVE,
        memberships__case_teams__case__status=CaseStatus.OPEN,
    ).values("pk")
    found = Q(pk__in=on_a_team)
    for people in extra_people():
        found |= Q(pk__in=people.values("pk"))
    return list(User.objects.filter(found, is_active=True).exclude(email="").order_by("pk"))


def compose(user: User, actions: list[Action]) -> tuple[str, str]:
    """Subject and body: the kind of each action and a link, nothing about a child."""
    known = sources()
    subject = ngettext(
        "Arrangeer: %(n)d new action for you",
        "Arrangeer: %(n)d new actions for you",
        len(actions),
    ) % {"n": len(actions)}
    lines = [_("Hello %(name)s,") % {"name": user.get_full_name() or user.get_username()}, ""]
    lines.append(_("Something is waiting for you in Arrangeer:"))
    lines.append("")
    for action in actions:
        source = known.get(action.source)
        text = str(source.mail) if source else _("An action is waiting for you.")
        lines.append(f"- {text}")
        lines.append(f"  {settings.SITE_URL}{action.url}")
    lines += [
        "",
        _("All your actions: %(url)s") % {"url": settings.SITE_URL + reverse("actions:my_actions")},
        "",
        _(
            "This mail names no child, to protect the privacy of the children and families. "
            "Log in to see what it is about."
        ),
    ]
    return subject, "\n".join(lines)


def send_reminders(
    *, today: dt.date | None = None, now: dt.datetime | None = None, dry_run: bool = False
) -> ReminderReport:
    now = now or timezone.now()
    today = today or timezone.localtime(now).date()
    report = ReminderReport()
    for user in people_to_remind():
        report.people += 1
        due = [
            a
            for a in actions_for(user, today=today, at=now)
            if a.remind_from is not None and a.remind_from <= today
        ]
        if not due:
            continue
        try:
            with transaction.atomic():
                sent = set(
                    ReminderSent.objects.filter(
                        user=user, key__in=[a.key for a in due]
                    ).values_list("key", flat=True)
                )
                new = [a for a in due if a.key not in sent]
                if not new:
                    continue
                report.mails += 1
                report.actions += len(new)
                report.recipients.append(user.get_username())
                if dry_run:
                    transaction.set_rollback(True)
                    continue
                ReminderSent.objects.bulk_create(
                    ReminderSent(user=user, key=a.key, kind=a.source, case=a.case, sent_on=today)
                    for a in new
                )
                # The job read these cases (and aanmeldingen) for this person: the access log
                # says so.
                log_shown(Actor(user, channel=Channel.COMMAND), new)
                with translation.override(user.language or settings.LANGUAGE_CODE):
                    subject, body = compose(user, new)
                tasks.on_commit(tasks.send_mail, subject, body, [user.email])
        except IntegrityError:
            # Another run recorded these keys at the same moment: it sends them.
            continue
    return report
