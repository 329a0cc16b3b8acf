"""Choices of the plan, and the table of allowed lifecycle steps (ARCHITECTURE.md rule 4)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from arrangeer.organisations.constants import Role
from arrangeer.vocabulary import DataCategory


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AWAITING_AGREEMENT = "awaiting_agreement", _("Sent to the parents for agreement")
    ADOPTED = "adopted", _("Adopted")
    CLOSED = "closed", _("Closed")


class PlanStep(models.TextChoices):
    """The named steps of the lifecycle; each is one service."""

    SEND = "send", _("Send for agreement")
    ADOPT = "adopt", _("Adopt")
    ADJUST = "adjust", _("Start an adjustment")
    CONTINUE = "continue", _("Continue after evaluation")
    CLOSE = "close", _("Close after evaluation")


# From which status each step may be taken. Sending again while a version awaits agreement
# replaces that version (it is withdrawn).
ALLOWED_STEPS: dict[str, frozenset[str]] = {
    PlanStep.SEND: frozenset({PlanStatus.DRAFT, PlanStatus.AWAITING_AGREEMENT}),
    PlanStep.ADOPT: frozenset({PlanStatus.AWAITING_AGREEMENT}),
    PlanStep.ADJUST: frozenset({PlanStatus.ADOPTED, PlanStatus.CLOSED}),
    PlanStep.CONTINUE: frozenset({PlanStatus.ADOPTED}),
    PlanStep.CLOSE: frozenset({PlanStatus.ADOPTED}),
}

# Where the content of the plan may be written.
EDITABLE_STATUSES = frozenset({PlanStatus.DRAFT, PlanStatus.AWAITING_AGREEMENT})
# Where progress, delivery and attachments may be recorded.
RECORDING_STATUSES = frozenset(
    {PlanStatus.DRAFT, PlanStatus.AWAITING_AGREEMENT, PlanStatus.ADOPTED}
)


class VersionStatus(models.TextChoices):
    AWAITING = "awaiting", _("Awaiting the parents' agreement")
    ADOPTED = "adopted", _("Adopted, in force")
    SUPERSEDED = "superseded", _("Adopted, replaced by a later version")
    WITHDRAWN = "withdrawn", _("Not adopted: replaced before adoption")


class EntrySource(models.TextChoices):
    """Whose view a life domain entry gives: a professional's, or the parents' own (written
    by a parent in the portal: co-writing, not a separate document)."""

    PROFESSIONAL = "professional", _("A professional")
    PARENTS = "parents", _("The parents")


class LifeDomain(models.TextChoices):
    LEARNING = "leren", _("Learning and development")
    SOCIAL_EMOTIONAL = "sociaal_emotioneel", _("Social and emotional")
    COMMUNICATION = "communicatie", _("Communication")
    PHYSICAL_MEDICAL = "fysiek_medisch", _("Physical and medical")
    HOME_FAMILY = "thuis_gezin", _("Home and family")
    LEISURE = "vrije_tijd", _("Leisure")


# The category a new entry of each domain starts with (the author may choose another they see).
DOMAIN_DEFAULT_CATEGORY: dict[str, str] = {
    LifeDomain.LEARNING: DataCategory.EDUCATION,
    LifeDomain.SOCIAL_EMOTIONAL: DataCategory.EDUCATION,
    LifeDomain.COMMUNICATION: DataCategory.EDUCATION,
    LifeDomain.PHYSICAL_MEDICAL: DataCategory.HEALTH,
    LifeDomain.HOME_FAMILY: DataCategory.FAMILY,
    LifeDomain.LEISURE: DataCategory.FAMILY,
}

SUPPORT_LEVELS = range(1, 8)


class NetworkRelation(models.TextChoices):
    PARENT = "ouder", _("Parent or carer")
    SIBLING = "broer_zus", _("Brother or sister")
    GRANDPARENT = "grootouder", _("Grandparent")
    FAMILY = "familie", _("Other family")
    TEACHER = "leerkracht", _("Teacher or mentor")
    COACH = "coach", _("Coach or trainer")
    NEIGHBOURHOOD = "buurthuis", _("Neighbourhood centre or youth work")
    FRIEND = "vriend", _("Friend")
    NEIGHBOUR = "buren", _("Neighbour")
    PROFESSIONAL = "professional", _("Professional")
    OTHER = "anders", _("Other")


class Involvement(models.TextChoices):
    CLOSE = "dichtbij", _("Very involved")
    REGULAR = "regelmatig", _("Involved")
    OCCASIONAL = "soms", _("Now and then")
    DISTANT = "op_afstand", _("At a distance")


class SupportRole(models.TextChoices):
    SUPPORTS = "steun", _("A source of support")
    NEUTRAL = "neutraal", _("Neither support nor stress")
    STRAIN = "belasting", _("A source of stress")


class NeedOf(models.TextChoices):
    CHILD = "kind", _("The child")
    PARENTS = "ouders", _("The parents")
    SCHOOL = "school", _("The teacher and school")


class Side(models.TextChoices):
    EDUCATION = "onderwijs", _("Education")
    CARE = "zorg", _("Care and upbringing")


class GoalScale(models.TextChoices):
    NUMBER = "getal", _("A number on a scale")
    ACHIEVEMENT = "behaald", _("Achieved, partly or not")


class Achievement(models.TextChoices):
    ACHIEVED = "behaald", _("Achieved")
    PARTLY = "deels", _("Partly achieved")
    NOT_ACHIEVED = "niet", _("Not achieved")


# Where an achievement sits on the chart (0 = not, 1 = achieved).
ACHIEVEMENT_VALUE: dict[str, Decimal] = {
    Achievement.NOT_ACHIEVED: Decimal(0),
    Achievement.PARTLY: Decimal("0.5"),
    Achievement.ACHIEVED: Decimal(1),
}


class ModuleFunction(models.TextChoices):
    """NJi's five functions of an onderwijs-zorgarrangement, and verrijken (Alkmaar, 003)."""

    TERUGLEIDEN = "terugleiden", _("Terugleiden — back into education")
    OPBOUWEN = "opbouwen", _("Opbouwen — building up school attendance step by step")
    VERSTERKEN = "versterken", _("Versterken — support within the class")
    AANPASSEN = "aanpassen", _("Aanpassen — adapting the learning environment")
    DOORLEIDEN = "doorleiden", _("Doorleiden — guidance at a transition")
    VERRIJKEN = "verrijken", _("Verrijken — development outside school for now")


