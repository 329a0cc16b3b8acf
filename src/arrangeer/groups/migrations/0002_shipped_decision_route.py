"""Alkmaar's decision route for group arrangements (seed 003, bijlage 4), shipped as a route
without a region: regions without a route of their own use it. The texts are Dutch data from
the source; they are not translated. The functioneel beheerder manages the routes (add, change,
view, delete routes and their bodies) in functional management."""

from django.db import migrations

from arrangeer.organisations.migration_util import grant_functional_admin, revoke_functional_admin

NAME = "Routekaart besluitvorming groepsarrangementen regio Alkmaar"
SOURCE = "Kader onderwijs-zorgarrangementen regio Alkmaar, bijlage 4"
BODIES = [
    (
        "Beleidsoverleg",
        "informeert",
        "Beide samenwerkingsverbanden en de gemeenten van de regio Alkmaar worden geïnformeerd.",
    ),
    (
        "RBO",
        "informeert",
        "Regionaal beleidsoverleg voor ambtenaren onderwijs regio Alkmaar.",
    ),
    (
        "Regisseursoverleg",
        "besluit",
        "Overleg met de directeur-bestuurders van de samenwerkingsverbanden en een "
        "vertegenwoordiging van de gemeentebestuurders (programmamanagers passend onderwijs).",
    ),
    (
        "PORA",
        "besluit",
        "Portefeuillehoudersoverleg regio Alkmaar: de gemeentebestuurders van de regio.",
    ),
    (
        "OOGO",
        "besluit",
        "Op overeenstemming gericht overleg van de samenwerkingsverbanden passend onderwijs en "
        "de gemeentebestuurders van de regio Alkmaar.",
    ),
]


def ship(apps, schema_editor):
    DecisionRoute = apps.get_model("groups", "DecisionRoute")
    DecisionBody = apps.get_model("groups", "DecisionBody")
    route, _ = DecisionRoute.objects.get_or_create(
        region=None, name=NAME, defaults={"source": SOURCE}
    )
    for position, (name, role, description) in enumerate(BODIES, start=1):
        DecisionBody.objects.get_or_create(
            route=route,
            position=position,
            defaults={"name": name, "role": role, "description": description},
        )


def unship(apps, schema_editor):
    apps.get_model("groups", "DecisionRoute").objects.filter(region=None, name=NAME).delete()


MODELS = ["decisionroute", "decisionbody"]


def grant(apps, schema_editor):
    grant_functional_admin(apps, "groups", MODELS)


def revoke(apps, schema_editor):
    revoke_functional_admin(apps, "groups", MODELS)


class Migration(migrations.Migration):
    dependencies = [
        ("groups", "0001_initial"),
        ("organisations", "0002_functional_admin_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(ship, unship), migrations.RunPython(grant, revoke)]
