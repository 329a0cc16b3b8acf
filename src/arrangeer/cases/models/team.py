"""Who works on a case: the team's places, emergency access (break-the-glass) and the
transfers of the regie from one team member to another."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from simple_history.models import HistoricalRecords

from ..constants import MemberBasis, MemberStatus, TransferStatus
from .case import Case


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
