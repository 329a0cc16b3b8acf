"""The functioneel beheerder manages routes in functional management: add, change, view and
delete route versions, their phases and steps (a version in use stays read-only)."""

from django.db import migrations

from arrangeer.organisations.migration_util import grant_functional_admin, revoke_functional_admin

MODELS = ["route", "phase", "step"]


def grant(apps, schema_editor):
    grant_functional_admin(apps, "routes", MODELS)


def revoke(apps, schema_editor):
    revoke_functional_admin(apps, "routes", MODELS)


class Migration(migrations.Migration):
    dependencies = [
        ("routes", "0002_shipped_routes"),
        ("organisations", "0002_functional_admin_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
