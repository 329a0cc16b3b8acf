"""Cases opened before routes existed go on from the first step of the active model route."""

import datetime as dt

from django.db import migrations


def place(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Route = apps.get_model("routes", "Route")
    StepChange = apps.get_model("cases", "StepChange")
    route = Route.objects.filter(region__isnull=True, is_active=True).first()
    if route is None:
        return
    step = route.steps.order_by("number").first()
    for case in Case.objects.filter(status="open", route__isnull=True):
        case.route = route
        case.current_step = step
        case.step_since = case.opened_at
        case.step_due = case.opened_at.date() + dt.timedelta(days=step.duration_days)
        case.save(update_fields=["route", "current_step", "step_since", "step_due"])
        StepChange.objects.create(
            case=case, kind="start", to_step=step, by_user_id=case.created_by_id, at=case.opened_at
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_case_route_position"), ("routes", "0002_shipped_routes")]

    operations = [migrations.RunPython(place, migrations.RunPython.noop)]
