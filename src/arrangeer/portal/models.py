from __future__ import annotations

import datetime as dt
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Invitation(models.Model):
    """A single-use link by mail that lets a parent or the young person make their account.

    Only a digest of the token is stored: whoever reads the database cannot use a link."""

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="invitations", verbose_name=_("case")
    )
    representative = models.ForeignKey(
        "children.LegalRepresentative",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("parent or carer"),
    )
    for_child = models.BooleanField(_("for the young person"), default=False)
    email = models.EmailField(_("e-mail"))
    token_digest = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account made"),
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(for_child=True, representative__isnull=True)
                | models.Q(for_child=False, representative__isnull=False),
                name="portal_invitation_one_invitee",
            ),
        ]

    def __str__(self) -> str:
        return self.email

    def is_open(self, at: dt.datetime | None = None) -> bool:
        return self.used_at is None and self.expires_at > (at or timezone.now())
