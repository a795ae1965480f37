"""python manage.py create_load_editors N — editor accounts for a load test (make bench-load)."""

from __future__ import annotations

import json
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from articles.defaults import EDITORS

MAX_ACCOUNTS = 200


class Command(BaseCommand):
    help = (
        "Create (or reset) N editor accounts named <prefix>1…<prefix>N, each with a new random "
        "password, and print them as JSON lines for a load client. Nothing else is changed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("count", type=int, help=f"how many (1–{MAX_ACCOUNTS})")
        parser.add_argument("--prefix", default="load-editor-", help="the accounts' name prefix")

    @transaction.atomic
    def handle(self, *args, count: int, prefix: str, **options) -> None:
        count = max(1, min(count, MAX_ACCOUNTS))
        group = Group.objects.get(name=EDITORS)
        User = get_user_model()
        for number in range(1, count + 1):
            password = secrets.token_urlsafe(16)
            user, _ = User.objects.get_or_create(username=f"{prefix}{number}")
            user.is_active, user.is_staff, user.is_superuser = True, False, False
            user.set_password(password)
            user.save()
            user.groups.set([group])
            self.stdout.write(json.dumps({"username": user.username, "password": password}))
