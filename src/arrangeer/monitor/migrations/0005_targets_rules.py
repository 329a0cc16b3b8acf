import django.db.models.deletion
from django.db import migrations, models

from arrangeer.organisations.migration_util import grant_functional_admin, revoke_functional_admin


def grant(apps, schema_editor):
    """The functioneel beheerder keeps the region's target group rules."""
    grant_functional_admin(apps, "monitor", ["targetrule"])


def revoke(apps, schema_editor):
    revoke_functional_admin(apps, "monitor", ["targetrule"])


from arrangeer.organisations.migration_util import grant_functional_admin, revoke_functional_admin


def grant(apps, schema_editor):
    grant_functional_admin(apps, "monitor", ["targetrule"])


def revoke(apps, schema_editor):
    revoke_functional_admin(apps, "monitor", ["targetrule"])


class Migration(migrations.Migration):
    dependencies = [
        ("monitor", "0004_facts_swv_and_board"),
        ("organisations", "0006_school_board_functional_admin"),
        ("routes", "0006_route_regisseur_title"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.CreateModel(
            name="TargetRule",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        help_text="How the region calls this part of its target group, e.g. “Thuiszitters”.",
                        max_length=120,
                        verbose_name="name",
                    ),
                ),
                (
                    "age_from",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="Age on 1 October of the school year, this age included. Empty: any age.",
                        null=True,
                        verbose_name="from age",
                    ),
                ),
                (
                    "age_to",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="Age on 1 October of the school year, this age included. Empty: any age.",
                        null=True,
                        verbose_name="up to age",
                    ),
                ),
                (
                    "sectors",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text="The sectors of the child's school. None chosen: any school, or none.",
                        verbose_name="school sectors",
                    ),
                ),
                (
                    "is_thuiszitter",
                    models.BooleanField(default=False, verbose_name="only thuiszitters"),
                ),
                (
                    "has_absence",
                    models.BooleanField(default=False, verbose_name="only with absence (verzuim)"),
                ),
                (
                    "is_complex",
                    models.BooleanField(default=False, verbose_name="only complex cases"),
                ),
                (
                    "has_risk_behaviour",
                    models.BooleanField(default=False, verbose_name="only with risk behaviour"),
                ),
                (
                    "has_exemption",
                    models.BooleanField(
                        default=False,
                        verbose_name="only with an exemption from compulsory education",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="target_rules",
                        to="organisations.region",
                        verbose_name="region",
                    ),
                ),
                (
                    "route",
                    models.ForeignKey(
                        blank=True,
                        help_text="Only arrangements on this route. Empty: any route.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="routes.route",
                        verbose_name="route",
                    ),
                ),
            ],
            options={
                "verbose_name": "target group rule",
                "verbose_name_plural": "target group rules",
                "ordering": ["region", "name"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("region", "name"),
                        name="monitor_targetrule_unique_name",
                        violation_error_message="This region already has a rule by this name.",
                    )
                ],
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
