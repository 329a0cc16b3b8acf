"""The Integraal Loket: an advice asked of the Loket on a case (with its proposals), and
"known in both domains" the Verwijsindex way: an organisation's registration that it knows a
child, and the match of an education and a youth-care registration of one child in a region."""

from __future__ import annotations

from uuid import uuid4

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from arrangeer.children.validators import validate_bsn
from arrangeer.organisations.models import RegionSetting
from arrangeer.plans.constants import ModuleFunction, Side

from .constants import (
    DEFAULT_ADVICE_DAYS,
    ConsultStatus,
    Domain,
    ProposalKind,
    Source,
    Urgency,
)


class AdviceDeadline(RegionSetting):
    """A region's deadline for the Loket's advice, in working days (functional management)."""

    region = RegionSetting.region_field("loket_deadline")
    working_days = RegionSetting.days_field(_("deadline in working days"), DEFAULT_ADVICE_DAYS)

    value_field = "working_days"
    default = DEFAULT_ADVICE_DAYS

    class Meta:
        verbose_name = _("deadline of the Loket's advice")
        verbose_name_plural = _("deadlines of the Loket's advice")


class Consult(models.Model):
    """A question to the Integraal Loket about one case, and the Loket's advice."""

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.CASCADE,
        related_name="loket_consults",
        verbose_name=_("case"),
    )
    loket = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="loket_consults",
        verbose_name=_("Integraal loket"),
    )
    consent = models.ForeignKey(
        "consents.Consent",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("consent for the Loket"),
    )
    question = models.TextField(_("question"))
    tried = models.TextField(_("what was tried"))
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("asked by"),
    )
    asked_as = models.ForeignKey(
        "organisations.Membership",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("asked in the role"),
    )
    asked_at = models.DateTimeField(_("asked at"))
    due_on = models.DateField(_("advice due on"))
    status = models.CharField(
        _("status"), max_length=12, choices=ConsultStatus.choices, default=ConsultStatus.ASKED
    )
    advice = models.TextField(_("advice"), blank=True)
    route_step = models.CharField(_("proposed route step"), max_length=200, blank=True)
    advised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("advised by"),
    )
    advised_as = models.ForeignKey(
        "organisations.Membership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("advised in the role"),
    )
    advised_at = models.DateTimeField(_("advised at"), null=True, blank=True)
    outcome = models.TextField(_("what was done with the advice"), blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("follow-up recorded by"),
    )
    outcome_at = models.DateTimeField(_("follow-up recorded at"), null=True, blank=True)
    # The gouden driehoek the adviser planned for this question (a meeting of its own kind).
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gouden driehoek"),
    )

    class Meta:
        verbose_name = _("Loket consult")
        verbose_name_plural = _("Loket consults")
        ordering = ["-asked_at", "-pk"]
        indexes = [models.Index(fields=["loket", "status", "due_on"], name="loket_consult_due")]

    def __str__(self) -> str:
        return self.question[:60]


class Proposal(models.Model):
    """A concrete proposal in an advice: a partner to involve (a person in a role) or a
    module. The asker can take it over: the partner onto the team proposal, the module as a
    draft module of the plan."""

    consult = models.ForeignKey(
        Consult, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("consult")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ProposalKind.choices)
    membership = models.ForeignKey(
        "organisations.Membership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("professional"),
    )
    provider = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("provider"),
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    side = models.CharField(_("education or care"), max_length=20, choices=Side.choices, blank=True)
    function = models.CharField(
        _("function"), max_length=20, choices=ModuleFunction.choices, blank=True
    )
    taken_over_at = models.DateTimeField(_("taken over at"), null=True, blank=True)
    taken_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("taken over by"),
    )

    class Meta:
        verbose_name = _("proposal of an advice")
        verbose_name_plural = _("proposals of an advice")
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return self.title or str(self.membership)


class Registration(models.Model):
    """That an organisation knows a child, as the Verwijsindex keeps it: the BSN, the region,
    the organisation and a contact, nothing about why."""

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    region = models.ForeignKey(
        "organisations.Region", on_delete=models.CASCADE, related_name="+", verbose_name=_("region")
    )
    bsn = models.CharField(_("BSN"), max_length=9, validators=[validate_bsn])
    domain = models.CharField(_("domain"), max_length=10, choices=Domain.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    contact = models.ForeignKey(
        "organisations.Membership",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("contact"),
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("case"),
    )
    child_name = models.CharField(_("name of the child"), max_length=250)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("registration that a child is known")
        verbose_name_plural = _("registrations that a child is known")
        indexes = [models.Index(fields=["region", "bsn"], name="loket_registration_bsn")]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "bsn", "organisation"], name="loket_registration_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.get_source_display()}"


class Match(models.Model):
    """An education and a youth-care registration of the same child (BSN) in one region: both
    sides are told that the other knows the child (which organisation, which contact)."""

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    education = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="+", verbose_name=_("education side")
    )
    youth = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="+", verbose_name=_("youth-care side")
    )
    matched_at = models.DateTimeField(_("matched at"), auto_now_add=True)

    class Meta:
        verbose_name = _("match in both domains")
        verbose_name_plural = _("matches in both domains")
        ordering = ["-matched_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["education", "youth"], name="loket_match_once"),
        ]

    def __str__(self) -> str:
        return f"{self.education.organisation} ↔ {self.youth.organisation}"
