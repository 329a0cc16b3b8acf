from django.db import migrations

# Defaults from the law; the functional administrator can change them in the admin.
DEFAULTS = [
    ("onderwijs", 2, "Two years after the pupil left (school data)."),
    ("jeugdhulp", 20, "Jeugdwet art. 7.3.8: 20 years after the help ended."),
    ("gezondheid", 20, "WGBO art. 7:454 BW: 20 years."),
    ("gezin", 20, "Kept as long as the youth care file it belongs to."),
    ("veiligheid", 20, "Kept as long as the youth care file it belongs to."),
]


def add_defaults(apps, schema_editor):
    RetentionRule = apps.get_model("cases", "RetentionRule")
    for category, years, basis in DEFAULTS:
        RetentionRule.objects.get_or_create(
            category=category, organisation_type="", defaults={"years": years, "legal_basis": basis}
        )
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Functioneel beheerder")
    for action in ("add", "change", "view"):
        group.permissions.add(
            Permission.objects.get(content_type__app_label="cases", codename=f"{action}_retentionrule")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_initial"),
        ("organisations", "0002_functional_admin_group"),
    ]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
