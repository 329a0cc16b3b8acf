"""The escalatieladder: a region's levels (functional management) and the escalations raised
on a case, each with the steps it went through (raised, moved up, decided, withdrawn)."""

from __future__ import annotations

from uuid import uuid4

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from arrangeer.organisations.constants import OrganisationType, Role
from arrangeer.plans.constants import FundingFramework, Instrument
from arrangeer.vocabulary import DataCategory

from .constants import DEFAULT_LEVEL_CATEGORIES, EscalationStatus, Seats, StepKind


def _default_categories() -> list[str]:
    return list(DEFAULT_LEVEL_CATEGORIES)


class LadderLevel(models.Model):
    """One level of a region's ladder. The highest number is the last level: its decision
    binds (doorzettingsmacht)."""

    region = models.ForeignKey(
        "organisations.Region",
        on_delete=models.CASCADE,
        related_name="ladder_levels",
        verbose_name=_("region"),
    )
    number = models.PositiveSmallIntegerField(_("level"), validators=[MinValueValidator(1)])
    name = models.CharField(_("name"), max_length=120)
    seats = models.CharField(_("who sits here"), max_length=20, choices=Seats.choices)
    role = models.CharField(_("role"), max_length=40, choices=Role.choices, blank=True)
    organisation_type = models.CharField(
        _("type of organisation"),
        max_length=30,
        choices=OrganisationType.choices,
        blank=True,
        help_text=_("Leave empty for any type."),
    )
    organisations = models.ManyToManyField(
        "organisations.Organisation",
        blank=True,
        related_name="+",
        verbose_name=_("named organisations"),
    )
    deadline_days = models.PositiveSmallIntegerField(
        _("deadline in working days"), validators=[MinValueValidator(1)]
    )
    categories = models.JSONField(
        _("data categories read for the decision"),
        default=_default_categories,
        help_text=_('What people at this level read of the case, for example ["onderwijs"].'),
    )

    class Meta:
        verbose_name = _("level of the escalation ladder")
        verbose_name_plural = _("levels of the escalation ladder")
        ordering = ["region", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "number"],
                name="escalations_level_unique_per_region",
                violation_error_message=_("This region already has a level with this number."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    def clean(self) -> None:
        super().clean()
        if self.seats != Seats.TEAM and not self.role:
            raise ValidationError({"role": _("Choose the role of who sits at this level.")})
        if not isinstance(self.categories, list) or not set(self.categories) <= set(
            DataCategory.values
        ):
            raise ValidationError(
                {"categories": _('Give a list of data categories, for example ["onderwijs"].')}
            )


class Escalation(models.Model):
    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    module = models.ForeignKey(
        "plans.Module", on_delete=models.PROTECT, related_name="+", verbose_name=_("module")
    )
    question = models.TextField(_("question"))
    options = models.TextField(_("options"))
    parties = models.ManyToManyField(
        "organisations.Organisation", related_name="+", verbose_name=_("partners in disagreement")
    )
    cost_at_stake = models.DecimalField(
        _("cost at stake (euro)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    raised_at = models.DateTimeField(_("raised at"))
    status = models.CharField(
        _("status"), max_length=20, choices=EscalationStatus.choices, default=EscalationStatus.OPEN
    )
    level = models.ForeignKey(
        LadderLevel, on_delete=models.PROTECT, related_name="+", verbose_name=_("current level")
    )
    level_since = models.DateTimeField(_("at this level since"))
    level_due = models.DateField(_("decision due"))
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        indexes = [models.Index(fields=["status", "level_due"], name="escalation_open_due")]

    def __str__(self) -> str:
        return self.question[:60]

    @property
    def is_open(self) -> bool:
        return self.status == EscalationStatus.OPEN


class EscalationStep(models.Model):
    """What happened, at which level: the audit trail of the escalation, and each level's
    decision (who pays what, from when)."""

    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("step"), max_length=20, choices=StepKind.choices)
    level = models.ForeignKey(LadderLevel, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    by_organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    note = models.TextField(_("explanation"), blank=True)
    payer = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who pays"),
    )
    funding_framework = models.CharField(
        _("funding framework"), max_length=20, choices=FundingFramework.choices, blank=True
    )
    instrument = models.CharField(
        _("instrument"), max_length=20, choices=Instrument.choices, blank=True
    )
    pays_what = models.TextField(_("what is paid"), blank=True)
    from_date = models.DateField(_("from"), null=True, blank=True)
    binding = models.BooleanField(_("binding"), default=False)

    class Meta:
        verbose_name = _("step of an escalation")
        verbose_name_plural = _("steps of an escalation")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.level})"
