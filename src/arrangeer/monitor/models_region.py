"""The monitor's fact tables of the regional outcomes and the Integraal Loket (docs/monitor.md,
*Cost*): one narrow row per TLV, vrijstelling, closed case, consult, Meldcode step,
Verwijsindex signal and match, with its case's dimensions (models.CaseDimensions) and the
fields the pages count by, so those themes count one table each instead of joining the case,
the child and the school. Derived data: services_region rebuilds them whole and per write
(receivers_region). Imported by models.py, where Django finds them."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import CaseDimensions, CaseRowDimensions, PlaceDimensions


class CaseDataFact(CaseRowDimensions):
    """A fact row of a case's child data (a TLV, vrijstelling, consult, Meldcode step or
    Verwijsindex signal), keyed by the row it copies. `fact_of` names the row in `str()`."""

    fact_of: ClassVar[str] = ""

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"monitor facts of {self.fact_of} {self.pk}"


class TlvFact(CaseDataFact):
    """A TLV granted (a module with the instrument TLV, decided, not removed): the day of the
    decision, until when it holds, and the sector of its provider."""

    fact_of = "TLV"

    module = models.OneToOneField(
        "plans.Module",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="monitor_tlv",
        verbose_name=_("module"),
    )
    provider_sector = models.CharField(_("sector of the provider"), max_length=10)
    decided_on = models.DateField(_("decided on"))
    decision_ends_on = models.DateField(_("decision valid until"), null=True)

    class Meta:
        verbose_name = _("monitor facts of a TLV")
        verbose_name_plural = _("monitor facts of TLVs")
        indexes = [models.Index(fields=["region", "decided_on"], name="monitor_tlvfact_decided")]


class ExemptionFact(CaseDataFact):
    """A vrijstelling van de leerplicht: its ground and when it is in force."""

    fact_of = "vrijstelling"

    exemption = models.OneToOneField(
        "referrals.Exemption",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="monitor_fact",
        verbose_name=_("vrijstelling"),
    )
    ground = models.CharField(_("ground"), max_length=4)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True)

    class Meta:
        verbose_name = _("monitor facts of a vrijstelling")
        verbose_name_plural = _("monitor facts of vrijstellingen")
        indexes = [models.Index(fields=["region", "starts_on"], name="monitor_exemptionfact_start")]


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


class ConsultFact(CaseDataFact):
    """A consult of the Integraal Loket: its urgency, when it was asked and advised, and the
    day the advice was due."""

    fact_of = "consult"

    consult = models.OneToOneField(
        "loket.Consult",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="monitor_fact",
        verbose_name=_("consult"),
    )
    urgency = models.CharField(_("urgency"), max_length=10)
    asked_at = models.DateTimeField(_("asked at"))
    advised_at = models.DateTimeField(_("advised at"), null=True)
    due_on = models.DateField(_("advice due on"))

    class Meta:
        verbose_name = _("monitor facts of a consult")
        verbose_name_plural = _("monitor facts of consults")
        indexes = [models.Index(fields=["region", "asked_at"], name="monitor_consultfact_asked")]


class MeldcodeFact(CaseDataFact):
    """A step of the Meldcode on a case: which step, the day, and the decision of step 5."""

    fact_of = "Meldcode step"

    meldcode_step = models.OneToOneField(
        "referrals.MeldcodeStep",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="monitor_fact",
        verbose_name=_("Meldcode step"),
    )
    step = models.CharField(_("step"), max_length=20)
    done_on = models.DateField(_("done on"))
    decision = models.CharField(_("decision"), max_length=20)

    class Meta:
        verbose_name = _("monitor facts of a Meldcode step")
        verbose_name_plural = _("monitor facts of Meldcode steps")
        indexes = [models.Index(fields=["region", "done_on"], name="monitor_meldcodefact_done")]


class VerwijsindexFact(CaseDataFact):
    """A Verwijsindex signal on a case: the day it was given and whether it found a match."""

    fact_of = "Verwijsindex signal"

    signal = models.OneToOneField(
        "referrals.VerwijsindexSignal",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="monitor_fact",
        verbose_name=_("Verwijsindex signal"),
    )
    given_on = models.DateField(_("signal given on"))
    matched = models.BooleanField(_("with a match"))

    class Meta:
        verbose_name = _("monitor facts of a Verwijsindex signal")
        verbose_name_plural = _("monitor facts of Verwijsindex signals")
        indexes = [models.Index(fields=["region", "given_on"], name="monitor_signalfact_given")]


class MatchFact(PlaceDimensions):
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
    person = models.BigIntegerField(_("child"))
    source = models.CharField(_("source"), max_length=12)
    matched_at = models.DateTimeField(_("matched at"))

    class Meta:
        verbose_name = _("monitor facts of a match")
        verbose_name_plural = _("monitor facts of matches")
        indexes = [models.Index(fields=["region", "matched_at"], name="monitor_matchfact_matched")]

    def __str__(self) -> str:
        return f"monitor facts of match {self.pk}"
