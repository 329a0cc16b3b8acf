"""The functioneel beheerder manages the region's rule for warning of transitions in functional
management: add, change, view and delete it."""

from django.db import migrations

from arrangeer.organisations.migration_util import grant_functional_admin, revoke_functional_admin

MODELS = ["transitionrule"]


def grant(apps, schema_editor):
    grant_functional_admin(apps, "transitions", MODELS)


def revoke(apps, schema_editor):
    revoke_functional_admin(apps, "transitions", MODELS)


class Migration(migrations.Migration):
    dependencies = [
        ("transitions", "0001_transitions_and_handover"),
        ("organisations", "0002_functional_admin_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
