"""The functioneel beheerder manages the region's school boards in functional management, as
the organisations themselves."""

from django.db import migrations

from arrangeer.organisations.migration_util import grant_functional_admin, revoke_functional_admin

MODELS = ["schoolboard"]


def grant(apps, schema_editor):
    grant_functional_admin(apps, "organisations", MODELS)


def revoke(apps, schema_editor):
    revoke_functional_admin(apps, "organisations", MODELS)


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0005_school_swv_and_board"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
