from django.contrib import admin

from .models import RetentionRule


# Only configuration lives in the admin: case data is never registered here, so neither the
# functional administrator nor a superuser can read a child's file through it.
@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin[RetentionRule]):
    list_display = ["category", "organisation_type", "years", "legal_basis"]
    list_filter = ["category"]
