"""Reference data of the plan: the recognised interventions of the NJi databank
(plans/data/nji_interventions.csv, with the source of each line; what was and was not
verified is in the shared data/reference.md — Rots en Water is deliberately absent: it is not
recognised), and the functional administrator's rights on the plan's reference tables."""

import csv
from pathlib import Path

from django.db import migrations

CSV = Path(__file__).resolve().parent.parent / "data" / "nji_interventions.csv"
MANAGED = ["supportlevellabel", "bankgoal", "intervention"]


def load(apps, schema_editor):
    Intervention = apps.get_model("plans", "Intervention")
    with CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            Intervention.objects.update_or_create(
                name=row["name"].strip(),
                defaults={
                    "recognition_level": row["recognition_level"].strip(),
                    "target_group": row["target_group"].strip(),
                    "aim": row["aim"].strip(),
                    "source_url": row["source"].strip(),
                },
            )
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Functioneel beheerder")
    for model in MANAGED:
        for action in ("add", "change", "view"):
            group.permissions.add(
                Permission.objects.get(content_type__app_label="plans", codename=f"{action}_{model}")
            )


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0001_initial"),
        ("organisations", "0002_functional_admin_group"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
