# The monitor's earliest case of a region (opened_at … WHERE region_id = ? ORDER BY opened_at
# LIMIT 1) read from an index instead of sorting the region's cases.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0015_file_export"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["region", "opened_at"], name="cases_case_region_opened"),
        ),
    ]
