"""The two routes of the sources, shipped as model routes (no region): Holland Rijnland's
nine steps in three phases around the MDO (seed 002) and Alkmaar's five phases (seed 003).
The Holland Rijnland route is the active model route: regions without a route of their own
start new cases on it. A region gets its own (editable) copy from functional management.

The texts are Dutch data, summarised from the sources; they are not translated."""

from django.db import migrations

HOLLAND_RIJNLAND = {
    "name": "Routekaart integraal arrangeren Holland Rijnland",
    "source": "Toelichting Routekaart Integraal Arrangeren, Holland Rijnland",
    "description": (
        "Negen stappen in drie fasen rond het multidisciplinair overleg (MDO): een planmatige "
        "werkwijze (Plan, Do, Check, Act) waarin onderwijs- en jeugdprofessionals samen één "
        "plan maken, uitvoeren, evalueren en zo nodig bijstellen."
    ),
    "active": True,
    "phases": ["Voorafgaand aan het MDO", "Tijdens het MDO", "Na het MDO"],
    "steps": [
        {
            "phase": 1,
            "code": "waarnemen",
            "name": "Waarnemen",
            "role": "leerkracht",
            "days": 28,
            "guards": ["gp_opp_evaluated"],
            "overridable": [],
            "next": ["informeren-en-voorbereiden"],
            "description": (
                "De leerkracht/mentor signaleert dat de ontwikkeling van de leerling "
                "onvoldoende groei laat zien en bespreekt dit met ouder(s), leerling en de "
                "ondersteuningscoördinator. Voordat integraal arrangeren start, is de route "
                "van de eigen ondersteuningsstructuur van de school gevolgd: er is een "
                "groeiplan (GP) of ontwikkelingsperspectiefplan (OPP) opgesteld en "
                "geëvalueerd. Wordt er iets gesignaleerd buiten het onderwijs, dan neemt de "
                "medewerker jeugdteam het initiatief (gezinsplan) en betrekt school."
            ),
            "result": (
                "Een gedeeld beeld van de signalen en het besluit om integraal te "
                "arrangeren; het GP/OPP is opgesteld en geëvalueerd, of vastgelegd waarom niet."
            ),
        },
        {
            "phase": 1,
            "code": "informeren-en-voorbereiden",
            "name": "Informeren en voorbereiden",
            "role": "regisseur",
            "days": 14,
            "guards": [],
            "overridable": [],
            "next": ["organiseren-breed-overleg"],
            "description": (
                "Ouders worden volledig geïnformeerd over en betrokken bij het traject. Ouder(s) "
                "en leerling denken mee over wat goed gaat, wat beter kan en welke oplossingen "
                "er zijn. Er wordt toestemming gevraagd voor het delen van informatie. Ouders "
                "denken mee over wie er wordt uitgenodigd en gaan akkoord voordat anderen "
                "worden uitgenodigd."
            ),
            "result": (
                "Ouders en leerling zijn geïnformeerd en voorbereid, de toestemming voor het "
                "delen van informatie is vastgelegd en ouders zijn akkoord met wie er wordt "
                "uitgenodigd."
            ),
        },
        {
            "phase": 1,
            "code": "organiseren-breed-overleg",
            "name": "Organiseren van het breed overleg",
            "role": "ondersteuningscoordinator",
            "days": 14,
            "guards": ["required_partners_on_team"],
            "overridable": ["required_partners_on_team"],
            "next": ["ondersteuningsbehoefte-in-beeld"],
            "description": (
                "De ondersteuningscoördinator organiseert en zit het MDO voor: ruimte, "
                "uitnodiging, agenda, toestemmingsverklaringen en zo nodig een tolk. Betrokken "
                "zijn leerling, ouder(s), school, jeugdteam, jeugdgezondheidszorg, het "
                "samenwerkingsverband (altijd bij thuiszitten, risicogedrag, complexe "
                "casuïstiek en ontheffing van de leerplicht) en leerplicht bij verzuim."
            ),
            "result": "Het MDO is gepland, met de partners die nodig zijn, na akkoord van ouders.",
        },
        {
            "phase": 2,
            "code": "ondersteuningsbehoefte-in-beeld",
            "name": "Ondersteuningsbehoefte in beeld",
            "role": "regisseur",
            "days": 7,
            "guards": [],
            "overridable": [],
            "next": ["gezamenlijk-doelen-stellen"],
            "description": (
                "Samen wordt het hele kind in beeld gebracht, op alle leefgebieden: wat gaat "
                "goed, wat verdient aandacht, wat kan en wil de leerling. De leerkracht/mentor "
                "deelt wat er goed gaat in de klas, wat beter kan, welke ondersteuning al is "
                "ingezet en met welk effect."
            ),
            "result": "De ondersteuningsbehoefte van leerling, ouders en school is vastgelegd.",
        },
        {
            "phase": 2,
            "code": "gezamenlijk-doelen-stellen",
            "name": "Gezamenlijk doelen stellen",
            "role": "regisseur",
            "days": 7,
            "guards": [],
            "overridable": [],
            "next": ["gezamenlijk-arrangeren"],
            "description": (
                "Onderwijs- en jeugdprofessionals stellen samen met ouders en leerling "
                "gezamenlijke doelen. De leerkracht/mentor geeft aan in hoeverre doelen en "
                "oplossingen haalbaar zijn; de leerling mag zijn mening geven (hoorrecht)."
            ),
            "result": "Gezamenlijke doelen voor onderwijs en opvoeden/opgroeien, SMART vastgelegd.",
        },
        {
            "phase": 2,
            "code": "gezamenlijk-arrangeren",
            "name": "Gezamenlijk arrangeren",
            "role": "regisseur",
            "days": 7,
            "guards": [],
            "overridable": [],
            "next": ["uitvoeren-en-monitoren"],
            "description": (
                "Samen wordt één arrangement gemaakt, met ondersteuning vanuit onderwijs en "
                "jeugdhulp en de financieringskaders die erbij horen. De medewerker jeugdteam "
                "beoordeelt of (gespecialiseerde) jeugdhulp nodig is en wanneer die weer kan "
                "worden afgeschaald. Ouders moeten instemmen met het handelingsdeel."
            ),
            "result": (
                "Eén arrangement met afspraken over wie wat doet, waarmee ouders hebben "
                "ingestemd."
            ),
        },
        {
            "phase": 3,
            "code": "uitvoeren-en-monitoren",
            "name": "Uitvoeren en monitoren arrangement",
            "role": "regisseur",
            "days": 84,
            "guards": [],
            "overridable": [],
            "next": ["gezamenlijk-evalueren"],
            "description": (
                "Het arrangement wordt uitgevoerd. De ondersteuningscoördinator monitort de "
                "voortgang van de gestelde doelen. Gespecialiseerde jeugdhulp werkt in "
                "afstemming met jeugdteam, school en samenwerkingsverband aan het (opbouwen "
                "naar het) volgen van onderwijs."
            ),
            "result": "Het arrangement loopt en de voortgang op de doelen wordt bijgehouden.",
        },
        {
            "phase": 3,
            "code": "gezamenlijk-evalueren",
            "name": "Gezamenlijk evalueren",
            "role": "regisseur",
            "days": 14,
            "guards": [],
            "overridable": [],
            "next": ["bijstellen-arrangement", "uitvoeren-en-monitoren"],
            "close": True,
            "description": (
                "Samen met ouders en leerling wordt geëvalueerd in hoeverre de doelen zijn "
                "bereikt en of het arrangement werkt."
            ),
            "result": "Een vastgelegde evaluatie met het besluit: voortzetten, bijstellen of afsluiten.",
        },
        {
            "phase": 3,
            "code": "bijstellen-arrangement",
            "name": "Bijstellen arrangement",
            "role": "regisseur",
            "days": 14,
            "guards": [],
            "overridable": [],
            "next": ["uitvoeren-en-monitoren"],
            "description": (
                "Het arrangement wordt op basis van de evaluatie bijgesteld: doelen, inzet en "
                "afspraken worden aangepast en opnieuw vastgelegd, waarna het opnieuw wordt "
                "uitgevoerd."
            ),
            "result": "Een bijgesteld arrangement (een nieuwe versie van het plan).",
        },
    ],
}

