from django.contrib import admin

from .models import TransitionRule


@admin.register(TransitionRule)
class TransitionRuleAdmin(admin.ModelAdmin[TransitionRule]):
    list_display = ["region", "warn_months_before"]
