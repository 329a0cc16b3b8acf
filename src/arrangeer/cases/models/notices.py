"""Telling the family by mail: the notices waiting or sent, and each family member's
choice of when to be mailed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..constants import MailMoment, NoticeKind
from .case import Case


class FamilyNotice(models.Model):
    """That one family member is to be told something about a case, by mail: at once, or in
    the daily mail (`manage.py send_family_digest`). The key makes it once per person and
    event; `mailed_at` is when it went out."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("to")
    )
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="family_notices", verbose_name=_("case")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NoticeKind.choices)
    key = models.CharField(max_length=80)
    moment = models.CharField(_("when"), max_length=10, choices=MailMoment.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    mailed_at = models.DateTimeField(_("mailed at"), null=True, blank=True)
    in_digest = models.BooleanField(_("in the daily mail"), default=False)

    class Meta:
        verbose_name = _("notice to the family")
        verbose_name_plural = _("notices to the family")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="cases_notice_once_per_person"),
        ]
        indexes = [
            models.Index(
                fields=["user"],
                condition=models.Q(mailed_at__isnull=True),
                name="cases_notice_waiting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.user_id}"


class MailPreference(models.Model):
    """A family member's choice per kind of notice: straight away, once a day or not at all.
    A kind not chosen follows the default (urgent ones at once, the others once a day)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mail_preference",
        verbose_name=_("person"),
    )
    moments = models.JSONField(_("when to mail, per kind"), default=dict)
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("mail preference")
        verbose_name_plural = _("mail preferences")

    def __str__(self) -> str:
        return str(self.user_id)
