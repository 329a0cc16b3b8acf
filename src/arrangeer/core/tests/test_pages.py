from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

import pytest

from arrangeer.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_page_forbids_caching(verified_client):
    client = verified_client(UserFactory())
    for url in [reverse("core:home"), reverse("accounts:login"), "/bestaat-niet/"]:
        assert client.get(url)["Cache-Control"] == "no-store"


def test_content_security_policy_has_no_unsafe_inline():
    response = Client().get(reverse("accounts:login"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy


def test_login_page_is_dutch_by_default_and_english_when_chosen():
    client = Client()
    page = client.get(reverse("accounts:login"))
    assert '<html lang="nl" dir="ltr">' in page.content.decode()
    assert "Inloggen" in page.content.decode()
    response = client.post(
        reverse("core:set_language"), {"language": "en", "next": "/account/inloggen/"}
    )
    assert response.status_code == 302
    english = client.get(reverse("accounts:login"))
    assert '<html lang="en" dir="ltr">' in english.content.decode()
    assert "Log in" in english.content.decode()


def test_an_unknown_language_gets_a_clear_message_and_changes_nothing():
    client = Client()
    response = client.post(
        reverse("core:set_language"),
        {"language": "xx", "next": reverse("accounts:login")},
        follow=True,
    )
    assert '<html lang="nl" dir="ltr">' in response.content.decode()
    assert "niet beschikbaar" in response.content.decode()


def test_the_chosen_language_is_kept_on_the_account(verified_client):
    user = UserFactory()
    client = verified_client(user)
    client.post(reverse("core:set_language"), {"language": "en"})
    user.refresh_from_db()
    assert user.language == "en"


def test_set_language_does_not_redirect_to_another_site():
    response = Client().post(
        reverse("core:set_language"), {"language": "nl", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_not_found_page_is_dutch_without_a_stack_trace():
    response = Client().get("/bestaat-niet/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Pagina niet gevonden" in body
    assert "Traceback" not in body


def test_anonymous_visitor_of_the_start_page_goes_to_login():
    response = Client().get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_page_has_skip_link_landmarks_and_labelled_language_field():
    body = Client().get(reverse("accounts:login")).content.decode()
    assert 'href="#inhoud"' in body
    assert '<main id="inhoud"' in body
    assert "<header" in body and "<footer" in body
    assert '<label for="taalkeuze"' in body


def test_health_answers_without_database():
    assert Client().get(reverse("core:health")).content == b"ok"


def test_a_browser_asking_for_english_still_gets_dutch_until_english_is_chosen():
    page = Client(HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").get(reverse("accounts:login"))
    assert '<html lang="nl" dir="ltr">' in page.content.decode()
    assert page["Content-Language"] == "nl"


def test_the_stylesheet_is_served():
    response = Client().get("/static/arrangeer/css/arrangeer.css")
    assert response.status_code == 200
    assert b"--arrangeer-color-primary" in b"".join(response.streaming_content)


# --- Each role sees only the links it can use -------------------------------------------------

NAV_LINK = re.compile(r'<a class="arrangeer-nav__link" href="([^"]+)"')
CARD_LINK = re.compile(r'<ul class="arrangeer-card__links">(.*?)</ul>', re.DOTALL)
HREF = re.compile(r'href="([^"]+)"')


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    from django.db import transaction

    from arrangeer.testing.world import build_world

    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


CASEWORK = ["coordinator", "teacher", "youth_worker", "leerplicht", "teacher_other_school"]
NO_CASEWORK = ["policy_officer", "functional_admin", "superuser", "parent", "child_13"]


@pytest.mark.parametrize("persona", CASEWORK + NO_CASEWORK)
def test_every_link_in_the_menu_and_on_the_start_page_works_for_who_sees_it(world, persona):
    from arrangeer.testing.auth import login_verified

    client = login_verified(Client(), world.users[persona])
    home = client.get(reverse("core:home")).content.decode()
    menu = NAV_LINK.findall(home)
    cards = [href for block in CARD_LINK.findall(home) for href in HREF.findall(block)]
    list_page = client.get(reverse("cases:list"))
    emergency = reverse("cases:emergency")
    for href in menu + cards:
        response = client.get(href, follow=True)
        assert response.status_code == 200, f"{persona}: {href}"
    casework = persona in CASEWORK
    assert (reverse("cases:list") in menu) == casework
    assert (reverse("actions:my_actions") in menu) == casework
    assert (emergency in cards) == casework
    if list_page.status_code == 200:
        assert (f'href="{emergency}"' in list_page.content.decode()) == casework
    assert (reverse("admin:index") in menu) == (persona in ("functional_admin", "superuser"))
