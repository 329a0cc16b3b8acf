"""Reference data of the plan for the functional administrator. Plans themselves hold child
data and are not in the admin (docs/privacy.md)."""

from __future__ import annotations

from django.contrib import admin

from .models import BankGoal, Intervention, SupportLevelLabel, Tariff


@admin.register(SupportLevelLabel)
class SupportLevelLabelAdmin(admin.ModelAdmin[SupportLevelLabel]):
    list_display = ["region", "level", "label"]
    list_filter = ["region"]
    ordering = ["region", "level"]


@admin.register(BankGoal)
class BankGoalAdmin(admin.ModelAdmin[BankGoal]):
    list_display = ["what", "side", "domain", "region", "is_active"]
    list_filter = ["region", "side", "domain", "is_active"]
    search_fields = ["what", "indicator", "keywords"]


@admin.register(Intervention)
class InterventionAdmin(admin.ModelAdmin[Intervention]):
    list_display = ["name", "recognition_level", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "target_group", "aim"]


@admin.register(Tariff)
class TariffAdmin(admin.ModelAdmin[Tariff]):
    list_display = [
        "product_code",
        "funding_framework",
        "unit",
        "price",
        "valid_from",
        "valid_to",
        "region",
    ]
    list_filter = ["region", "funding_framework", "unit"]
    search_fields = ["product_code"]
    ordering = ["region", "product_code", "funding_framework", "-valid_from"]
