"""The serializers of the plan's items in the API (views_items): the five kinds (one base,
`ItemSerializer`, with the meta fields every item shows), progress measurements, deliveries,
evaluations and the decision of a module."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from arrangeer.cases.access import CaseAccess
from arrangeer.organisations.models import Organisation
from arrangeer.plans.constants import RECORDED_DECISION_STATES, Realisation
from arrangeer.plans.kinds import KINDS
from arrangeer.plans.models import (
    DecisionRecord,
    DeliveryRecord,
    DomainEntry,
    Evaluation,
    Goal,
    GoalEvaluation,
    Measurement,
    Module,
    NetworkPerson,
    PlanItem,
    SupportNeed,
)
from arrangeer.vocabulary import DataCategory

from .serializers import StrictModelSerializer

META_FIELDS = ["id", "category", "author", "author_organisation", "updated_at", "lock_version"]


class ItemSerializer(StrictModelSerializer[PlanItem]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    category = serializers.ChoiceField(choices=DataCategory.choices)
    author = serializers.CharField(source="author.get_full_name", read_only=True)

    class Meta:
        model: type[PlanItem]
        read_only_fields = ["author_organisation", "updated_at", "lock_version"]


class DomainEntrySerializer(ItemSerializer):
    class Meta(ItemSerializer.Meta):
        model = DomainEntry
        fields = [*META_FIELDS, *KINDS["domain"].fields]


class NetworkPersonSerializer(ItemSerializer):
    class Meta(ItemSerializer.Meta):
        model = NetworkPerson
        fields = [*META_FIELDS, *KINDS["network"].fields]


class SupportNeedSerializer(ItemSerializer):
    class Meta(ItemSerializer.Meta):
        model = SupportNeed
        fields = [*META_FIELDS, *KINDS["need"].fields]


class GoalSerializer(ItemSerializer):
    class Meta(ItemSerializer.Meta):
        model = Goal
        fields = [*META_FIELDS, *KINDS["goal"].fields]


class ModuleSerializer(ItemSerializer):
    provider = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(is_active=True)
    )
    goals = serializers.SlugRelatedField(
        slug_field="uuid",
        many=True,
        queryset=Goal.objects.filter(removed_at__isnull=True),
        help_text="The ids of the goals this module serves (your categories only).",
    )

    class Meta(ItemSerializer.Meta):
        model = Module
        fields = [*META_FIELDS, *KINDS["module"].fields]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        access: CaseAccess | None = self.context.get("access")
        if access is not None:
            field = self.fields["goals"]
            field.child_relation.queryset = Goal.objects.visible_to(access)  # type: ignore[attr-defined]


SERIALIZERS: dict[str, type[ItemSerializer]] = {
    "domain": DomainEntrySerializer,
    "network": NetworkPersonSerializer,
    "need": SupportNeedSerializer,
    "goal": GoalSerializer,
    "module": ModuleSerializer,
}
# The path segment and the tag of each kind.
PATHS: dict[str, str] = {
    "domain": "life-domains",
    "network": "network",
    "need": "support-needs",
    "goal": "goals",
    "module": "modules",
}


class MeasurementSerializer(StrictModelSerializer[Measurement]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    measured_by = serializers.CharField(source="measured_by.get_full_name", read_only=True)

    class Meta:
        model = Measurement
        fields = ["id", "measured_on", "value", "achievement", "note", "measured_by", "created_at"]
        read_only_fields = ["created_at"]


class DeliverySerializer(StrictModelSerializer[DeliveryRecord]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    recorded_by = serializers.CharField(source="recorded_by.get_full_name", read_only=True)

    class Meta:
        model = DeliveryRecord
        fields = [
            "id",
            "on_date",
            "delivered",
            "amount",
            "miss_reason",
            "note",
            "recorded_by",
            "created_at",
        ]
        read_only_fields = ["created_at"]


class RatingSerializer(serializers.Serializer[dict[str, Any]]):
    goal = serializers.UUIDField()
    realisation = serializers.ChoiceField(choices=Realisation.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class RatingOutSerializer(serializers.ModelSerializer[GoalEvaluation]):
    goal = serializers.UUIDField(source="goal.uuid", read_only=True)

    class Meta:
        model = GoalEvaluation
        fields = ["goal", "realisation", "note", "recorded_at"]


class EvaluationSerializer(StrictModelSerializer[Evaluation]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    version = serializers.IntegerField(source="version.number", read_only=True)
    category = serializers.ChoiceField(choices=DataCategory.choices)
    ratings = RatingSerializer(many=True, required=False, default=list, write_only=True)
    goal_ratings = RatingOutSerializer(many=True, read_only=True)

    class Meta:
        model = Evaluation
        fields = [
            "id",
            "version",
            "held_on",
            "decision",
            "next_evaluation_on",
            "summary",
            "category",
            "ratings",
            "goal_ratings",
            "recorded_at",
        ]
        read_only_fields = ["recorded_at"]
        # The service checks the dates against each other (the model's constraints).
        validators: list[Any] = []


class ModuleDecisionSerializer(StrictModelSerializer[DecisionRecord]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    decision_status = serializers.ChoiceField(
        choices=[(state.value, state.label) for state in RECORDED_DECISION_STATES]
    )
    recorded_by = serializers.CharField(source="recorded_by.get_full_name", read_only=True)

    class Meta:
        model = DecisionRecord
        fields = [
            "id",
            "instrument",
            "decision_status",
            "reference_number",
            "requested_on",
            "decided_on",
            "note",
            "version_number",
            "recorded_by",
            "recorded_by_organisation",
            "recorded_at",
        ]
        read_only_fields = [
            "instrument",
            "version_number",
            "recorded_by_organisation",
            "recorded_at",
        ]
