from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rest_framework import serializers

from arrangeer.audit.models import AccessLogEntry
from arrangeer.cases.access import CaseAccess
from arrangeer.cases.constants import CASE_FLAGS, CloseReason, Destination
from arrangeer.cases.dossier import child_fields
from arrangeer.cases.models import Case, TeamMember
from arrangeer.children.constants import Relation
from arrangeer.children.validators import (
    validate_bsn,
    validate_date_of_birth,
    validate_person_name,
)
from arrangeer.consents.constants import Evidence
from arrangeer.consents.models import Consent
from arrangeer.organisations.models import Organisation
from arrangeer.vocabulary import DataCategory

_MT = TypeVar("_MT", bound=Model)
_IN = TypeVar("_IN")


def refuse_unknown(serializer: serializers.Serializer[_IN], data: Any) -> None:
    """The rule of every payload the API takes: a field the serializer does not write (unknown,
    or shown only) is an error, not silently dropped."""
    if isinstance(data, dict):
        writable = {name for name, field in serializer.fields.items() if not field.read_only}
        unknown = set(data) - writable
        if unknown:
            raise serializers.ValidationError(
                {name: [_("Unknown field.")] for name in sorted(unknown)}
            )


# The docstring of these two bases is the description of every payload in the schema.
class StrictSerializer(serializers.Serializer[dict[str, Any]]):
    """Unknown fields are an error, not silently dropped."""

    def to_internal_value(self, data: Any) -> Any:
        refuse_unknown(self, data)
        return super().to_internal_value(data)


class StrictModelSerializer(serializers.ModelSerializer[_MT]):
    """Unknown fields are an error, not silently dropped."""

    def to_internal_value(self, data: Any) -> Any:
        refuse_unknown(self, data)
        return super().to_internal_value(data)


class OrganisationSerializer(serializers.ModelSerializer[Organisation]):
    region: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )

    class Meta:
        model = Organisation
        fields = ["id", "name", "type", "sector", "region", "municipality", "brin", "kvk", "agb"]


class CaseSummarySerializer(serializers.ModelSerializer[Case]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    child_name = serializers.CharField(source="child.full_name", read_only=True)
    child_date_of_birth = serializers.DateField(source="child.date_of_birth", read_only=True)
    school = serializers.CharField(source="child.school.name", default=None, read_only=True)
    region: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    regisseur = serializers.CharField(source="regisseur.get_full_name", read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "child_name",
            "child_date_of_birth",
            "school",
            "region",
            "initiator",
            "status",
            "regisseur",
            "opened_at",
            *CASE_FLAGS,
            "flags_version",
        ]
        read_only_fields = ["flags_version"]


class ChildSerializer(serializers.Serializer[CaseAccess]):
    """The child as the viewer may see it: fields of other categories are absent."""

    def to_representation(self, access: CaseAccess) -> dict[str, Any]:
        data: dict[str, Any] = {"id": str(access.case.child.uuid)}
        for field in child_fields(access):
            value = field.value
            if hasattr(value, "isoformat"):
                value = value.isoformat()
            elif not isinstance(value, (str, bool, int, type(None))):
                value = str(value)
            data[field.name] = value
        data["representatives"] = [
            {
                "id": r.pk,
                "name": f"{r.first_name} {r.last_name}",
                "relation": r.relation,
                "has_authority": r.has_authority,
                "email": r.email,
                "phone": r.phone,
            }
            for r in access.case.child.representatives.all()
        ]
        return data


class CaseDetailSerializer(serializers.Serializer[CaseAccess]):
    def to_representation(self, access: CaseAccess) -> dict[str, Any]:
        data = dict(CaseSummarySerializer(access.case).data)
        data["child"] = ChildSerializer().to_representation(access)
        data["categories"] = sorted(access.categories)
        data["emergency_access"] = access.is_emergency
        data["closed_at"] = access.case.closed_at.isoformat() if access.case.closed_at else None
        return data


class CaseFlagsSerializer(StrictSerializer):
    is_thuiszitter = serializers.BooleanField(required=False)
    has_risk_behaviour = serializers.BooleanField(required=False)
    is_complex = serializers.BooleanField(required=False)
    has_exemption = serializers.BooleanField(required=False)
    has_absence = serializers.BooleanField(required=False)
    child_protection_involved = serializers.BooleanField(required=False)
    meldcode = serializers.BooleanField(required=False)


class RepresentativeInputSerializer(StrictSerializer):
    first_name = serializers.CharField(max_length=100, validators=[validate_person_name])
    last_name = serializers.CharField(max_length=150, validators=[validate_person_name])
    relation = serializers.ChoiceField(choices=Relation.choices)
    has_authority = serializers.BooleanField(default=True)
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    phone = serializers.CharField(required=False, allow_blank=True, default="", max_length=30)


class ChildInputSerializer(StrictSerializer):
    first_name = serializers.CharField(max_length=100, validators=[validate_person_name])
    last_name = serializers.CharField(max_length=150, validators=[validate_person_name])
    date_of_birth = serializers.DateField(validators=[validate_date_of_birth])
    bsn = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=9, validators=[validate_bsn]
    )
    school = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(type="school", is_active=True),
        required=False,
        allow_null=True,
    )
    group = serializers.CharField(required=False, allow_blank=True, default="", max_length=40)
    home_language = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=60
    )
    interpreter_needed = serializers.BooleanField(required=False, default=False)


