"""The plan's guards on the shipped routes: a step that is about the plan is left only when
the plan shows its result (support needs recorded, a SMART goal, every goal served by a
module, the parents' instemming, the plan adopted — again after an adjustment — and an
evaluation each time the route comes round to it). None of them can be passed by an override:
the plan is the point of the route.

Only the shipped model routes change (version 1, no region); a region's own copy is its own
functional administrator's to edit."""

from django.db import migrations

HOLLAND_RIJNLAND = "Routekaart integraal arrangeren Holland Rijnland"
ALKMAAR = "Routekaart onderwijs-zorgarrangementen regio Alkmaar"

PLAN_GUARDS = {
    HOLLAND_RIJNLAND: {
        "ondersteuningsbehoefte-in-beeld": ["support_needs_recorded"],
        "gezamenlijk-doelen-stellen": ["smart_goal_present"],
        "gezamenlijk-arrangeren": [
            "goals_served_by_modules",
            "handelingsdeel_agreed",
            "plan_adopted",
        ],
        "gezamenlijk-evalueren": ["evaluation_recorded"],
        "bijstellen-arrangement": ["plan_adopted"],
    },
    ALKMAAR: {
        "voorbereiding": [
            "support_needs_recorded",
            "smart_goal_present",
            "goals_served_by_modules",
            "handelingsdeel_agreed",
            "plan_adopted",
        ],
        "evaluatie": ["evaluation_recorded"],
    },
}


def _steps(apps, route_name, code):
    Step = apps.get_model("routes", "Step")
    return Step.objects.filter(
        route__region__isnull=True, route__name=route_name, route__version=1, code=code
    )


def attach(apps, schema_editor):
    for route_name, by_step in PLAN_GUARDS.items():
        for code, guards in by_step.items():
            for step in _steps(apps, route_name, code):
                step.guards = [*step.guards, *(g for g in guards if g not in step.guards)]
                step.save(update_fields=["guards"])


def detach(apps, schema_editor):
    for route_name, by_step in PLAN_GUARDS.items():
        for code, guards in by_step.items():
            for step in _steps(apps, route_name, code):
                step.guards = [g for g in step.guards if g not in guards]
                step.save(update_fields=["guards"])


class Migration(migrations.Migration):
    dependencies = [("routes", "0004_route_decision_days")]

    operations = [migrations.RunPython(attach, detach)]