class Place(models.TextChoices):
    SCHOOL = "school", _("At school")
    HOME = "thuis", _("At home")
    INSTITUTION = "instelling", _("At an institution")
    OTHER = "anders", _("Elsewhere")


class IntensityUnit(models.TextChoices):
    HOURS = "uren", _("hours per week")
    SESSIONS = "sessies", _("sessions per week")


# "Absurd" intensity (issue 4): more than a full working week of support.
MAX_HOURS_PER_WEEK = Decimal(40)
MAX_SESSIONS_PER_WEEK = Decimal(20)


class FundingFramework(models.TextChoices):
    WPO_SWV = "wpo_swv", _("Wet passend onderwijs — via the SWV")
    WPO_SCHOOL = "wpo_school", _("Wet passend onderwijs — the school's own budget")
    JEUGDWET_ZIN = "jeugdwet_zin", _("Jeugdwet — zorg in natura (municipality)")
    JEUGDWET_PGB = "jeugdwet_pgb", _("Jeugdwet — PGB (personal budget)")
    WLZ = "wlz", _("Wlz — via the zorgkantoor")
    ZVW = "zvw", _("Zvw — via the health insurer")
    WMO = "wmo", _("Wmo — municipality")
    OTHER = "anders", _("Other")


class Instrument(models.TextChoices):
    SWV_ARRANGEMENT = "swv_arrangement", _("SWV arrangement")
    TLV = "tlv", _("TLV (toelaatbaarheidsverklaring)")
    TBV = "tbv", _("TBV (temporary facility)")
    FICTIEVE_TLV = "fictieve_tlv", _("Fictieve TLV (education in a care setting)")
    IBP = "ibp", _("IBP (individueel begeleidingsplan)")
    BESCHIKKING = "beschikking", _("Beschikking (municipal decision)")
    IJW_TOEWIJZING = "ijw_toewijzing", _("iJw toewijzing (allocation message)")
    INDICATIE = "indicatie", _("Indicatie")
    NONE = "geen", _("No separate decision needed")


