"""Routes in functional management. A version that a case uses is read-only (copy it to a
new version to change it); every save is checked as a whole before anything is written, so
an edit that leaves a step unreachable or no way to close is refused and changes nothing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import guards as guard_registry
from . import services
from .models import Phase, Route, Step
from .validation import StepSpec, route_errors


def _codes(value: str) -> list[str]:
    return [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]


class StepForm(forms.ModelForm[Step]):
    guards = forms.MultipleChoiceField(
        label=gettext_lazy("Checks to leave the step"),
        choices=guard_registry.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    overridable_guards = forms.MultipleChoiceField(
        label=gettext_lazy("Checks that may be passed with a reason"),
        choices=guard_registry.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    next_steps = forms.CharField(
        label=gettext_lazy("Next steps"),
        required=False,
        help_text=gettext_lazy("Codes of the steps that may follow, separated by commas."),
    )

    class Meta:
        model = Step
        fields = [
            "number",
            "code",
            "name",
            "phase",
            "description",
            "expected_result",
            "responsible_role",
            "duration_days",
            "guards",
            "overridable_guards",
            "next_steps",
            "can_close",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["next_steps"] = ", ".join(self.instance.next_steps)

    def clean_next_steps(self) -> list[str]:
        return _codes(self.cleaned_data.get("next_steps") or "")


class StepFormSet(forms.BaseInlineFormSet[Step, Route, forms.ModelForm[Step]]):
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        if services.is_in_use(self.instance):
            raise ValidationError(
                _("Cases use this version: copy it to a new version to make changes.")
            )
        specs = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("code"):
                continue
            specs.append(
                StepSpec(
                    code=data["code"],
                    number=data["number"],
                    name=data["name"],
                    next_steps=tuple(data.get("next_steps") or ()),
                    can_close=bool(data.get("can_close")),
                    guards=tuple(data.get("guards") or ()),
                    overridable_guards=tuple(data.get("overridable_guards") or ()),
                )
            )
        errors = route_errors(specs)
        if errors:
            raise ValidationError(errors)


class _LockedWhenInUse:
    """Inlines of a version in use can be looked at, not changed."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not services.is_in_use(obj) and super().has_add_permission(request, obj)  # type: ignore[misc]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not (obj and services.is_in_use(obj)) and super().has_change_permission(  # type: ignore[misc]
            request, obj
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not (obj and services.is_in_use(obj)) and super().has_delete_permission(  # type: ignore[misc]
            request, obj
        )


class PhaseInline(_LockedWhenInUse, admin.TabularInline[Phase, Route]):
    model = Phase
    extra = 0
    fields = ["number", "name"]


class StepInline(_LockedWhenInUse, admin.StackedInline[Step, Route]):
    model = Step
    form = StepForm
    formset = StepFormSet
    extra = 0
    fk_name = "route"

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "phase":
            route_id = (
                request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            )
            kwargs["queryset"] = Phase.objects.filter(route_id=route_id or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Route)
class RouteAdmin(admin.ModelAdmin[Route]):
    list_display = ["name", "version", "region", "is_active", "case_count", "copied_from"]
    list_filter = ["region", "is_active"]
    search_fields = ["name"]
    readonly_fields = ["version", "is_active", "copied_from", "created_at", "route_map"]
    fields = [
        "name",
        "region",
        "version",
        "is_active",
        "description",
        "source",
        "stall_days",
        "decision_days",
        "regisseur_title",
        "copied_from",
        "created_at",
        "route_map",
    ]
    inlines = [PhaseInline, StepInline]
    actions = ["copy_to_new_version", "make_active"]

    @admin.display(description=gettext_lazy("cases"))
    def case_count(self, obj: Route) -> int:
        return obj.cases.count()

    @admin.display(description=gettext_lazy("the route at a glance"))
    def route_map(self, obj: Route) -> SafeString:
        rows = []
        for step in obj.steps.all():
            follows = ", ".join(step.next_steps) or "—"
            if step.can_close:
                follows += " · " + _("may close")
            rows.append((step.number, step.name, step.code, follows))
        return format_html_join("", "<div>{}. {} <code>{}</code> → {}</div>", rows)

    def has_change_permission(self, request: HttpRequest, obj: Route | None = None) -> bool:
        if obj is not None and services.is_in_use(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Route | None = None) -> bool:
        if obj is not None and services.is_in_use(obj):
            return False
        return super().has_delete_permission(request, obj)

    @admin.action(description=gettext_lazy("Copy to a new version"), permissions=["add"])
    def copy_to_new_version(self, request: HttpRequest, queryset: QuerySet[Route]) -> None:
        for route in queryset:
            copy = services.copy_route(route)
            self.message_user(
                request,
                _("Copied to %(route)s. Change it, then make it active.") % {"route": copy},
                messages.SUCCESS,
            )

    @admin.action(description=gettext_lazy("Make active for new cases"), permissions=["change"])
    def make_active(self, request: HttpRequest, queryset: QuerySet[Route]) -> None:
        for route in queryset:
            try:
                services.activate_route(route)
            except ValidationError as error:
                self.message_user(
                    request,
                    _("%(route)s cannot be made active: %(errors)s")
                    % {"route": route, "errors": " ".join(error.messages)},
                    messages.ERROR,
                )
            else:
                self.message_user(
                    request,
                    _("%(route)s is now active. Cases under way keep their own version.")
                    % {"route": route},
                    messages.SUCCESS,
                )
