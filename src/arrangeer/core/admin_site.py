"""Functional management (`/beheer/`): Django's admin, behind our own login.

Django's admin sends everyone without admin rights to its login page. Ours has none (it sends
to the product's login, with the second factor), and the product's login sends a logged-in
person straight back: a logged-in professional without the functional-administrator role
would go round in circles. They get a page that says why instead (403)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


class ArrangeerAdminSite(admin.AdminSite):
    site_header = _("Arrangeer — functional management")
    site_title = _("Arrangeer management")
    index_title = _("Organisations, people and configuration")

    def admin_view(self, view: View, cacheable: bool = False) -> View:
        protected = super().admin_view(view, cacheable)

        @wraps(view)
        def inner(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.user.is_authenticated and not self.has_permission(request):
                return render(request, "core/admin_forbidden.html", status=403)
            return protected(request, *args, **kwargs)

        return cast(View, inner)


class ArrangeerAdminConfig(AdminConfig):
    default_site = "arrangeer.core.admin_site.ArrangeerAdminSite"
