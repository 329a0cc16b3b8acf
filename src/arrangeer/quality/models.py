"""The quality contact points of a region (functional management) and the concerns reported
to them about the quality of the support on a case, each with its steps."""

from __future__ import annotations

from uuid import uuid4

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from arrangeer.organisations.models import RegionSetting

from .constants import (
    DEFAULT_ACKNOWLEDGE_DAYS,
    ConcernKind,
    ConcernStatus,
    ContactPointKind,
    StepKind,
)


class QualitySettings(RegionSetting):
    """A region's term to acknowledge a concern."""

    region = RegionSetting.region_field("quality_settings")
    acknowledge_days = RegionSetting.days_field(
        _("acknowledge within (working days)"), DEFAULT_ACKNOWLEDGE_DAYS
    )

    value_field = "acknowledge_days"
    default = DEFAULT_ACKNOWLEDGE_DAYS

    class Meta:
        verbose_name = _("quality settings of a region")
        verbose_name_plural = _("quality settings of regions")


class ContactPoint(models.Model):
    region = models.ForeignKey(
        "organisations.Region",
        on_delete=models.CASCADE,
        related_name="quality_contact_points",
        verbose_name=_("region"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ContactPointKind.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(
        _("what reporters read about it"),
        blank=True,
        help_text=_("Plain words: who handles concerns here and what happens with them."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("quality contact point")
        verbose_name_plural = _("quality contact points")
        ordering = ["region", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "organisation"],
                name="quality_contact_point_unique_per_organisation",
                violation_error_message=_(
                    "This organisation already has a contact point in this region."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        organisation = self.organisation if self.organisation_id else None
        if organisation is not None and self.region_id and organisation.region_id != self.region_id:
            raise ValidationError(
                {"organisation": _("Choose an organisation of the contact point's region.")}
            )


def _all_kinds() -> list[str]:
    return []


class ContactHandler(models.Model):
    """Who at the contact point handles which kinds of concern (none chosen: all kinds)."""

    contact_point = models.ForeignKey(
        ContactPoint,
        on_delete=models.CASCADE,
        related_name="handlers",
        verbose_name=_("contact point"),
    )
    membership = models.ForeignKey(
        "organisations.Membership",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("person (their place at the organisation)"),
    )
    title = models.CharField(
        _("function"),
        max_length=120,
        blank=True,
        help_text=_("For example: account manager contract management, quality officer."),
    )
    kinds = models.JSONField(
        _("kinds of concern handled"),
        default=_all_kinds,
        blank=True,
        help_text=_('Leave empty for all kinds, or give a list, for example ["jeugdhulp"].'),
    )

    class Meta:
        verbose_name = _("handler at a contact point")
        verbose_name_plural = _("handlers at a contact point")
        constraints = [
            models.UniqueConstraint(
                fields=["contact_point", "membership"],
                name="quality_handler_unique",
                violation_error_message=_("This person already handles concerns here."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.membership.user} ({self.contact_point})"

    def clean(self) -> None:
        super().clean()
        if not isinstance(self.kinds, list) or not set(self.kinds) <= set(ConcernKind.values):
            raise ValidationError(
                {"kinds": _('Give a list of kinds of concern, for example ["jeugdhulp"].')}
            )
        if (
            self.contact_point_id
            and self.membership_id
            and self.membership.organisation_id != self.contact_point.organisation_id
        ):
            raise ValidationError(
                {"membership": _("Choose someone who works at the contact point's organisation.")}
            )

    def handles(self, kind: str) -> bool:
        return not self.kinds or kind in self.kinds


class Concern(models.Model):
    """A concern about the quality of the support an organisation gives on a case. What the
    contact point reads of the case is `shared_data`: the parts the reporter chose, copied
    when they reported it, never the dossier itself."""

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    contact_point = models.ForeignKey(
        ContactPoint, on_delete=models.PROTECT, related_name="concerns"
    )
    kind = models.CharField(_("what it is about"), max_length=20, choices=ConcernKind.choices)
    concerned = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation concerned"),
    )
    what = models.TextField(_("the concern"))
    since = models.DateField(_("since when"))
    tried = models.TextField(_("what was tried"), blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reporter_organisation = models.CharField(_("organisation of the reporter"), max_length=200)
    from_family = models.BooleanField(_("reported by the family"), default=False)
    concerned_may_see = models.BooleanField(
        _("the organisation concerned may read the report"), default=False
    )
    shared_parts = models.JSONField(_("parts of the case shared"), default=list)
    shared_data = models.JSONField(_("case data shared"), default=list)
    status = models.CharField(
        _("status"), max_length=20, choices=ConcernStatus.choices, default=ConcernStatus.RECEIVED
    )
    reported_at = models.DateTimeField(_("reported at"))
    acknowledge_due = models.DateField(_("acknowledge by"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)

    class Meta:
        verbose_name = _("quality concern")
        verbose_name_plural = _("quality concerns")
        indexes = [
            models.Index(fields=["contact_point", "status"], name="quality_concern_point_status"),
            models.Index(fields=["case", "reported_at"], name="quality_concern_case"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.concerned})"

    @property
    def reference(self) -> str:
        return str(self.uuid)[:8]

    @property
    def is_closed(self) -> bool:
        return self.status == ConcernStatus.CLOSED


class ConcernStep(models.Model):
    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("step"), max_length=20, choices=StepKind.choices)
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    by_organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("step of a quality concern")
        verbose_name_plural = _("steps of a quality concern")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.get_kind_display()
