"""The SWV and school board of the case's school on every fact row (models.CaseDimensions).
Empty on existing rows, as no school has either before this version; the refresh after a
school is saved, and the nightly refresh_monitor, fill them."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("monitor", "0003_rating_fact_case"),
        ("organisations", "0005_school_swv_and_board"),
    ]

    operations = [
        migrations.AddField(
            model_name="casefact",
            name="school_board",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="organisations.schoolboard",
                verbose_name="school board",
            ),
        ),
        migrations.AddField(
            model_name="casefact",
            name="swv",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="organisations.organisation",
                verbose_name="samenwerkingsverband",
            ),
        ),
        migrations.AddField(
            model_name="ratingfact",
            name="school_board",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="organisations.schoolboard",
                verbose_name="school board",
            ),
        ),
        migrations.AddField(
            model_name="ratingfact",
            name="swv",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="organisations.organisation",
                verbose_name="samenwerkingsverband",
            ),
        ),
    ]
