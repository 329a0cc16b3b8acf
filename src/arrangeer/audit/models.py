"""The NEN 7513 access log: who saw or did what with a child's data, when, and on what ground.

The log has no foreign keys on purpose: it must outlive the people, organisations, children and
cases it mentions, so it keeps snapshots (a user name, an organisation name) and pseudonymous
references instead. Rows are append-only; the database refuses changes too (see `triggers`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NoReturn

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .constants import Basis, Channel, DataCategory, Event, Outcome

GENESIS_HASH = "0" * 64


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete access log entries through the ORM."""


_WRITE_THROUGH_SERVICE = (
    "Access log entries are written only by "
    "arrangeer.audit.services.write_access_records(), which keeps the hash chain."
)
_APPEND_ONLY = "The access log is append-only: entries cannot be changed or deleted."


class AccessLogQuerySet(models.QuerySet["AccessLogEntry"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(_APPEND_ONLY)

    def delete(self) -> NoReturn:
        raise AppendOnlyError(_APPEND_ONLY)

    def bulk_update(
        self,
        objs: Iterable[AccessLogEntry],
        fields: Iterable[str],
        batch_size: int | None = None,
    ) -> NoReturn:
        raise AppendOnlyError(_APPEND_ONLY)

    # The collector's fast path for deleting without signals.
    def _raw_delete(self, using: str | None) -> NoReturn:
        raise AppendOnlyError(_APPEND_ONLY)


class AccessLogEntry(models.Model):
    seq = models.PositiveBigIntegerField(
        _("sequence number"),
        unique=True,
        help_text=_("Position in the hash chain: 1, 2, 3 … without gaps."),
    )
    occurred_at = models.DateTimeField(_("occurred at"), default=timezone.now)
    event = models.CharField(_("event"), max_length=10, choices=Event.choices)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)

    user_id = models.BigIntegerField(_("user id"), null=True, blank=True)
    username = models.CharField(
        _("user name"),
        max_length=150,
        blank=True,
        help_text=_("The user name at the moment of access (kept when the account is gone)."),
    )
    role = models.CharField(_("role"), max_length=40, blank=True)
    organisation_id = models.BigIntegerField(_("organisation id"), null=True, blank=True)
    organisation_name = models.CharField(_("organisation name"), max_length=200, blank=True)
    responsible_user_id = models.BigIntegerField(
        _("responsible user id"),
        null=True,
        blank=True,
        help_text=_("The person on whose behalf the access happened, e.g. for a command."),
    )

    child_pseudonym = models.UUIDField(
        _("child pseudonym"),
        null=True,
        blank=True,
        help_text=_("The child's pseudonymous id: never a name or BSN."),
    )
    case_ref = models.UUIDField(_("case reference"), null=True, blank=True)
    object_type = models.CharField(_("object type"), max_length=40, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    data_category = models.CharField(
        _("data category"), max_length=20, choices=DataCategory.choices, blank=True
    )
    basis = models.CharField(_("basis"), max_length=30, choices=Basis.choices, default=Basis.NONE)
    consent_id = models.BigIntegerField(_("consent id"), null=True, blank=True)
    client_address = models.GenericIPAddressField(_("client address"), null=True, blank=True)

    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log entries")
        # A composite index per reader replaces single-column indexes on case_ref and
        # child_pseudonym: its leading column serves those lookups too, and every extra index
        # costs on the write path of every page.
        indexes = [
            models.Index(fields=["case_ref", "occurred_at", "seq"], name="audit_case_time"),
            models.Index(fields=["child_pseudonym", "occurred_at", "seq"], name="audit_child_time"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.occurred_at:%Y-%m-%d %H:%M:%S} {self.username} {self.event}"

    def save(self, *args: Any, **kwargs: Any) -> NoReturn:
        # New rows are refused as well: a row saved on its own would have no place in the chain.
        if self._state.adding:
            raise AppendOnlyError(_WRITE_THROUGH_SERVICE)
        raise AppendOnlyError(_APPEND_ONLY)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(_APPEND_ONLY)


class ChainHead(models.Model):
    """The end of the hash chain, one row. Writers lock it, so sequence numbers never collide,
    and it lets the verifier notice records removed from or added to the end of the log."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.PositiveBigIntegerField(_("last sequence number"), default=0)
    last_hash = models.CharField(_("last hash"), max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("access log chain head")
        verbose_name_plural = _("access log chain heads")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="audit_chainhead_single_row"),
        ]

    def __str__(self) -> str:
        return f"#{self.last_seq} {self.last_hash[:12]}"
