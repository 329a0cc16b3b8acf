"""The MDO: a meeting of a case, its agenda, the invitees (with the parents' approval and
their attendance), the minutes per agenda item, decisions and SMART action items."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from arrangeer.accounts.constants import AccountKind
from arrangeer.cases.access import ScopedQuerySet
from arrangeer.vocabulary import DataCategory

from .constants import (
    Attendance,
    DecisionChannel,
    InviteeKind,
    InviteeStatus,
    MeetingKind,
    MeetingStatus,
)


class MeetingDataQuerySet(ScopedQuerySet[Any]):
    """What an MDO produced with a data category of its own (preparations, decisions,
    actions), through the access layer: `visible_to(access)` (cases.scoping)."""

    case_path = "meeting__case"


class Meeting(models.Model):
    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="meetings", verbose_name=_("case")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    room = models.CharField(_("room"), max_length=100, blank=True)
    interpreter_needed = models.BooleanField(_("interpreter needed"), default=False)
    interpreter_language = models.CharField(
        _("language of the interpreter"), max_length=60, blank=True
    )
    consent_forms_prepared = models.BooleanField(_("consent forms prepared"), default=False)
    chair = models.ForeignKey(
        "cases.TeamMember",
        on_delete=models.PROTECT,
        related_name="chaired_meetings",
        verbose_name=_("chair"),
    )
    category = models.CharField(
        _("data category of the minutes"),
        max_length=20,
        choices=DataCategory.choices,
        default=DataCategory.EDUCATION,
    )
    # Raised on every change of time or place: the calendar invitations' SEQUENCE (RFC 5545).
    sequence = models.PositiveIntegerField(_("version of the invitation"), default=0)
    # Raised on every write to the meeting itself (services): a change based on an older version
    # is refused (`expected_version`), on the page and in the API (its ETag).
    lock_version = models.PositiveIntegerField(_("version"), default=1)
    rhythm_weeks = models.PositiveSmallIntegerField(
        _("next meeting every N weeks"), null=True, blank=True
    )
    parents_absent_reason = models.TextField(_("why the parents were not there"), blank=True)
    held_recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)
    minutes_approved_at = models.DateTimeField(_("minutes approved at"), null=True, blank=True)
    minutes_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("minutes approved by"),
    )
    follows = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("follows the meeting"),
    )
    # Who organises it from outside the team: the Integraal Loket's adviser of a gouden
    # driehoek (their place at the Loket). They read and lead it through the Loket's door.
    organiser = models.ForeignKey(
        "organisations.Membership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organised by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="meetings_end_after_start",
                violation_error_message=_("The meeting must end after it starts."),
            )
        ]
        indexes = [models.Index(fields=["case", "starts_at"], name="meetings_case_start")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d %H:%M}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda", verbose_name=_("meeting")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    code = models.CharField(_("code"), max_length=60, blank=True)
    title = models.CharField(_("title"), max_length=300)
    minutes = models.TextField(_("minutes"), blank=True)
    category = models.CharField(
        _("data category"), max_length=20, choices=DataCategory.choices, blank=True
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class Invitee(models.Model):
    """One person asked to the meeting: a professional (through their place on the team), a
    parent or the child. Professionals wait for the parents' approval (002)."""

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="invitees", verbose_name=_("meeting")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=InviteeKind.choices)
    team_member = models.ForeignKey(
        "cases.TeamMember",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("team member"),
    )
    representative = models.ForeignKey(
        "children.LegalRepresentative",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("parent or carer"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=InviteeStatus.choices, default=InviteeStatus.PROPOSED
    )
    # The rule part of the parents' answer (who decided, how) apart from the actor who
    # recorded it: today the chair on their behalf, later the parent in the portal.
    decided_by_representative = models.ForeignKey(
        "children.LegalRepresentative",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_via = models.CharField(
        _("how the parents answered"), max_length=20, choices=DecisionChannel.choices, blank=True
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    sent_sequence = models.IntegerField(_("version of the last invitation sent"), default=-1)
    sent_at = models.DateTimeField(_("invitation sent at"), null=True, blank=True)
    response_note = models.TextField(_("note with the answer"), blank=True)
    attendance = models.CharField(
        _("attendance"), max_length=20, choices=Attendance.choices, blank=True
    )

    class Meta:
        verbose_name = _("invitee")
        verbose_name_plural = _("invitees")
        ordering = ["meeting", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "team_member"],
                name="meetings_one_invitation_per_member",
                violation_error_message=_("This person is already invited."),
            ),
            models.UniqueConstraint(
                fields=["meeting", "representative"],
                name="meetings_one_invitation_per_parent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.kind} {self.pk}"

    @property
    def name(self) -> str:
        if self.team_member_id is not None and self.team_member is not None:
            return str(self.team_member.membership.user)
        if self.representative is not None:
            r = self.representative
            return f"{r.first_name} {r.last_name}"
        return str(InviteeKind.CHILD.label)

    @property
    def needs_parents(self) -> bool:
        return self.kind == InviteeKind.PROFESSIONAL


class Preparation(models.Model):
    """What a participant brings to the meeting, written beforehand. The teacher's four
    questions are asked explicitly (002); the child's view stands for hearing the child when
    they will not attend (hoorrecht)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="preparations", verbose_name=_("meeting")
    )
    invitee = models.ForeignKey(
        Invitee,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("participant"),
    )
    is_child_view = models.BooleanField(_("the child's view"), default=False)
    goes_well = models.TextField(_("what goes well"), blank=True)
    can_be_better = models.TextField(_("what can be better"), blank=True)
    support_needed = models.TextField(_("what support is needed"), blank=True)
    already_tried = models.TextField(_("what was already tried, and its effect"), blank=True)
    text = models.TextField(_("input"), blank=True)
    category = models.CharField(_("data category"), max_length=20, choices=DataCategory.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    objects = MeetingDataQuerySet.as_manager()

    class Meta:
        verbose_name = _("preparation")
        verbose_name_plural = _("preparations")
        ordering = ["meeting", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.pk}"

    @property
    def by_parents(self) -> bool:
        """Written by a parent in the portal: their own view, under their own questions (not
        the teacher's "in class")."""
        return self.author.kind == AccountKind.PARENT


class Decision(models.Model):
    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("meeting")
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("agenda item"),
    )
    text = models.TextField(_("decision"))
    category = models.CharField(_("data category"), max_length=20, choices=DataCategory.choices)
    goal = models.ForeignKey(
        "plans.Goal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("goal of the plan"),
    )
    module = models.ForeignKey(
        "plans.Module",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("module of the plan"),
    )

    objects = MeetingDataQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["meeting", "pk"]

    def __str__(self) -> str:
        return self.text[:50]


class ActionItem(models.Model):
    """A SMART agreement: what, who (a team member), by when."""

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="actions", verbose_name=_("meeting")
    )
    what = models.CharField(_("what"), max_length=300)
    owner = models.ForeignKey(
        "cases.TeamMember",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_actions",
        verbose_name=_("who"),
    )
    due = models.DateField(_("by when"), null=True, blank=True)
    category = models.CharField(_("data category"), max_length=20, choices=DataCategory.choices)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    objects = MeetingDataQuerySet.as_manager()

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["meeting", "due", "pk"]

    def __str__(self) -> str:
        return self.what[:50]


class CalendarFeed(models.Model):
    """A person's secret calendar address for their upcoming MDOs. The feed needs no login, so
    the address is the secret: only its hash is stored (like api.ApiToken); a new address
    replaces the old one, and revoking removes it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="meeting_feed",
        verbose_name=_("user"),
    )
    key_id = models.CharField(_("key"), max_length=16, unique=True)
    digest = models.CharField(_("hash of the secret"), max_length=64)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar address")
        verbose_name_plural = _("calendar addresses")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.key_id}"
