"""Telling the referrer and the receiving school by mail, in the product's style
(`cases.notices`): the kind of news and a link behind the login, never the child. The
aanmelding's reference names no child; the mail holds nothing else of it."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arrangeer.accounts.models import User
from arrangeer.core import tasks
from arrangeer.organisations.models import Membership

from .access import receiving_place
from .constants import ReferralStatus
from .models import Referral

# Lazy texts: each is read in the recipient's language when the mail goes out. The queued
# task carries only the key (core.tasks: ids and plain values).
_OPENING = {
    "news": gettext_lazy("There is news about the aanmelding with reference %(reference)s."),
    "answered": gettext_lazy(
        "The referrer answered your question about the aanmelding with reference %(reference)s."
    ),
    "new": gettext_lazy("A new aanmelding with reference %(reference)s waits for your decision."),
}
_STATUS_NEWS = {
    ReferralStatus.QUESTION: gettext_lazy("The receiving organisation asks for more information."),
    ReferralStatus.ACCEPTED: gettext_lazy("The receiving organisation accepted it."),
    ReferralStatus.DECLINED: gettext_lazy(
        "The receiving organisation declined it; the reason is on the page."
    ),
    ReferralStatus.STARTED: gettext_lazy("The programme has started."),
    ReferralStatus.ENDED: gettext_lazy("The programme has ended."),
}


@tasks.background
def _mail(user_id: int, reference: str, opening: str, status: str, path: str) -> None:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return
    news = _STATUS_NEWS.get(ReferralStatus(status), "") if status else ""
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = _("Arrangeer: aanmelding %(reference)s") % {"reference": reference}
        body = "\n".join(
            [
                _("Hello %(name)s,") % {"name": user.first_name or user.get_username()},
                "",
                str(_OPENING[opening]) % {"reference": reference},
                str(news),
                "",
                settings.SITE_URL + path,
                "",
                _(
                    "This mail names no child and holds no details, to protect the child's "
                    "privacy. Log in to see more."
                ),
            ]
        )
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


def tell_referrer(referral: Referral, status: str) -> None:
    """After the transaction commits: the referrer hears that the status changed."""
    tasks.on_commit(
        _mail,
        referral.referrer_id,
        referral.reference,
        "news",
        str(ReferralStatus(status)),
        reverse("referrals:status", kwargs={"referral_id": referral.uuid}),
    )


def tell_receivers(referral: Referral, *, answered: bool = False) -> None:
    """After the transaction commits: every receiver at the receiving organisation (a school's
    support coordinators, an SWV's education specialists) hears that an aanmelding (or the
    referrer's answer) waits for them."""
    opening = "answered" if answered else "new"
    path = reverse("referrals:detail", kwargs={"referral_id": referral.uuid})
    receivers = (
        Membership.objects.active()
        .filter(receiving_place(), organisation_id=referral.receiving_organisation_id)
        .values_list("user_id", flat=True)
        .distinct()
    )
    for user_id in sorted(set(receivers)):
        tasks.on_commit(_mail, user_id, referral.reference, opening, "", path)
