from django.db import models
from django.utils.translation import gettext_lazy as _


class Evidence(models.TextChoices):
    MEETING = "meeting", _("Given in a meeting")
    SIGNED_FORM = "signed_form", _("Signed form")
    PORTAL = "portal", _("Given in the parent portal")


class GivenWith(models.TextChoices):
    """How the parent or young person was logged in when they gave consent in the portal
    (issue: DigiD at substantial assurance for consent and agreement). Empty for a consent the
    regisseur records from a meeting or a signed form."""

    PASSWORD = "wachtwoord_tweede_stap", _("password and a second step")
    DIGID_SUBSTANTIAL = "digid_substantieel", _("DigiD at substantial assurance")
    DIGID_BASIC = "digid_basis", _("DigiD at basic assurance")


class ConsentPurpose(models.TextChoices):
    """What a consent is for. The team's consent lets an organisation's people on the case
    team see the case; the Loket's consent lets the Integraal Loket's adviser see the case
    for one thing only, an advice asked of the Loket (docs/loket.md). Neither opens the other."""

    TEAM = "team", _("Working together on the case team")
    LOKET = "loket", _("Advice by the Integraal Loket")
