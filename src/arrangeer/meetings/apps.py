from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "arrangeer.meetings"
    verbose_name = _("Meetings (MDO)")

    def ready(self) -> None:
        # Registers the MDO's guards, actions, section of the dossier page and parts of the
        # whole-file export.
        from . import actions, dossier, export, guards  # noqa: F401
