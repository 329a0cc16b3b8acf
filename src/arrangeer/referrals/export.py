"""The aanmelding's part of the whole-file export (cases.export's registry; imported from
ReferralsConfig.ready()): the aanmelding the case was opened from, its trail and the intake,
for who reads the case's education data (the regisseur, the family). The Meldcode's steps and
Verwijsindex signals are not in the download (cases/tests/test_export.py says why)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from arrangeer.cases.access import CaseAccess
from arrangeer.cases.export import Part, record, register_part
from arrangeer.vocabulary import DataCategory

from .constants import EXEMPTION_CATEGORY
from .exemptions import exemptions_of
from .models import EnrolmentCheck, Exemption, Intake, Referral

FIELDS = [
    "referrer_organisation_name",
    "reason",
    "tried",
    "consent_how",
    "consent_on",
    "consent_given_by",
    "status",
    "submitted_at",
    "started_on",
    "ended_on",
    "outcome",
]


@register_part("referrals", order=76)
def referral_parts(access: CaseAccess) -> list[Part]:
    if not access.allows(DataCategory.EDUCATION):
        return []
    referrals = list(
        Referral.objects.filter(case=access.case).prefetch_related("events").order_by("pk")
    )
    if not referrals:
        return []
    intakes = {i.referral_id: i for i in Intake.objects.filter(referral__in=referrals)}
    records = []
    for referral in referrals:
        parts = [
            Part(
                "events",
                _("What happened"),
                [
                    record(event, ["kind", "at", "by_organisation", "text"], title=str(event))
                    for event in sorted(referral.events.all(), key=lambda e: (e.at, e.pk))
                ],
            )
        ]
        intake = intakes.get(referral.pk)
        if intake is not None:
            parts.append(
                Part(
                    "intake",
                    _("Intake"),
                    [record(intake, ["school_information", "information_from", "received_on"])],
                )
            )
        records.append(record(referral, FIELDS, title=str(referral), parts=parts))
    return [Part("referrals", _("Aanmelding"), records)]


@register_part("exemptions", order=79)
def exemption_parts(access: CaseAccess) -> list[Part]:
    """The vrijstellingen van de leerplicht recorded on the case, for who reads its education
    data (referrals.exemptions)."""
    found = exemptions_of(access)
    if not found:
        return []
    names = ["ground", "starts_on", "ends_on", "note", "by_organisation", "recorded_at"]
    title = str(Exemption._meta.verbose_name_plural)
    return [
        Part(
            "exemptions",
            title[:1].upper() + title[1:],
            [record(e, names, title=e.get_ground_display()) for e in found],
        )
    ]


@register_part("enrolment_check", order=80)
def enrolment_check_parts(access: CaseAccess) -> list[Part]:
    """Leerplicht's check of the school success a year after closing, for who reads the
    case's education data (referrals.enrolment)."""
    if not access.allows(EXEMPTION_CATEGORY):
        return []
    check = EnrolmentCheck.objects.filter(case=access.case).first()
    if check is None:
        return []
    names = ["due_on", "outcome", "note", "by_organisation", "recorded_at"]
    title = str(EnrolmentCheck._meta.verbose_name)
    return [Part("enrolment_check", title[:1].upper() + title[1:], [record(check, names)])]