ALKMAAR = {
    "name": "Routekaart onderwijs-zorgarrangementen regio Alkmaar",
    "source": (
        "Regionaal kader onderwijs-zorgarrangementen, regio Alkmaar "
        "(Routekaart Onderwijs-zorgarrangementen, 2020)"
    ),
    "description": (
        "Vijf fasen voor de ontwikkeling van een onderwijs-zorgarrangement, van oriëntatie tot "
        "afronding. Na de evaluatie wordt besloten of de oza wordt voortgezet, bijgesteld of "
        "afgesloten."
    ),
    "active": False,
    "phases": ["Fase 1", "Fase 2", "Fase 3", "Fase 4", "Fase 5"],
    "steps": [
        {
            "phase": 1,
            "code": "orientatie-en-afstemming",
            "name": "Oriëntatie en afstemming",
            "role": "regisseur",
            "days": 28,
            "guards": ["required_partners_on_team"],
            "overridable": ["required_partners_on_team"],
            "next": ["voorbereiding"],
            "description": (
                "Er wordt gekeken of de jeugdige in aanmerking komt voor maatwerk: een "
                "duidelijke beschrijving van de jeugdige, de ondersteuningsvragen en wat er "
                "nodig is om een onderwijs-zorgarrangement tot stand te brengen. Na akkoord van "
                "ouders wordt een multidisciplinair overleg (MDO) belegd; daarin zijn naast "
                "ouders (en jeugdige) in ieder geval een onderwijsconsulent en een jeugd- en "
                "gezinscoach of jeugdconsulent aanwezig."
            ),
            "result": (
                "De situatie van de jeugdige is geanalyseerd en het MDO is belegd met de "
                "partners die nodig zijn: het traject is van start."
            ),
        },
        {
            "phase": 2,
            "code": "voorbereiding",
            "name": "Voorbereiding",
            "role": "regisseur",
            "days": 42,
            "guards": [],
            "overridable": [],
            "next": ["uitvoering"],
            "description": (
                "Alle voorbereidingen om het arrangement vorm te geven: welke vragen er liggen, "
                "aan welke doelen gewerkt wordt, welke partners nodig zijn en hoe het "
                "arrangement bekostigd wordt. De procedure van toeleiding en toewijzing wordt "
                "afgestemd en in de aanpak beschreven."
            ),
            "result": (
                "Een beschreven aanpak met doelen, partners en bekostiging; toeleiding en "
                "toewijzing zijn afgestemd."
            ),
        },
        {
            "phase": 3,
            "code": "uitvoering",
            "name": "Uitvoering",
            "role": "regisseur",
            "days": 112,
            "guards": [],
            "overridable": [],
            "next": ["evaluatie"],
            "description": (
                "Het onderwijs-zorgarrangement wordt ingezet. Er zijn afspraken over het "
                "informeren van de partners en de terugkoppeling (vaak in een MDO), en over de "
                "verbinding met en terugkeer naar de school van herkomst."
            ),
            "result": "Het arrangement loopt; partners worden geïnformeerd en er is terugkoppeling.",
        },
        {
            "phase": 4,
            "code": "evaluatie",
            "name": "Evaluatie",
            "role": "regisseur",
            "days": 14,
            "guards": [],
            "overridable": [],
            "next": ["uitvoering", "voorbereiding", "besluitvorming"],
            "description": (
                "Er wordt geëvalueerd hoe het arrangement werkt: de uitvoering en de "
                "ontwikkeling van de jeugdige. Op basis van de evaluatie wordt besloten of de "
                "oza wordt voortgezet (terug naar uitvoering), bijgesteld (terug naar "
                "voorbereiding) of afgesloten (besluitvorming)."
            ),
            "result": "Een vastgelegde evaluatie en het besluit: voortzetten, bijstellen of afsluiten.",
        },
        {
            "phase": 5,
            "code": "besluitvorming",
            "name": "Besluitvorming",
            "role": "regisseur",
            "days": 14,
            "guards": [],
            "overridable": [],
            "next": [],
            "close": True,
            "description": (
                "Het arrangement wordt afgerond en afgesloten. Er kan worden nagegaan in "
                "hoeverre ouders en jeugdige tevreden zijn geweest met het traject."
            ),
            "result": "Het arrangement is afgerond en afgesloten.",
        },
    ],
}

