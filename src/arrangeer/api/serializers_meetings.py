"""The serializers of the MDO in the API (views_meetings): what is shown of a meeting, its
invitees, agenda, decisions and actions, and the payloads of its writes."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from arrangeer.meetings.constants import RESPONSES, Attendance, DecisionChannel, MeetingKind
from arrangeer.meetings.models import ActionItem, AgendaItem, Decision, Invitee, Meeting
from arrangeer.vocabulary import DataCategory

from .serializers import StrictSerializer

# --- what is shown -------------------------------------------------------------------------


class MeetingSerializer(serializers.ModelSerializer[Meeting]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    chair = serializers.IntegerField(source="chair_id", read_only=True)
    chair_name = serializers.CharField(source="chair.membership.user.get_full_name")
    video_link = serializers.CharField(read_only=True, help_text="A URL, or empty.")

    class Meta:
        model = Meeting
        fields = [
            "id",
            "kind",
            "status",
            "starts_at",
            "ends_at",
            "place",
            "video_link",
            "room",
            "interpreter_needed",
            "interpreter_language",
            "consent_forms_prepared",
            "chair",
            "chair_name",
            "category",
            "sequence",
            "lock_version",
            "rhythm_weeks",
            "parents_absent_reason",
            "held_recorded_at",
            "minutes_approved_at",
            "created_at",
        ]
        read_only_fields = fields


class InviteeSerializer(serializers.ModelSerializer[Invitee]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    name = serializers.CharField(read_only=True)
    team_member = serializers.IntegerField(source="team_member_id", read_only=True, allow_null=True)
    decided_by = serializers.SerializerMethodField(
        help_text="The parent or carer who gave the parents' answer."
    )
    decided_via = serializers.CharField(
        read_only=True, help_text="How the parents answered (empty while undecided)."
    )
    attendance = serializers.CharField(
        read_only=True, help_text="aanwezig, afwezig or afgemeld; empty until recorded."
    )

    class Meta:
        model = Invitee
        fields = [
            "id",
            "kind",
            "name",
            "team_member",
            "status",
            "decided_by",
            "decided_via",
            "decided_at",
            "decision_reason",
            "sent_at",
            "response_note",
            "attendance",
        ]
        read_only_fields = fields

    def get_decided_by(self, invitee: Invitee) -> str | None:
        r = invitee.decided_by_representative
        return f"{r.first_name} {r.last_name}" if r is not None else None


class AgendaItemSerializer(serializers.ModelSerializer[AgendaItem]):
    category = serializers.CharField(
        read_only=True, help_text="The data category of the minutes; empty until recorded."
    )

    class Meta:
        model = AgendaItem
        fields = ["id", "position", "code", "title", "minutes", "category"]
        read_only_fields = fields


class DecisionSerializer(serializers.ModelSerializer[Decision]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    agenda_item = serializers.IntegerField(source="agenda_item_id", read_only=True, allow_null=True)
    goal = serializers.UUIDField(source="goal.uuid", read_only=True, allow_null=True)
    module = serializers.UUIDField(source="module.uuid", read_only=True, allow_null=True)

    class Meta:
        model = Decision
        fields = ["id", "agenda_item", "text", "category", "goal", "module"]
        read_only_fields = fields


class ActionSerializer(serializers.ModelSerializer[ActionItem]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    owner = serializers.IntegerField(source="owner_id", read_only=True, allow_null=True)
    owner_name = serializers.SerializerMethodField()

    class Meta:
        model = ActionItem
        fields = ["id", "what", "owner", "owner_name", "due", "category", "done_at"]
        read_only_fields = fields

    def get_owner_name(self, action: ActionItem) -> str | None:
        if action.owner is None:
            return None
        return str(action.owner.membership.user.get_full_name())


class MeetingDetailSerializer(MeetingSerializer):
    """The meeting with what this viewer may see of it: the minutes and decisions once shared
    (the chair and the regisseur see the draft), within the viewer's data categories."""

    can_manage = serializers.BooleanField(read_only=True)
    sees_minutes = serializers.BooleanField(read_only=True)
    invitees = InviteeSerializer(many=True, read_only=True)
    agenda = AgendaItemSerializer(many=True, read_only=True)
    decisions = DecisionSerializer(many=True, read_only=True)
    actions = ActionSerializer(many=True, read_only=True)

    class Meta(MeetingSerializer.Meta):
        fields = [
            *MeetingSerializer.Meta.fields,
            "can_manage",
            "sees_minutes",
            "invitees",
            "agenda",
            "decisions",
            "actions",
        ]
        read_only_fields = fields


# --- what is sent --------------------------------------------------------------------------


