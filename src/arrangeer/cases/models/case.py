"""The case itself (an arrangeertraject: one child, one region, one regisseur) and its
moves to another region with the child."""

from __future__ import annotations

import datetime as dt
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from simple_history.models import HistoricalRecords

from ..constants import CaseStatus, CloseReason, Destination, Initiator, SchoolPlanKind


class Case(models.Model):
    """An arrangeertraject: one child, one region, one regisseur, one team."""

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    child = models.ForeignKey(
        "children.Child", on_delete=models.PROTECT, related_name="cases", verbose_name=_("child")
    )
    region = models.ForeignKey(
        "organisations.Region",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("region"),
    )
    initiator = models.CharField(_("initiated by"), max_length=20, choices=Initiator.choices)
    initiating_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="initiated_cases",
        verbose_name=_("initiating organisation"),
    )
    regisseur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="cases_as_regisseur",
        verbose_name=_("regisseur"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    close_reason = models.CharField(
        _("reason for closing"), max_length=20, choices=CloseReason.choices, blank=True
    )
    close_note = models.TextField(_("note on closing"), blank=True)
    destination = models.CharField(
        _("after the arrangement"), max_length=20, choices=Destination.choices, blank=True
    )

    is_thuiszitter = models.BooleanField(_("thuiszitter (not in school)"), default=False)
    has_risk_behaviour = models.BooleanField(_("risk behaviour"), default=False)
    is_complex = models.BooleanField(_("complex case"), default=False)
    has_exemption = models.BooleanField(_("exemption from compulsory education"), default=False)
    has_absence = models.BooleanField(_("absence from school (verzuim)"), default=False)
    child_protection_involved = models.BooleanField(
        _("child protection or Veilig Thuis involved"), default=False
    )
    meldcode = models.BooleanField(_("Meldcode steps taken"), default=False)
    thuiszitter_since = models.DateField(_("thuiszitter since"), null=True, blank=True)
    # Raised on every change of the flags (`services.update_flags`): a change based on an older
    # version is refused, so two people editing what needs attention do not overwrite each other.
    flags_version = models.PositiveIntegerField(_("version of what needs attention"), default=1)

    # Where the case stands on its route. The route version is kept for the case's life.
    route = models.ForeignKey(
        "routes.Route",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("route"),
    )
    current_step = models.ForeignKey(
        "routes.Step",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("current step"),
    )
    step_since = models.DateTimeField(_("in this step since"), null=True, blank=True)
    step_due = models.DateField(_("step due"), null=True, blank=True)

    # The school's own support route, followed before integraal arrangeren starts (002).
    school_plan_kind = models.CharField(
        _("school plan"), max_length=5, choices=SchoolPlanKind.choices, blank=True
    )
    school_plan_evaluated_on = models.DateField(
        _("school plan evaluated on"), null=True, blank=True
    )
    school_plan_missing_reason = models.TextField(
        _("why there is no evaluated school plan"), blank=True
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "region"],
                condition=models.Q(status="open"),
                name="cases_one_open_case_per_child_and_region",
                violation_error_message=_("This child already has an open case in this region."),
            ),
            models.CheckConstraint(
                condition=models.Q(status="open", closed_at__isnull=True)
                | models.Q(status="closed", closed_at__isnull=False),
                name="cases_closed_at_matches_status",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "region"]),
            models.Index(fields=["step_due"], name="cases_step_due"),
            # The monitor's earliest case of a region (ORDER BY opened_at LIMIT 1).
            models.Index(fields=["region", "opened_at"], name="cases_case_region_opened"),
        ]

    def __str__(self) -> str:
        return str(_("Case %(id)s") % {"id": str(self.uuid)[:8]})

    @property
    def is_open(self) -> bool:
        return self.status == CaseStatus.OPEN

    def mark_closed(
        self, *, reason: str, note: str, at: dt.datetime, destination: str = ""
    ) -> list[str]:
        """Set the closing fields; returns their names for `save(update_fields=...)`."""
        self.status = CaseStatus.CLOSED
        self.closed_at = at
        self.close_reason = reason
        self.close_note = note
        self.destination = destination
        return ["status", "closed_at", "close_reason", "close_note", "destination"]


class RegionMove(models.Model):
    """A case that moved to another region with its child (the warm handover of a move,
    docs/transitions.md): from then on it belongs to the receiving region; the monitor keeps
    counting it in the region it left for the school years before (cases.selectors)."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="region_moves", verbose_name=_("case")
    )
    from_region = models.ForeignKey(
        "organisations.Region",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("moved from region"),
    )
    to_region = models.ForeignKey(
        "organisations.Region",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("moved to region"),
    )
    moved_at = models.DateTimeField(_("moved at"))
    by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )

    class Meta:
        verbose_name = _("move to another region")
        verbose_name_plural = _("moves to another region")
        ordering = ["moved_at", "pk"]
        indexes = [models.Index(fields=["case", "moved_at"], name="cases_regionmove_case_at")]

    def __str__(self) -> str:
        return f"{self.from_region} → {self.to_region} ({self.moved_at:%Y-%m-%d})"
