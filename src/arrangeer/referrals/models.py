"""The aanmelding (a referrer registers a child at a receiving school or SWV), its trail of
events and the receiver's intake; the safety activities of a case: the Meldcode's five steps and
Verwijsindex signals; and the vrijstellingen van de leerplicht leerplicht records on a case."""

from __future__ import annotations

from uuid import uuid4

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from arrangeer.children.constants import Relation
from arrangeer.children.validators import validate_bsn, validate_person_name
from arrangeer.organisations.models import RegionSetting

from .constants import (
    DEFAULT_DECISION_DAYS,
    ConsentHow,
    EnrolmentOutcome,
    EventKind,
    ExemptionGround,
    MeldcodeDecision,
    MeldcodeStepKind,
    ReferralStatus,
)


class DecisionTerm(RegionSetting):
    """A region's term for the receiving school to decide on an aanmelding, in working days
    (functional management)."""

    region = RegionSetting.region_field("referral_decision_term")
    working_days = RegionSetting.days_field(
        _("decide within (working days)"), DEFAULT_DECISION_DAYS
    )

    value_field = "working_days"
    default = DEFAULT_DECISION_DAYS

    class Meta:
        verbose_name = _("term to decide on an aanmelding")
        verbose_name_plural = _("terms to decide on an aanmelding")


