"""The regional outcomes of the demo history (monitor/demo.py), on the generated arrangements,
in bulk, so the monitor's *Regional outcomes* page shows real figures over the school years:
the TLVs are provided by the region's special school for the child's level (SO for primary,
VSO for secondary) and valid for one to three years; about one in eight children got a
vrijstelling van de leerplicht, recorded by a leerplichtambtenaar of the region (mostly on
physical or psychological grounds); each closed arrangement says where the child went; and
every arrangement closed a year ago or more has leerplicht's check of the school success a
year later, mostly in the kind of school the child went to (so the persona's list of checks
due holds only the persona cases of cases/demo.py).
A random generator of its own, so the rest of the history stays as it was."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from django.utils import timezone

from arrangeer.cases.constants import CaseStatus, Destination
from arrangeer.cases.models import Case
from arrangeer.organisations.constants import OrganisationType, Role, SchoolSector
from arrangeer.organisations.models import Membership, Organisation, Region
from arrangeer.plans.constants import DecisionStatus, Instrument
from arrangeer.plans.models import Module, Plan
from arrangeer.referrals.constants import EnrolmentOutcome, ExemptionGround
from arrangeer.referrals.models import EnrolmentCheck, Exemption

# How long a TLV is valid, in years (weights): the SWV mostly gives one or two years.
TLV_YEARS = [(1, 30), (2, 50), (3, 20)]
EXEMPTION_SHARE = 0.13
GROUNDS = [
    (ExemptionGround.PHYSICAL_MENTAL, 70),
    (ExemptionGround.OTHER_EDUCATION, 15),
    (ExemptionGround.ABROAD, 10),
    (ExemptionGround.DENOMINATION, 5),
]
DESTINATIONS = [
    (Destination.REGULAR, 58),
    (Destination.SBO, 6),
    (Destination.SPECIAL, 6),
    (Destination.MBO, 4),
    (Destination.WORK, 2),
    (Destination.AT_HOME, 5),
    (Destination.OTHER, 16),
]
# From an MBO: further education, work, or (rarely) nothing.
AFTER_MBO = [
    (Destination.MBO, 75),
    (Destination.WORK, 12),
    (Destination.AT_HOME, 5),
    (Destination.OTHER, 8),
]
# A year after closing, by where the child went then (weights).
_O = EnrolmentOutcome
IN_SCHOOL_AFTER: dict[str, list[tuple[object, int]]] = {
    "regular": [
        (_O.REGULAR_SAME, 68),
        (_O.REGULAR_OTHER, 16),
        (_O.SPECIAL_OTHER, 5),
        (_O.NOT_IN_SCHOOL, 4),
        (_O.UNKNOWN, 7),
    ],
    "special": [
        (_O.SPECIAL_SAME, 70),
        (_O.SPECIAL_OTHER, 8),
        (_O.REGULAR_OTHER, 8),
        (_O.NOT_IN_SCHOOL, 6),
        (_O.UNKNOWN, 8),
    ],
    "further": [
        (_O.REGULAR_SAME, 62),
        (_O.REGULAR_OTHER, 8),
        (_O.NOT_IN_SCHOOL, 20),
        (_O.UNKNOWN, 10),
    ],
    "none": [
        (_O.NOT_IN_SCHOOL, 55),
        (_O.SPECIAL_OTHER, 20),
        (_O.REGULAR_OTHER, 10),
        (_O.UNKNOWN, 15),
    ],
    "other": [
        (_O.REGULAR_OTHER, 50),
        (_O.SPECIAL_OTHER, 15),
        (_O.NOT_IN_SCHOOL, 10),
        (_O.UNKNOWN, 25),
    ],
}
AFTER_KIND = {
    Destination.REGULAR: "regular",
    Destination.SBO: "special",
    Destination.SPECIAL: "special",
    Destination.MBO: "further",
    Destination.WORK: "further",
    Destination.AT_HOME: "none",
    Destination.EXEMPT: "none",
}
CHECK_AFTER = dt.timedelta(days=365)
# The checks the persona leerplicht finds due in Mijn acties.
PERSONA_DUE = 2
# After a TLV most children went to the special school it admits to.
TLV_TO_SPECIAL = 0.7
PRIMARY = (SchoolSector.PO, SchoolSector.SBO, SchoolSector.SO)


def _pick(rng: random.Random, weighted: Sequence[tuple[object, int]]) -> object:
    return rng.choices([v for v, _w in weighted], [w for _v, w in weighted])[0]


def seed_outcomes(region: Region, cases: list[Case], modules: list[Module]) -> None:
    """TLVs, vrijstellingen and destinations on the generated arrangements `cases` (their
    child and school loaded) and their `modules`."""
    rng = random.Random(f"outcomes-{region.slug}")  # noqa: S311 - demo data, not secrets
    today = timezone.localdate()
    admitted = _tlvs(region, modules, rng)
    exempt = _exemptions(region, cases, rng, today)
    _destinations(cases, exempt, admitted, rng)
    seed_enrolment_checks(region)


def _tlvs(region: Region, modules: list[Module], rng: random.Random) -> set[int]:
    """Sets the TLVs' special school and validity; returns the plans with a TLV granted."""
    schools = Organisation.objects.filter(region=region, type=OrganisationType.SCHOOL)
    special = {
        sector: schools.filter(sector=sector).order_by("name").first()
        for sector in (SchoolSector.SO, SchoolSector.VSO)
    }
    school_of = dict(
        Plan.objects.filter(pk__in={m.plan_id for m in modules}).values_list(
            "pk", "case__child__school__sector"
        )
    )
    changed = []
    for module in modules:
        if module.instrument != Instrument.TLV or module.decision_status != DecisionStatus.GRANTED:
            continue
        level = SchoolSector.SO if school_of.get(module.plan_id) in PRIMARY else SchoolSector.VSO
        provider = special.get(level)
        if provider is not None:
            module.provider = provider
        assert module.decided_on is not None
        years = int(str(_pick(rng, TLV_YEARS)))
        module.decision_ends_on = module.decided_on + dt.timedelta(days=365 * years)
        changed.append(module)
    Module.objects.bulk_update(changed, ["provider", "decision_ends_on"], batch_size=500)
    return {module.plan_id for module in changed}


