from django.contrib import admin

from .models import AdviceDeadline


@admin.register(AdviceDeadline)
class AdviceDeadlineAdmin(admin.ModelAdmin):
    list_display = ("region", "working_days")
