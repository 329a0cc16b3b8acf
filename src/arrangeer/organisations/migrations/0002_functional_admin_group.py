from django.db import migrations

# What the functioneel beheerder may manage in the admin. Child data is never registered in
# the admin, so no permission here can reach it.
PERMISSIONS = [
    ("organisations", "region", ["add", "change", "view"]),
    ("organisations", "organisation", ["add", "change", "view"]),
    ("organisations", "membership", ["add", "change", "view"]),
    ("accounts", "user", ["add", "change", "view"]),
]


def create_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Functioneel beheerder")
    for app_label, model, actions in PERMISSIONS:
        for action in actions:
            permission = Permission.objects.get(
                content_type__app_label=app_label, codename=f"{action}_{model}"
            )
            group.permissions.add(permission)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Functioneel beheerder").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0001_initial"),
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
