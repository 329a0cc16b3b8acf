from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitorConfig(AppConfig):
    name = "arrangeer.monitor"
    verbose_name = _("Regional monitor")

    def ready(self) -> None:
        from . import receivers, receivers_region

        receivers.connect()
        receivers_region.connect()