class CaseCreateSerializer(StrictSerializer):
    membership = serializers.IntegerField(
        help_text="The id of your membership (role at an organisation) that opens the case."
    )
    child = ChildInputSerializer()
    representatives = RepresentativeInputSerializer(many=True, required=False, default=list)
    flags = CaseFlagsSerializer(required=False, default=dict)


class CloseSerializer(StrictSerializer):
    reason = serializers.ChoiceField(choices=CloseReason.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    # As the web form's: optional (empty: not recorded), one of the destinations.
    destination = serializers.ChoiceField(
        choices=Destination.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text=gettext_lazy(
            "Where the child goes after the arrangement (empty: not recorded). Counted in the "
            "regional monitor, never shown with the child's name."
        ),
        error_messages={
            "invalid_choice": gettext_lazy("Choose where the child goes after the arrangement.")
        },
    )


class TeamMemberSerializer(serializers.ModelSerializer[TeamMember]):
    name = serializers.CharField(source="membership.user.get_full_name", read_only=True)
    role = serializers.CharField(source="membership.role", read_only=True)
    organisation = serializers.CharField(source="membership.organisation.name", read_only=True)

    class Meta:
        model = TeamMember
        fields = [
            "id",
            "name",
            "role",
            "organisation",
            "status",
            "basis",
            "proposed_at",
            "decided_at",
            "ended_at",
        ]


class ProposeSerializer(StrictSerializer):
    membership = serializers.IntegerField()


class FamilyDecisionSerializer(StrictSerializer):
    representative = serializers.IntegerField(required=False, allow_null=True, default=None)
    by_child = serializers.BooleanField(required=False, default=False)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class EndSerializer(StrictSerializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class ConsentSerializer(serializers.ModelSerializer[Consent]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    organisation: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(
        read_only=True
    )
    categories = serializers.ListField(child=serializers.ChoiceField(choices=DataCategory.choices))

    class Meta:
        model = Consent
        fields = [
            "id",
            "organisation",
            "categories",
            "purpose",
            "given_by_child",
            "age_band_at_giving",
            "valid_from",
            "valid_until",
            "evidence",
            "recorded_at",
            "withdrawn_at",
        ]


class ConsentCreateSerializer(StrictSerializer):
    organisation = serializers.IntegerField()
    categories = serializers.ListField(
        child=serializers.ChoiceField(choices=DataCategory.choices), allow_empty=False, max_length=5
    )
    purpose = serializers.CharField(max_length=2000)
    representative = serializers.IntegerField(required=False, allow_null=True, default=None)
    by_child = serializers.BooleanField(required=False, default=False)
    valid_from = serializers.DateField()
    valid_until = serializers.DateField(required=False, allow_null=True, default=None)
    evidence = serializers.ChoiceField(choices=Evidence.choices)
    evidence_note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=300
    )


class AccessLogEntrySerializer(serializers.ModelSerializer[AccessLogEntry]):
    class Meta:
        model = AccessLogEntry
        fields = [
            "seq",
            "occurred_at",
            "event",
            "outcome",
            "channel",
            "username",
            "role",
            "organisation_name",
            "object_type",
            "data_category",
            "basis",
        ]
