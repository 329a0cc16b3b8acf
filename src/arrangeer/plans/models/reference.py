"""Reference data the functional administrator keeps in the admin: support-level labels,
the goal bank and the tariffs per region, and the recognised interventions (NJi databank)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..constants import FundingFramework, IntensityUnit, LifeDomain, Side


class SupportLevelLabel(models.Model):
    """The label of one level (1 to 7) of a region's support-level scale. The Landelijk
    Doelgroepenmodel's own level names could not be verified (data/reference.md), so every
    region names its levels itself; without a label a level reads "Level n"."""

    region = models.ForeignKey(
        "organisations.Region",
        on_delete=models.CASCADE,
        related_name="support_levels",
        verbose_name=_("region"),
    )
    level = models.PositiveSmallIntegerField(
        _("level"), validators=[MinValueValidator(1), MaxValueValidator(7)]
    )
    label = models.CharField(_("label"), max_length=120)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("support level label")
        verbose_name_plural = _("support level labels")
        ordering = ["region", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "level"],
                name="plans_one_label_per_level_and_region",
                violation_error_message=_("This region already has a label for this level."),
            ),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=7),
                name="plans_support_level_1_to_7",
                violation_error_message=_("A level is a number from 1 to 7."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.level}. {self.label}"


class BankGoal(models.Model):
    """A reusable goal of a region's goal bank. Writing a goal, people search the bank and
    take one over as a starting point; the plan's goal is a copy, not a link that changes."""

    region = models.ForeignKey(
        "organisations.Region",
        on_delete=models.CASCADE,
        related_name="bank_goals",
        verbose_name=_("region"),
    )
    side = models.CharField(_("side"), max_length=20, choices=Side.choices)
    domain = models.CharField(
        _("life domain"), max_length=30, choices=LifeDomain.choices, blank=True
    )
    what = models.CharField(_("goal"), max_length=300)
    indicator = models.TextField(_("indicator"), blank=True)
    target = models.TextField(_("suggested target"), blank=True)
    keywords = models.CharField(_("search words"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("goal of the goal bank")
        verbose_name_plural = _("goal bank")
        ordering = ["region", "side", "what"]

    def __str__(self) -> str:
        return self.what


class Intervention(models.Model):
    """A recognised intervention of the NJi databank (Databank Effectieve Jeugdinterventies)
    with its recognition level and the source it was taken from. Recognitions are reviewed
    every five years: the level is shown with its date."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    recognition_level = models.CharField(_("recognition level"), max_length=300)
    target_group = models.TextField(_("target group"), blank=True)
    aim = models.TextField(_("aim"), blank=True)
    source_url = models.URLField(_("source"), max_length=400, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("recognised intervention")
        verbose_name_plural = _("recognised interventions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Tariff(models.Model):
    """The price a region pays for one hour or session of a product (its product code) under
    one funding framework, valid for a period. The funding overview multiplies a module's
    intensity and duration by it; a module without a matching tariff shows "no tariff"."""

    region = models.ForeignKey(
        "organisations.Region",
        on_delete=models.CASCADE,
        related_name="tariffs",
        verbose_name=_("region"),
    )
    product_code = models.CharField(_("product code"), max_length=5)
    funding_framework = models.CharField(
        _("funding framework"), max_length=20, choices=FundingFramework.choices
    )
    unit = models.CharField(
        _("unit"), max_length=20, choices=IntensityUnit.choices, default=IntensityUnit.HOURS
    )
    price = models.DecimalField(
        _("price per hour or session (euro)"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True, help_text=_("Empty: open."))

    class Meta:
        verbose_name = _("tariff")
        verbose_name_plural = _("tariffs")
        ordering = ["region", "product_code", "funding_framework", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="plans_tariff_valid_to_after_from",
                violation_error_message=_("The end of validity cannot be before its start."),
            ),
            models.CheckConstraint(
                condition=models.Q(price__gte=0),
                name="plans_tariff_price_not_negative",
                violation_error_message=_("A price cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product_code} {self.get_funding_framework_display()} {self.price}"

    def clean(self) -> None:
        super().clean()
        self.product_code = (self.product_code or "").strip().upper()
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError(
                {"valid_to": _("The end of validity cannot be before its start.")}
            )