def _recorder(region: Region) -> Membership | None:
    """A leerplichtambtenaar of the region, a generated colleague where there is one."""
    officers = Membership.objects.active().filter(
        organisation__region=region, role=Role.LEERPLICHT_OFFICER
    )
    return (
        officers.exclude(user__username="leerplicht").order_by("pk").first()
        or officers.order_by("pk").first()
    )


def _exemptions(
    region: Region, cases: list[Case], rng: random.Random, today: dt.date
) -> dict[int, Exemption]:
    seat = _recorder(region)
    if seat is None:
        return {}
    made: dict[int, Exemption] = {}
    for case in cases:
        if rng.random() >= EXEMPTION_SHARE:
            continue
        starts = case.opened_at.date() + dt.timedelta(days=rng.randint(20, 120))
        if starts >= today:
            continue
        ground = str(_pick(rng, GROUNDS))
        # A vrijstelling on physical or psychological grounds is often given for a year.
        limited = ground == ExemptionGround.PHYSICAL_MENTAL and rng.random() < 0.5
        made[case.pk] = Exemption(
            case=case,
            ground=ground,
            starts_on=starts,
            ends_on=starts + dt.timedelta(days=365) if limited else None,
            by=seat.user,
            by_organisation=seat.organisation.name,
            recorded_at=timezone.make_aware(dt.datetime.combine(starts, dt.time(11))),
        )
    Exemption.objects.bulk_create(made.values(), batch_size=500)
    for case in cases:
        case.has_exemption = case.pk in made
    Case.objects.bulk_update(cases, ["has_exemption"], batch_size=500)
    return made


