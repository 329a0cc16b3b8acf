"""The functioneel beheerder manages the region's rule for warning of transitions in functional
management: add, change, view and delete it."""

from django.db import migrations

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
    for action in ACTIONS:
        group.permissions.add(
            Permission.objects.get(
                content_type__app_label="transitions", codename=f"{action}_transitionrule"
            )
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Functioneel beheerder").first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="transitions", codename__endswith="_transitionrule"
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("transitions", "0001_transitions_and_handover"),
        ("organisations", "0002_functional_admin_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
