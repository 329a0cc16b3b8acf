from django.contrib import admin

from .models import AdviceDeadline


@admin.register(AdviceDeadline)
class AdviceDeadlineAdmin(admin.ModelAdmin[AdviceDeadline]):
    list_display = ("region", "working_days")
