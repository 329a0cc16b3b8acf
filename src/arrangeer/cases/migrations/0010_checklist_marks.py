"""Marks by hand on the regisseur's checklist (who ticked which task when)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0009_family_notices_and_mail_preferences"),
        ("organisations", "0003_membership_history"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ChecklistMark",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("item", models.CharField(max_length=60, verbose_name="item")),
                ("done", models.BooleanField(verbose_name="done")),
                ("at", models.DateTimeField(verbose_name="at")),
                (
                    "by_membership",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="organisations.membership",
                        verbose_name="in the role",
                    ),
                ),
                (
                    "by_user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="by",
                    ),
                ),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="checklist_marks",
                        to="cases.case",
                        verbose_name="case",
                    ),
                ),
            ],
            options={
                "verbose_name": "checklist mark",
                "verbose_name_plural": "checklist marks",
                "ordering": ["at", "pk"],
                "indexes": [
                    models.Index(fields=["case", "item", "at"], name="cases_checklist_case_item")
                ],
            },
        ),
    ]
