"""The case of every rating's facts (models.RatingFact.case), for the rule of a case that
moved to another region. Existing rows get it from their rating's evaluation's plan; the
nightly refresh_monitor writes it from then on."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_cases(apps, schema_editor):
    RatingFact = apps.get_model("monitor", "RatingFact")
    GoalEvaluation = apps.get_model("plans", "GoalEvaluation")
    case = GoalEvaluation.objects.filter(pk=OuterRef("rating_id")).values(
        "evaluation__plan__case"
    )[:1]
    RatingFact.objects.update(case=Subquery(case))
    if schema_editor.connection.vendor == "postgresql":
        # The new key's checks now, not at the commit: the column is altered next.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0012_region_moves"),
        ("monitor", "0002_case_and_rating_facts"),
        ("plans", "0010_agreement_signed_with_digid"),
    ]

    operations = [
        migrations.AddField(
            model_name="ratingfact",
            name="case",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="cases.case",
                verbose_name="case",
            ),
        ),
        migrations.RunPython(fill_cases, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="ratingfact",
            name="case",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="cases.case",
                verbose_name="case",
            ),
        ),
    ]
