from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from arrangeer.cases.access import ScopedQuerySet
from arrangeer.vocabulary import DataCategory

if TYPE_CHECKING:
    from arrangeer.cases.access import CaseAccess


class Invitation(models.Model):
    """A single-use link by mail that lets a parent or the young person make their account.

    Only a digest of the token is stored: whoever reads the database cannot use a link."""

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="invitations", verbose_name=_("case")
    )
    representative = models.ForeignKey(
        "children.LegalRepresentative",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("parent or carer"),
    )
    for_child = models.BooleanField(_("for the young person"), default=False)
    email = models.EmailField(_("e-mail"))
    token_digest = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account made"),
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(for_child=True, representative__isnull=True)
                | models.Q(for_child=False, representative__isnull=False),
                name="portal_invitation_one_invitee",
            ),
        ]

    def __str__(self) -> str:
        return self.email

    def is_open(self, at: dt.datetime | None = None) -> bool:
        return self.used_at is None and self.expires_at > (at or timezone.now())


class LogbookEntry(models.Model):
    """The parents' logbook: what they notice at home, in their own words, dated. Not part of
    the plan's versions; read in the portal by the family (a parent with gezag writes)."""

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="logbook", verbose_name=_("case")
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("what happened"))
    written_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        verbose_name = _("logbook entry")
        verbose_name_plural = _("logbook entries")
        ordering = ["-written_at", "-pk"]

    def __str__(self) -> str:
        return self.text[:40]


class PlanPart(models.TextChoices):
    """The parts of the plan a child gives a view on, in a child's words."""

    SCHOOL = "school", _("School and learning")
    HOME = "thuis", _("Home and family")
    FRIENDS = "vrienden", _("Friends and free time")
    GOALS = "doelen", _("The goals")
    HELP = "hulp", _("The help you get")


class Feeling(models.TextChoices):
    GOOD = "goed", _("Good")
    SO_SO = "gaat_wel", _("So-so")
    NOT_GOOD = "niet_goed", _("Not good")


class ChildView(models.Model):
    """ "Hoe denk jij erover?" — the child's own view on a part of the plan (hoorrecht): written
    by the young person from 12 themselves, or with a professional for a younger child."""

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="child_views", verbose_name=_("case")
    )
    part = models.CharField(_("part of the plan"), max_length=20, choices=PlanPart.choices)
    feeling = models.CharField(_("how it feels"), max_length=20, choices=Feeling.choices)
    text = models.TextField(_("in your own words"), blank=True)
    by_child = models.BooleanField(_("written by the child"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("the child's view")
        verbose_name_plural = _("the child's views")
        ordering = ["-recorded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_part_display()}: {self.get_feeling_display()}"


class Moment(models.TextChoices):
    EVALUATION = "evaluatie", _("Evaluation")
    CLOSING = "afsluiting", _("Closing")


class SatisfactionAnswer(models.Model):
    """One short questionnaire, kept for counting only: no account, no name. `respondent_key`
    is a keyed digest that only stops the same person answering twice for the same moment."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="+", verbose_name=_("case")
    )
    moment = models.CharField(_("moment"), max_length=20, choices=Moment.choices)
    moment_ref = models.CharField(max_length=40)
    respondent = models.CharField(_("answered by"), max_length=10)  # parent / youth
    respondent_key = models.CharField(max_length=64)
    usefulness = models.PositiveSmallIntegerField(_("how useful the help was (1 to 5)"))
    heard = models.PositiveSmallIntegerField(_("how well you were heard (1 to 5)"))
    overall = models.PositiveSmallIntegerField(_("overall mark (1 to 10)"))
    remark = models.TextField(_("remark"), blank=True)
    answered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("satisfaction answer")
        verbose_name_plural = _("satisfaction answers")
        constraints = [
            models.UniqueConstraint(
                fields=["moment", "moment_ref", "respondent_key"], name="portal_answer_once"
            ),
            models.CheckConstraint(
                condition=models.Q(usefulness__gte=1, usefulness__lte=5)
                & models.Q(heard__gte=1, heard__lte=5)
                & models.Q(overall__gte=1, overall__lte=10),
                name="portal_answer_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.moment} {self.overall}"


class MessageKind(models.TextChoices):
    """What a family member gave the team in the portal."""

    LOGBOOK = "logboek", _("Logbook")
    UPLOAD = "bestand", _("File")
    REMARK = "opmerking", _("Remark in the questionnaire")
    CONSENT_WITHDRAWN = "toestemming_ingetrokken", _("Consent withdrawn")


class FamilyMessageQuerySet(ScopedQuerySet["FamilyMessage"]):
    def visible_to(self, access: CaseAccess) -> FamilyMessageQuerySet:
        """What this person reads of what the family gave: within the categories the access
        layer gives them for it (the regisseur: everything), and always what they gave
        themselves."""
        return self.filter(case=access.case).filter(
            self.categories_q(access.from_family_categories) | models.Q(author_id=access.user.pk)
        )


class FamilyMessage(models.Model):
    """One thing the family gave the team in the portal, with whether the regisseur read it.

    The dossier, the regisseur's *Mijn acties* and the parent's own page all read these
    records: the parent sees what they gave and "gelezen door de regisseur op …". The content
    stays where it belongs (the logbook entry, the plan's attachment, the consent record);
    a questionnaire remark is kept here, with its author, apart from the anonymous numbers."""

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.CASCADE,
        related_name="family_messages",
        verbose_name=_("case"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=MessageKind.choices)
    category = models.CharField(_("data category"), max_length=20, choices=DataCategory.choices)
    # Empty only for remarks given before remarks were kept with their author.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("given by"),
    )
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    logbook = models.OneToOneField(
        LogbookEntry,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="message",
    )
    attachment = models.OneToOneField(
        "plans.Attachment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    consent = models.OneToOneField(
        "consents.Consent",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.TextField(_("text"), blank=True)
    read_at = models.DateTimeField(_("read by the regisseur at"), null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("read by"),
    )

    objects = FamilyMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("message from the family")
        verbose_name_plural = _("messages from the family")
        ordering = ["-given_at", "-pk"]
        indexes = [
            models.Index(
                fields=["case"],
                condition=models.Q(read_at__isnull=True),
                name="portal_message_unread",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="logboek", logbook__isnull=False)
                | models.Q(kind="bestand", attachment__isnull=False)
                | models.Q(kind="opmerking")
                | models.Q(kind="toestemming_ingetrokken", consent__isnull=False),
                name="portal_message_has_its_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.given_at:%Y-%m-%d}"
