from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "arrangeer.referrals"
    verbose_name = _("Referrals and Meldcode")

    def ready(self) -> None:
        # Registers the aanmelding's ground with the access layer, the aanmelding and the
        # Meldcode sections of the dossier page, the vrijstellingen's section, and the
        # aanmelding's line in Mijn acties.
        from . import access, actions, dossier, exemptions, export  # noqa: F401
