"""The region's term for the receiving school to decide on an aanmelding, managed by the
functioneel beheerder."""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

from arrangeer.organisations.migration_util import grant_functional_admin, revoke_functional_admin


def grant(apps, schema_editor):
    grant_functional_admin(apps, "referrals", ["decisionterm"])


def revoke(apps, schema_editor):
    revoke_functional_admin(apps, "referrals", ["decisionterm"])


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0003_membership_history"),
        ("referrals", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.CreateModel(
            name="DecisionTerm",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "working_days",
                    models.PositiveSmallIntegerField(
                        default=10,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(60),
                        ],
                        verbose_name="decide within (working days)",
                    ),
                ),
                (
                    "region",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="referral_decision_term",
                        to="organisations.region",
                        verbose_name="region",
                    ),
                ),
            ],
            options={
                "verbose_name": "term to decide on an aanmelding",
                "verbose_name_plural": "terms to decide on an aanmelding",
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
