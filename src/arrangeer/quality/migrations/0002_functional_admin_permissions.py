"""The functioneel beheerder manages the region's quality contact points, their handlers and
the term to acknowledge a concern in functional management."""

from django.db import migrations

from arrangeer.organisations.migration_util import grant_functional_admin, revoke_functional_admin

MODELS = ["contactpoint", "contacthandler", "qualitysettings"]


def grant(apps, schema_editor):
    grant_functional_admin(apps, "quality", MODELS)


def revoke(apps, schema_editor):
    revoke_functional_admin(apps, "quality", MODELS)


class Migration(migrations.Migration):
    dependencies = [
        ("quality", "0001_contact_points_and_concerns"),
        ("organisations", "0002_functional_admin_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
