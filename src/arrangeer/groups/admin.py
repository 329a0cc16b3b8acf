"""A region's decision route for group arrangements in functional management. The
arrangements' places hold child data and are not in the admin (docs/privacy.md)."""

from __future__ import annotations

from django.contrib import admin

from .models import DecisionBody, DecisionRoute


class DecisionBodyInline(admin.TabularInline[DecisionBody, DecisionRoute]):
    model = DecisionBody
    extra = 0
    ordering = ["position"]


@admin.register(DecisionRoute)
class DecisionRouteAdmin(admin.ModelAdmin[DecisionRoute]):
    list_display = ["name", "region"]
    list_filter = ["region"]
    inlines = [DecisionBodyInline]
