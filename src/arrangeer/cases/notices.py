"""Telling the family by mail: the portal's promise "we laten het u weten als we u nodig hebben".

The services of the plan, the MDO and consent call `tell_family` inside their transaction when
something happens that the family should know of. Each family member who may see it gets a
notice (once per person and event, by its key) and, by their mail preference:
- at once (`transaction.on_commit`): by default what waits for their decision (the plan waits
  for their agreement, an invitee waits for their approval) and a meeting that does not take
  place;
- in the daily mail (`manage.py send_family_digest`, from cron): by default the rest (a
  consent stopped or expired, a meeting planned or moved, minutes shared). At most one such
  mail per person per day, whatever the number of cases and events;
- or not at all, if they chose so on their account page (/gezin/mijn-account/).

A mail names no child and holds nothing of the case: what kind of thing waits, and a link to
the portal behind the login (mail is not a safe place for special-category data).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from arrangeer.accounts.models import User
from arrangeer.core import tasks

from .access import FamilyMember, family_members
from .constants import URGENT_NOTICES, CaseStatus, MailMoment, NoticeKind
from .models import Case, FamilyNotice, MailPreference

# Where the link in the mail leads, per kind: the page where the thing waits.
_PAGE = {
    NoticeKind.AGREEMENT: "portal:agreement",
    NoticeKind.CONSENT: "portal:consents",
}


def _concerns(kind: str, member: FamilyMember, category: str) -> bool:
    """Who is told what: a decision only to those who take it; the rest to everyone of the
    family who sees it in the portal."""
    place = member.place
    if category and category not in member.categories:
        return False
    if kind == NoticeKind.AGREEMENT:
        return place.can_agree
    if kind == NoticeKind.INVITEE:
        return place.has_authority
    if kind == NoticeKind.CONSENT:
        return place.can_decide_consent
    return True


def default_moment(kind: str) -> str:
    return MailMoment.NOW if kind in URGENT_NOTICES else MailMoment.DAILY


def moments_of(user: User) -> dict[str, str]:
    """The person's choice per kind, the default where they chose nothing."""
    chosen = MailPreference.objects.filter(user=user).values_list("moments", flat=True).first()
    chosen = chosen or {}
    return {
        kind: chosen.get(kind, default_moment(kind))
        if chosen.get(kind) in MailMoment.values
        else default_moment(kind)
        for kind in NoticeKind.values
    }


def kinds_for(user: User) -> list[str]:
    """The kinds a person can be told of: a young person decides neither on the plan's
    agreement nor on the meeting's invitees."""
    from arrangeer.accounts.constants import AccountKind

    if user.kind == AccountKind.YOUTH:
        return [k for k in NoticeKind.values if k not in (NoticeKind.AGREEMENT, NoticeKind.INVITEE)]
    return list(NoticeKind.values)


@transaction.atomic
def set_mail_preferences(user: User, *, acting_user: User, moments: Mapping[str, str]) -> None:
    """A family member chooses, per kind, when they get mail. Only for themselves."""
    if acting_user.pk != user.pk:
        raise ValidationError(_("You choose your own mail preferences only."))
    errors = {
        kind: _("Choose when you want a mail.")
        for kind, moment in moments.items()
        if kind not in NoticeKind.values or moment not in MailMoment.values
    }
    if errors:
        raise ValidationError(errors)
    preference, _created = MailPreference.objects.select_for_update().get_or_create(user=user)
    preference.moments = {**preference.moments, **dict(moments)}
    preference.save()


def tell_family(
    case: Case,
    *,
    kind: str,
    key: str,
    category: str = "",
    acting_user: User | None = None,
) -> int:
    """Record that the family is to hear of `kind` (once per person for `key`) and mail at
    once whoever wants it so. Call inside the service's transaction: nothing is mailed if it
    rolls back. The person who did it themselves (a parent withdrawing consent) is not told.
    Returns the number of people told."""
    if case.status != CaseStatus.OPEN:
        return 0
    told = 0
    for member in family_members(case):
        user = member.user
        if acting_user is not None and user.pk == acting_user.pk:
            continue
        if not user.email or not _concerns(kind, member, category):
            continue
        moment = moments_of(user)[kind]
        if moment == MailMoment.NEVER:
            continue
        now = timezone.now()
        try:
            with transaction.atomic():
                notice = FamilyNotice.objects.create(
                    user=user,
                    case=case,
                    kind=kind,
                    key=key[:80],
                    moment=moment,
                    mailed_at=now if moment == MailMoment.NOW else None,
                )
        except IntegrityError:
            continue  # told before, for this very event
        told += 1
        if moment == MailMoment.NOW:
            tasks.on_commit(_mail, user.pk, [notice.pk])
    return told


