"""Alkmaar's decision route for group arrangements (seed 003, bijlage 4), shipped as a route
without a region: regions without a route of their own use it. The texts are Dutch data from
the source; they are not translated. The functioneel beheerder manages the routes (add, change,
view, delete routes and their bodies) in functional management."""

from django.db import migrations

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


ACTIONS = ["add", "change", "view", "delete"]
MODELS = ["decisionroute", "decisionbody"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Functioneel beheerder")
    for model in MODELS:
        for action in ACTIONS:
            group.permissions.add(
                Permission.objects.get(
                    content_type__app_label="groups", codename=f"{action}_{model}"
                )
            )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Functioneel beheerder").first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="groups",
                codename__in=[f"{a}_{m}" for a in ACTIONS for m in MODELS],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("groups", "0001_initial"),
        ("organisations", "0002_functional_admin_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(ship, unship), migrations.RunPython(grant, revoke)]
