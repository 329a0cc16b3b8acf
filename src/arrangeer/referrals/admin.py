from django.contrib import admin

from .models import DecisionTerm


@admin.register(DecisionTerm)
class DecisionTermAdmin(admin.ModelAdmin[DecisionTerm]):
    list_display = ("region", "working_days")
