"""The region's quality contact points and the term to acknowledge a concern, in functional
management. Concerns themselves hold child data and are not in the admin (docs/privacy.md)."""

from __future__ import annotations

from django.contrib import admin

from .models import ContactHandler, ContactPoint, QualitySettings


class ContactHandlerInline(admin.TabularInline[ContactHandler, ContactPoint]):
    model = ContactHandler
    extra = 1
    raw_id_fields = ["membership"]


@admin.register(ContactPoint)
class ContactPointAdmin(admin.ModelAdmin[ContactPoint]):
    list_display = ["name", "region", "kind", "organisation", "is_active"]
    list_filter = ["region", "kind", "is_active"]
    inlines = [ContactHandlerInline]


@admin.register(QualitySettings)
class QualitySettingsAdmin(admin.ModelAdmin[QualitySettings]):
    list_display = ["region", "acknowledge_days"]
