from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from .constants import AccountKind


# django-otp's devices (an untyped library) point at the user; the stubs cannot name their
# reverse managers.
class User(AbstractUser):  # type: ignore[django-manager-missing]
    """Every person who logs in: professionals, parents and young people.

    Roles of professionals come from `organisations.Membership`; parents and young people are
    linked to a child by the children app. An account can later be reached through an external
    identity (OIDC, DigiD) without a new account: see `ExternalIdentity`.
    """

    kind = models.CharField(
        _("kind of account"),
        max_length=20,
        choices=AccountKind.choices,
        default=AccountKind.PROFESSIONAL,
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The language of the pages; empty means the browser's language."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="accounts_user_email_unique",
                violation_error_message=_("Another account already uses this e-mail address."),
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_professional(self) -> bool:
        return self.kind == AccountKind.PROFESSIONAL

    @property
    def is_young_person(self) -> bool:
        """The young person's own account: the portal speaks to them as "je", to a parent as
        "u" (docs/portal.md)."""
        return self.kind == AccountKind.YOUTH


def external_subject_digest(issuer: str, subject: str) -> str:
    """A keyed digest of an identity provider's subject.

    DigiD's subject carries the BSN; keeping only a keyed digest means the BSN is stored once
    (on the child or parent record where a role needs it), never a second time here.
    """
    message = f"{issuer}\x00{subject}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


class ExternalIdentity(models.Model):
    """Links an account to a subject at an external identity provider (OIDC, later DigiD)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="external_identities", verbose_name=_("user")
    )
    issuer = models.CharField(_("issuer"), max_length=255)
    subject_digest = models.CharField(_("subject digest"), max_length=64)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("external identity")
        verbose_name_plural = _("external identities")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "subject_digest"], name="accounts_external_identity_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.issuer} → {self.user}"
