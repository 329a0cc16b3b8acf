
from django.db import migrations, models

FAMILY_ACCOUNTS = ("parent", "youth")


def mark_family_uploads(apps, schema_editor):
    """Files a parent uploaded in the portal before the flag existed: uploaded by a family
    account."""
    Attachment = apps.get_model("plans", "Attachment")
    Attachment.objects.filter(uploaded_by__kind__in=FAMILY_ACCOUNTS).update(from_family=True)


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0004_names_without_invisible_characters'),
    ]

    operations = [
        migrations.AddField(
            model_name='attachment',
            name='from_family',
            field=models.BooleanField(default=False, verbose_name='given by the family in the portal'),
        ),
        migrations.RunPython(mark_family_uploads, migrations.RunPython.noop),
    ]
