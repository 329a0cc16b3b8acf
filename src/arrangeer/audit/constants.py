from django.db import models
from django.utils.translation import gettext_lazy as _

# The data categories are the shared vocabulary: one list for the whole product.
from arrangeer.vocabulary import DataCategory

__all__ = ["Basis", "Channel", "DataCategory", "Event", "Outcome"]


class Event(models.TextChoices):
    VIEW = "view", _("Viewed")
    SEARCH = "search", _("Searched")
    LIST = "list", _("Listed")
    EXPORT = "export", _("Exported")
    PRINT = "print", _("Printed")
    CREATE = "create", _("Created")
    CHANGE = "change", _("Changed")
    DELETE = "delete", _("Deleted")


class Outcome(models.TextChoices):
    ALLOWED = "allowed", _("Allowed")
    DENIED = "denied", _("Denied")


class Channel(models.TextChoices):
    WEB = "web", _("Web page")
    API = "api", _("API")
    COMMAND = "command", _("Command")


class Basis(models.TextChoices):
    """On what ground the data was accessed (the lawful basis the access relied on)."""

    CONSENT = "consent", _("Consent")
    LEGAL_TASK_SCHOOL = "legal_task_school", _("Legal task of the school")
    LEGAL_TASK_LEERPLICHT = "legal_task_leerplicht", _("Legal task of leerplicht")
    LEGAL_TASK_YOUTH_TEAM = "legal_task_youth_team", _("Legal task of the youth team")
    BREAK_THE_GLASS = "break_the_glass", _("Emergency access (break the glass)")
    FAMILY = "family", _("Parent or child (their own file)")
    ESCALATION_LEVEL = "escalation_level", _("A level of the escalation ladder that must decide")
    QUALITY_CONTACT = "quality_contact", _("The quality contact point handling a concern")
    NONE = "none", _("No basis")
