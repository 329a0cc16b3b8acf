"""What data migrations of several apps share: the functioneel beheerder's permissions on an
app's functional-management models. Called from migrations with the historical `apps`, so it
imports no model and its behaviour stays as the migrations that call it were written."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

FUNCTIONAL_ADMIN_GROUP = "Functioneel beheerder"
ALL_ACTIONS = ("add", "change", "view", "delete")


def _codenames(models: Sequence[str], actions: Sequence[str]) -> list[str]:
    return [f"{action}_{model}" for model in models for action in actions]


def grant_functional_admin(
    apps: Any, app_label: str, models: Sequence[str], actions: Sequence[str] = ALL_ACTIONS
) -> None:
    """Give the functioneel beheerder's group (made when missing) the permissions `actions` on
    `models` (lower-case model names) of `app_label`. The permissions are created first: in a
    fresh database they do not exist before the migrations end."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=FUNCTIONAL_ADMIN_GROUP)
    Permission = apps.get_model("auth", "Permission")
    for codename in _codenames(models, actions):
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def revoke_functional_admin(
    apps: Any, app_label: str, models: Sequence[str], actions: Sequence[str] = ALL_ACTIONS
) -> None:
    """The reverse of `grant_functional_admin`: take those permissions from the group."""
    group = apps.get_model("auth", "Group").objects.filter(name=FUNCTIONAL_ADMIN_GROUP).first()
    if group is not None:
        group.permissions.remove(
            *apps.get_model("auth", "Permission").objects.filter(
                content_type__app_label=app_label, codename__in=_codenames(models, actions)
            )
        )
