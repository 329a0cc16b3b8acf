"""The family reads the portal in Arabic, Turkish, Polish or Ukrainian: every page they reach,
the login and the mails, with no English left on the way, and Arabic from right to left.

The check is independent of the list of family files in the translations command: it renders
the pages and looks for any English message of the product (from the Dutch catalogue's
msgids) in what the person reads. A string that a family page shows but that the command does
not count as the family's shows up here."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from functools import cache

from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

import pytest
from babel.messages.pofile import read_po

from arrangeer.cases.access import Actor, access_case
from arrangeer.cases.constants import NoticeKind
from arrangeer.cases.models import FamilyNotice
from arrangeer.cases.notices import compose
from arrangeer.meetings import services as meeting_services
from arrangeer.testing.auth import login_verified
from arrangeer.testing.meetings import plan_mdo

pytestmark = pytest.mark.django_db

LANGUAGES = settings.FAMILY_LANGUAGES


@pytest.fixture(autouse=True)
def _in_english(settings) -> Iterator[None]:
    """Overrides the portal tests' English: the language is the cookie's. A string missing from
    a family catalogue falls back to the default language's; with English as the default here
    (and the catalogues loaded afresh) every missing string shows as English, which the checks
    below recognise, whatever ran before."""
    from django.utils.translation import trans_real

    settings.LANGUAGE_CODE = "en"
    trans_real._translations = {}
    trans_real._default = None
    yield
    trans_real._translations = {}
    trans_real._default = None


@cache
def _english_messages() -> list[str]:
    """Every English message of the product long enough to be recognised in a page: the
    literal parts of a message with placeholders are checked one by one."""
    path = settings.LOCALE_PATHS[0] / "nl" / "LC_MESSAGES" / "django.po"
    with open(path, "rb") as handle:
        catalog = read_po(handle)
    parts: set[str] = set()
    for message in catalog:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        for msgid in ids:
            if not msgid:
                continue
            for part in re.split(r"%\(\w+\)[sd]|%[sd]|\{[^}]*\}", msgid):
                part = " ".join(part.split())
                if len(part) >= 10 and len(part.split()) >= 2:
                    parts.add(part)
    return sorted(parts)


def _read_text(page: str) -> str:
    page = re.sub(r"<(script|style|code)\b.*?</\1>", " ", page, flags=re.S)
    spoken = re.findall(r'(?:aria-label|title|alt|placeholder|value)="([^"]*)"', page)
    text = re.sub(r"<[^>]+>", " ", page) + " \n " + " \n ".join(spoken)
    return " ".join(html.unescape(text).split())


def _english_in(text: str) -> list[str]:
    return [part for part in _english_messages() if part in text]


def _in(language: str, client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.fixture
def meeting(world):
    planned = plan_mdo(world.case, regisseur=world.coordinator, approve=False)
    access = access_case(Actor(world.coordinator), world.case.uuid)
    meeting_services.propose_invitee(access, planned, member=world.members["teacher"])
    return planned


def _family_pages(world, meeting, persona: str) -> list[str]:
    case = {"case_id": world.case.uuid}
    both = {**case, "meeting_id": meeting.uuid}
    names = ["home", "consents", "agreement", "questionnaire"]
    names += ["child_view"] if persona.startswith("child") else ["our_view", "who_looked"]
    urls = [reverse(f"portal:{name}", kwargs=case) for name in names]
    urls += [reverse("portal:account")]
    # The family's report to the quality contact point (issue 20).
    urls += [reverse(f"quality_family:{name}", kwargs=case) for name in ("list", "new")]
    urls += [
        reverse("portal:invitees", kwargs=both),
        reverse("portal:meeting_preparation", kwargs=both),
    ]
    return urls


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_family_page_reads_in_the_familys_language(world, meeting, language):
    found: dict[str, list[str]] = {}
    for persona in ("parent", "child_13"):
        client = _in(language, login_verified(Client(), world.users[persona]))
        for url in _family_pages(world, meeting, persona):
            response = client.get(url)
            assert response.status_code == 200, (persona, url, response.status_code)
            page = response.content.decode()
            assert f'<html lang="{language}" dir="{"rtl" if language == "ar" else "ltr"}">' in page
            english = _english_in(_read_text(page))
            if english:
                found[f"{persona} {url}"] = english
    assert not found, found


@pytest.mark.parametrize("language", LANGUAGES)
def test_logging_in_reads_in_the_familys_language(world, language):
    client = _in(language, Client())
    pages = [client.get(reverse("accounts:login")).content.decode()]
    pages.append(
        client.post(reverse("accounts:login"), {"username": "x", "password": "y"}).content.decode()
    )
    found = [part for page in pages for part in _english_in(_read_text(page))]
    assert not found, found


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_mail_to_the_family_is_in_their_language(world, language):
    parent = world.users["parent"]
    parent.language = language
    parent.save(update_fields=["language"])
    notice = FamilyNotice(case=world.case, kind=NoticeKind.AGREEMENT, key="t")
    with translation.override(language):
        subject, body = compose(parent, [notice])
    assert not _english_in(subject + "\n" + body), (subject, body)


def test_a_professional_is_offered_dutch_and_english_only(world):
    client = login_verified(Client(), world.coordinator)
    page = client.get(reverse("cases:list")).content.decode()
    offered = re.findall(r'<option value="(\w+)"[^>]*lang=', page)
    assert offered == ["nl", "en"]
    refused = client.post(reverse("core:set_language"), {"language": "tr", "next": "/"})
    assert settings.LANGUAGE_COOKIE_NAME not in refused.cookies
    family = login_verified(Client(), world.users["parent"])
    home = family.get(reverse("portal:index"), follow=True).content.decode()
    assert re.findall(r'<option value="(\w+)"[^>]*lang=', home) == [
        "nl",
        "en",
        "ar",
        "tr",
        "pl",
        "uk",
    ]
    chosen = family.post(reverse("core:set_language"), {"language": "uk", "next": "/gezin/"})
    assert chosen.cookies[settings.LANGUAGE_COOKIE_NAME].value == "uk"
