from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo region: `seed_demo` and `demo_accounts`. The top layer: it orchestrates the
    demo data module each app keeps of its own (`<app>/demo.py`)."""

    name = "arrangeer.demo"
    verbose_name = _("Demo")
