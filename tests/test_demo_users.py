"""make run's demo accounts: random passwords, printed once, that work."""

from __future__ import annotations

import io
import re

from django.contrib.auth.models import User
from django.core.management import call_command


def create_demo_users() -> dict[str, str]:
    out = io.StringIO()
    call_command("create_demo_users", stdout=out)
    return dict(re.findall(r"^\s+(editor|researcher|admin)\s+(\S+)", out.getvalue(), re.M))


def logs_in(client, username: str, password: str) -> bool:
    """Through the login form, as a person does (django-axes needs the request)."""
    client.logout()
    response = client.post("/accounts/login/", {"username": username, "password": password})
    return response.status_code == 302 and response["Location"] == "/"


def test_three_accounts_with_working_random_passwords(client, db):
    passwords = create_demo_users()
    assert set(passwords) == {"editor", "researcher", "admin"}
    assert len(set(passwords.values())) == 3
    for username, password in passwords.items():
        assert len(password) >= 12
        assert logs_in(client, username, password)
    assert User.objects.get(username="admin").is_superuser
    assert list(User.objects.get(username="editor").groups.values_list("name", flat=True)) == [
        "Editors"
    ]


def test_running_again_resets_the_passwords(client, db):
    first = create_demo_users()
    second = create_demo_users()
    assert first["editor"] != second["editor"]
    assert not logs_in(client, "editor", first["editor"])
    assert logs_in(client, "editor", second["editor"])
    assert User.objects.count() == 3
