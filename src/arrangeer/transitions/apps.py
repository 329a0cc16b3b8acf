from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransitionsConfig(AppConfig):
    name = "arrangeer.transitions"
    verbose_name = _("Transitions")

    def ready(self) -> None:
        # The warning in Mijn acties, the line on the dossier page and the part of the
        # whole-file export.
        from . import actions, dossier, export  # noqa: F401
