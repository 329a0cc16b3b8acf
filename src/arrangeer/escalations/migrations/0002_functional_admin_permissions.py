"""The functioneel beheerder manages the region's escalation ladder in functional management:
add, change, view and delete its levels."""

from django.db import migrations

from arrangeer.organisations.migration_util import grant_functional_admin, revoke_functional_admin

MODELS = ["ladderlevel"]


def grant(apps, schema_editor):
    grant_functional_admin(apps, "escalations", MODELS)


def revoke(apps, schema_editor):
    revoke_functional_admin(apps, "escalations", MODELS)


class Migration(migrations.Migration):
    dependencies = [
        ("escalations", "0001_ladder_and_escalations"),
        ("organisations", "0002_functional_admin_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
