"""`make run`'s server: Django's development server with one line instead of its banner (the
address and how to stop), so a newcomer sees the address and the accounts, nothing else."""

from __future__ import annotations

import os
from typing import Any

from django.core.management.commands.runserver import Command as RunserverCommand


class Command(RunserverCommand):
    help = "Serve Arrangeer for development, with a one-line banner (see `make run`)."

    def execute(self, *args: Any, **options: Any) -> Any:
        os.environ.setdefault("DJANGO_RUNSERVER_HIDE_WARNING", "true")
        return super().execute(*args, **options)

    def on_bind(self, server_port: int) -> None:
        # Set by runserver's handle() before the server binds (not in django-stubs).
        addr: str = getattr(self, "addr", "127.0.0.1")
        address = f"[{addr}]" if getattr(self, "_raw_ipv6", False) else addr
        self.stdout.write(
            self.style.SUCCESS(
                f"Arrangeer runs at {self.protocol}://{address}:{server_port}/ (stop with Ctrl+C)."
            )
        )