# Which instrument fits which framework; "other" accepts any instrument.
INSTRUMENT_FRAMEWORKS: dict[str, frozenset[str]] = {
    Instrument.SWV_ARRANGEMENT: frozenset({FundingFramework.WPO_SWV}),
    Instrument.TLV: frozenset({FundingFramework.WPO_SWV}),
    Instrument.TBV: frozenset({FundingFramework.WPO_SWV}),
    Instrument.FICTIEVE_TLV: frozenset({FundingFramework.WPO_SWV}),
    Instrument.IBP: frozenset(
        {FundingFramework.JEUGDWET_ZIN, FundingFramework.JEUGDWET_PGB, FundingFramework.WLZ}
    ),
    Instrument.BESCHIKKING: frozenset(
        {FundingFramework.JEUGDWET_ZIN, FundingFramework.JEUGDWET_PGB, FundingFramework.WMO}
    ),
    Instrument.IJW_TOEWIJZING: frozenset({FundingFramework.JEUGDWET_ZIN}),
    Instrument.INDICATIE: frozenset({FundingFramework.WLZ, FundingFramework.ZVW}),
    Instrument.NONE: frozenset(
        {FundingFramework.WPO_SCHOOL, FundingFramework.ZVW, FundingFramework.WMO}
    ),
}


class Law(models.TextChoices):
    """The law a funding framework pays from: two frameworks of one law are one purse."""

    WPO = "wpo", _("Wet passend onderwijs")
    JEUGDWET = "jeugdwet", _("Jeugdwet")
    WLZ = "wlz", _("Wlz")
    ZVW = "zvw", _("Zvw")
    WMO = "wmo", _("Wmo")
    OTHER = "anders", _("Other")


FRAMEWORK_LAW: dict[str, str] = {
    FundingFramework.WPO_SWV: Law.WPO,
    FundingFramework.WPO_SCHOOL: Law.WPO,
    FundingFramework.JEUGDWET_ZIN: Law.JEUGDWET,
    FundingFramework.JEUGDWET_PGB: Law.JEUGDWET,
    FundingFramework.WLZ: Law.WLZ,
    FundingFramework.ZVW: Law.ZVW,
    FundingFramework.WMO: Law.WMO,
    FundingFramework.OTHER: Law.OTHER,
}

# Who takes the funding decision of a module, by its framework.
FRAMEWORK_DECIDER: dict[str, Any] = {
    FundingFramework.WPO_SWV: _("The samenwerkingsverband (SWV)"),
    FundingFramework.WPO_SCHOOL: _("The school board"),
    FundingFramework.JEUGDWET_ZIN: _("The municipality"),
    FundingFramework.JEUGDWET_PGB: _("The municipality"),
    FundingFramework.WLZ: _("The zorgkantoor (after the CIZ's indication)"),
    FundingFramework.ZVW: _("The health insurer"),
    FundingFramework.WMO: _("The municipality"),
    FundingFramework.OTHER: _("To be agreed by the team"),
}

# A beschikking ending this close is a signal: renew it in time.
DECISION_EXPIRY_NOTICE_DAYS = 28


