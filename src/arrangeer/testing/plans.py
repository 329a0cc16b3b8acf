"""Plan data for tests, written through the real services: valid field sets for every kind
of item, and a whole plan on the persona case of build_world()."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from arrangeer.accounts.models import User
from arrangeer.cases.access import Actor, CaseAccess, access_case
from arrangeer.cases.models import Case
from arrangeer.children.models import LegalRepresentative
from arrangeer.organisations.models import Organisation
from arrangeer.plans import services
from arrangeer.plans.models import (
    Attachment,
    DomainEntry,
    Evaluation,
    Goal,
    Module,
    NetworkPerson,
    Plan,
    SupportNeed,
)


def image_bytes(kind: str = "PNG") -> bytes:
    """A real, tiny image (PNG or JPEG) that passes the content check."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), (31, 78, 140)).save(buffer, format=kind)
    return buffer.getvalue()


def access_for(user: User, case: Case) -> CaseAccess:
    return access_case(Actor(user), case.uuid)


def goal_fields(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "side": "onderwijs",
        "domain": "leren",
        "what": "Sem leest zelfstandig een tekst op AVI-niveau E5",
        "indicator": "AVI-toets en observatie in de klas",
        "baseline": "AVI M4",
        "target": "AVI E5",
        "deadline": timezone.localdate() + dt.timedelta(days=120),
        "owner": "Sem, met de leerkracht",
        "scale": "getal",
        "scale_min": Decimal(0),
        "scale_max": Decimal(10),
        "category": "onderwijs",
    }
    fields.update(overrides)
    return fields


def module_fields(goals: list[Goal], provider: Organisation, **overrides: Any) -> dict[str, Any]:
    today = timezone.localdate()
    fields: dict[str, Any] = {
        "title": "Leesbegeleiding in de klas",
        "side": "onderwijs",
        "provider": provider,
        "function": "versterken",
        "place": "school",
        "intensity": Decimal(2),
        "intensity_unit": "uren",
        "start_date": today - dt.timedelta(days=28),
        "end_date": today + dt.timedelta(days=150),
        "funding_framework": "wpo_school",
        "instrument": "geen",
        "decision_status": "nvt",
        "method_description": "Herhaald lezen met feedback, drie keer per week",
        "method_rationale": "Herhaald lezen verbetert de leesvloeiendheid",
        "goals": goals,
        "category": "onderwijs",
    }
    fields.update(overrides)
    return fields


@dataclass
class PlanWorld:
    plan: Plan
    domain_education: DomainEntry
    domain_care: DomainEntry
    person: NetworkPerson
    needs: list[SupportNeed]
    education_goal: Goal
    care_goal: Goal
    education_module: Module
    care_module: Module
    attachment: Attachment
    evaluation: Evaluation


def build_plan(
    case: Case,
    *,
    regisseur: User,
    youth_worker: User,
    school: Organisation,
    provider: Organisation,
    parent: LegalRepresentative,
) -> PlanWorld:
    """A plan with items of two categories (onderwijs by the school, jeugdhulp/gezin by the
    youth team), adopted as version 1, evaluated, and now being adjusted (a draft again)."""
    regie = access_for(regisseur, case)
    youth = access_for(youth_worker, case)
    today = timezone.localdate()
    domain_education, domain_care, person, needs = _picture(regie, youth)
    education_goal, care_goal = _goals(regie, youth)
    education_module, care_module = _modules(
        regie, youth, education_goal, care_goal, school=school, provider=provider, today=today
    )
    _progress(regie, youth, education_goal, care_goal, education_module, today=today)
    attachment = services.add_attachment(
        regie,
        upload=SimpleUploadedFile("leesrapport.png", image_bytes(), content_type="image/png"),
        description="Leesrapport",
        category="onderwijs",
    )
    _agree_and_adopt(regie, parent, today=today)
    evaluation = services.record_evaluation(
        regie,
        held_on=today,
        decision="bijstellen",
        next_evaluation_on=today + dt.timedelta(days=90),
        summary="Leesdoel bijstellen",
        category="onderwijs",
        ratings={education_goal: ("deels", "")},
    )
    education_goal, care_goal = _adjust(regie, youth, education_goal, care_goal)
    return PlanWorld(
        plan=Plan.objects.get(case=case),
        domain_education=domain_education,
        domain_care=domain_care,
        person=person,
        needs=needs,
        education_goal=education_goal,
        care_goal=care_goal,
        education_module=education_module,
        care_module=care_module,
        attachment=attachment,
        evaluation=evaluation,
    )


