"""The tally of ratings (monitor.RatingTally), filled from the rating facts already there, so
the goal realisation shows the same figures right after the upgrade."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Count, Q, When
from django.db.models import Case as Cases
from django.db.models.functions import ExtractYear

KEY = [
    "case_id",
    "region_id",
    "child_id",
    "school_id",
    "municipality",
    "sector",
    "route_id",
    "swv_id",
    "school_board_id",
    "school_year",
    "round",
    "side",
]
TALLIED = {"reached": "behaald", "partly": "deels", "not_reached": "niet"}


def fill(apps, schema_editor):
    RatingFact = apps.get_model("monitor", "RatingFact")
    RatingTally = apps.get_model("monitor", "RatingTally")
    year = Cases(
        When(held_on__month__gte=8, then=ExtractYear("held_on")),
        default=ExtractYear("held_on") - 1,
    )
    rows = (
        RatingFact.objects.filter(goal_removed=False)
        .annotate(school_year=year)
        .values(*KEY)
        .annotate(
            **{name: Count("pk", filter=Q(realisation=value)) for name, value in TALLIED.items()}
        )
        .order_by()
    )
    RatingTally.objects.bulk_create(
        (RatingTally(**row) for row in rows.iterator()), batch_size=5000
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0012_region_moves"),
        ("children", "0004_legalrepresentative_bsn"),
        ("monitor", "0005_targets_rules"),
        ("organisations", "0006_school_board_functional_admin"),
        ("routes", "0006_route_regisseur_title"),
    ]

    operations = [
        migrations.CreateModel(
            name="RatingTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "municipality",
                    models.CharField(max_length=120, null=True, verbose_name="municipality"),
                ),
                ("sector", models.CharField(max_length=10, null=True, verbose_name="sector")),
                ("school_year", models.PositiveSmallIntegerField(verbose_name="school year")),
                ("round", models.PositiveSmallIntegerField(null=True, verbose_name="round")),
                ("side", models.CharField(max_length=20, verbose_name="side")),
                ("reached", models.PositiveIntegerField(verbose_name="reached")),
                ("partly", models.PositiveIntegerField(verbose_name="partly reached")),
                ("not_reached", models.PositiveIntegerField(verbose_name="not reached")),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="cases.case",
                        verbose_name="case",
                    ),
                ),
                (
                    "child",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="children.child",
                        verbose_name="child",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="organisations.region",
                        verbose_name="region",
                    ),
                ),
                (
                    "route",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="routes.route",
                    ),
                ),
                (
                    "school",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="organisations.organisation",
                        verbose_name="school",
                    ),
                ),
                (
                    "school_board",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="organisations.schoolboard",
                        verbose_name="school board",
                    ),
                ),
                (
                    "swv",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="organisations.organisation",
                        verbose_name="samenwerkingsverband",
                    ),
                ),
            ],
            options={
                "verbose_name": "monitor tally of ratings",
                "verbose_name_plural": "monitor tallies of ratings",
                "indexes": [
                    models.Index(fields=["region", "school_year"], name="monitor_ratingtally_year")
                ],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
