from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.test.utils import override_settings

from arrangeer.accounts.models import User
from arrangeer.cases import demo as case_demo
from arrangeer.cases import notices
from arrangeer.core.dbstats import analyze
from arrangeer.demo import personas as demo
from arrangeer.demo import stories
from arrangeer.groups import demo as group_demo
from arrangeer.identity import demo as identity_demo
from arrangeer.loket import demo as loket_demo
from arrangeer.meetings import demo as meeting_demo
from arrangeer.monitor import demo as monitor_demo
from arrangeer.monitor import services as monitor_services
from arrangeer.organisations.models import Organisation, Region
from arrangeer.plans import demo as plan_demo
from arrangeer.referrals import demo as referral_demo
from arrangeer.transitions import demo as transition_demo


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
            return
        # Demo data is made through the real services, which tell people by mail: nobody
        # is to be told about a demo, and no mail may scroll past while it loads.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            made = self._seed(options)
        # Nor later: what the family would have heard of is not left for the daily mail.
        notices.settle_without_mail()
        if options["verbosity"] > 0:
            self.stdout.write(
                self.style.SUCCESS(f"Demo region loaded ({made} generated cases added).")
            )

    def _referral(self) -> None:
        """The JGZ's youth doctor registers a child of Het Kompas at De Regenboog; the
        leerplichtambtenaar registers a thuiszitter of Het Kompas at the SWV."""
        spec = demo.HOLLAND_RIJNLAND
        region = Region.objects.get(slug=spec.slug)
        referral_demo.seed_incoming_referral(
            referrer=User.objects.get(username="jgz"),
            school=Organisation.objects.get(region=region, name=spec.schools[0][0]),
            current_school=Organisation.objects.get(region=region, name=spec.schools[1][0]),
        )
        referral_demo.seed_swv_referral(
            referrer=User.objects.get(username="leerplicht"),
            swv=Organisation.objects.get(region=region, name=spec.swv),
            current_school=Organisation.objects.get(region=region, name=spec.schools[1][0]),
        )

    def _seed(self, options: dict[str, Any]) -> int:
        verbose = options["verbosity"] > 0

        def stage(text: str) -> None:
            if verbose:
                self.stdout.write(text)

        stage("Loading the demo region: organisations and people…")
        demo.seed_region(seed=options["seed"])
        stage("The personas' cases, plans and meetings…")
        case_demo.seed_persona_cases(seed=options["seed"])
        stories.seed_persona_stories()
        # The aanmelding, the concern, the transition, the logins and the Loket's advice of the
        # personas belong to their stories: no line of their own in the short output.
        self._referral()
        demo.seed_quality_concern()
        transition_demo.seed_persona_transitions()
        identity_demo.seed_logins(
            parent_username="ouder",
            school=Organisation.objects.get(
                region__slug=demo.HOLLAND_RIJNLAND.slug, name=demo.HOLLAND_RIJNLAND.schools[0][0]
            ),
        )
        loket_demo.seed_persona_advice()
        stage("Generated cases:")
        made = case_demo.seed_bulk_cases(
            count=options["cases"], seed=options["seed"], progress=verbose
        )
        stage("A case in every step of both routes…")
        made += case_demo.seed_route_coverage(seed=options["seed"])
        leads = list(case_demo.ROUTE_COVERAGE_LEADS.values())
        case_demo.seed_route_partners(leads)
        plan_demo.seed_route_plans(leads)
        meeting_demo.seed_route_meetings(leads)
        stage("School years of history for the regional monitor and the Startklas…")
        started = time.monotonic()
        history = sum(
            monitor_demo.seed_history(region, seed=options["seed"])
            for region in Region.objects.filter(slug__in=[spec.slug for spec in demo.REGIONS])
        )
        stage(f"  {history} arrangements in {time.monotonic() - started:.1f} s")
        for region in Region.objects.filter(slug__in=[spec.slug for spec in demo.REGIONS]):
            monitor_demo.seed_target_rules(region)
        group_demo.seed_groups(Region.objects.get(slug=demo.HOLLAND_RIJNLAND.slug))
        # Leerplicht's checks of the school success, for the Startklas's closed cases too.
        for region in Region.objects.filter(slug__in=[spec.slug for spec in demo.REGIONS]):
            monitor_demo.seed_enrolment_checks(region)
        # The monitor's fact tables, as the nightly refresh_monitor builds them.
        monitor_services.refresh_facts()
        # Fresh planner statistics after the bulk load (docs/performance.md).
        analyze()
        return made
