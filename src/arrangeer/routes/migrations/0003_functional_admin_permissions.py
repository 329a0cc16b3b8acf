"""The functioneel beheerder manages routes in functional management: add, change, view and
delete route versions, their phases and steps (a version in use stays read-only)."""

from django.db import migrations

MODELS = ["route", "phase", "step"]
ACTIONS = ["add", "change", "view", "delete"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Functioneel beheerder")
    for model in MODELS:
        for action in ACTIONS:
            group.permissions.add(
                Permission.objects.get(content_type__app_label="routes", codename=f"{action}_{model}")
            )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Functioneel beheerder").first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="routes", codename__regex=r"_(route|phase|step)$")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("routes", "0002_shipped_routes"),
        ("organisations", "0002_functional_admin_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
