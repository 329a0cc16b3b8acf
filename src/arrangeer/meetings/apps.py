from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "arrangeer.meetings"
    verbose_name = _("Meetings (MDO)")

    def ready(self) -> None:
        from . import actions, guards  # noqa: F401 - registers the MDO's guards and actions
