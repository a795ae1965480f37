"""Login throttling (django-axes): an account is locked after LOGIN_FAILURE_LIMIT wrong
passwords in a row, on the site's login and the admin's; an admin can unlock it."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from tests.conftest import PASSWORD


def attempt(client: Client, username: str, password: str, url: str = "/accounts/login/"):
    return client.post(url, {"username": username, "password": password})


def test_the_attempt_after_the_limit_is_refused_even_with_the_right_password(editor):
    client = Client()
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert attempt(client, editor.username, "wrong-password").status_code == 200
    refused = attempt(client, editor.username, "wrong-password")  # the limit-th locks it
    assert refused.status_code == 429
    right = attempt(client, editor.username, PASSWORD)  # threshold + 1: refused
    assert right.status_code == 429
    assert "locked after 10 wrong passwords in a row" in right.content.decode()
    # in words, not ISO 8601 ("PT30M")
    assert "Try again in 30 minutes, or ask an administrator" in right.content.decode()
    assert "PT30M" not in right.content.decode()
    assert "_auth_user_id" not in client.session
    # Another account, from the same address, still logs in.
    User.objects.create_user("other", password=PASSWORD)
    assert attempt(Client(), "other", PASSWORD).status_code == 302


def test_the_admin_login_is_throttled_too(staff_admin):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, staff_admin.username, "wrong", "/admin/login/")
    response = attempt(client, staff_admin.username, PASSWORD, "/admin/login/")
    assert response.status_code == 429


def test_a_right_password_starts_the_count_again(editor):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, editor.username, "wrong")
    assert attempt(client, editor.username, PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, editor.username, "wrong")
    assert attempt(client, editor.username, PASSWORD).status_code == 302


def test_an_admin_can_unlock_an_account(editor):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, editor.username, "wrong")
    assert attempt(client, editor.username, PASSWORD).status_code == 429
    call_command("axes_reset_username", editor.username)
    assert attempt(client, editor.username, PASSWORD).status_code == 302


def test_admins_see_the_attempts_in_the_admin(admin_client_, editor):
    for _ in range(3):
        attempt(Client(), editor.username, "wrong")
    page = admin_client_.get("/admin/axes/accessattempt/").content.decode()
    assert editor.username in page
