"""The shipped routes as the migrations leave them, for transactional tests: such a test
empties every table when it ends, the routes shipped by data migrations included."""

from __future__ import annotations

import importlib

from django.apps import apps

# Every data migration that ships or changes the shipped routes, in order, with the function
# that applies it. An app that attaches its guards to the shipped routes adds its migration.
SHIPPING_MIGRATIONS: list[tuple[str, str]] = [
    ("arrangeer.routes.migrations.0002_shipped_routes", "ship"),
    ("arrangeer.routes.migrations.0005_plan_guards_on_shipped_routes", "attach"),
    ("arrangeer.meetings.migrations.0002_meeting_guards_on_shipped_routes", "attach"),
    ("arrangeer.routes.migrations.0006_route_regisseur_title", "name_alkmaar"),
]


def ship_routes() -> None:
    """Ship the routes again where an earlier transactional test removed them."""
    from arrangeer.routes.models import Route

    if Route.objects.filter(region__isnull=True).exists():
        return
    for module, function in SHIPPING_MIGRATIONS:
        getattr(importlib.import_module(module), function)(apps, None)
