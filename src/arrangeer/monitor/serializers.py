"""The shape of the monitor's JSON for the region's own BI tools (the OpenAPI schema): only
published figures (null where suppressed), never a child, a name or a case."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers


class ScopeSerializer(serializers.Serializer[dict[str, Any]]):
    kind = serializers.ChoiceField(choices=["region", "swv", "school"])
    name = serializers.CharField(
        help_text="The region, the SWV of an SWV's monitor, or the school of a school's monitor."
    )
    role = serializers.CharField(help_text="The role the figures are seen in.")


class RowSerializer(serializers.Serializer[dict[str, Any]]):
    name = serializers.CharField(help_text="The row's label (a school year, a sector, …).")
    is_total = serializers.BooleanField(help_text="The totals row of the table.")
    values = serializers.ListField(
        child=serializers.IntegerField(allow_null=True),
        help_text="One per column, rounded to 5; null where suppressed (fewer than 10 "
        "children, or hidden so that it cannot be worked out from the others).",
    )
    display = serializers.ListField(
        child=serializers.CharField(), help_text='As the page shows them: a number or "<10".'
    )


class TableSerializer(serializers.Serializer[dict[str, Any]]):
    key = serializers.CharField()
    title = serializers.CharField()
    row_heading = serializers.CharField(allow_blank=True)
    columns = serializers.ListField(child=serializers.CharField())
    rows = RowSerializer(many=True)


class DurationRowSerializer(serializers.Serializer[dict[str, Any]]):
    school_year = serializers.CharField()
    median_days = serializers.IntegerField(allow_null=True)
    p80_days = serializers.IntegerField(allow_null=True)


class DurationSerializer(serializers.Serializer[dict[str, Any]]):
    name = serializers.CharField()
    rows = DurationRowSerializer(many=True)


class FiltersSerializer(serializers.Serializer[dict[str, Any]]):
    jaar = serializers.IntegerField(help_text="School year, by its first calendar year.")
    gemeente = serializers.CharField(allow_blank=True)
    swv = serializers.IntegerField(allow_null=True, help_text="SWV (organisation id).")
    bestuur = serializers.IntegerField(allow_null=True, help_text="School board (its id).")
    school = serializers.IntegerField(allow_null=True)
    sector = serializers.CharField(allow_blank=True)
    route = serializers.IntegerField(allow_null=True)


class ThemeSerializer(serializers.Serializer[dict[str, Any]]):
    theme = serializers.CharField()
    title = serializers.CharField()
    scope = ScopeSerializer()
    school_year = serializers.CharField(help_text="e.g. 2025-2026 (1 August to 31 July).")
    filters = FiltersSerializer()
    rule = serializers.CharField(help_text="The rule of small numbers, as the pages say it.")
    threshold = serializers.IntegerField()
    rounding = serializers.IntegerField()
    computed_at = serializers.DateTimeField(help_text="When this answer was made.")
    pre_aggregated = serializers.BooleanField(
        help_text="True when the theme counts from the monitor's fact tables (lead time, goal "
        "realisation), false when it counts live."
    )
    figures_as_of = serializers.DateTimeField(
        allow_null=True,
        help_text="For a pre-aggregated theme: the last full count of the fact tables (every "
        "night; what changed since is counted as soon as it is saved). Null when the theme "
        "counts live, or when the first full count has not run yet.",
    )
    tables = TableSerializer(many=True)
    durations = DurationSerializer(many=True)
