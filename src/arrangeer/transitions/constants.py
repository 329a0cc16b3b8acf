"""The words of the warm handover: the kinds of transition and the handover's states."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from arrangeer.organisations.constants import SchoolSector
from arrangeer.vocabulary import DataCategory


class TransitionKind(models.TextChoices):
    KDV_PO = "kdv_po", _("From day care to primary school (kdv→po)")
    PO_VO = "po_vo", _("From primary to secondary school (po→vo)")
    VO_MBO = "vo_mbo", _("From secondary school to vocational education (vo→mbo)")
    SCHOOL_CHANGE = "wissel", _("Change of school")
    REGION_MOVE = "verhuizing", _("Move to another region")


class TransitionStatus(models.TextChoices):
    PLANNED = "gepland", _("Known, no receiving school yet")
    PROPOSED = "voorgesteld", _("Receiving school proposed, waiting for consent")
    CONSENTED = "toestemming", _("Consent given: the receiving school is on the team")
    DONE = "afgerond", _("Handover done")
    CANCELLED = "vervallen", _("Cancelled")


# The lifecycle as data: from → the states it may move to.
TRANSITION_STEPS: dict[str, frozenset[str]] = {
    TransitionStatus.PLANNED: frozenset({TransitionStatus.PROPOSED, TransitionStatus.CANCELLED}),
    TransitionStatus.PROPOSED: frozenset({TransitionStatus.CONSENTED, TransitionStatus.CANCELLED}),
    TransitionStatus.CONSENTED: frozenset({TransitionStatus.DONE, TransitionStatus.CANCELLED}),
    TransitionStatus.DONE: frozenset(),
    TransitionStatus.CANCELLED: frozenset(),
}
UNFINISHED = (TransitionStatus.PLANNED, TransitionStatus.PROPOSED, TransitionStatus.CONSENTED)

# The sector of the school a child goes to after the transition (a change of school or a move
# keeps the receiving school's own sector).
SECTOR_AFTER: dict[str, str] = {
    TransitionKind.KDV_PO: SchoolSector.PO,
    TransitionKind.PO_VO: SchoolSector.VO,
    TransitionKind.VO_MBO: SchoolSector.MBO,
}

# The Dutch school year starts on 1 August.
SCHOOL_YEAR_START = (8, 1)
# A child starts primary school the day after turning 4; in the Netherlands the cohort of a
# school year runs from 1 October to 30 September, so a child born before 1 October goes to
# secondary school in the August of the year it turns 12.
PRIMARY_AGE = 4
SECONDARY_AGE = 12
COHORT_MONTH = 10
# vmbo, the route most pupils with an arrangement take to mbo, takes four years.
SECONDARY_YEARS = 4

# What the receiving school reads by default: school matters and the running youth care
# (the plan's perspective, its modules and their funding). Never health or safety by default.
HANDOVER_CATEGORIES = (DataCategory.EDUCATION.value, DataCategory.YOUTH_CARE.value)

# The OSO-shaped pupil file this app reads (docs/transitions.md).
OSO_FORMAT = "oso-overstapdossier"
SUMMARY_FORMAT = "arrangeer-overdracht/1"
# An upload larger than this is not a pupil file.
MAX_IMPORT_BYTES = 512 * 1024
