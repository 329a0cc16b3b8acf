from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from arrangeer.cases import demo as case_demo
from arrangeer.core import demo
from arrangeer.meetings import demo as meeting_demo
from arrangeer.organisations.models import Region
from arrangeer.plans import demo as plan_demo


class Command(BaseCommand):
    help = "Load the demo regions, organisations and personas (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (default 2026).")
        parser.add_argument(
            "--cases",
            type=int,
            default=40,
            help="Generated cases besides the personas' own (default 40; in bulk).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the demo regions already exist (what `make run` uses).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slugs = [spec.slug for spec in demo.REGIONS]
        if options["if_empty"] and Region.objects.filter(slug__in=slugs).count() == len(slugs):
            self.stdout.write("Demo region already loaded.")
            return
        demo.seed_region(seed=options["seed"])
        case_demo.seed_persona_cases(seed=options["seed"])
        plan_demo.seed_demo_plans()
        meeting_demo.seed_demo_meetings()
        made = case_demo.seed_bulk_cases(
            count=options["cases"], seed=options["seed"], progress=options["verbosity"] > 0
        )
        made += case_demo.seed_route_coverage(seed=options["seed"])
        leads = list(case_demo.ROUTE_COVERAGE_LEADS.values())
        plan_demo.seed_route_plans(leads)
        meeting_demo.seed_route_meetings(leads)
        self.stdout.write(self.style.SUCCESS(f"Demo region loaded ({made} generated cases added)."))
