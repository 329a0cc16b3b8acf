"""The case's models, split by aggregate: the case and its region moves, its team (places,
emergency access, regie transfers), its route (step changes, checklist marks), the notices
to the family, and the file as a whole (retention rules, exports). Importing each one here is
also how Django finds them; other apps import them from this package. `_export_path` is
named here too: the migration that made FileExport refers to it by this path."""

from .case import Case, RegionMove
from .file import FileExport, FileExportStatus, RetentionRule, _export_path
from .notices import FamilyNotice, MailPreference
from .route import ChecklistMark, StepChange
from .team import EmergencyAccess, RegieTransfer, TeamMember

__all__ = [
    "Case",
    "ChecklistMark",
    "EmergencyAccess",
    "FamilyNotice",
    "FileExport",
    "FileExportStatus",
    "MailPreference",
    "RegieTransfer",
    "RegionMove",
    "RetentionRule",
    "StepChange",
    "TeamMember",
    "_export_path",
]
