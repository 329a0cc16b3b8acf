from __future__ import annotations

import datetime as dt
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simple_history.models import HistoricalRecords

from arrangeer.vocabulary import AgeBand, DataCategory

from .constants import ConsentPurpose, Evidence, GivenWith


class ConsentQuerySet(models.QuerySet["Consent"]):
    def active_on(self, day: dt.date) -> ConsentQuerySet:
        return self.filter(withdrawn_at__isnull=True, valid_from__lte=day).filter(
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=day)
        )

    def active(self) -> ConsentQuerySet:
        return self.active_on(timezone.localdate())

    def for_team(self) -> ConsentQuerySet:
        """The consents that give a team place its ground (not the Loket's advice)."""
        return self.filter(purpose_kind=ConsentPurpose.TEAM)

    def for_purpose(self, purpose: str) -> ConsentQuerySet:
        return self.filter(purpose_kind=purpose)


class Consent(models.Model):
    """Consent to share a child's data of some categories with one organisation, for one case.

    Records are never overwritten: a withdrawal is stamped on the record, a change is a new
    record. Who gave it follows the child's age at the time (see AgeBand)."""

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="consents", verbose_name=_("case")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="consents",
        verbose_name=_("organisation"),
    )
    categories = models.JSONField(_("data categories"), default=list)
    purpose = models.TextField(_("purpose"))
    purpose_kind = models.CharField(
        _("kind of purpose"),
        max_length=10,
        choices=ConsentPurpose.choices,
        default=ConsentPurpose.TEAM,
    )
    given_by_representative = models.ForeignKey(
        "children.LegalRepresentative",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents_given",
        verbose_name=_("given by parent or carer"),
    )
    given_by_child = models.BooleanField(_("given by the child"), default=False)
    age_band_at_giving = models.CharField(
        _("age of the child when given"), max_length=10, choices=AgeBand.choices
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    evidence = models.CharField(_("evidence"), max_length=20, choices=Evidence.choices)
    evidence_note = models.CharField(_("note on the evidence"), max_length=300, blank=True)
    given_with = models.CharField(
        _("logged in with"), max_length=24, choices=GivenWith.choices, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawal recorded by"),
    )
    withdrawn_by_representative = models.ForeignKey(
        "children.LegalRepresentative",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents_withdrawn",
        verbose_name=_("withdrawn by parent or carer"),
    )
    withdrawn_by_child = models.BooleanField(_("withdrawn by the child"), default=False)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)

    objects = ConsentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-recorded_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="consents_valid_until_after_valid_from",
                violation_error_message=_("The end date must not be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {', '.join(self.category_labels())}"

    def category_labels(self) -> list[str]:
        return [str(DataCategory(c).label) for c in self.categories if c in DataCategory.values]

    def is_active_on(self, day: dt.date) -> bool:
        return (
            self.withdrawn_at is None
            and self.valid_from <= day
            and (self.valid_until is None or self.valid_until >= day)
        )

    def needs_renewal(self, current_band: str) -> bool:
        """At the 12th and 16th birthday the child gets a say: earlier consents are flagged."""
        return self.withdrawn_at is None and self.age_band_at_giving != current_band


class ParentSharing(models.Model):
    """From 16 the young person decides about their own data, also towards their parents:
    which data categories the parents may see in the portal (besides school matters, which
    they always see). The latest record counts; records are never overwritten."""

    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.CASCADE,
        related_name="parent_sharings",
        verbose_name=_("case"),
    )
    categories = models.JSONField(_("data categories shared with the parents"), default=list)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("sharing with the parents")
        verbose_name_plural = _("sharing with the parents")
        ordering = ["-recorded_at", "-pk"]

    def __str__(self) -> str:
        return ", ".join(self.categories)
