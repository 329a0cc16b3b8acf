"""The content of the plan: what every item shares (`PlanItem`), and the entries per life
domain, the people around the child and the support needs. The shared goals with their
measurements are in `goals`, the arrangement's modules with their delivery in `modules`.

Every item carries a data category and an author, and a lock version for optimistic
concurrency (a save based on an older version is refused, see services). The rules of the
domain live in each model's clean(), which forms and services both run; the database
constraints are the backstop."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any
from uuid import uuid4

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from simple_history.models import HistoricalRecords

from arrangeer.cases.access import ScopedQuerySet
from arrangeer.children.validators import validate_person_name
from arrangeer.core.numbers import format_number
from arrangeer.vocabulary import DataCategory

from ..constants import (
    EntrySource,
    Involvement,
    LifeDomain,
    NeedOf,
    NetworkRelation,
    SupportRole,
)
from .choices import ChoiceLabels

if TYPE_CHECKING:
    from arrangeer.accounts.models import User


def plain(value: Decimal) -> str:
    """2, 2,5, 10 as people read them in the active language: never 1E+1 or 2.00."""
    return format_number(value)


def _required(message: Any) -> dict[str, Any]:
    return {"blank": message, "null": message, "required": message}


class PlanItemQuerySet(ScopedQuerySet[Any]):
    """Plan items through the access layer: `visible_to(access)` (cases.scoping)."""

    case_path = "plan__case"
    removed_path = "removed_at"


class PlanItem(ChoiceLabels):
    """What every piece of the plan has: an identity that survives versions (uuid), a data
    category, an author, and a lock version."""

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="+")
    category = models.CharField(
        _("data category"),
        max_length=20,
        choices=DataCategory.choices,
        error_messages=_required(_("Choose the data category: it decides who may read this.")),
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_organisation = models.CharField(_("organisation of the author"), max_length=200)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    lock_version = models.PositiveIntegerField(default=1)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords(inherit=True)
    # Who makes the change being saved: set by the write services, read by the history record.
    _history_user: User

    objects = PlanItemQuerySet.as_manager()

    class Meta:
        abstract = True


class DomainEntry(PlanItem):
    """The whole child on one life domain, as one author sees it."""

    TEXT_FIELDS = (
        "going_well",
        "needs_attention",
        "child_can_wants",
        "protective_factors",
        "hindering_factors",
    )

    domain = models.CharField(
        _("life domain"),
        max_length=30,
        choices=LifeDomain.choices,
        error_messages=_required(_("Choose the life domain.")),
    )
    going_well = models.TextField(_("what goes well"), blank=True)
    needs_attention = models.TextField(_("what needs attention"), blank=True)
    child_can_wants = models.TextField(_("what the child can and wants"), blank=True)
    protective_factors = models.TextField(_("protective factors"), blank=True)
    hindering_factors = models.TextField(_("hindering factors"), blank=True)
    what_is_needed = models.TextField(_("what is needed"), blank=True)
    source = models.CharField(
        _("whose view"),
        max_length=20,
        choices=EntrySource.choices,
        default=EntrySource.PROFESSIONAL,
    )
    support_level = models.PositiveSmallIntegerField(
        _("support level"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(7)],
        help_text=_("Optional: 1 (lightest) to 7 (heaviest); the labels are the region's."),
    )

    class Meta:
        verbose_name = _("life domain entry")
        verbose_name_plural = _("life domain entries")
        ordering = ["domain", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(support_level__isnull=True)
                | models.Q(support_level__gte=1, support_level__lte=7),
                name="plans_domain_support_level_1_to_7",
                violation_error_message=_("A support level is a number from 1 to 7."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_domain_display())

    def clean(self) -> None:
        super().clean()
        if not any((getattr(self, name) or "").strip() for name in self.TEXT_FIELDS):
            raise ValidationError(
                {
                    "going_well": _(
                        "Write at least one of: what goes well, what needs attention, what the "
                        "child can and wants, protective or hindering factors."
                    )
                }
            )


class NetworkPerson(PlanItem):
    """Someone in the child's living environment."""

    name = models.CharField(
        _("name or description"),
        max_length=150,
        validators=[validate_person_name],
        error_messages=_required(_("Write a name, or who it is (for example: grandmother).")),
    )
    relation = models.CharField(
        _("relation to the child"),
        max_length=20,
        choices=NetworkRelation.choices,
        error_messages=_required(_("Choose the relation to the child.")),
    )
    involvement = models.CharField(
        _("how involved"),
        max_length=20,
        choices=Involvement.choices,
        error_messages=_required(_("Choose how involved this person is.")),
    )
    support = models.CharField(
        _("support or stress"),
        max_length=20,
        choices=SupportRole.choices,
        error_messages=_required(_("Choose whether this person is a source of support.")),
    )
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("person around the child")
        verbose_name_plural = _("people around the child")
        ordering = ["relation", "name"]

    def __str__(self) -> str:
        return self.name


class SupportNeed(PlanItem):
    """What the child, the parents or the school need (ondersteuningsbehoefte)."""

    of_whom = models.CharField(
        _("support need of"),
        max_length=20,
        choices=NeedOf.choices,
        error_messages=_required(_("Choose whose support need this is.")),
    )
    text = models.TextField(
        _("support need"), error_messages=_required(_("Describe the support need."))
    )

    class Meta:
        verbose_name = _("support need")
        verbose_name_plural = _("support needs")
        ordering = ["of_whom", "created_at"]

    def __str__(self) -> str:
        return self.text[:60]
