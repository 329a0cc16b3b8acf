from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "arrangeer.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from prometheus_client import REGISTRY

        from .metrics import ReplicaCollector, TaskQueueCollector

        # Once per process, however often the apps are set up (tests).
        for collector in (TaskQueueCollector, ReplicaCollector):
            if not any(isinstance(c, collector) for c in REGISTRY._collector_to_names):
                REGISTRY.register(collector())
