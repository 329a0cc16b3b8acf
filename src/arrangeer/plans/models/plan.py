"""The plan of a case and its lifecycle: versions, the parents' agreement, evaluations and
attachments."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from arrangeer.cases.access import ScopedQuerySet
from arrangeer.vocabulary import DataCategory

from ..constants import (
    AgreementDecision,
    AgreementEvidence,
    ChildHeard,
    EvaluationDecision,
    PlanStatus,
    Realisation,
    SignedWith,
    VersionStatus,
)
from .choices import ChoiceLabels

if TYPE_CHECKING:
    from arrangeer.cases.access import CaseAccess


class Plan(ChoiceLabels):
    """One plan per case, made on first use. Its items are the current draft; what was sent
    to the parents and what was adopted are frozen in PlanVersion."""

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="plan", verbose_name=_("case")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    adjustment_reason = models.TextField(_("reason for the adjustment"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Moved by every change of the content, so a page can tell cheaply that the draft
    # differs from what was sent (the hash decides when it matters).
    content_changed_at = models.DateTimeField(_("content last changed"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return str(_("Plan of case %(id)s") % {"id": str(self.case_id)})


class PlanVersion(ChoiceLabels):
    """A frozen copy of the plan's content (canonical JSON and its SHA-256), made when the
    plan is sent to the parents. Never changed afterwards: only its status moves on."""

    FROZEN_FIELDS = frozenset({"content", "content_hash", "number", "plan", "plan_id"})

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="versions", verbose_name=_("plan")
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=20, choices=VersionStatus.choices)
    content = models.JSONField(_("content"))
    content_hash = models.CharField(_("SHA-256 of the content"), max_length=64)
    sent_at = models.DateTimeField(_("sent for agreement at"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    adopted_at = models.DateTimeField(_("adopted at"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    child_heard = models.CharField(
        _("how the child was heard"), max_length=20, choices=ChildHeard.choices, blank=True
    )
    child_view = models.TextField(_("the child's view"), blank=True)
    child_view_category = models.CharField(
        _("data category of the child's view"),
        max_length=20,
        choices=DataCategory.choices,
        blank=True,
    )

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plans_unique_version_number"),
            models.UniqueConstraint(
                fields=["plan"],
                condition=models.Q(status="awaiting"),
                name="plans_one_version_awaiting_agreement",
            ),
            models.UniqueConstraint(
                fields=["plan"],
                condition=models.Q(status="adopted"),
                name="plans_one_version_in_force",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Version %(number)s") % {"number": self.number})

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if self.pk is not None and (
            update_fields is None or set(update_fields) & self.FROZEN_FIELDS
        ):
            raise ValueError("A plan version is frozen: save only its status fields.")
        super().save(*args, **kwargs)

    @property
    def is_adopted(self) -> bool:
        return self.status in (VersionStatus.ADOPTED, VersionStatus.SUPERSEDED)


class ParentAgreement(ChoiceLabels):
    """One parent's (with gezag) instemming with the handelingsdeel of one exact version,
    recorded by a professional from a paper signature or the minutes, or signed by the parent
    in the portal with the second factor asked again (signed_at, signed_with). Until the
    version is adopted the parent may change their answer in the portal: the record then holds
    the newest answer and the earlier one (changed_from); the audit log keeps every step."""

    version = models.ForeignKey(
        PlanVersion, on_delete=models.CASCADE, related_name="agreements", verbose_name=_("version")
    )
    representative = models.ForeignKey(
        "children.LegalRepresentative",
        on_delete=models.PROTECT,
        related_name="plan_agreements",
        verbose_name=_("parent or carer"),
    )
    decision = models.CharField(_("decision"), max_length=20, choices=AgreementDecision.choices)
    given_on = models.DateField(_("date"))
    evidence = models.CharField(_("evidence"), max_length=20, choices=AgreementEvidence.choices)
    content_hash = models.CharField(_("SHA-256 of the version agreed to"), max_length=64)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    # In the portal the decision is a signature: the moment, and how the parent proved it was
    # them (the second factor asked again). A changed answer before adoption moves both.
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    signed_with = models.CharField(
        _("authenticated with"), max_length=20, choices=SignedWith.choices, blank=True
    )
    changed_from = models.CharField(
        _("earlier answer"), max_length=20, choices=AgreementDecision.choices, blank=True
    )

    class Meta:
        verbose_name = _("parents' agreement")
        verbose_name_plural = _("parents' agreements")
        ordering = ["version", "recorded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "representative"],
                name="plans_one_agreement_per_parent_and_version",
                violation_error_message=_(
                    "This parent's decision on this version is already recorded."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.representative} · {self.get_decision_display()}"


class EvaluationQuerySet(ScopedQuerySet["Evaluation"]):
    """Evaluations whose summary this person reads (its category), through the access layer."""

    case_path = "plan__case"


class Evaluation(ChoiceLabels):
    """An evaluation of the adopted plan: per goal how far it was realised (GoalEvaluation),
    the decision and the next evaluation date. The decision and the dates are process data
    the whole team sees; the summary text carries its own data category."""

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="evaluations", verbose_name=_("plan")
    )
    version = models.ForeignKey(
        PlanVersion,
        on_delete=models.CASCADE,
        related_name="evaluations",
        verbose_name=_("version evaluated"),
    )
    held_on = models.DateField(_("held on"))
    decision = models.CharField(_("decision"), max_length=20, choices=EvaluationDecision.choices)
    next_evaluation_on = models.DateField(_("next evaluation"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    category = models.CharField(
        _("data category of the summary"), max_length=20, choices=DataCategory.choices
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = EvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-held_on", "-recorded_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decision="afsluiten")
                | models.Q(next_evaluation_on__isnull=False),
                name="plans_evaluation_has_next_date_unless_closing",
                violation_error_message=_("Give the date of the next evaluation."),
            ),
            models.CheckConstraint(
                condition=models.Q(next_evaluation_on__isnull=True)
                | models.Q(next_evaluation_on__gt=models.F("held_on")),
                name="plans_next_evaluation_after_this_one",
                violation_error_message=_("The next evaluation comes after this one."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.held_on:%d-%m-%Y} · {self.get_decision_display()}"


class GoalEvaluationQuerySet(ScopedQuerySet["GoalEvaluation"]):
    """Ratings of goals this person sees (the goal's category, the goal not removed)."""

    case_path = "evaluation__plan__case"
    category_path = "goal__category"


class GoalEvaluation(ChoiceLabels):
    """How far one goal was realised at one evaluation. Carries the goal's category."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="goal_ratings"
    )
    goal = models.ForeignKey("plans.Goal", on_delete=models.CASCADE, related_name="ratings")
    realisation = models.CharField(_("realised"), max_length=20, choices=Realisation.choices)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = GoalEvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = _("goal evaluation")
        verbose_name_plural = _("goal evaluations")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "goal"],
                name="plans_one_rating_per_goal_and_evaluation",
                violation_error_message=_("This goal is already rated in this evaluation."),
            ),
        ]

    def __str__(self) -> str:
        return self.get_realisation_display()


def _attachment_path(instance: Attachment, filename: str) -> str:
    # The name people gave the file never reaches the disk (it is kept in original_name).
    return f"plans/{uuid4().hex}{instance.extension}"


class AttachmentQuerySet(ScopedQuerySet["Attachment"]):
    case_path = "plan__case"
    removed_path = "removed_at"

    def visible_to(self, access: CaseAccess) -> AttachmentQuerySet:
        """The files of the case this person may see: those in their data categories, and
        the family's uploads in what they read of the family's (the regisseur: all of them)."""
        return self.filter(plan__case=access.case, removed_at__isnull=True).filter(
            self.categories_q(access.categories)
            | (models.Q(from_family=True) & self.categories_q(access.from_family_categories))
        )


class Attachment(ChoiceLabels):
    """A file attached to the plan (a report, a signed form, a video). Stored under
    MEDIA_ROOT with a random name and served only through the plan's download view."""

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("plan")
    )
    file = models.FileField(_("file"), upload_to=_attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=50)
    extension = models.CharField(max_length=8)
    size = models.PositiveIntegerField(_("size in bytes"))
    description = models.CharField(_("description"), max_length=300)
    category = models.CharField(_("data category"), max_length=20, choices=DataCategory.choices)
    from_family = models.BooleanField(_("given by the family in the portal"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.original_name