def _picture(
    regie: CaseAccess, youth: CaseAccess
) -> tuple[DomainEntry, DomainEntry, NetworkPerson, list[SupportNeed]]:
    """The child in view: a domain of each side, a person of the network, three needs."""
    domain_education = services.add_item(
        regie,
        kind="domain",
        fields={
            "domain": "leren",
            "going_well": "Rekenen gaat goed",
            "needs_attention": "Technisch lezen blijft achter",
            "support_level": 3,
            "category": "onderwijs",
        },
    )
    domain_care = services.add_item(
        youth,
        kind="domain",
        fields={
            "domain": "thuis_gezin",
            "needs_attention": "Jeugdzorggeheim: spanningen thuis na de verhuizing",
            "category": "jeugdhulp",
        },
    )
    person = services.add_item(
        youth,
        kind="network",
        fields={
            "name": "Oma Truus",
            "relation": "grootouder",
            "involvement": "dichtbij",
            "support": "steun",
            "contact": "wekelijks",
            "category": "gezin",
        },
    )
    needs = [
        services.add_item(
            regie,
            kind="need",
            fields={"of_whom": "kind", "text": "Extra leestijd", "category": "onderwijs"},
        ),
        services.add_item(
            regie,
            kind="need",
            fields={"of_whom": "school", "text": "Advies van het SWV", "category": "onderwijs"},
        ),
        services.add_item(
            youth,
            kind="need",
            fields={"of_whom": "ouders", "text": "Opvoedondersteuning", "category": "gezin"},
        ),
    ]
    assert isinstance(domain_education, DomainEntry) and isinstance(domain_care, DomainEntry)
    assert isinstance(person, NetworkPerson)
    assert all(isinstance(need, SupportNeed) for need in needs)
    return domain_education, domain_care, person, cast(list[SupportNeed], needs)


def _goals(regie: CaseAccess, youth: CaseAccess) -> tuple[Goal, Goal]:
    """An education goal (the school) and a care goal (the youth team)."""
    education_goal = services.add_item(regie, kind="goal", fields=goal_fields())
    care_goal = services.add_item(
        youth,
        kind="goal",
        fields=goal_fields(
            side="zorg",
            domain="thuis_gezin",
            what="Jeugdzorgdoel: rust in huis rond bedtijd",
            indicator="Logboek van de ouders",
            baseline="Vier avonden per week ruzie",
            target="Hooguit één avond per week",
            owner="Ouders, met de gezinscoach",
            scale="behaald",
            scale_min=None,
            scale_max=None,
            category="jeugdhulp",
        ),
    )
    assert isinstance(education_goal, Goal) and isinstance(care_goal, Goal)
    return education_goal, care_goal


def _modules(
    regie: CaseAccess,
    youth: CaseAccess,
    education_goal: Goal,
    care_goal: Goal,
    *,
    school: Organisation,
    provider: Organisation,
    today: dt.date,
) -> tuple[Module, Module]:
    """A module for each goal: reading support at school, and family support at home under
    the Jeugdwet (granted)."""
    education_module = services.add_item(
        regie, kind="module", fields=module_fields([education_goal], school)
    )
    care_module = services.add_item(
        youth,
        kind="module",
        fields=module_fields(
            [care_goal],
            provider,
            title="Jeugdzorgmodule gezinsbegeleiding",
            side="zorg",
            place="thuis",
            funding_framework="jeugdwet_zin",
            instrument="ijw_toewijzing",
            decision_status="toegekend",
            requested_on=today - dt.timedelta(days=40),
            decided_on=today - dt.timedelta(days=30),
            toewijzing_number="123456",
            product_code="45A12",
            reference_number="JW-2026-001",
            category="jeugdhulp",
        ),
    )
    assert isinstance(education_module, Module) and isinstance(care_module, Module)
    return education_module, care_module


