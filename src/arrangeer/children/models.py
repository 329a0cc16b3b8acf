from __future__ import annotations

import datetime as dt
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from simple_history.models import HistoricalRecords

from arrangeer.organisations.constants import SchoolSector
from arrangeer.vocabulary import AgeBand

from .ages import OWN_ACCOUNT_AGE, age_band, age_on
from .constants import Relation
from .validators import validate_bsn, validate_person_name


class Child(models.Model):
    """The jeugdige. Identified in URLs only through cases (opaque UUIDs); the pseudonym is
    what the access log records, so the log never holds a name or BSN."""

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    pseudonym = models.UUIDField(default=uuid4, unique=True, editable=False)
    first_name = models.CharField(
        _("first name"), max_length=100, validators=[validate_person_name]
    )
    last_name = models.CharField(_("last name"), max_length=150, validators=[validate_person_name])
    date_of_birth = models.DateField(_("date of birth"))
    bsn = models.CharField(
        _("BSN"),
        max_length=9,
        blank=True,
        validators=[validate_bsn],
        help_text=_("Citizen service number. Optional; only shown to roles that need it."),
    )
    school = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pupils",
        verbose_name=_("school"),
        limit_choices_to={"type": "school"},
    )
    group = models.CharField(_("group or class"), max_length=40, blank=True)
    sector = models.CharField(_("sector"), max_length=5, choices=SchoolSector.choices, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    home_language = models.CharField(_("language at home"), max_length=60, blank=True)
    interpreter_needed = models.BooleanField(_("interpreter needed"), default=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="child_record",
        verbose_name=_("account of the young person"),
    )
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    # The BSN is stored once: not in the change history.
    history = HistoricalRecords(excluded_fields=["bsn"])

    class Meta:
        verbose_name = _("child")
        verbose_name_plural = _("children")
        constraints = [
            models.UniqueConstraint(
                fields=["bsn"],
                condition=~models.Q(bsn=""),
                name="children_unique_bsn",
                violation_error_message=_("Another child is already registered with this BSN."),
            ),
        ]
        # "My cases" is in name order: a long caseload walks this index and stops at a page.
        indexes = [
            models.Index(fields=["last_name", "first_name", "id"], name="children_name_order")
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def age(self, day: dt.date | None = None) -> int:
        from django.utils import timezone

        return age_on(self.date_of_birth, day or timezone.localdate())

    def age_band(self, day: dt.date | None = None) -> AgeBand:
        return age_band(self.age(day))

    def may_use_own_account(self, day: dt.date | None = None) -> bool:
        """From 12 the child uses an account of its own; before that the parents use theirs."""
        return self.age(day) >= OWN_ACCOUNT_AGE


class LegalRepresentative(models.Model):
    """A parent or carer, with or without parental authority (gezag)."""

    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, related_name="representatives", verbose_name=_("child")
    )
    first_name = models.CharField(
        _("first name"), max_length=100, validators=[validate_person_name]
    )
    last_name = models.CharField(_("last name"), max_length=150, validators=[validate_person_name])
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    has_authority = models.BooleanField(
        _("has parental authority (gezag)"),
        default=True,
        help_text=_("Only a parent or carer with parental authority can give consent and agree."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    bsn = models.CharField(
        _("BSN"),
        max_length=9,
        blank=True,
        validators=[validate_bsn],
        help_text=_(
            "Citizen service number. Optional; with it the parent logs in with DigiD "
            "without an invitation."
        ),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="represented_children",
        verbose_name=_("account"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    # The BSN is stored once: not in the change history.
    history = HistoricalRecords(excluded_fields=["bsn"])

    class Meta:
        verbose_name = _("parent or carer")
        verbose_name_plural = _("parents and carers")
        ordering = ["-has_authority", "last_name", "first_name"]
        # DigiD logins look the parent up by BSN.
        indexes = [
            models.Index(
                fields=["bsn"], name="children_representative_bsn", condition=~models.Q(bsn="")
            )
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} ({self.get_relation_display()})"
