from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LoketConfig(AppConfig):
    name = "arrangeer.loket"
    verbose_name = _("Integraal Loket")

    def ready(self) -> None:
        # Registers the Loket's lines in Mijn acties and its section on the dossier page, and
        # listens for a case opened or a thuiszitter marked ("known in both domains").
        from . import actions, dossier, export, receivers  # noqa: F401