class Referral(models.Model):
    """One aanmelding, at a school or an SWV. Until it is accepted it holds the child's details
    the referrer gave; accepted, the case opened from it holds them and the referral keeps its
    status for the referrer."""

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    region = models.ForeignKey(
        "organisations.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    receiving_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("receiving organisation"),
    )
    referrer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    referrer_membership = models.ForeignKey(
        "organisations.Membership", on_delete=models.PROTECT, related_name="+"
    )
    referrer_organisation_name = models.CharField(_("referring organisation"), max_length=200)
    referrer_reference = models.CharField(_("your own reference"), max_length=60, blank=True)

    first_name = models.CharField(
        _("first name"), max_length=100, validators=[validate_person_name]
    )
    last_name = models.CharField(_("last name"), max_length=150, validators=[validate_person_name])
    date_of_birth = models.DateField(_("date of birth"))
    bsn = models.CharField(_("BSN"), max_length=9, blank=True, validators=[validate_bsn])
    current_school = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current school"),
    )
    parent_first_name = models.CharField(
        _("first name of a parent or carer"), max_length=100, validators=[validate_person_name]
    )
    parent_last_name = models.CharField(
        _("last name of the parent or carer"), max_length=150, validators=[validate_person_name]
    )
    parent_relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    parent_has_authority = models.BooleanField(_("has parental authority (gezag)"), default=True)
    parent_email = models.EmailField(_("e-mail of the parent or carer"), blank=True)
    parent_phone = models.CharField(_("phone of the parent or carer"), max_length=30, blank=True)

    reason = models.TextField(_("why this aanmelding"))
    tried = models.TextField(_("what was tried already, and its effect"))
    consent_how = models.CharField(
        _("how the parents gave consent"), max_length=20, choices=ConsentHow.choices
    )
    consent_on = models.DateField(_("consent given on"))
    consent_given_by = models.CharField(_("consent given by"), max_length=200)
    outcome_may_be_shared = models.BooleanField(
        _("the parents agree that a short outcome is shared with the referrer"), default=False
    )

    status = models.CharField(
        _("status"), max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    status_since = models.DateTimeField(_("in this status since"))
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("case"),
    )
    started_on = models.DateField(_("programme started on"), null=True, blank=True)
    ended_on = models.DateField(_("programme ended on"), null=True, blank=True)
    outcome = models.TextField(_("short outcome for the referrer"), blank=True)

    class Meta:
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")
        indexes = [
            models.Index(
                fields=["receiving_organisation", "status", "submitted_at"],
                name="referral_incoming",
            ),
            models.Index(fields=["referrer", "submitted_at"], name="referral_sent"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(case__isnull=False),
                name="referral_one_per_case",
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """The number the referrer and the school both use, in mail too: it names no child."""
        return str(self.uuid)[:8].upper()

    @property
    def initials(self) -> str:
        return f"{self.first_name[:1]}.{self.last_name[:1]}.".upper()

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class ReferralEvent(models.Model):
    """What happened to an aanmelding: the trail, with the question, the answer and the
    reason of a decline."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("what"), max_length=20, choices=EventKind.choices)
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    by_organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("event of an aanmelding")
        verbose_name_plural = _("events of an aanmelding")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.get_kind_display()


class Intake(models.Model):
    """The coordinator's intake after accepting: what the child's current school told. The
    indicated modules are the plan's own modules."""

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="intake")
    school_information = models.TextField(_("information from the current school"))
    information_from = models.CharField(
        _("from whom at the current school"), max_length=200, blank=True
    )
    received_on = models.DateField(_("received on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("intake")
        verbose_name_plural = _("intakes")

    def __str__(self) -> str:
        return str(self.referral)


class SafetyActivity(models.Model):
    """Common to a Meldcode step, a Verwijsindex signal and a vrijstelling: a dated activity
    on a case, with who did it. The first two are read only with the safety category, a
    vrijstelling with the education data."""

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    by_organisation = models.CharField(_("organisation"), max_length=200)
    recorded_at = models.DateTimeField(_("recorded at"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        abstract = True


class MeldcodeStep(SafetyActivity):
    step = models.CharField(_("step"), max_length=20, choices=MeldcodeStepKind.choices)
    done_on = models.DateField(_("done on"))
    decision = models.CharField(
        _("decision"), max_length=20, choices=MeldcodeDecision.choices, blank=True
    )

    class Meta:
        verbose_name = _("Meldcode step")
        verbose_name_plural = _("Meldcode steps")
        ordering = ["done_on", "step", "pk"]
        indexes = [models.Index(fields=["case", "done_on"], name="meldcode_case")]

    def __str__(self) -> str:
        return self.get_step_display()


class VerwijsindexSignal(SafetyActivity):
    given_on = models.DateField(_("signal given on"))
    match_with = models.CharField(_("match with"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("Verwijsindex signal")
        verbose_name_plural = _("Verwijsindex signals")
        ordering = ["given_on", "pk"]
        indexes = [models.Index(fields=["case", "given_on"], name="verwijsindex_case")]

    def __str__(self) -> str:
        return str(self.given_on)


class Exemption(SafetyActivity):
    """A vrijstelling van de leerplicht, recorded on the case by the leerplichtambtenaar:
    on which ground, from when, until when (open when not limited). Counted in the regional
    monitor by school year and ground."""

    ground = models.CharField(_("ground"), max_length=4, choices=ExemptionGround.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("vrijstelling van de leerplicht")
        verbose_name_plural = _("vrijstellingen van de leerplicht")
        ordering = ["starts_on", "pk"]
        indexes = [models.Index(fields=["case", "starts_on"], name="exemption_case")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gt=models.F("starts_on")),
                name="referrals_exemption_ends_after_start",
                violation_error_message=_("The end date must be after the start date."),
            ),
        ]

    def __str__(self) -> str:
        return self.get_ground_display()


class EnrolmentCheck(SafetyActivity):
    """Schoolsucces na een jaar: one year after a case closed, the leerplichtambtenaar of the
    child's municipality confirms whether the child is still in school (the same or another
    school, regular or special education), not in school, or unknown (moved out of the
    region). One per closed case; counted in the regional monitor by the school year of the
    closing (docs/monitor.md)."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="enrolment_check"
    )
    due_on = models.DateField(_("due on"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=EnrolmentOutcome.choices)

    class Meta:
        verbose_name = _("school success after one year")
        verbose_name_plural = _("school success after one year")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.get_outcome_display()
