from django.db import models
from django.utils.translation import gettext_lazy as _

from arrangeer.organisations.constants import OrganisationType, Role
from arrangeer.vocabulary import DataCategory


class ReferralStatus(models.TextChoices):
    """Where an aanmelding stands. The referrer sees this, and nothing of the file."""

    SUBMITTED = "ingediend", _("Submitted, waiting for the receiving organisation")
    QUESTION = "vraag", _("The receiving organisation asked for more information")
    ACCEPTED = "aangenomen", _("Accepted")
    DECLINED = "afgewezen", _("Declined")
    STARTED = "gestart", _("Programme started")
    ENDED = "afgerond", _("Programme ended")


# The lifecycle as data: from → allowed next statuses. Asking for more can happen again after
# an answer; accepted, the programme starts and ends.
REFERRAL_TRANSITIONS: dict[str, frozenset[str]] = {
    ReferralStatus.SUBMITTED: frozenset(
        {ReferralStatus.QUESTION, ReferralStatus.ACCEPTED, ReferralStatus.DECLINED}
    ),
    ReferralStatus.QUESTION: frozenset({ReferralStatus.SUBMITTED, ReferralStatus.DECLINED}),
    ReferralStatus.ACCEPTED: frozenset({ReferralStatus.STARTED, ReferralStatus.ENDED}),
    ReferralStatus.STARTED: frozenset({ReferralStatus.ENDED}),
    ReferralStatus.DECLINED: frozenset(),
    ReferralStatus.ENDED: frozenset(),
}

# Waiting for the receiving school: the coordinator's list shows these first.
OPEN_STATUSES = frozenset({ReferralStatus.SUBMITTED, ReferralStatus.QUESTION})

# The receiving school's term to decide on an aanmelding (accept, ask for more or decline), in
# working days from its arrival or the referrer's answer, when the region has set none: two
# weeks, so a child does not wait a month for a first answer (Mijn acties, the reminder).
DEFAULT_DECISION_DAYS = 10


class EventKind(models.TextChoices):
    SUBMITTED = "ingediend", _("Submitted")
    QUESTION = "vraag", _("Asked for more information")
    ANSWER = "antwoord", _("Answered")
    ACCEPTED = "aangenomen", _("Accepted")
    DECLINED = "afgewezen", _("Declined")
    STARTED = "gestart", _("Programme started")
    ENDED = "afgerond", _("Programme ended")


# Which events the referrer reads the text of: the question they must answer, their own
# answer and the reason of a decline. An outcome only with the parents' agreement.
TEXT_FOR_REFERRER = frozenset({EventKind.QUESTION, EventKind.ANSWER, EventKind.DECLINED})


class ConsentHow(models.TextChoices):
    """How the parents' consent for the aanmelding was recorded by the referrer."""

    SIGNED_FORM = "formulier", _("On a signed form")
    IN_CONVERSATION = "gesprek", _("In a conversation, noted in our own file")
    IN_WRITING = "schriftelijk", _("In writing (mail or letter)")


# Who may send an aanmelding: a professional working with children at one of these.
REFERRER_ORGANISATION_TYPES = frozenset(
    {
        OrganisationType.SCHOOL,
        OrganisationType.SWV,
        OrganisationType.YOUTH_TEAM,
        OrganisationType.CARE_PROVIDER,
        OrganisationType.JGZ,
        OrganisationType.LEERPLICHT,
        OrganisationType.INTEGRAL_DESK,
    }
)
# Who receives it, per kind of receiving organisation, and opens the case when accepting (the
# cases services): at a school its support coordinator; at a samenwerkingsverband (an SWV that
# runs a KEC-like programme) its education specialist, the SWV's onderwijs-zorgcoördinator.
RECEIVING_ROLES: dict[str, str] = {
    OrganisationType.SCHOOL: Role.COORDINATOR,
    OrganisationType.SWV: Role.SWV_SPECIALIST,
}

# An SWV has no legal task of its own in the access layer: its place on the case opened from
# an aanmelding stands on the parents' consent the referrer recorded, written as the team's
# consent for the SWV in these categories (what the aanmelding is about: the education side).
SWV_CONSENT_CATEGORIES = (DataCategory.EDUCATION,)

# What the aanmelding is read as on the case: the receiving school's own ground.
REFERRAL_CATEGORY = DataCategory.EDUCATION


class MeldcodeStepKind(models.TextChoices):
    """The five steps of the Meldcode huiselijk geweld en kindermishandeling."""

    MAP = "1_in_kaart", _("1. Map the signals")
    CONSULT = "2_consultatie", _("2. Consult a colleague and, if needed, Veilig Thuis")
    TALK = "3_gesprek", _("3. Talk with the child and the parents")
    WEIGH = "4_wegen", _("4. Weigh the violence or abuse")
    DECIDE = "5_beslissen", _("5. Decide: organise help or report")


class MeldcodeDecision(models.TextChoices):
    """Step 5: help can be organised, or a report to Veilig Thuis is needed (or both)."""

    ORGANISE_HELP = "hulp", _("Organise help")
    REPORT = "melden", _("Report to Veilig Thuis")
    BOTH = "beide", _("Report to Veilig Thuis and organise help")


# Meldcode steps and Verwijsindex signals: only those who read safety data see them.
SAFETY_CATEGORY = DataCategory.SAFETY


class ExemptionGround(models.TextChoices):
    """The grounds of a vrijstelling van de leerplicht (Leerplichtwet 1969), as the
    leerplichtambtenaar records them."""

    PHYSICAL_MENTAL = "5a", _("Art. 5 (a): physical or psychological grounds")
    DENOMINATION = "5b", _("Art. 5 (b): objection to the denomination of the schools nearby")
    ABROAD = "5c", _("Art. 5 (c): enrolled at a school abroad")
    OTHER_EDUCATION = "15", _("Art. 15: following other education")


# A vrijstelling is about the child's schooling: read with the education data.
EXEMPTION_CATEGORY = DataCategory.EDUCATION


class EnrolmentOutcome(models.TextChoices):
    """Where the child is one year after the case closed, as the leerplichtambtenaar of the
    child's municipality confirms it from the leerplichtadministratie (the school success of
    the regional monitor)."""

    REGULAR_SAME = "regulier_zelfde", _("In school: the same school, regular education")
    REGULAR_OTHER = "regulier_ander", _("In school: another school, regular education")
    SPECIAL_SAME = "speciaal_zelfde", _("In school: the same school, special education")
    SPECIAL_OTHER = "speciaal_ander", _("In school: another school, special education")
    NOT_IN_SCHOOL = "geen_school", _("Not in school (at home, exempt, dropped out)")
    UNKNOWN = "onbekend", _("Unknown, or moved out of the region")


# Regular education includes MBO; special education is SBO, SO and VSO.
IN_REGULAR_SCHOOL = (EnrolmentOutcome.REGULAR_SAME, EnrolmentOutcome.REGULAR_OTHER)
IN_SPECIAL_SCHOOL = (EnrolmentOutcome.SPECIAL_SAME, EnrolmentOutcome.SPECIAL_OTHER)

# The check is due this many days after the case closed.
ENROLMENT_CHECK_AFTER_DAYS = 365
