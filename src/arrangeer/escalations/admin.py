"""The region's escalation ladder in functional management. Escalations themselves hold child
data and are not in the admin (docs/privacy.md)."""

from __future__ import annotations

from django.contrib import admin

from .models import LadderLevel


@admin.register(LadderLevel)
class LadderLevelAdmin(admin.ModelAdmin[LadderLevel]):
    list_display = ["region", "number", "name", "seats", "role", "deadline_days"]
    list_filter = ["region", "seats"]
    ordering = ["region", "number"]
    filter_horizontal = ["organisations"]
