"""Every portal page speaks to its reader: the young person (12 and 17) as "je", a parent
(with or without gezag) as "u". The pages are walked in Dutch, as the family reads them."""

from __future__ import annotations

import html
import re

from django.core import mail
from django.test import Client
from django.urls import reverse

import pytest

from arrangeer.cases.access import Actor, access_case
from arrangeer.meetings import services as meeting_services
from arrangeer.plans import services as plan_services
from arrangeer.testing.meetings import plan_mdo
from arrangeer.testing.world import years_ago

pytestmark = pytest.mark.django_db

# Words and phrases that address a parent: none of them may reach the young person.
TO_A_PARENT = ("u", "uw", "uzelf", "uw kind", "dank u", "heeft u", "kunt u", "bent u", "wilt u")
# Words that address the young person: a parent is spoken to as "u".
TO_THE_YOUNG = ("je", "jij", "jou", "jouw", "jezelf", "dank je")


@pytest.fixture(autouse=True)
def _in_english() -> None:
    """Overrides the portal's English: these tests read the Dutch the family reads."""


@pytest.fixture
def meeting(world, family):
    """A planned MDO with a proposed teacher, and the parents' own view in the plan."""
    plan_services.add_parents_view(
        family("parent"),
        domain="leren",
        going_well="Lezen gaat beter.",
        needs_attention="",
        what_is_needed="",
    )
    planned = plan_mdo(world.case, regisseur=world.coordinator, approve=False)
    access = access_case(Actor(world.coordinator), world.case.uuid)
    meeting_services.propose_invitee(access, planned, member=world.members["teacher"])
    return planned


def _visible_words(page: str) -> str:
    """The text a person reads or hears: the page without markup, with the labels a screen
    reader reads out (aria-label, title, alt, placeholder)."""
    # Scripts, styles and code (the second step's random key) are no language.
    page = re.sub(r"<(script|style|code)\b.*?</\1>", " ", page, flags=re.S)
    # Nor is a link in a mail (its random token can hold a lone "u").
    page = re.sub(r"https?://\S+", " ", page)
    spoken = re.findall(r'(?:aria-label|title|alt|placeholder)="([^"]*)"', page)
    text = re.sub(r"<[^>]+>", " ", page) + " " + " ".join(spoken)
    return " " + " ".join(re.findall(r"[a-zà-ÿ]+", html.unescape(text).lower())) + " "


def _said(words: str, phrases: tuple[str, ...]) -> list[str]:
    return [phrase for phrase in phrases if f" {phrase} " in words]


def _pages(world, meeting, persona: str) -> dict[str, str]:
    case = {"case_id": world.case.uuid}
    both = {**case, "meeting_id": meeting.uuid}
    names = ["home", "consents", "agreement", "questionnaire"]
    names += ["child_view"] if persona.startswith("child") else ["our_view"]
    if persona in ("parent", "child_17"):
        names.append("who_looked")
    urls = {name: reverse(f"portal:{name}", kwargs=case) for name in names}
    urls["invitees"] = reverse("portal:invitees", kwargs=both)
    urls["meeting_preparation"] = reverse("portal:meeting_preparation", kwargs=both)
    return urls


def _walk(world, meeting, client, persona: str) -> dict[str, str]:
    pages = {}
    for name, url in _pages(world, meeting, persona).items():
        response = client.get(url)
        assert response.status_code == 200, (persona, name, response.status_code)
        pages[name] = _visible_words(response.content.decode())
    return pages


def _young(world, client_for, age: int):
    world.child.date_of_birth = years_ago(age)
    world.child.save(update_fields=["date_of_birth"])
    return client_for("child_13")


@pytest.mark.parametrize("age", [12, 17])
def test_the_young_person_is_spoken_to_as_je_on_every_page(world, meeting, client_for, age):
    client = _young(world, client_for, age)
    pages = _walk(world, meeting, client, "child_17" if age == 17 else "child_12")
    wrong = {name: _said(words, TO_A_PARENT) for name, words in pages.items()}
    assert not any(wrong.values()), wrong
    assert " je vaste contactpersoon " in pages["home"]
    assert " geschreven door je ouders " in pages["home"]
    assert " de mensen die je helpen " in pages["consents"]
    if age == 12:
        assert " jij en je ouders beslissen samen " in pages["consents"]
    else:
        assert " hier zie je wie dat was " in pages["who_looked"]
    assert " hier zie je wie er gevraagd is " in pages["invitees"]
    assert " werd er naar je geluisterd " in pages["questionnaire"]


@pytest.mark.parametrize("persona", ["parent", "parent_without_authority"])
def test_a_parent_is_spoken_to_as_u_on_every_page(world, meeting, client_for, persona):
    pages = _walk(world, meeting, client_for(persona), persona)
    wrong = {name: _said(words, TO_THE_YOUNG) for name, words in pages.items()}
    assert not any(wrong.values()), wrong
    assert " uw vaste contactpersoon " in pages["home"]
    assert " geschreven door u de ouders " in pages["home"]
    assert " werd er naar u geluisterd " in pages["questionnaire"]
    if persona == "parent":
        assert " als u dat goed vindt " in pages["consents"]
        assert " uw kind is of ouder " in pages["consents"]  # "12" is not a word here
        assert " als u dat goed vindt " in pages["invitees"]
    else:
        assert " u ziet wie er gevraagd is " in pages["invitees"]


