from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from django_otp.oath import totp

from arrangeer.accounts.models import User
from arrangeer.demo import personas as demo


class Command(BaseCommand):
    help = "Print the demo accounts, their password and second factor (demo data only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", nargs="?", help="Print only the current code of this one.")

    def handle(self, *args: Any, **options: Any) -> None:
        known = {p.username for p in demo.personas()}
        if options["username"]:
            name = options["username"]
            if name not in known:
                self.stderr.write(f"{name} is not a demo persona.")
                return
            key = bytes.fromhex(demo.demo_totp_key(name))
            self.stdout.write(f"{totp(key):06d}")
            return
        existing = set(User.objects.filter(username__in=known).values_list("username", flat=True))
        self.stdout.write("")
        self.stdout.write(f"Demo accounts — {settings.SITE_URL}/")
        self.stdout.write(f"  password of every account: {demo.DEMO_PASSWORD}")
        self.stdout.write(
            "  second step: add the key to an authenticator app, or print the current code with"
        )
        self.stdout.write("    .venv/bin/python manage.py demo_accounts <user name>")
        self.stdout.write("")
        self.stdout.write(f"  {'user name':<20} {'authenticator key':<34} who")
        for persona in demo.personas():
            if persona.username not in existing:
                continue
            self.stdout.write(
                f"  {persona.username:<20} {demo.demo_totp_base32(persona.username):<34} "
                f"{persona.description}"
            )
        self.stdout.write("")
