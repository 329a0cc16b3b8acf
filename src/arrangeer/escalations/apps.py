from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EscalationsConfig(AppConfig):
    name = "arrangeer.escalations"
    verbose_name = _("Escalations")

    def ready(self) -> None:
        # Registers the ground of the people at an escalation's current level with the access
        # layer, the source of Mijn acties, the banner on the dossier page and the part of the
        # whole-file export, and its lines on the route's timeline.
        from . import actions, checklist, dossier, export, grounds, timeline  # noqa: F401