def _destinations(
    cases: list[Case], exempt: dict[int, Exemption], admitted: set[int], rng: random.Random
) -> None:
    """Where each closed arrangement's child went: exempt while a vrijstelling ran, mostly to
    special education after a TLV, otherwise mostly back to or on in regular education."""
    closed = [case for case in cases if case.closed_at is not None]
    with_tlv = set(Plan.objects.filter(pk__in=admitted).values_list("case_id", flat=True))
    mbo = set(Organisation.objects.filter(sector=SchoolSector.MBO).values_list("pk", flat=True))
    for case in closed:
        assert case.closed_at is not None
        exemption = exempt.get(case.pk)
        on = case.closed_at.date()
        if exemption is not None and (exemption.ends_on is None or exemption.ends_on > on):
            case.destination = Destination.EXEMPT
            continue
        if case.pk in with_tlv and rng.random() < TLV_TO_SPECIAL:
            case.destination = Destination.SPECIAL
            continue
        weights = AFTER_MBO if case.child.school_id in mbo else DESTINATIONS
        case.destination = str(_pick(rng, weights))
    Case.objects.bulk_update(closed, ["destination"], batch_size=500)


def seed_enrolment_checks(region: Region) -> int:
    """Leerplicht's check a year after closing, for every arrangement of the region closed a
    year ago or more that has none yet (the history's and the Startklas's: seed_demo calls
    this again after the groups), recorded by a leerplichtambtenaar of the child's
    municipality (of the region when the municipality has none) a few weeks after it fell
    due; the last two of the persona's municipality are left for the persona. Idempotent:
    a second run finds only those two without a check, and leaves them."""
    rng = random.Random(f"enrolment-{region.slug}")  # noqa: S311 - demo data, not secrets
    today = timezone.localdate()
    cases = list(
        Case.objects.filter(region=region, status=CaseStatus.CLOSED, enrolment_check__isnull=True)
        .select_related("child")
        .order_by("pk")
    )
    places = (
        Membership.objects.active()
        .filter(organisation__region=region, role=Role.LEERPLICHT_OFFICER)
        .select_related("organisation", "user")
        .order_by("pk")
    )
    officers = list(places.exclude(user__username="leerplicht")) or list(places)
    if not officers:
        return 0
    by_town: dict[str, Membership] = {}
    for officer in officers:
        by_town.setdefault(officer.organisation.municipality, officer)
    towns = _towns(region)
    left_open = _left_for_persona(region, cases, towns, today)
    made = []
    for case in cases:
        if case.closed_at is None or case.pk in left_open:
            continue
        due = timezone.localtime(case.closed_at).date() + CHECK_AFTER
        if due > today:
            continue
        seat = by_town.get(towns.get(case.child.school_id, ""), officers[0])
        recorded = min(due + dt.timedelta(days=rng.randint(0, 40)), today)
        kind = (
            AFTER_KIND.get(Destination(case.destination), "other") if case.destination else "other"
        )
        made.append(
            EnrolmentCheck(
                case=case,
                due_on=due,
                outcome=str(_pick(rng, IN_SCHOOL_AFTER[kind])),
                by=seat.user,
                by_organisation=seat.organisation.name,
                recorded_at=timezone.make_aware(dt.datetime.combine(recorded, dt.time(10))),
            )
        )
    EnrolmentCheck.objects.bulk_create(made, batch_size=500)
    return len(made)


def _towns(region: Region) -> dict[int | None, str]:
    """The municipality of each school of the region."""
    schools = Organisation.objects.filter(region=region, type=OrganisationType.SCHOOL)
    return dict(schools.values_list("pk", "municipality"))


def _left_for_persona(
    region: Region, cases: list[Case], towns: dict[int | None, str], today: dt.date
) -> set[int]:
    """The checks the persona `leerplicht` still has to record: the last `PERSONA_DUE`
    arrangements of their municipality whose check fell due (and is open: less than a year
    ago)."""
    place = (
        Membership.objects.active()
        .filter(
            organisation__region=region,
            user__username="leerplicht",
            role=Role.LEERPLICHT_OFFICER,
        )
        .select_related("organisation")
        .first()
    )
    if place is None or not place.organisation.municipality:
        return set()
    town = place.organisation.municipality
    due = [
        case
        for case in cases
        if case.closed_at is not None
        and towns.get(case.child.school_id) == town
        and today - CHECK_AFTER * 2
        < timezone.localtime(case.closed_at).date()
        <= today - CHECK_AFTER
    ]
    due.sort(key=lambda case: case.closed_at or timezone.now(), reverse=True)
    return {case.pk for case in due[:PERSONA_DUE]}
