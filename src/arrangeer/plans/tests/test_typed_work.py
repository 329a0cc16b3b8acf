"""A long form keeps what was typed when the session ended before it was saved: the text
comes back, unsaved, to the same person on the same page after logging in again."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

import pytest

from arrangeer.accounts.middleware import SESSION_LOGIN_AT
from arrangeer.plans.models import Goal
from arrangeer.testing.auth import login_verified

from .test_concurrency import _form

pytestmark = pytest.mark.django_db


def _keep_token(body: str) -> str:
    found = re.search(r'name="_keep" value="([^"]+)"', body)
    assert found
    return found.group(1)


def _start_editing(world, plan, persona: str) -> tuple[Client, str, dict[str, object]]:
    client = login_verified(Client(), world.users[persona])
    goal = Goal.objects.get(pk=plan.education_goal.pk)
    url = reverse(
        "plans:item_edit",
        kwargs={"case_id": world.case.uuid, "slug": "doelen", "item_id": goal.uuid},
    )
    token = _keep_token(client.get(url).content.decode())
    data = _form(goal, target="Een lang verhaal dat niet verloren mag gaan", _keep=token)
    return client, url, data


def test_text_typed_before_the_idle_timeout_comes_back_after_logging_in(world, plan):
    client, url, data = _start_editing(world, plan, "coordinator")
    client.logout()  # the session ended while the form was open
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "next=" in response["Location"]
    assert Goal.objects.get(pk=plan.education_goal.pk).target != data["target"]  # not saved

    login_verified(client, world.users["coordinator"])
    page = client.get(url).content.decode()
    assert "Een lang verhaal dat niet verloren mag gaan" in page
    assert "You were logged out before your work was saved" in page
    # Given back once; saving is still up to the person.
    assert "Een lang verhaal" not in client.get(url).content.decode()
    assert Goal.objects.get(pk=plan.education_goal.pk).target != data["target"]


def test_text_typed_before_the_absolute_timeout_comes_back_too(world, plan):
    client, url, data = _start_editing(world, plan, "coordinator")
    session = client.session
    session[SESSION_LOGIN_AT] = 0  # logged in long ago: the 12-hour limit has passed
    session.save()
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url.replace('/', '%2F')}"
    login_verified(client, world.users["coordinator"])
    assert "Een lang verhaal" in client.get(url).content.decode()


def test_after_the_password_the_second_step_leads_back_to_the_kept_form(world, plan):
    client, url, data = _start_editing(world, plan, "coordinator")
    client.logout()
    client.post(url, data)
    client.force_login(world.users["coordinator"])  # password done, second step not yet
    response = client.get(url)
    assert response["Location"] == f"{reverse('accounts:verify')}?next={url.replace('/', '%2F')}"


def test_someone_else_logging_in_on_that_browser_does_not_get_the_text(world, plan):
    client, url, data = _start_editing(world, plan, "coordinator")
    client.logout()
    client.post(url, data)
    login_verified(client, world.users["teacher"])
    assert "Een lang verhaal" not in client.get(url).content.decode()


def test_a_post_without_a_valid_token_is_not_kept(world, plan):
    client, url, data = _start_editing(world, plan, "coordinator")
    client.logout()
    data["_keep"] = "forged"
    client.post(url, data)
    assert "arrangeer_typed_work" not in client.session
