from __future__ import annotations

import datetime as dt
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from simple_history.models import HistoricalRecords

from arrangeer.organisations.constants import OrganisationType
from arrangeer.vocabulary import DataCategory

from .constants import (
    CaseStatus,
    CloseReason,
    Destination,
    Initiator,
    MailMoment,
    MemberBasis,
    MemberStatus,
    NoticeKind,
    SchoolPlanKind,
    StepChangeKind,
    TransferStatus,
)


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


class TeamMember(models.Model):
    """A professional on the case team, in one of their memberships (role at an organisation)."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="team", verbose_name=_("case")
    )
    membership = models.ForeignKey(
        "organisations.Membership",
        on_delete=models.PROTECT,
        related_name="case_teams",
        verbose_name=_("membership"),
    )
    status = models.CharField(_("status"), max_length=10, choices=MemberStatus.choices)
    basis = models.CharField(_("basis"), max_length=30, choices=MemberBasis.choices)
    consent = models.ForeignKey(
        "consents.Consent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="team_members",
        verbose_name=_("consent at admission"),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("approved or refused at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    decision_note = models.TextField(_("note"), blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    end_reason = models.TextField(_("reason for leaving"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["proposed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "membership"],
                condition=models.Q(status__in=["proposed", "active"]),
                name="cases_one_current_team_place_per_membership",
                violation_error_message=_("This person is already on the team or proposed for it."),
            ),
        ]
        indexes = [
            # A person's places that give access, and their cases (the access layer).
            models.Index(
                fields=["membership", "case"],
                condition=models.Q(status="active"),
                name="cases_tm_active_places",
            ),
            # Places waiting for the family ("My actions" of the regisseur).
            models.Index(
                fields=["case"], condition=models.Q(status="proposed"), name="cases_tm_proposed"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership} @ {self.case}"


class EmergencyAccess(models.Model):
    """Break-the-glass: a professional opened a case in an emergency, with a written reason."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="emergency_accesses", verbose_name=_("case")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("user")
    )
    membership = models.ForeignKey(
        "organisations.Membership",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("role"),
    )
    reason = models.TextField(_("reason"))
    started_at = models.DateTimeField(_("started at"))
    expires_at = models.DateTimeField(_("expires at"))

    class Meta:
        verbose_name = _("emergency access")
        verbose_name_plural = _("emergency accesses")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.user} → {self.case} ({self.started_at:%Y-%m-%d %H:%M})"


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


class StepChange(models.Model):
    """The timeline of a case on its route: every start, move, close and reopen, with who,
    when, why and which checks were passed with a reason. Never changed afterwards."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="step_changes", verbose_name=_("case")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=StepChangeKind.choices)
    from_step = models.ForeignKey(
        "routes.Step",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from step"),
    )
    to_step = models.ForeignKey(
        "routes.Step",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("to step"),
    )
    reason = models.TextField(_("reason"), blank=True)
    overridden_guards = models.JSONField(_("checks passed with a reason"), default=list, blank=True)
    override_reason = models.TextField(_("reason for passing the checks"), blank=True)
    by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    by_membership = models.ForeignKey(
        "organisations.Membership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("in the role"),
    )
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("step change")
        verbose_name_plural = _("step changes")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["case", "at"], name="cases_stepchange_case_at")]

    def __str__(self) -> str:
        return f"{self.case} {self.kind} {self.at:%Y-%m-%d}"


class ChecklistMark(models.Model):
    """A tick (or an untick) by hand on the regisseur's checklist (routes/checklist.py), for an
    item the product cannot read from the data. Never changed afterwards: the latest mark per
    item is its state, the marks are its history (who, when)."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="checklist_marks", verbose_name=_("case")
    )
    item = models.CharField(_("item"), max_length=60)
    done = models.BooleanField(_("done"))
    by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    by_membership = models.ForeignKey(
        "organisations.Membership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("in the role"),
    )
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("checklist mark")
        verbose_name_plural = _("checklist marks")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["case", "item", "at"], name="cases_checklist_case_item")]

    def __str__(self) -> str:
        return f"{self.case} {self.item} {self.done}"


class RegieTransfer(models.Model):
    """A change of regisseur: proposed with a reason by the regisseur to someone on the team,
    and accepted (or declined) by that person. The accepted ones are the regie history."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="regie_transfers", verbose_name=_("case")
    )
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("from regisseur"),
    )
    to_member = models.ForeignKey(
        TeamMember, on_delete=models.PROTECT, related_name="+", verbose_name=_("to")
    )
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=TransferStatus.choices,
        default=TransferStatus.PROPOSED,
    )
    proposed_at = models.DateTimeField(_("proposed at"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("transfer of regie")
        verbose_name_plural = _("transfers of regie")
        ordering = ["proposed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status="proposed"),
                name="cases_one_pending_regie_transfer",
                violation_error_message=_("A transfer of the regie is already waiting."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} → {self.to_member_id} ({self.status})"


class FamilyNotice(models.Model):
    """That one family member is to be told something about a case, by mail: at once, or in
    the daily mail (`manage.py send_family_digest`). The key makes it once per person and
    event; `mailed_at` is when it went out."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("to")
    )
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="family_notices", verbose_name=_("case")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NoticeKind.choices)
    key = models.CharField(max_length=80)
    moment = models.CharField(_("when"), max_length=10, choices=MailMoment.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    mailed_at = models.DateTimeField(_("mailed at"), null=True, blank=True)
    in_digest = models.BooleanField(_("in the daily mail"), default=False)

    class Meta:
        verbose_name = _("notice to the family")
        verbose_name_plural = _("notices to the family")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="cases_notice_once_per_person"),
        ]
        indexes = [
            models.Index(
                fields=["user"],
                condition=models.Q(mailed_at__isnull=True),
                name="cases_notice_waiting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.user_id}"


class MailPreference(models.Model):
    """A family member's choice per kind of notice: straight away, once a day or not at all.
    A kind not chosen follows the default (urgent ones at once, the others once a day)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mail_preference",
        verbose_name=_("person"),
    )
    moments = models.JSONField(_("when to mail, per kind"), default=dict)
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("mail preference")
        verbose_name_plural = _("mail preferences")

    def __str__(self) -> str:
        return str(self.user_id)


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
