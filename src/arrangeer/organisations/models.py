from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from simple_history.models import HistoricalRecords

from .constants import (
    ROLES_BY_ORGANISATION_TYPE,
    OrganisationType,
    PreschoolKind,
    Role,
    SchoolSector,
)
from .validators import validate_agb, validate_bevoegd_gezag, validate_brin, validate_kvk


class Region(models.Model):
    """A youth care region / SWV area with its own route and agreements."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RegionSetting(models.Model):
    """A number that functional management sets per region (a term in working days): one row
    per region, or none and the default holds. A subclass declares its region with
    `region_field` (its own reverse name) and its number with `days_field`, and names the
    number (`value_field`) and its default (`default`)."""

    region: Region  # declared by each subclass (`region_field`)
    value_field: ClassVar[str]
    default: ClassVar[int]

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.region}: {getattr(self, self.value_field)}"

    @staticmethod
    def region_field(related_name: str) -> models.OneToOneField[Region, Region]:
        return models.OneToOneField(
            Region, on_delete=models.CASCADE, related_name=related_name, verbose_name=_("region")
        )

    @staticmethod
    def days_field(verbose_name: Any, default: int) -> models.PositiveSmallIntegerField[int, int]:
        """A number of working days, from 1 to 60."""
        return models.PositiveSmallIntegerField(
            verbose_name,
            default=default,
            validators=[MinValueValidator(1), MaxValueValidator(60)],
        )

    @classmethod
    def value_for(cls, region: Region) -> int:
        """The region's number, or the default when the region set none. One query."""
        # The region field is declared by each subclass, so the lookup is spelled as a mapping.
        lookup = {"region": region}
        found = cls._default_manager.filter(**lookup).values_list(cls.value_field, flat=True)
        return int(next(iter(found), cls.default))


class SchoolBoard(models.Model):
    """A school board (schoolbestuur, the *bevoegd gezag*) of schools in a region: the monitor
    counts by it (docs/monitor.md)."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="school_boards", verbose_name=_("region")
    )
    name = models.CharField(_("name"), max_length=200)
    bevoegd_gezag = models.CharField(
        _("bevoegd-gezagnummer"),
        max_length=5,
        blank=True,
        validators=[validate_bevoegd_gezag],
        help_text=_("The five digits DUO gives the board (optional)."),
    )

    class Meta:
        verbose_name = _("school board")
        verbose_name_plural = _("school boards")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"],
                name="organisations_unique_board_name_in_region",
                violation_error_message=_("This region already has a school board by this name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("region")
    )
    name = models.CharField(_("name"), max_length=200)
    type = models.CharField(_("type"), max_length=30, choices=OrganisationType.choices)
    sector = models.CharField(
        _("school sector"),
        max_length=5,
        choices=SchoolSector.choices,
        blank=True,
        help_text=_("Only for schools."),
    )
    preschool = models.CharField(
        _("preschool facility"),
        max_length=20,
        choices=PreschoolKind.choices,
        blank=True,
        help_text=_(
            "The preschool facility it runs, if any: its children appear in the intake list "
            "of a group arrangement with an intake age (the Startklas)."
        ),
    )
    municipality = models.CharField(_("municipality"), max_length=120, blank=True)
    brin = models.CharField(_("BRIN code"), max_length=6, blank=True, validators=[validate_brin])
    kvk = models.CharField(_("KvK number"), max_length=8, blank=True, validators=[validate_kvk])
    agb = models.CharField(_("AGB code"), max_length=8, blank=True, validators=[validate_agb])
    swv = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="swv_schools",
        limit_choices_to={"type": OrganisationType.SWV},
        verbose_name=_("samenwerkingsverband"),
        help_text=_("Only for schools: the SWV of the region the school belongs to."),
    )
    school_board = models.ForeignKey(
        SchoolBoard,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="schools",
        verbose_name=_("school board"),
        help_text=_("Only for schools."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["brin"],
                condition=~models.Q(brin=""),
                name="organisations_unique_brin",
                violation_error_message=_("Another organisation already has this BRIN code."),
            ),
            models.UniqueConstraint(
                fields=["region", "name"],
                name="organisations_unique_name_in_region",
                violation_error_message=_("This region already has an organisation by this name."),
            ),
            models.CheckConstraint(
                condition=models.Q(type=OrganisationType.SCHOOL) | models.Q(sector=""),
                name="organisations_sector_only_for_schools",
                violation_error_message=_("Only a school has a school sector."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        self.brin = self.brin.strip().upper()
        errors: dict[str, str] = {}
        if self.type == OrganisationType.SCHOOL and not self.sector:
            errors["sector"] = str(_("A school needs a sector (PO, VO, MBO, SO, VSO or SBO)."))
        if self.type != OrganisationType.SCHOOL and self.sector:
            errors["sector"] = str(_("Only a school has a school sector."))
        if self.brin and self.type != OrganisationType.SCHOOL:
            errors["brin"] = str(_("Only a school has a BRIN code."))
        errors |= self._clean_links()
        if errors:
            raise ValidationError(errors)

    def _clean_links(self) -> dict[str, str]:
        """A school's SWV is an SWV of its region, its board a board of its region; only a
        school has either."""
        errors: dict[str, str] = {}
        is_school = self.type == OrganisationType.SCHOOL
        if self.swv_id is not None:
            swv = self.swv
            if not is_school:
                errors["swv"] = str(_("Only a school belongs to a samenwerkingsverband."))
            elif swv is None or swv.type != OrganisationType.SWV:
                errors["swv"] = str(_("Choose an organisation of type samenwerkingsverband."))
            elif swv.region_id != self.region_id:
                errors["swv"] = str(_("The samenwerkingsverband must be in the school's region."))
        if self.school_board_id is not None:
            board = self.school_board
            if not is_school:
                errors["school_board"] = str(_("Only a school has a school board."))
            elif board is None or board.region_id != self.region_id:
                errors["school_board"] = str(_("The school board must be in the school's region."))
        return errors

    @property
    def is_school(self) -> bool:
        return self.type == OrganisationType.SCHOOL


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> MembershipQuerySet:
        return self.filter(is_active=True, organisation__is_active=True)


class Membership(models.Model):
    """A user working at an organisation in one professional role."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=40, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()
    # Who gave, changed, ended or deleted a role, and when: a role decides what a person may
    # see, so its changes are kept (docs/privacy.md).
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                name="organisations_unique_membership",
                violation_error_message=_(
                    "This person already has this role at this organisation."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"

    def clean(self) -> None:
        super().clean()
        if self.organisation_id is None or not self.role:
            return
        allowed = ROLES_BY_ORGANISATION_TYPE.get(self.organisation.type, frozenset())
        if self.role not in allowed:
            raise ValidationError(
                {
                    "role": _("The role “%(role)s” does not exist at a %(type)s.")
                    % {
                        "role": self.get_role_display(),
                        "type": self.organisation.get_type_display().lower(),
                    }
                }
            )
