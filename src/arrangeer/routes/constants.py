from typing import Any

from django.utils.translation import gettext_lazy as _

from arrangeer.organisations.constants import CASEWORK_ROLES, Role

# Who acts in a step: the regisseur, or the team members in one professional role (when the
# team has nobody in that role, the regisseur).
REGISSEUR = "regisseur"
RESPONSIBLE_CHOICES: list[tuple[str, Any]] = [(REGISSEUR, _("The regisseur"))] + [
    (role.value, role.label) for role in Role if role in CASEWORK_ROLES
]

# What a region calls the regisseur when it has no word of its own (Alkmaar: procesbegeleider).
DEFAULT_REGISSEUR_TITLE = "regisseur"

DEFAULT_STALL_DAYS = 28
# A TLV or a beschikking is decided within six to eight weeks (Awb: eight at most): after six
# weeks a request still pending is a signal for the regisseur.
DEFAULT_DECISION_DAYS = 42
# A reason to pass a check must say something.
MIN_OVERRIDE_REASON = 10
