"""Shared fixtures: the seed corpus, users in each role, and a real Chromium."""

from __future__ import annotations

import contextlib
import io
import os
import re
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission, User
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Model

from articles.defaults import ensure_default_lexicons, ensure_default_themes, ensure_role_groups
from articles.models import Article
from infrastructure import background
from summit.celery import app

ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = ROOT / "fixtures" / "seeds"
PASSWORD = "a-long-test-password-42"
CHROMIUM = Path(os.environ.get("SUMMIT_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix) -> None:
    """A test database of this process's own. The settings name it after the process that
    read them; a process forked after that (mutmut runs each mutant in one) would share it
    with its siblings, each creating and dropping the others' database."""
    from django.conf import settings

    test = settings.DATABASES["default"].setdefault("TEST", {})
    name, pid = test.get("NAME") or "", str(os.getpid())
    if name and not re.search(rf"\D{pid}(\.sqlite3)?$", name):
        test["NAME"] = re.sub(r"\d+(?=(\.sqlite3)?$)", pid, name)


@pytest.fixture(autouse=True)
def _static_files_without_collectstatic(settings):
    """Tests serve static files from the source folders; production uses the hashed manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = True


@pytest.fixture(autouse=True, scope="session")
def _background_work_runs_inline():
    """Tasks run where they are sent, so a test sees their outcome; the tests of the
    queue itself (test_background_work, test_celery_worker) send to a broker or a worker.
    """
    background.use_sender(background.InlineSender())


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class _ParseCache:
    """The real spaCy pipeline, parsing each distinct text once per test session."""

    def __init__(self, nlp) -> None:
        self.nlp = nlp
        self.docs: dict[str, object] = {}

    def pipe(self, texts, batch_size: int = 16):
        texts = list(texts)
        missing = [text for text in dict.fromkeys(texts) if text not in self.docs]
        for text, doc in zip(missing, self.nlp.pipe(missing, batch_size=batch_size), strict=True):
            self.docs[text] = doc
        return (self.docs[text] for text in texts)

    def __call__(self, text: str):
        return next(self.pipe([text]))


@pytest.fixture(scope="session")
def nlp():
    from infrastructure.nlp import full_pipeline

    return _ParseCache(full_pipeline())


@pytest.fixture(autouse=True)
def _parse_each_text_once(request, monkeypatch):
    """Extraction in tests uses the session's parse cache (the seeds are parsed once)."""
    if request.node.get_closest_marker("no_parse_cache"):
        return
    cache = request.getfixturevalue("nlp")
    monkeypatch.setattr("articles.quotes.analysis.full_pipeline", lambda: cache)


CLOSED_PORT_BROKER = "redis://127.0.0.1:9/0"  # the discard port: nothing answers there


@contextmanager
def sending_as(**conf) -> Iterator[None]:
    """This process sends tasks to a broker (not inline) with ``conf`` inside the block.

    The connection pools built for the broker configured before are dropped on the way in
    and out, so messages go where the block says.
    """
    previous = {name: app.conf[name] for name in conf}

    def forget_connections() -> None:
        app._pool = None
        app.amqp._producer_pool = None

    app.conf.update(**conf)
    forget_connections()
    inline = background.use_sender(background.BrokerSender())
    try:
        yield
    finally:
        background.use_sender(inline)
        app.conf.update(previous)
        forget_connections()


@pytest.fixture
def not_eager():
    with sending_as():
        yield


@pytest.fixture
def folder_queue(tmp_path: Path):
    """The embedded default's queue (a folder) in a fresh place; nothing consumes it."""
    folder = tmp_path / "queue"
    folder.mkdir()
    options = {"data_folder_in": str(folder), "data_folder_out": str(folder),
               "control_folder": str(tmp_path / "control")}  # fmt: skip
    with sending_as(broker_url="filesystem://localhost//", broker_transport_options=options):
        yield folder


@pytest.fixture
def unreachable_broker():
    with sending_as(broker_url=CLOSED_PORT_BROKER, broker_transport_options={"max_retries": 1}):
        yield


def settle(condition=lambda: True, timeout: float = 60) -> None:
    """Wait for the sender and background threads to finish what they were given."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        background._sender.submit(lambda: None).result(timeout)
        background._fallback.submit(lambda: None).result(timeout)
        if condition():
            return
        time.sleep(0.1)
    pytest.fail("the background work did not finish in time")


def ingest(*paths: str | Path, skip_quotes: bool = False) -> str:
    """Run the ingest command and return what it printed."""
    out = io.StringIO()
    arguments = [str(p) for p in paths] + (["--skip-quotes"] if skip_quotes else [])
    call_command("ingest", *arguments, stdout=out, stderr=out)
    return out.getvalue()


SEEDED_APPS = ["articles", "annotations", "compare"]


@pytest.fixture(scope="session")
def _seeded_rows(django_db_setup, django_db_blocker) -> dict[type[Model], list[dict]]:
    """The rows ``manage.py ingest`` makes of the seeds, ingested once per test session
    (before any test's own fixtures, so none of their rows is mixed in).

    The ingest runs in a transaction that is rolled back after its rows are read, as a
    test's would be, so what it leaves for after the commit (the compare refresh) is not
    in them either: the state a test in a transaction saw after ingesting the seeds.
    """
    rows: dict[type[Model], list[dict]] = {}
    links: dict[type[Model], list[dict]] = {}
    with django_db_blocker.unblock(), transaction.atomic():
        there_before = {
            (model, pk)
            for app in SEEDED_APPS
            for model in apps.get_app_config(app).get_models()
            for pk in model._base_manager.values_list("pk", flat=True)
        }
        ingest(SEEDS_DIR)
        dumped = io.StringIO()
        call_command("dumpdata", *SEEDED_APPS, stdout=dumped, verbosity=0)
        for item in serializers.deserialize("json", dumped.getvalue()):
            model, fields = type(item.object), item.object._meta.concrete_fields
            if (model, item.object.pk) in there_before:  # made by migrations
                continue
            values = {field.attname: getattr(item.object, field.attname) for field in fields}
            rows.setdefault(model, []).append(values)
            for name, targets in item.m2m_data.items():
                relation = model._meta.get_field(name)
                source = relation.m2m_field_name() + "_id"
                target = relation.m2m_reverse_field_name() + "_id"
                links.setdefault(relation.remote_field.through, []).extend(
                    {source: item.object.pk, target: pk} for pk in targets
                )
        transaction.set_rollback(True)
    return {**rows, **links}  # the links after the rows they join


def _copy_rows(rows: dict[type[Model], list[dict]]) -> None:
    """Insert the rows, one query per table."""
    for model, values in rows.items():
        model._base_manager.bulk_create([model(**row) for row in values])
    with connection.cursor() as cursor:  # PostgreSQL: new rows get ids after the copied ones
        for statement in connection.ops.sequence_reset_sql(no_style(), list(rows)):
            cursor.execute(statement)


@pytest.fixture
def seeds(_seeded_rows, db, request) -> dict[str, Article]:
    """The five seed articles with their quotes, keyed by number ("000" … "004").

    Tests in a transaction get a copy of the rows ingested once per session; tests that
    commit (browser, live server) ingest for real, so what follows a commit runs too.
    """
    # ``db`` is a transactional database in those tests (pytest-django's db fixture sees to it).
    if "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
        ingest(SEEDS_DIR)
    else:
        _copy_rows(_seeded_rows)
    return {article.source_name[:3]: article for article in Article.objects.all()}


@pytest.fixture(autouse=True)
def _defaults_survive_flushes(request):
    """Transactional (browser) tests flush the tables; restore what migrations put there."""
    if "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
        request.getfixturevalue("transactional_db")
        ensure_role_groups()
        ensure_default_themes()
        ensure_default_lexicons()


def _user(username: str, group: str | None = None, **flags) -> User:
    user = User.objects.create_user(username, f"{username}@example.org", PASSWORD, **flags)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db) -> User:
    return _user("eddie", "Editors")


@pytest.fixture
def researcher(db) -> User:
    return _user("rita", "Researchers")


@pytest.fixture
def staff_admin(db) -> User:
    return _user("ada", is_staff=True, is_superuser=True)


@pytest.fixture
def staff_viewer(db) -> User:
    """Staff (the Django admin opens for them) holding every view permission and nothing
    else: the flag must grant no privilege of its own."""
    user = _user("stan", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    return User.objects.get(pk=user.pk)  # a fresh object: no cached permissions


@pytest.fixture
def outsider(db) -> User:
    """Logged in, but in no group: may see nothing that needs a role."""
    return _user("otto")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def researcher_client(client, researcher):
    client.force_login(researcher)
    return client


@pytest.fixture
def admin_client_(client, staff_admin):
    client.force_login(staff_admin)
    return client


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """Debian's Chromium driven by Playwright; skipped only where it is not installed."""
    if not CHROMIUM.exists():
        reason = f"Chromium is not installed at {CHROMIUM} (apt-get install -y chromium)"
        if os.environ.get("SUMMIT_REQUIRE_BROWSER"):
            pytest.fail(f"{reason}, but SUMMIT_REQUIRE_BROWSER is set (CI)")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # between browser steps are still ordinary synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


def _page(browser, live_server, bypass_csp: bool):
    context = browser.new_context(bypass_csp=bypass_csp)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.base_url = live_server.url
    return context, page


@pytest.fixture
def page(browser, live_server):
    """A page for the browser tests. Playwright evaluates string predicates
    (``wait_for_function("…")``) with eval, which the site's Content Security Policy forbids,
    so these tests bypass it; ``page_under_csp`` does not (tests/test_browser_csp.py)."""
    context, page = _page(browser, live_server, bypass_csp=True)
    yield page
    context.close()


@pytest.fixture
def page_under_csp(browser, live_server):
    """A page that obeys the Content Security Policy as any visitor's browser does."""
    context, page = _page(browser, live_server, bypass_csp=False)
    yield page
    context.close()


def browser_login(page, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{page.base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{page.base_url}/")


@contextmanager
def in_foreground(command: list[str], env: dict) -> Iterator[tuple[subprocess.Popen, list[str]]]:
    """``command`` run from the project as in a terminal: its own process group, its output
    collected line by line; stopped at the end with SIGINT, as Ctrl-C does."""
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, start_new_session=True,
    )  # fmt: skip
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True)
    reader.start()
    try:
        yield process, lines
    finally:
        with contextlib.suppress(ProcessLookupError):  # it may have finished by itself
            os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        reader.join(timeout=10)


def pytest_terminal_summary(terminalreporter) -> None:
    """Say plainly how many browser tests did not run, and how to get them."""
    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if "Chromium is not installed" in str(report.longrepr)
    ]
    if skipped:
        terminalreporter.write_line(
            f"{len(skipped)} browser tests were skipped: Chromium is not installed at "
            f"{CHROMIUM}. Install it (sudo apt-get install -y chromium) to run them.",
            yellow=True,
        )
