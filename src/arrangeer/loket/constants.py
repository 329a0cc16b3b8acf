from django.db import models
from django.utils.translation import gettext_lazy as _

from arrangeer.organisations.constants import OrganisationType, Role

# The region's deadline for an advice when it has set none: five working days (issue 19).
DEFAULT_ADVICE_DAYS = 5

# Who asks the Loket for advice: the gouden driehoek's people on the case team.
ASKING_ROLES = frozenset({Role.COORDINATOR, Role.SWV_SPECIALIST, Role.YOUTH_WORKER})


class Urgency(models.TextChoices):
    NORMAL = "normaal", _("Normal")
    URGENT = "urgent", _("Urgent")


class ConsultStatus(models.TextChoices):
    ASKED = "gevraagd", _("Asked, waiting for the advice")
    ADVISED = "geadviseerd", _("Advised")
    FOLLOWED_UP = "opgevolgd", _("Followed up")


class ProposalKind(models.TextChoices):
    PARTNER = "partner", _("Partner to involve")
    MODULE = "module", _("Module")


class Domain(models.TextChoices):
    """The two sides of "known in both domains" (the Verwijsindex way)."""

    EDUCATION = "onderwijs", _("Education")
    YOUTH = "jeugd", _("Youth care")


# Which side an organisation is on.
DOMAIN_OF_TYPE: dict[str, str] = {
    OrganisationType.SCHOOL: Domain.EDUCATION,
    OrganisationType.SWV: Domain.EDUCATION,
    OrganisationType.YOUTH_TEAM: Domain.YOUTH,
}


class Source(models.TextChoices):
    """How an organisation came to register that it knows the child."""

    CASE_OPENED = "dossier", _("Opened a case")
    THUISZITTER = "thuiszitter", _("Marked a thuiszitter")
    SIGNAL = "signaal", _("Recorded a signal")