def _progress(
    regie: CaseAccess,
    youth: CaseAccess,
    education_goal: Goal,
    care_goal: Goal,
    education_module: Module,
    *,
    today: dt.date,
) -> None:
    """A measurement of each goal last week, and the reading support given once and missed
    once."""
    services.record_measurement(
        regie,
        education_goal,
        measured_on=today - dt.timedelta(days=7),
        value=Decimal(4),
        achievement="",
    )
    services.record_measurement(
        youth, care_goal, measured_on=today - dt.timedelta(days=7), value=None, achievement="deels"
    )
    services.record_delivery(
        regie,
        education_module,
        on_date=today - dt.timedelta(days=6),
        delivered=True,
        amount=Decimal(2),
    )
    services.record_delivery(
        regie,
        education_module,
        on_date=today - dt.timedelta(days=5),
        delivered=False,
        amount=Decimal(1),
        miss_reason="kind_afwezig",
    )


def _agree_and_adopt(regie: CaseAccess, parent: LegalRepresentative, *, today: dt.date) -> None:
    """Sent to the parents, the parent with gezag agrees, adopted with the child's view."""
    version = services.send_for_agreement(regie)
    services.record_parent_agreement(
        regie,
        content_hash=version.content_hash,
        representative=parent,
        decision="instemming",
        given_on=today,
        evidence="papier",
    )
    services.adopt_plan(
        regie,
        content_hash=version.content_hash,
        child_heard="in_overleg",
        child_view="Sem wil graag beter leren lezen.",
        child_view_category="onderwijs",
    )


def _adjust(
    regie: CaseAccess, youth: CaseAccess, education_goal: Goal, care_goal: Goal
) -> tuple[Goal, Goal]:
    """The adjustment: both goals get a new target in the draft."""
    changed_education = services.change_item(
        regie,
        education_goal,
        expected_version=education_goal.lock_version,
        fields={"target": "AVI E6"},
    )
    changed_care = services.change_item(
        youth,
        care_goal,
        expected_version=care_goal.lock_version,
        fields={"target": "Geen ruzie rond bedtijd"},
    )
    assert isinstance(changed_education, Goal) and isinstance(changed_care, Goal)
    return changed_education, changed_care


@dataclass
class PlanWork:
    """The plan work each step of a route asks for, done through the services by the regisseur
    — so a test walking a route satisfies the plan's guards the way a team would."""

    regisseur: User
    case: Case
    provider: Organisation

    def access(self) -> CaseAccess:
        return access_for(self.regisseur, self.case)

    def record_needs(self) -> None:
        access = self.access()
        for of_whom in ("kind", "ouders", "school"):
            services.add_item(
                access,
                kind="need",
                fields={
                    "of_whom": of_whom,
                    "text": f"Ondersteuning ({of_whom})",
                    "category": "onderwijs",
                },
            )

    def set_goal(self) -> Goal:
        goal = services.add_item(self.access(), kind="goal", fields=goal_fields())
        assert isinstance(goal, Goal)
        return goal

    def arrange_and_adopt(self) -> None:
        """A module for every goal without one, then send, the parents' instemming, adopt."""
        access = self.access()
        plan = Plan.objects.get(case=self.case)
        unserved = list(
            Goal.objects.filter(plan=plan, removed_at__isnull=True, modules__isnull=True)
        )
        if unserved:
            services.add_item(access, kind="module", fields=module_fields(unserved, self.provider))
        self.agree_and_adopt()

    def agree_and_adopt(self) -> None:
        from arrangeer.plans.demo import agree_and_adopt

        agree_and_adopt(self.access(), self.case, "Het kind vindt het een goed plan.")

    def evaluate(self, decision: str) -> Evaluation:
        """decision: "voortzetten", "bijstellen" or "afsluiten"."""
        today = timezone.localdate()
        return services.record_evaluation(
            self.access(),
            held_on=today,
            decision=decision,
            next_evaluation_on=today + dt.timedelta(days=56),
            summary="Besproken in het evaluatie-MDO",
            category="onderwijs",
            ratings={},
        )

    def adjust(self) -> None:
        """After an evaluation that decided to adjust: change the plan and adopt it again."""
        self.set_goal()
        self.arrange_and_adopt()
