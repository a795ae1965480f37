"""Make the project importable and Django configured for a benchmark script."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "summit.settings")

import django  # noqa: E402

django.setup()

from django.test.utils import override_settings  # noqa: E402

# Render pages as the tests do: static URLs without a collectstatic manifest.
override_settings(
    STORAGES={
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
).enable()
