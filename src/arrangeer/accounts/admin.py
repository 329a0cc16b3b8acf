from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    list_display = ["username", "first_name", "last_name", "email", "kind", "is_active"]
    list_filter = ["kind", "is_active", "is_staff"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("first_name", "last_name", "email", "kind", "language")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "groups")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"fields": ("username", "email", "kind", "password1", "password2")}),)
    # Admin access (is_staff and the functional administrators' group) follows the
    # functional-administrator membership (organisations.services): not edited by hand here.
    readonly_fields = ["last_login", "date_joined", "is_staff", "groups"]