class MeetingFieldsSerializer(StrictSerializer):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    place = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    video_link = serializers.URLField(required=False, allow_blank=True, default="", max_length=200)
    room = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    interpreter_needed = serializers.BooleanField(required=False, default=False)
    interpreter_language = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=60
    )
    consent_forms_prepared = serializers.BooleanField(required=False, default=False)
    rhythm_weeks = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=52
    )
    confirm_overlap = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Plan it anyway when the chair chairs another meeting at an overlapping time "
        "(without it that answers 409 with the warning).",
    )


class MeetingCreateSerializer(MeetingFieldsSerializer):
    kind = serializers.ChoiceField(
        choices=MeetingKind.choices,
        help_text="An MDO of the route (eerste_mdo, evaluatie, extra) is planned by the "
        "regisseur. `gouden_driehoek` is planned by the Integraal Loket's adviser about a "
        "question to the Loket (`consult`), through the Loket's door; `overdracht`, the "
        "handover MDO, by the regisseur while a transition to the next school is prepared. "
        "Both are chaired by the regisseur's place and invite their own people (the "
        "driehoek's three roles on the case, the current team); they have no interpreter, "
        "consent forms or rhythm of their own.",
    )
    chair = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The team member who chairs: the regisseur, a support coordinator or a "
        "procesbegeleider (see the case's team). Required for an MDO of the route; not sent "
        "for a gouden driehoek or a handover MDO.",
    )
    consult = serializers.UUIDField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The gouden driehoek only: the question to the Integraal Loket it is about.",
    )
    category = serializers.ChoiceField(
        choices=DataCategory.choices, required=False, default=DataCategory.EDUCATION
    )


class MeetingChangeSerializer(MeetingFieldsSerializer):
    """Every field optional: what is not sent stays as it is."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["partial"] = True
        super().__init__(*args, **kwargs)

    def changed(self, meeting: Meeting) -> dict[str, Any]:
        """The change for the service: what was sent, and the rest as the meeting has it."""
        names = {str(name) for name in self.fields} - {"confirm_overlap"}
        kept = {name: getattr(meeting, name) for name in names}
        return {**kept, **self.validated_data}


class AgendaAddSerializer(StrictSerializer):
    title = serializers.CharField(max_length=300)


class InviteSerializer(StrictSerializer):
    member = serializers.IntegerField(help_text="The team member (of this case's team) to invite.")


class ParentsDecisionSerializer(StrictSerializer):
    representative = serializers.IntegerField(
        help_text="The parent or carer with gezag who gave the answer."
    )
    via = serializers.ChoiceField(choices=DecisionChannel.choices)
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=2000,
        help_text="Why the parents refuse: required with a refusal, refused with an approval.",
    )


class SendSerializer(StrictSerializer):
    invitees = serializers.ListField(
        child=serializers.UUIDField(),
        required=False,
        default=list,
        max_length=200,
        help_text="Only these invitees; without it, everyone approved who lacks this version.",
    )


class SendingSerializer(serializers.Serializer[dict[str, Any]]):
    sent = serializers.IntegerField(help_text="The mails that go out.")
    waiting_for_team = serializers.IntegerField()
    without_address = serializers.IntegerField(
        help_text="Invited, but without an e-mail address: no mail (the child, for one)."
    )


class RespondSerializer(StrictSerializer):
    answer = serializers.ChoiceField(choices=[(r.value, r.label) for r in RESPONSES])
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class AttendanceSerializer(serializers.Serializer[dict[str, Any]]):
    invitee = serializers.UUIDField()
    attendance = serializers.ChoiceField(choices=Attendance.choices)


class MinutesSerializer(serializers.Serializer[dict[str, Any]]):
    agenda_item = serializers.IntegerField()
    minutes = serializers.CharField(allow_blank=True, max_length=20000)


class RecordSerializer(StrictSerializer):
    attendance = AttendanceSerializer(many=True, required=False, default=list)
    minutes = MinutesSerializer(many=True, required=False, default=list)
    parents_absent_reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=2000
    )


class DecisionCreateSerializer(StrictSerializer):
    text = serializers.CharField(max_length=5000)
    category = serializers.ChoiceField(choices=DataCategory.choices, required=False, default="")
    agenda_item = serializers.IntegerField(required=False, allow_null=True, default=None)
    goal = serializers.UUIDField(required=False, allow_null=True, default=None)
    module = serializers.UUIDField(required=False, allow_null=True, default=None)


class ActionCreateSerializer(StrictSerializer):
    what = serializers.CharField(max_length=300)
    owner = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="The team member who does it."
    )
    due = serializers.DateField(required=False, allow_null=True, default=None)
    category = serializers.ChoiceField(choices=DataCategory.choices, required=False, default="")
