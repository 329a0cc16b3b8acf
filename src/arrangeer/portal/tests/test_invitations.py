"""Accounts by invitation: one link per person, single use, 7 days; the child from 12."""

from __future__ import annotations

import datetime as dt
import re

from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest

from arrangeer.accounts.constants import AccountKind
from arrangeer.children.models import LegalRepresentative
from arrangeer.portal.models import Invitation
from arrangeer.testing.world import years_ago

pytestmark = pytest.mark.django_db

PASSWORD = "een-lang-wachtwoord-voor-ouders"


@pytest.fixture
def stepparent(world):
    return LegalRepresentative.objects.create(
        child=world.child,
        first_name="Noor",
        last_name="Bakker",
        relation="verzorger",
        has_authority=True,
        email="noor@test.invalid",
    )


def _invite(world, client_for, invitee, email, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("coordinator").post(
            reverse("portal:invite", kwargs={"case_id": world.case.uuid}),
            {"invitee": invitee, "email": email},
        )
    return response


def _link(message) -> str:
    match = re.search(r"https?://[^/\s]+(/uitnodiging/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_a_parent_makes_an_account_from_the_link_and_is_linked_to_the_child(
    world, client_for, stepparent, django_capture_on_commit_callbacks
):
    response = _invite(
        world,
        client_for,
        f"r{stepparent.pk}",
        "noor@test.invalid",
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["noor@test.invalid"]
    assert world.child.first_name not in mail.outbox[0].body
    link = _link(mail.outbox[0])
    client = Client()
    assert client.get(link).status_code == 200
    response = client.post(link, {"password": PASSWORD, "password_again": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:enrol")
    stepparent.refresh_from_db()
    assert stepparent.user is not None and stepparent.user.kind == AccountKind.PARENT
    assert stepparent.user.check_password(PASSWORD)
    # The link works once.
    again = Client().get(link)
    assert again.status_code == 410
    assert "Ask the person who invited you for a new link" in again.content.decode()


def test_an_expired_link_gives_a_plain_message_and_makes_nothing(
    world, client_for, stepparent, django_capture_on_commit_callbacks
):
    _invite(
        world,
        client_for,
        f"r{stepparent.pk}",
        "noor@test.invalid",
        django_capture_on_commit_callbacks,
    )
    link = _link(mail.outbox[0])
    Invitation.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = Client().post(link, {"password": PASSWORD, "password_again": PASSWORD})
    assert response.status_code == 410
    assert "older than 7 days" in response.content.decode()
    stepparent.refresh_from_db()
    assert stepparent.user is None


def test_a_new_invitation_ends_the_earlier_link(
    world, client_for, stepparent, django_capture_on_commit_callbacks
):
    _invite(
        world,
        client_for,
        f"r{stepparent.pk}",
        "noor@test.invalid",
        django_capture_on_commit_callbacks,
    )
    _invite(
        world,
        client_for,
        f"r{stepparent.pk}",
        "noor@test.invalid",
        django_capture_on_commit_callbacks,
    )
    first, second = _link(mail.outbox[0]), _link(mail.outbox[1])
    assert Client().get(first).status_code == 410
    assert Client().get(second).status_code == 200


def test_a_weak_password_is_refused_and_the_link_stays_usable(
    world, client_for, stepparent, django_capture_on_commit_callbacks
):
    _invite(
        world,
        client_for,
        f"r{stepparent.pk}",
        "noor@test.invalid",
        django_capture_on_commit_callbacks,
    )
    link = _link(mail.outbox[0])
    response = Client().post(link, {"password": "123", "password_again": "123"})
    assert response.status_code == 200
    assert Invitation.objects.get().used_at is None


def test_only_the_regisseur_invites(world, client_for):
    url = reverse("portal:invite", kwargs={"case_id": world.case.uuid})
    assert client_for("teacher").get(url).status_code == 404
    assert client_for("parent").get(url).status_code == 404


def test_a_child_under_12_cannot_be_invited(world, client_for, django_capture_on_commit_callbacks):
    world.child.date_of_birth = years_ago(11)
    world.child.save(update_fields=["date_of_birth"])
    page = client_for("coordinator").get(
        reverse("portal:invite", kwargs={"case_id": world.case.uuid})
    )
    assert "cannot have an account" in page.content.decode()
    response = _invite(
        world, client_for, "child", "sem@test.invalid", django_capture_on_commit_callbacks
    )
    assert response.status_code == 200
    assert not Invitation.objects.exists() and not mail.outbox


def test_a_child_under_12_with_an_account_cannot_log_in(world):
    world.child.date_of_birth = years_ago(11)
    world.child.save(update_fields=["date_of_birth"])
    user = world.users["child_13"]
    user.set_password(PASSWORD)
    user.save()
    response = Client().post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "from the age of 12" in response.content.decode()
    assert "_auth_user_id" not in response.wsgi_request.session


def test_the_child_from_12_is_invited_and_becomes_a_youth_account(
    world, client_for, django_capture_on_commit_callbacks
):
    world.child.user = None
    world.child.save(update_fields=["user"])
    _invite(world, client_for, "child", "sem@test.invalid", django_capture_on_commit_callbacks)
    link = _link(mail.outbox[0])
    Client().post(link, {"password": PASSWORD, "password_again": PASSWORD})
    world.child.refresh_from_db()
    assert world.child.user is not None and world.child.user.kind == AccountKind.YOUTH


def test_second_factor_by_mail(world, client_for, stepparent, django_capture_on_commit_callbacks):
    _invite(
        world,
        client_for,
        f"r{stepparent.pk}",
        "noor@test.invalid",
        django_capture_on_commit_callbacks,
    )
    client = Client()
    client.post(_link(mail.outbox[0]), {"password": PASSWORD, "password_again": PASSWORD})
    response = client.get(reverse("accounts:enrol_mail"))
    assert response.status_code == 200
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    response = client.post(reverse("accounts:enrol_mail"), {"token": code})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:backup_codes")
    home = client.get(reverse("portal:index"))
    assert home.status_code == 302
    assert home["Location"] == reverse("portal:home", kwargs={"case_id": world.case.uuid})


@pytest.mark.parametrize(("days", "opens"), [(0, True), (-1, False)])
def test_the_own_account_opens_on_the_12th_birthday_for_login_portal_and_invitation_alike(
    world, days, opens
):
    """One age rule (children.ages): the login, the portal's door and the invitation agree on
    the day the child's own account opens, the 12th birthday, not a day earlier."""
    from arrangeer.cases.access import family_cases
    from arrangeer.portal.services import too_young

    born = world.child.date_of_birth
    world.child.date_of_birth = years_ago(12, days=days)
    world.child.save(update_fields=["date_of_birth"])
    try:
        user = world.users["child_13"]
        user.set_password(PASSWORD)
        user.save()
        response = Client().post(
            reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
        )
        assert (response.status_code == 302) is opens
        assert ("from the age of 12" in response.content.decode()) is not opens
        assert family_cases(user).filter(pk=world.case.pk).exists() is opens
        world.case.child.refresh_from_db()
        assert too_young(world.case) is not opens
    finally:
        world.child.date_of_birth = born
        world.child.save(update_fields=["date_of_birth"])
