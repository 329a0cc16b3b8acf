"""The warm handover (issue 20): the child's next transition on a case, with the receiving
school, the consent that lets its coordinator join the team, the handover MDO and the end of
the handover; a region's rule for when to warn; and the pupil files read in from OSO."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import uuid4

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from simple_history.models import HistoricalRecords

from .constants import TransitionKind, TransitionStatus

if TYPE_CHECKING:
    from arrangeer.organisations.models import Organisation


class TransitionRule(models.Model):
    """When a region warns the regisseur of a coming transition (functional management)."""

    region = models.OneToOneField(
        "organisations.Region",
        on_delete=models.CASCADE,
        related_name="transition_rule",
        verbose_name=_("region"),
    )
    warn_months_before = models.PositiveSmallIntegerField(
        _("warn this many months before the transition"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
        help_text=_("Empty: from the start of the last school year before the transition."),
    )

    class Meta:
        verbose_name = _("rule for warning of transitions")
        verbose_name_plural = _("rules for warning of transitions")

    def __str__(self) -> str:
        return str(self.region)


class Transition(models.Model):
    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="+", verbose_name=_("case")
    )
    kind = models.CharField(_("kind of transition"), max_length=20, choices=TransitionKind.choices)
    expected_on = models.DateField(_("date of the transition"))
    set_by_hand = models.BooleanField(_("set by the regisseur"), default=False)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=TransitionStatus.choices,
        default=TransitionStatus.PLANNED,
    )
    sending_school = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sending school"),
    )
    receiving_school = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("receiving school"),
    )
    receiving_swv = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("SWV of the receiving region"),
    )
    receiving_member = models.ForeignKey(
        "cases.TeamMember",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("receiving coordinator"),
    )
    consent = models.ForeignKey(
        "consents.Consent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consent for the receiving school"),
    )
    handover_mdo_on = models.DateField(_("handover MDO on"), null=True, blank=True)
    # The handover MDO as a meeting of the meetings app (kind "overdracht"), once planned.
    handover_meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handover MDO"),
    )
    regie_agreed_at = models.DateTimeField(
        _("parents agreed to the move of the regie at"), null=True, blank=True
    )
    completed_at = models.DateTimeField(_("handover done at"), null=True, blank=True)
    # Why the handover was done without a held handover MDO (required then; docs/transitions.md).
    completion_note = models.TextField(_("note on ending the handover"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")
        ordering = ["expected_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status__in=["gepland", "voorgesteld", "toestemming"]),
                name="transitions_one_unfinished_per_case",
                violation_error_message=_("This case already has a transition in preparation."),
            )
        ]
        indexes = [models.Index(fields=["status", "expected_on"], name="transitions_status_date")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.expected_on:%d-%m-%Y})"

    @property
    def receiving_organisation(self) -> Organisation | None:
        """The school that receives the child; across regions, while the school is not known,
        the receiving region's SWV."""
        return self.receiving_school or self.receiving_swv

    @property
    def is_unfinished(self) -> bool:
        return self.status in (
            TransitionStatus.PLANNED,
            TransitionStatus.PROPOSED,
            TransitionStatus.CONSENTED,
        )


class PupilFileImport(models.Model):
    """A pupil file in OSO's shape, read in for the receiving school: its parts as they came,
    after they were checked (docs/transitions.md)."""

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    transition = models.ForeignKey(
        Transition, on_delete=models.CASCADE, related_name="imports", verbose_name=_("transition")
    )
    file_name = models.CharField(_("file"), max_length=200)
    sending_school_name = models.CharField(_("sent by school"), max_length=200)
    sending_brin = models.CharField(_("BRIN code of the sending school"), max_length=6, blank=True)
    personal = models.JSONField(_("personal data"), default=dict)
    school_career = models.JSONField(_("school career"), default=list)
    support = models.JSONField(_("support"), default=list)
    test_results = models.JSONField(_("test results"), default=list)
    advice = models.JSONField(_("school advice"), default=dict, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(_("read in at"))

    class Meta:
        verbose_name = _("pupil file read in")
        verbose_name_plural = _("pupil files read in")
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return self.file_name
