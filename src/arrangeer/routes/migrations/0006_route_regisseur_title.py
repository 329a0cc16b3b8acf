"""What a region calls the regisseur, on its route. Alkmaar's framework (seed 003) calls the
role procesbegeleider: the shipped Alkmaar route and the regions' copies of it (same name) say
so; every other route keeps "regisseur"."""

from django.db import migrations, models

ALKMAAR = "Routekaart onderwijs-zorgarrangementen regio Alkmaar"


def name_alkmaar(apps, schema_editor):
    Route = apps.get_model("routes", "Route")
    Route.objects.filter(name=ALKMAAR).update(regisseur_title="procesbegeleider")


class Migration(migrations.Migration):
    dependencies = [("routes", "0005_plan_guards_on_shipped_routes")]

    operations = [
        migrations.AddField(
            model_name="route",
            name="regisseur_title",
            field=models.CharField(
                default="regisseur",
                help_text=(
                    "What the region calls the regisseur, for example procesbegeleider. The "
                    "route's page calls the checklist after it."
                ),
                max_length=60,
                verbose_name="name of the regisseur's role",
            ),
        ),
        migrations.RunPython(name_alkmaar, migrations.RunPython.noop),
    ]
