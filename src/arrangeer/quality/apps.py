from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "arrangeer.quality"
    verbose_name = _("Quality contact points")

    def ready(self) -> None:
        # Registers the contact point's ground with the access layer, the handler's line in
        # Mijn acties, the section on the dossier page and the part of the whole-file export.
        from . import actions, doors, dossier, export  # noqa: F401
