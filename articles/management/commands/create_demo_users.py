"""Create (or reset) the three demo accounts with fresh random passwords, printed once."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

DEMO_ACCOUNTS = [
    # username, group, is an admin
    ("editor", "Editors", False),
    ("researcher", "Researchers", False),
    ("admin", None, True),
]


class Command(BaseCommand):
    help = (
        "Create the demo accounts editor, researcher and admin, each with a new random "
        "password that is printed once. Running it again resets those passwords."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="http://127.0.0.1:8000", help="for the login URL")

    @transaction.atomic
    def handle(self, *args, host: str, **options) -> None:
        User = get_user_model()
        lines = []
        for username, group_name, is_admin in DEMO_ACCOUNTS:
            password = secrets.token_urlsafe(12)
            user, _ = User.objects.get_or_create(username=username)
            user.is_staff = user.is_superuser = is_admin
            user.is_active = True
            user.set_password(password)
            user.save()
            if group_name:
                user.groups.set([Group.objects.get(name=group_name)])
            role = "admin (staff)" if is_admin else group_name
            lines.append(f"    {username:<11} {password:<18} {role}")
        rule = "=" * 66
        block = [
            rule,
            f"  Summit Desk: log in at {host}/accounts/login/ as",
            *lines,
            "  (new passwords each time; shown only here)",
            rule,
        ]
        self.stdout.write("\n".join(block))
