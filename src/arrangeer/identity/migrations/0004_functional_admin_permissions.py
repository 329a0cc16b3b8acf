"""The functioneel beheerder configures the organisations' own identity providers and the age
from which a region's young people log in with DigiD, in functional management."""

from django.db import migrations

from arrangeer.organisations.migration_util import grant_functional_admin, revoke_functional_admin

MODELS = ["organisationprovider", "digidyouthage"]


def grant(apps, schema_editor):
    grant_functional_admin(apps, "identity", MODELS)


def revoke(apps, schema_editor):
    revoke_functional_admin(apps, "identity", MODELS)


class Migration(migrations.Migration):
    dependencies = [
        ("identity", "0003_digid_youth_age"),
        ("organisations", "0002_functional_admin_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
