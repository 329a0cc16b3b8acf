"""Numbers in the plan as people read them (issue 12, item 20): "2,5 uur per week" in Dutch,
"2.5 hours per week" in English, never "2.00" — on the plan, a version, the comparison and the
PDF."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.test import Client
from django.urls import reverse

import pytest

from arrangeer.cases.access import Actor, access_case
from arrangeer.plans import services
from arrangeer.testing.auth import login_verified
from arrangeer.testing.pdf import pdf_text
from arrangeer.testing.world import build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_world(with_plan=True)
        module = built.plan.education_module
        services.change_item(
            access_case(Actor(built.coordinator), built.case.uuid),
            module,
            expected_version=module.lock_version,
            fields={"intensity": Decimal("2.5")},
        )
        yield built
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "hours", "wrong"),
    [
        ("nl", "2,5 uur per week", ("2.5", "2.00", "2,50")),
        ("en", "2.5 hours per week", ("2,5", "2.00", "2.50")),
    ],
)
def test_the_hours_of_a_module_read_as_people_write_them(world, language, hours, wrong):
    from django.conf import settings

    client = login_verified(Client(), world.coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    case = {"case_id": world.case.uuid}
    plan = client.get(reverse("plans:plan", kwargs=case)).content.decode()
    assert hours in plan
    version = client.get(reverse("plans:version", kwargs={**case, "number": 1})).content.decode()
    compare = client.get(reverse("plans:compare", kwargs=case), {"van": 1, "met": "concept"})
    changed = compare.content.decode()
    pdf = pdf_text(client.get(reverse("plans:pdf", kwargs=case)).content)
    for page in (version, changed):
        assert not any(f">{bad}<" in page or f"{bad} " in page for bad in wrong), page
    assert ">2<" in version or "2 " in version
    assert (">2,5<" if language == "nl" else ">2.5<") in changed.replace(" ", "")
    # The groeidocument is a Dutch document whatever the screen's language.
    assert "2,5" in pdf
    assert "2.00" not in pdf and "2,00" not in pdf and "2.5" not in pdf