def test_the_messages_after_sending_speak_to_the_reader(world, client_for):
    url = reverse("portal:questionnaire", kwargs={"case_id": world.case.uuid})
    answer = {"usefulness": "4", "heard": "5", "overall": "8"}
    young = _young(world, client_for, 13).post(url, answer, follow=True)
    assert "Dank je voor je antwoorden." in young.content.decode()
    parent = client_for("parent").post(url, answer, follow=True)
    assert "Dank u voor uw antwoorden." in parent.content.decode()


def test_the_young_persons_invitation_speaks_about_their_own_plan(
    world, verified_client, django_capture_on_commit_callbacks
):
    from arrangeer.portal.models import Invitation

    url = reverse("portal:invite", kwargs={"case_id": world.case.uuid})
    Invitation.objects.filter(case=world.case).delete()
    with django_capture_on_commit_callbacks(execute=True):
        response = verified_client(world.coordinator).post(
            url, {"invitee": "child", "email": "sem@example.org"}
        )
    assert response.status_code == 302
    message = mail.outbox[-1]
    assert message.subject == "Je uitnodiging voor Arrangeer"
    words = _visible_words(message.body)
    assert " je plan lezen " in words and not _said(words, TO_A_PARENT)
    token = re.search(r"/uitnodiging/([^/\s]+)/", message.body).group(1)
    page = Client().get(reverse("portal:accept", kwargs={"token": token}))
    assert " maak je account " in _visible_words(page.content.decode())


@pytest.mark.parametrize("persona", ["child_13", "parent"])
def test_the_second_step_speaks_to_the_reader(world, persona):
    """Right after making the account: setting up the second step, a wrong code, and later
    the second step at each login."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = world.users[persona]
    TOTPDevice.objects.filter(user=user).delete()
    client = Client()
    client.force_login(user)
    client.get(reverse("accounts:enrol"))
    wrong = client.post(reverse("accounts:enrol"), {"token": "000000"})
    enrol = _visible_words(wrong.content.decode())
    TOTPDevice.objects.filter(user=user).update(confirmed=True)
    verify = _visible_words(client.get(reverse("accounts:verify")).content.decode())
    if persona == "child_13":
        assert " stel je tweede stap in " in enrol and " deze code klopt niet " in enrol
        assert " open je authenticator app " in verify
        assert not _said(enrol, TO_A_PARENT) and not _said(verify, TO_A_PARENT)
    else:
        assert " stel uw tweede stap in " in enrol and " open uw authenticator app " in verify
        assert not _said(enrol, TO_THE_YOUNG) and not _said(verify, TO_THE_YOUNG)


def test_not_found_and_no_access_speak_to_the_young_person_as_je(world, client_for):
    """From 12 to 15 the young person has no *wie keek* (404); writing the parents' view is
    not theirs (403)."""
    client = _young(world, client_for, 13)
    missing = client.get(reverse("portal:who_looked", kwargs={"case_id": world.case.uuid}))
    refused = client.post(
        reverse("portal:our_view", kwargs={"case_id": world.case.uuid}), {"form": "log"}
    )
    assert (missing.status_code, refused.status_code) == (404, 403)
    for response in (missing, refused):
        words = _visible_words(response.content.decode())
        assert not _said(words, TO_A_PARENT), words
    assert " je hebt er geen toegang toe " in _visible_words(missing.content.decode())
    assert " vraag het dan aan je regisseur " in _visible_words(refused.content.decode())


@pytest.mark.parametrize("persona", ["child_13", "parent"])
def test_the_plan_to_agree_with_speaks_to_the_reader(world, client_for, persona):
    """The agreement page with a version waiting and what changed since the plan in force."""
    regie = access_case(Actor(world.coordinator), world.case.uuid)
    goal = world.plan.education_goal
    goal.refresh_from_db()
    plan_services.change_item(
        regie, goal, expected_version=goal.lock_version, fields={"target": "AVI E7"}
    )
    plan_services.send_for_agreement(regie)
    client = _young(world, client_for, 13) if persona == "child_13" else client_for(persona)
    page = client.get(reverse("portal:agreement", kwargs={"case_id": world.case.uuid}))
    words = _visible_words(page.content.decode())
    assert " wat is er veranderd sinds versie " in words
    assert " is gelukt als avi e " in words
    if persona == "child_13":
        assert not _said(words, TO_A_PARENT), words
        assert " code om te ondertekenen " not in words
    else:
        assert not _said(words, TO_THE_YOUNG), words
        assert " uw besluit telt als een handtekening " in words
        assert " code om te ondertekenen " in words