def _link(notice: FamilyNotice) -> str:
    view = _PAGE.get(NoticeKind(notice.kind), "portal:home")
    return settings.SITE_URL + reverse(view, kwargs={"case_id": notice.case.uuid})


def compose(user: User, notices: list[FamilyNotice]) -> tuple[str, str]:
    """Subject and body in the person's language: the kind of each thing and a link."""
    if len(notices) == 1:
        subject = _("Arrangeer: %(what)s") % {"what": NoticeKind(notices[0].kind).label}
    else:
        subject = ngettext(
            "Arrangeer: %(n)d new message about the plan",
            "Arrangeer: %(n)d new messages about the plan",
            len(notices),
        ) % {"n": len(notices)}
    lines = [_("Hello %(name)s,") % {"name": user.first_name or user.get_username()}, ""]
    lines.append(_("There is news in the Arrangeer portal:"))
    lines.append("")
    for notice in notices:
        lines.append(f"- {NoticeKind(notice.kind).label}")
        lines.append(f"  {_link(notice)}")
    lines += [
        "",
        _("Log in to see what it is about."),
        "",
        _(
            "This mail names no child and holds no details, to protect your family's privacy. "
            "Choose which mails you get, and when, on your account page: %(url)s"
        )
        % {"url": settings.SITE_URL + reverse("portal:account")},
    ]
    return subject, "\n".join(lines)


@tasks.background
def _mail(user_id: int, notice_ids: list[int]) -> None:
    user = User.objects.get(pk=user_id)
    notices = list(
        FamilyNotice.objects.filter(pk__in=notice_ids).select_related("case").order_by("pk")
    )
    if not notices or not user.email:
        return
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject, body = compose(user, notices)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


def settle_without_mail() -> int:
    """Mark every waiting notice as handled without mailing it: for data loaded through the
    services that nobody is to be told about (the demo)."""
    return FamilyNotice.objects.filter(mailed_at__isnull=True).update(mailed_at=timezone.now())


# The daily mail --------------------------------------------------------------------------


@dataclass
class DigestReport:
    expired: int = 0
    mails: int = 0
    notices: int = 0
    recipients: list[str] = field(default_factory=list)


def tell_about_expired_consents(*, today: dt.date, days_back: int = 30) -> int:
    """Consents whose end date passed (in the last `days_back` days, so a missed run catches
    up): the family hears of each once (the key)."""
    from arrangeer.consents.models import Consent

    expired = (
        Consent.objects.filter(
            withdrawn_at__isnull=True,
            valid_until__lt=today,
            valid_until__gte=today - dt.timedelta(days=days_back),
            case__status=CaseStatus.OPEN,
        )
        .select_related("case__child")
        .order_by("pk")
    )
    told = 0
    for consent in expired:
        told += tell_family(
            consent.case, kind=NoticeKind.CONSENT, key=f"consent_expired:{consent.pk}"
        )
    return told


def send_family_digest(*, now: dt.datetime | None = None, dry_run: bool = False) -> DigestReport:
    """One mail per person with everything waiting for the daily mail; none for a person who
    already had their daily mail today (a second run the same day sends nothing)."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    report = DigestReport()
    with transaction.atomic():
        report.expired = tell_about_expired_consents(today=today)
        if dry_run:
            transaction.set_rollback(True)
    waiting = (
        FamilyNotice.objects.filter(mailed_at__isnull=True, case__status=CaseStatus.OPEN)
        .order_by()
        .values_list("user_id", flat=True)
        .distinct()
    )
    start_of_day = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    for user_id in sorted(set(waiting)):
        with transaction.atomic():
            if FamilyNotice.objects.filter(
                user_id=user_id, in_digest=True, mailed_at__gte=start_of_day
            ).exists():
                continue
            ids = list(
                FamilyNotice.objects.select_for_update(skip_locked=True)
                .filter(user_id=user_id, mailed_at__isnull=True, case__status=CaseStatus.OPEN)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            if not ids:
                continue
            report.mails += 1
            report.notices += len(ids)
            report.recipients.append(str(user_id))
            if dry_run:
                continue
            FamilyNotice.objects.filter(pk__in=ids).update(mailed_at=now, in_digest=True)
            tasks.on_commit(_mail, user_id, ids)
    return report
