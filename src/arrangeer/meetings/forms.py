"""Forms of the MDO. They collect and check input; the services write."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from arrangeer.cases.access import CaseAccess
from arrangeer.cases.forms import DateInput
from arrangeer.cases.models import TeamMember
from arrangeer.children.models import LegalRepresentative
from arrangeer.core.forms_util import version_field
from arrangeer.plans.models import Goal, Module

from .constants import (
    MDO_KINDS,
    RESPONSES,
    Attendance,
    DecisionChannel,
    InviteeStatus,
    MeetingKind,
)
from .models import AgendaItem, Invitee


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%H:%M")


def category_choices(access: CaseAccess) -> list[tuple[str, str]]:
    return access.category_choices()


class MemberChoiceField(forms.ModelChoiceField[TeamMember]):
    def label_from_instance(self, obj: TeamMember) -> str:
        membership = obj.membership
        return f"{membership.user} ({membership.get_role_display()}, {membership.organisation})"


class MeetingForm(forms.Form):
    # The gouden driehoek and the handover MDO are planned from their own pages.
    kind = forms.ChoiceField(
        label=_("Kind of meeting"),
        choices=[(v, label) for v, label in MeetingKind.choices if v in MDO_KINDS],
    )
    date = forms.DateField(
        label=_("Date"), widget=DateInput(), error_messages={"required": _("Give the date.")}
    )
    start = forms.TimeField(
        label=_("Start time"),
        widget=TimeInput(),
        error_messages={"required": _("Give the start time.")},
    )
    end = forms.TimeField(
        label=_("End time"),
        widget=TimeInput(),
        error_messages={"required": _("Give the end time.")},
    )
    chair = MemberChoiceField(
        label=_("Chair"),
        queryset=TeamMember.objects.none(),
        help_text=_("The regisseur, a support coordinator or a procesbegeleider on the team."),
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    room = forms.CharField(label=_("Room"), max_length=100, required=False)
    video_link = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")
    interpreter_needed = forms.BooleanField(label=_("An interpreter is needed"), required=False)
    interpreter_language = forms.CharField(
        label=_("Language of the interpreter"), max_length=60, required=False
    )
    consent_forms_prepared = forms.BooleanField(
        label=_("Consent forms are prepared"), required=False
    )
    category = forms.ChoiceField(
        label=_("Data category of the minutes"),
        help_text=_("Who may read the minutes afterwards: participants who may see this category."),
    )
    rhythm_weeks = forms.IntegerField(
        label=_("Meet again every … weeks"),
        required=False,
        min_value=1,
        max_value=52,
        help_text=_("Leave empty for no fixed rhythm."),
    )
    confirm_overlap = forms.BooleanField(
        label=_("Plan it anyway, although the chair has another meeting then"), required=False
    )
    # The meeting's version the change form was built from (`services.change_meeting` refuses
    # an older one); only when changing.
    version = version_field()

    def __init__(
        self,
        *args: Any,
        access: CaseAccess,
        chairs: QuerySet[TeamMember],
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = chairs  # type: ignore[attr-defined]
        self.fields["category"].choices = category_choices(access)  # type: ignore[attr-defined]
        if editing:
            for name in ("kind", "chair", "category"):
                del self.fields[name]
        else:
            del self.fields["version"]

    def times(self) -> tuple[dt.datetime, dt.datetime]:
        data = self.cleaned_data
        tz = timezone.get_current_timezone()
        start = dt.datetime.combine(data["date"], data["start"], tzinfo=tz)
        end = dt.datetime.combine(data["date"], data["end"], tzinfo=tz)
        return start, end

    # What planning and changing a meeting share, by the services' argument names.
    LOGISTICS = (
        "place",
        "video_link",
        "room",
        "interpreter_needed",
        "interpreter_language",
        "consent_forms_prepared",
        "rhythm_weeks",
    )

    def logistics(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {name: data[name] for name in self.LOGISTICS}


class OwnMeetingForm(forms.Form):
    """A meeting of its own kind planned from another page (the gouden driehoek from the Loket
    question, the handover MDO from the transition): when and where; the chair, the agenda and
    the invitees follow from the kind (`services.plan_driehoek`, `services.plan_handover`)."""

    date = MeetingForm.base_fields["date"]
    start = MeetingForm.base_fields["start"]
    end = MeetingForm.base_fields["end"]
    place = MeetingForm.base_fields["place"]
    room = MeetingForm.base_fields["room"]
    video_link = MeetingForm.base_fields["video_link"]
    category = MeetingForm.base_fields["category"]
    confirm_overlap = MeetingForm.base_fields["confirm_overlap"]

    def __init__(self, *args: Any, access: CaseAccess, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices(access)  # type: ignore[attr-defined]

    def times(self) -> tuple[dt.datetime, dt.datetime]:
        return MeetingForm.times(self)  # type: ignore[arg-type]

    def logistics(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in ("place", "room", "video_link", "category", "confirm_overlap")
        }


class AgendaItemForm(forms.Form):
    title = forms.CharField(
        label=_("New agenda item"),
        max_length=300,
        error_messages={"required": _("Give the agenda item a title.")},
    )


class InviteForm(forms.Form):
    member = MemberChoiceField(
        label=_("Invite a team member"),
        queryset=TeamMember.objects.none(),
        required=False,
        help_text=_("Someone not yet on the team is proposed for the team at the same time."),
    )

    def __init__(self, *args: Any, members: QuerySet[TeamMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members  # type: ignore[attr-defined]


class ParentsDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("The parents' answer"),
        choices=[
            (InviteeStatus.APPROVED, _("Approved")),
            (InviteeStatus.REFUSED, _("Refused")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the parents' answer.")},
    )
    representative = forms.ModelChoiceField(
        label=_("Parent or carer with parental authority"),
        queryset=LegalRepresentative.objects.none(),
        error_messages={"required": _("Choose the parent.")},
    )
    via = forms.ChoiceField(
        label=_("How the parent answered"),
        choices=[(v, label) for v, label in DecisionChannel.choices if v != DecisionChannel.PORTAL],
    )
    reason = forms.CharField(
        label=_("Reason the parents gave"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only when the parents refuse, and then needed."),
    )

    def __init__(self, *args: Any, parents: QuerySet[LegalRepresentative], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["representative"].queryset = parents  # type: ignore[attr-defined]


class RespondForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[(v, InviteeStatus(v).label) for v in RESPONSES],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose your answer.")},
    )
    note = forms.CharField(
        label=_("Note (for another time: which time suits you)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PreparationForm(forms.Form):
    goes_well = forms.CharField(
        label=_("What goes well in class?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    can_be_better = forms.CharField(
        label=_("What can be better?"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    support_needed = forms.CharField(
        label=_("What support is needed?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    already_tried = forms.CharField(
        label=_("What was already tried, and what was its effect?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    text = forms.CharField(
        label=_("Other input (the parents' input, or the child's view in their own words)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    is_child_view = forms.BooleanField(
        label=_("This is the child's view (the child will not attend)"), required=False
    )
    category = forms.ChoiceField(label=_("Data category"))

    def __init__(self, *args: Any, access: CaseAccess, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices(access)  # type: ignore[attr-defined]


class RecordForm(forms.Form):
    """Attendance per invitee and minutes per agenda item: fields made from the meeting."""

    parents_absent_reason = forms.CharField(
        label=_("If the parents were not there: why not"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self, *args: Any, invitees: list[Invitee], agenda: list[AgendaItem], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.invitees = invitees
        self.agenda = agenda
        for invitee in invitees:
            self.fields[f"attendance_{invitee.pk}"] = forms.ChoiceField(
                label=_("Attendance of %(name)s") % {"name": invitee.name},
                choices=[("", _("Not recorded")), *Attendance.choices],
                required=False,
                initial=invitee.attendance,
            )
        for item in agenda:
            self.fields[f"minutes_{item.pk}"] = forms.CharField(
                label=_("Minutes: %(title)s") % {"title": item.title},
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=item.minutes,
            )

    def attendance(self) -> dict[int, str]:
        return {i.pk: self.cleaned_data.get(f"attendance_{i.pk}", "") for i in self.invitees}

    def minutes(self) -> dict[int, str]:
        return {a.pk: self.cleaned_data.get(f"minutes_{a.pk}", "") for a in self.agenda}


class DecisionForm(forms.Form):
    text = forms.CharField(
        label=_("Decision"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write the decision.")},
    )
    agenda_item = forms.ModelChoiceField(
        label=_("Agenda item"), queryset=AgendaItem.objects.none(), required=False
    )
    goal = forms.ModelChoiceField(
        label=_("Goal of the plan"), queryset=Goal.objects.none(), required=False
    )
    module = forms.ModelChoiceField(
        label=_("Module of the plan"), queryset=Module.objects.none(), required=False
    )
    category = forms.ChoiceField(label=_("Data category"))

    def __init__(
        self,
        *args: Any,
        access: CaseAccess,
        agenda: QuerySet[AgendaItem],
        goals: QuerySet[Goal],
        modules: QuerySet[Module],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = agenda  # type: ignore[attr-defined]
        self.fields["goal"].queryset = goals  # type: ignore[attr-defined]
        self.fields["module"].queryset = modules  # type: ignore[attr-defined]
        self.fields["category"].choices = category_choices(access)  # type: ignore[attr-defined]


class ActionForm(forms.Form):
    what = forms.CharField(
        label=_("What will be done"),
        max_length=300,
        error_messages={"required": _("Write what will be done.")},
    )
    owner = MemberChoiceField(label=_("Who"), queryset=TeamMember.objects.none(), required=False)
    due = forms.DateField(label=_("By when"), widget=DateInput(), required=False)
    category = forms.ChoiceField(label=_("Data category"))

    def __init__(
        self, *args: Any, access: CaseAccess, members: QuerySet[TeamMember], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members  # type: ignore[attr-defined]
        self.fields["category"].choices = category_choices(access)  # type: ignore[attr-defined]