class DecisionStatus(models.TextChoices):
    REQUESTED = "aangevraagd", _("Requested")
    GRANTED = "toegekend", _("Granted")
    REFUSED = "afgewezen", _("Refused")
    NOT_APPLICABLE = "nvt", _("Not applicable")


class MissReason(models.TextChoices):
    CHILD_ABSENT = "kind_afwezig", _("Child absent")
    PROVIDER_ABSENT = "aanbieder_afwezig", _("Provider absent")
    CANCELLED = "geannuleerd", _("Cancelled")
    HOLIDAY = "vakantie", _("Holiday")
    OTHER = "anders", _("Other")


class EvaluationDecision(models.TextChoices):
    CONTINUE = "voortzetten", _("Continue the arrangement")
    ADJUST = "bijstellen", _("Adjust the plan")
    CLOSE = "afsluiten", _("Close the plan")


class Realisation(models.TextChoices):
    REACHED = "behaald", _("Reached")
    PARTLY = "deels", _("Partly reached")
    NOT_REACHED = "niet", _("Not reached")


class ChildHeard(models.TextChoices):
    IN_MEETING = "in_overleg", _("The child took part in the meeting")
    BEFOREHAND = "vooraf", _("The child was heard beforehand")
    NOT_HEARD = "niet", _("The child was not heard")


class AgreementDecision(models.TextChoices):
    AGREES = "instemming", _("Agrees with the handelingsdeel")
    DISAGREES = "geen_instemming", _("Does not agree")


class AgreementEvidence(models.TextChoices):
    PAPER = "papier", _("Signed on paper")
    MEETING = "overleg", _("Said in the meeting, in the minutes")
    PORTAL = "portaal", _("In the parent portal")


class SignedWith(models.TextChoices):
    """How a parent proved it was them when they agreed in the portal: the password of the
    session and a second factor typed again at the moment of agreeing, or a session that
    logged in with DigiD at substantial assurance (eIDAS "substantieel")."""

    APP = "wachtwoord_app", _("password + authenticator app")
    MAIL = "wachtwoord_mail", _("password + code by mail")
    BACKUP = "wachtwoord_reserve", _("password + backup code")
    DIGID = "digid_substantieel", _("DigiD at substantial assurance")


# Uploads: what we accept, checked by content (plans/uploads.py).
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


# Who records the state of a decision (DOMAIN.md): the SWV's education specialist for what
# the SWV decides (TLV, TBV, SWV arrangement), the youth team for the municipality's
# decisions (beschikking, iJw toewijzing). An indicatie is decided outside Arrangeer (the
# zorgkantoor, the health insurer): the regisseur records it from the letter.
DECIDING_ROLES: dict[str, frozenset[str]] = {
    Instrument.SWV_ARRANGEMENT: frozenset({Role.SWV_SPECIALIST}),
    Instrument.TLV: frozenset({Role.SWV_SPECIALIST}),
    Instrument.TBV: frozenset({Role.SWV_SPECIALIST}),
    Instrument.FICTIEVE_TLV: frozenset({Role.SWV_SPECIALIST}),
    Instrument.IBP: frozenset({Role.YOUTH_WORKER}),
    Instrument.BESCHIKKING: frozenset({Role.YOUTH_WORKER}),
    Instrument.IJW_TOEWIJZING: frozenset({Role.YOUTH_WORKER}),
    Instrument.INDICATIE: frozenset(),
}
# Where a decision can be recorded: on a draft and on the adopted plan; not while a version
# is with the parents (their answer would refer to a changed text), nor once closed.
DECISION_PLAN_STATUSES = frozenset({PlanStatus.DRAFT, PlanStatus.ADOPTED})
# The states a recorded decision can have (not "not applicable": that is no decision).
RECORDED_DECISION_STATES = (
    DecisionStatus.REQUESTED,
    DecisionStatus.GRANTED,
    DecisionStatus.REFUSED,
)
