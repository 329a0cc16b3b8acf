"""The child's file as a whole: how long each kind of data is kept after the case closed,
and the PDF of the whole file asked for by one person."""

from __future__ import annotations

from uuid import uuid4

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from arrangeer.organisations.constants import OrganisationType
from arrangeer.vocabulary import DataCategory

from .case import Case


class RetentionRule(models.Model):
    """How long data of one category is kept after the case closed, set by the functional
    administrator. A rule for the responsible organisation's type wins over the general one."""

    category = models.CharField(_("data category"), max_length=20, choices=DataCategory.choices)
    organisation_type = models.CharField(
        _("responsible organisation type"),
        max_length=30,
        choices=OrganisationType.choices,
        blank=True,
        help_text=_("Empty: applies to every organisation type without a rule of its own."),
    )
    years = models.PositiveSmallIntegerField(_("years after the case closed"))
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        ordering = ["category", "organisation_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "organisation_type"],
                name="cases_one_retention_rule_per_category_and_type",
                violation_error_message=_("There is already a rule for this category and type."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.years}"


def _export_path(instance: FileExport, filename: str) -> str:
    # No child's name on the disk: a random name.
    return f"exports/{uuid4().hex}.pdf"


class FileExportStatus(models.TextChoices):
    WAITING = "waiting", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class FileExport(models.Model):
    """A PDF of the whole file, asked for by one person and built in the task queue
    (`cases.file_exports`). Only that person may download it; the file is deleted after
    `file_exports.KEPT` (24 hours), the record of who asked stays until the case goes."""

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="+", verbose_name=_("case")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    language = models.CharField(max_length=10)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=FileExportStatus.choices,
        default=FileExportStatus.WAITING,
    )
    file = models.FileField(_("file"), upload_to=_export_path, max_length=200, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("file export")
        verbose_name_plural = _("file exports")
        indexes = [models.Index(fields=["case", "requested_by", "-requested_at"])]

    def __str__(self) -> str:
        return f"{self.case_id} {self.status}"
