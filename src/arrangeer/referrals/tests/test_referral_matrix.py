"""The authorization matrix of the aanmelding's own pages (/aanmeldingen/…), which carry an
aanmelding rather than a case: every URL, every persona of the shared world. The world's
aanmelding was sent by the teacher of the other school to the world's school and accepted into
the world's case. Expected: the page, or 404 that does not name the child. A gate fails when a
URL of the app is missing here. The case's own pages of this app (intake, Meldcode) are in
cases/tests/test_matrix.py.

The expectations are written out by hand from the brief, not derived from the code."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlencode

from django.db import transaction
from django.test import Client
from django.urls import get_resolver, reverse

import pytest

from arrangeer.cases.tests.test_matrix import PERSONAS, accepted_methods
from arrangeer.testing.auth import login_verified
from arrangeer.testing.referrals import matrix_referral
from arrangeer.testing.world import World, build_world

RECEIVER = {"coordinator"}
# Who receives aanmeldingen at their organisation and so has an incoming list: the school's
# coordinator, and the SWV's education specialist (who did not receive this one: 404 on it).
RECEIVES_AT_ORGANISATION = {"coordinator", "swv_specialist"}
REFERRER = {"teacher_other_school"}
# Everyone with a casework role at an organisation that may refer (all of the world's).
CASEWORK = {
    "coordinator",
    "teacher",
    "school_colleague",
    "teacher_other_school",
    "youth_worker",
    "youth_worker_off_team",
    "swv_specialist",
    "leerplicht",
    "care_worker_withdrawn",
    "care_worker_proposed",
    "emergency_worker",
}

# (URL name, method): who gets the page; who is sent elsewhere (302 to their own list).
MATRIX: dict[tuple[str, str], tuple[set[str], set[str]]] = {
    ("referrals:incoming", "GET"): (
        RECEIVES_AT_ORGANISATION,
        CASEWORK - RECEIVES_AT_ORGANISATION,
    ),
    ("referrals:sent", "GET"): (CASEWORK, set()),
    ("referrals:new", "GET"): (CASEWORK, set()),
    ("referrals:new", "POST"): (CASEWORK, set()),
    # The receiving school's coordinator reads the whole aanmelding and decides.
    ("referrals:detail", "GET"): (RECEIVER, set()),
    ("referrals:accept", "POST"): (RECEIVER, set()),
    ("referrals:ask", "POST"): (RECEIVER, set()),
    ("referrals:decline", "POST"): (RECEIVER, set()),
    # The referrer reads the status only, and answers a question.
    ("referrals:status", "GET"): (REFERRER, set()),
    ("referrals:answer", "POST"): (REFERRER, set()),
}
WITH_REFERRAL = {
    "referrals:detail",
    "referrals:accept",
    "referrals:ask",
    "referrals:decline",
    "referrals:status",
    "referrals:answer",
}


def _referral_urls() -> dict[str, object]:
    found = {}
    for entry in get_resolver().url_patterns:
        if getattr(entry, "namespace", None) == "referrals":
            for pattern in entry.url_patterns:
                found[f"referrals:{pattern.name}"] = pattern.callback
    return found


def test_every_url_and_method_of_the_aanmelding_is_in_the_matrix():
    urls = _referral_urls()
    assert urls, "no URLs found: the gate would pass vacuously"
    declared: dict[str, set[str]] = {}
    for name, method in MATRIX:
        declared.setdefault(name, set()).add(method)
    accepted = {name: accepted_methods(callback) for name, callback in urls.items()}
    assert accepted == declared


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[World]:
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_world(with_plan=True)
        built.referral = matrix_referral(built)
        yield built
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def clients(world, django_db_blocker) -> dict[str, Client]:
    with django_db_blocker.unblock():
        made = {
            name: login_verified(Client(), world.users[name])
            for name in PERSONAS
            if name != "anonymous"
        }
    made["anonymous"] = Client()
    return made


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "method"), sorted(MATRIX))
def test_matrix(world, clients, url_name, method):
    kwargs = {"referral_id": world.referral.uuid} if url_name in WITH_REFERRAL else {}
    url = reverse(url_name, kwargs=kwargs)
    allowed, redirected = MATRIX[(url_name, method)]
    wrong = []
    for persona in PERSONAS:
        with transaction.atomic():
            client = clients[persona]
            if method == "GET":
                response = client.get(url)
            else:
                response = client.post(
                    url, urlencode({}), content_type="application/x-www-form-urlencoded"
                )
            transaction.set_rollback(True)
        status = response.status_code
        if persona == "anonymous":
            ok = status == 302 and response["Location"].startswith(reverse("accounts:login"))
        elif persona in allowed:
            ok = status in (200, 302) and not (
                status == 302 and response["Location"].startswith(reverse("accounts:login"))
            )
        elif persona in redirected:
            ok = status == 302 and response["Location"] == reverse("referrals:sent")
        else:
            ok = status == 404 and world.referral.last_name.encode() not in response.content
        if not ok:
            wrong.append(f"{persona}: {status}")
    assert not wrong, f"{method} {url_name}: " + "; ".join(wrong)
