"""Organisations and memberships in functional management. Every save or delete of a
membership, on its own page or in the organisation's inline, goes through the services, so
admin access always follows the functional-administrator memberships."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest

from simple_history.admin import SimpleHistoryAdmin

from arrangeer.accounts.models import User

from . import services
from .models import Membership, Organisation, Region, SchoolBoard


def _acting(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin[Region]):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(SchoolBoard)
class SchoolBoardAdmin(admin.ModelAdmin[SchoolBoard]):
    list_display = ["name", "region", "bevoegd_gezag"]
    list_filter = ["region"]
    search_fields = ["name", "bevoegd_gezag"]


class MembershipInline(admin.TabularInline[Membership, Organisation]):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "role", "is_active"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["name", "type", "sector", "region", "brin", "is_active"]
    list_filter = ["region", "type", "sector", "preschool", "is_active"]
    search_fields = ["name", "brin", "kvk", "agb", "municipality"]
    autocomplete_fields = ["swv", "school_board"]
    inlines = [MembershipInline]

    def save_model(
        self, request: HttpRequest, obj: Organisation, form: ModelForm[Organisation], change: bool
    ) -> None:
        services.save_organisation(organisation=obj, acting_user=_acting(request))

    def save_formset(
        self,
        request: HttpRequest,
        form: ModelForm[Organisation],
        formset: BaseInlineFormSet[Membership, Organisation, ModelForm[Membership]],
        change: bool,
    ) -> None:
        if formset.model is not Membership:
            super().save_formset(request, form, formset, change)
            return
        acting = _acting(request)
        memberships: list[Membership] = formset.save(commit=False)
        for membership in formset.deleted_objects:
            services.remove_membership(membership=membership, acting_user=acting)
        for membership in memberships:
            services.save_membership(membership=membership, acting_user=acting)


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organisation", "role", "is_active"]
    list_filter = ["role", "is_active", "organisation__region", "organisation__type"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]

    def save_model(
        self, request: HttpRequest, obj: Membership, form: ModelForm[Membership], change: bool
    ) -> None:
        services.save_membership(membership=obj, acting_user=_acting(request))

    def delete_model(self, request: HttpRequest, obj: Membership) -> None:
        services.remove_membership(membership=obj, acting_user=_acting(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        acting = _acting(request)
        for membership in queryset.select_related("user"):
            services.remove_membership(membership=membership, acting_user=acting)