ROUTES = (HOLLAND_RIJNLAND, ALKMAAR)


def ship(apps, schema_editor):
    Route = apps.get_model("routes", "Route")
    Phase = apps.get_model("routes", "Phase")
    Step = apps.get_model("routes", "Step")
    for spec in ROUTES:
        if Route.objects.filter(region__isnull=True, name=spec["name"]).exists():
            continue
        route = Route.objects.create(
            region=None,
            name=spec["name"],
            version=1,
            is_active=spec["active"],
            description=spec["description"],
            source=spec["source"],
            stall_days=28,
        )
        phases = {
            number: Phase.objects.create(route=route, number=number, name=name)
            for number, name in enumerate(spec["phases"], start=1)
        }
        for number, step in enumerate(spec["steps"], start=1):
            Step.objects.create(
                route=route,
                phase=phases[step["phase"]],
                number=number,
                code=step["code"],
                name=step["name"],
                description=step["description"],
                expected_result=step["result"],
                responsible_role=step["role"],
                duration_days=step["days"],
                guards=step["guards"],
                overridable_guards=step["overridable"],
                next_steps=step["next"],
                can_close=step.get("close", False),
            )


def unship(apps, schema_editor):
    Route = apps.get_model("routes", "Route")
    for spec in ROUTES:
        for route in Route.objects.filter(region__isnull=True, name=spec["name"], version=1):
            if not route.cases.exists():
                route.steps.all().delete()
                route.phases.all().delete()
                route.delete()


class Migration(migrations.Migration):
    dependencies = [("routes", "0001_initial")]

    operations = [migrations.RunPython(ship, unship)]
