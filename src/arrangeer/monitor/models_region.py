"""The monitor's fact tables of the regional outcomes and the Integraal Loket (docs/monitor.md,
*Cost*): one narrow row per TLV, vrijstelling, closed case, consult, Meldcode step,
Verwijsindex signal and match, with its case's dimensions (models.CaseDimensions) and the
fields the pages count by, so those themes count one table each instead of joining the case,
the child and the school. Derived data: services_region rebuilds them whole and per write
(receivers_region). Imported by models.py, where Django finds them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import CaseDimensions


class TlvFact(CaseDimensions):
    """A TLV granted (a module with the instrument TLV, decided, not removed): the day of the
    decision, until when it holds, and the sector of its provider."""

    module = models.OneToOneField(
        "plans.Module",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="monitor_tlv",
        verbose_name=_("module"),
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="+", verbose_name=_("case")
    )
    provider_sector = models.CharField(_("sector of the provider"), max_length=10)
    decided_on = models.DateField(_("decided on"))
    decision_ends_on = models.DateField(_("decision valid until"), null=True)

    class Meta:
        verbose_name = _("monitor facts of a TLV")
        verbose_name_plural = _("monitor facts of TLVs")
        indexes = [models.Index(fields=["region", "decided_on"], name="monitor_tlvfact_decided")]

    def __str__(self) -> str:
        return f"monitor facts of TLV {self.pk}"


class ExemptionFact(CaseDimensions):
    """A vrijstelling van de leerplicht: its ground and when it is in force."""

    exemption = models.OneToOneField(
        "referrals.Exemption",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="monitor_fact",
        verbose_name=_("vrijstelling"),
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="+", verbose_name=_("case")
    )
    ground = models.CharField(_("ground"), max_length=4)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True)

    class Meta:
        verbose_name = _("monitor facts of a vrijstelling")
        verbose_name_plural = _("monitor facts of vrijstellingen")
        indexes = [models.Index(fields=["region", "starts_on"], name="monitor_exemptionfact_start")]

    def __str__(self) -> str:
        return f"monitor facts of vrijstelling {self.pk}"


class OutcomeFact(CaseDimensions):
    """A closed case: when it closed, where the child went after it, and the outcome of the
    check a year later (None: not recorded)."""

    case = models.OneToOneField(
        "cases.Case",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="monitor_outcome",
        verbose_name=_("case"),
    )
    closed_at = models.DateTimeField(_("closed at"))
    destination = models.CharField(_("after the arrangement"), max_length=20)
    success = models.CharField(_("outcome of the check"), max_length=20, null=True)  # noqa: DJ001

    class Meta:
        verbose_name = _("monitor facts of a closed case")
        verbose_name_plural = _("monitor facts of closed cases")
        indexes = [models.Index(fields=["region", "closed_at"], name="monitor_outcomefact_closed")]

    def __str__(self) -> str:
        return f"monitor outcome of case {self.pk}"


class ConsultFact(CaseDimensions):
    """A consult of the Integraal Loket: its urgency, when it was asked and advised, and the
    day the advice was due."""

    consult = models.OneToOneField(
        "loket.Consult",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="monitor_fact",
        verbose_name=_("consult"),
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="+", verbose_name=_("case")
    )
    urgency = models.CharField(_("urgency"), max_length=10)
    asked_at = models.DateTimeField(_("asked at"))
    advised_at = models.DateTimeField(_("advised at"), null=True)
    due_on = models.DateField(_("advice due on"))

    class Meta:
        verbose_name = _("monitor facts of a consult")
        verbose_name_plural = _("monitor facts of consults")
        indexes = [models.Index(fields=["region", "asked_at"], name="monitor_consultfact_asked")]

    def __str__(self) -> str:
        return f"monitor facts of consult {self.pk}"


class MeldcodeFact(CaseDimensions):
    """A step of the Meldcode on a case: which step, the day, and the decision of step 5."""

    meldcode_step = models.OneToOneField(
        "referrals.MeldcodeStep",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="monitor_fact",
        verbose_name=_("Meldcode step"),
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="+", verbose_name=_("case")
    )
    step = models.CharField(_("step"), max_length=20)
    done_on = models.DateField(_("done on"))
    decision = models.CharField(_("decision"), max_length=20)

    class Meta:
        verbose_name = _("monitor facts of a Meldcode step")
        verbose_name_plural = _("monitor facts of Meldcode steps")
        indexes = [models.Index(fields=["region", "done_on"], name="monitor_meldcodefact_done")]

    def __str__(self) -> str:
        return f"monitor facts of Meldcode step {self.pk}"


class VerwijsindexFact(CaseDimensions):
    """A Verwijsindex signal on a case: the day it was given and whether it found a match."""

    signal = models.OneToOneField(
        "referrals.VerwijsindexSignal",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="monitor_fact",
        verbose_name=_("Verwijsindex signal"),
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="+", verbose_name=_("case")
    )
    given_on = models.DateField(_("signal given on"))
    matched = models.BooleanField(_("with a match"))

    class Meta:
        verbose_name = _("monitor facts of a Verwijsindex signal")
        verbose_name_plural = _("monitor facts of Verwijsindex signals")
        indexes = [models.Index(fields=["region", "given_on"], name="monitor_signalfact_given")]

    def __str__(self) -> str:
        return f"monitor facts of Verwijsindex signal {self.pk}"


class MatchFact(models.Model):
    """A child known in both domains (loket.Match): the education side's region, how the school
    came to know, the day, and the dimensions of the school that registered the child (its
    case's route). `person` stands for the child's BSN without holding it: the first of the
    region's registrations of that BSN, so a child counts once."""

    match = models.OneToOneField(
        "loket.Match",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="monitor_fact",
        verbose_name=_("match"),
    )
    region = models.ForeignKey(
        "organisations.Region", on_delete=models.CASCADE, related_name="+", verbose_name=_("region")
    )
    person = models.BigIntegerField(_("child"))
    source = models.CharField(_("source"), max_length=12)
    matched_at = models.DateTimeField(_("matched at"))
    school = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("school"),
    )
    municipality = models.CharField(_("municipality"), max_length=120, null=True)  # noqa: DJ001
    sector = models.CharField(_("sector"), max_length=10, null=True)  # noqa: DJ001
    route = models.ForeignKey(
        "routes.Route", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    swv = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("samenwerkingsverband"),
    )
    school_board = models.ForeignKey(
        "organisations.SchoolBoard",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("school board"),
    )

    class Meta:
        verbose_name = _("monitor facts of a match")
        verbose_name_plural = _("monitor facts of matches")
        indexes = [models.Index(fields=["region", "matched_at"], name="monitor_matchfact_matched")]

    def __str__(self) -> str:
        return f"monitor facts of match {self.pk}"
