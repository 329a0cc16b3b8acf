"""A school's SWV (an organisation of type SWV) and its school board (SchoolBoard), set in
functional management; the monitor filters by them."""

import django.db.models.deletion
from django.db import migrations, models

import arrangeer.organisations.validators


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0004_organisation_preschool"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="swv",
            field=models.ForeignKey(
                blank=True,
                help_text="Only for schools: the SWV of the region the school belongs to.",
                limit_choices_to={"type": "swv"},
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="swv_schools",
                to="organisations.organisation",
                verbose_name="samenwerkingsverband",
            ),
        ),
        migrations.CreateModel(
            name="SchoolBoard",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                (
                    "bevoegd_gezag",
                    models.CharField(
                        blank=True,
                        help_text="The five digits DUO gives the board (optional).",
                        max_length=5,
                        validators=[arrangeer.organisations.validators.validate_bevoegd_gezag],
                        verbose_name="bevoegd-gezagnummer",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="school_boards",
                        to="organisations.region",
                        verbose_name="region",
                    ),
                ),
            ],
            options={
                "verbose_name": "school board",
                "verbose_name_plural": "school boards",
                "ordering": ["name"],
            },
        ),
        migrations.AddField(
            model_name="organisation",
            name="school_board",
            field=models.ForeignKey(
                blank=True,
                help_text="Only for schools.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="schools",
                to="organisations.schoolboard",
                verbose_name="school board",
            ),
        ),
        migrations.AddConstraint(
            model_name="schoolboard",
            constraint=models.UniqueConstraint(
                fields=("region", "name"),
                name="organisations_unique_board_name_in_region",
                violation_error_message="This region already has a school board by this name.",
            ),
        ),
    ]
