"""The MDO's guards on the shipped routes: the invitations go out only after the parents
approved every invitee, and the steps held in the MDO are left only when the MDO was held with
the parents present and the child was heard. None can be passed by an override.

Only the shipped model routes change (version 1, no region); a region's own copy, made
before this migration, is its own functional administrator's to edit (docs/routes.md)."""

from django.db import migrations

HOLLAND_RIJNLAND = "Routekaart integraal arrangeren Holland Rijnland"
ALKMAAR = "Routekaart onderwijs-zorgarrangementen regio Alkmaar"

MEETING_GUARDS = {
    HOLLAND_RIJNLAND: {
        "informeren-en-voorbereiden": ["invitees_approved"],
        "gezamenlijk-arrangeren": ["mdo_held_with_parents", "child_heard"],
    },
    ALKMAAR: {
        "orientatie-en-afstemming": ["invitees_approved"],
        "voorbereiding": ["mdo_held_with_parents", "child_heard"],
    },
}


def _steps(apps, route_name, code):
    Step = apps.get_model("routes", "Step")
    return Step.objects.filter(
        route__region__isnull=True, route__name=route_name, route__version=1, code=code
    )


def attach(apps, schema_editor):
    for route_name, by_step in MEETING_GUARDS.items():
        for code, guards in by_step.items():
            for step in _steps(apps, route_name, code):
                step.guards = [*step.guards, *(g for g in guards if g not in step.guards)]
                step.overridable_guards = [g for g in step.overridable_guards if g not in guards]
                step.save(update_fields=["guards", "overridable_guards"])


def detach(apps, schema_editor):
    for route_name, by_step in MEETING_GUARDS.items():
        for code, guards in by_step.items():
            for step in _steps(apps, route_name, code):
                step.guards = [g for g in step.guards if g not in guards]
                step.save(update_fields=["guards"])


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0001_initial"),
        ("routes", "0005_plan_guards_on_shipped_routes"),
    ]

    operations = [migrations.RunPython(attach, detach)]
