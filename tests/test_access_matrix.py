"""Every URL pattern × GET and POST × every role, against what each role may do.

The roles: anonymous, a logged-in user in no group, a researcher, an editor, a staff user
holding every view permission and nothing else (the staff flag must grant no privilege of
its own), and a superuser. Each cell runs in a savepoint rolled back afterwards, so a write
one cell makes never changes the next. No cell may answer 5xx; a role without the right
gets 403 (or, anonymous, the login page); a role with it is never refused.
"""

from __future__ import annotations

import re
from http.cookies import SimpleCookie

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from annotations.models import Annotation, CodingRound, Reply
from articles import history
from articles.ingest.models import ImportBatch, ImportDocument
from articles.models import Article, Change, Mention, Outlet, Person, PersonAlias, Quote, Theme
from compare.models import ThemeSuggestion

LOG_EXTRA = {
    AccessAttempt: {"get_data": "", "post_data": "", "failures_since_start": 1, "http_accept": ""},
    AccessLog: {"http_accept": ""},
    AccessFailureLog: {"http_accept": "", "locked_out": False},
}
ROLES = ["anonymous", "outsider", "researcher", "editor", "staff_viewer", "superuser"]
METHODS = ["GET", "POST"]
PUBLIC = "public"
LOGIN = "login"
EDITOR_OR_REVIEWER = "editor or review_changes"
AUTHOR_OR_ANY = "author or change_any_annotation"
REPLY_AUTHOR_OR_ANY = "author or change_any_reply"
ROUND_CODER = "a coder of the round"
OWN_LAST_OR_ANY = "own last change or undo_any_change"
STAFF = "staff"
NOBODY = "nobody"  # a page the admin shows no one (an import's batches are the import's)
# Answers that are the page working, not a refusal: logging out sends one to the login page;
# password reset says 503 where no mail server is configured (as in the tests).
WORKING = {("logout", 302), ("admin:logout", 302), ("password_reset", 503)}

# url name -> {method: what it takes}; a method missing is not allowed (405).
APP_RULES: dict[str, dict[str, str]] = {
    "login": {"GET": PUBLIC, "POST": PUBLIC},
    "logout": {"POST": PUBLIC},
    "password_change": {"GET": LOGIN, "POST": LOGIN},
    "password_change_done": {"GET": LOGIN},
    "password_reset": {"GET": PUBLIC, "POST": PUBLIC},
    "password_reset_done": {"GET": PUBLIC},
    "password_reset_confirm": {"GET": PUBLIC, "POST": PUBLIC},
    "password_reset_complete": {"GET": PUBLIC},
    "healthz": {"GET": PUBLIC},
    "readyz": {"GET": PUBLIC},
    "articles:theme-stylesheet": {"GET": PUBLIC},
    "annotations:reader": {"GET": "articles.view_article"},
    "annotations:create": {"POST": "annotations.add_annotation"},
    "annotations:undo": {"POST": "annotations.add_annotation"},
    "annotations:detail": {"GET": "annotations.view_annotation"},
    "annotations:edit": {"GET": AUTHOR_OR_ANY, "POST": AUTHOR_OR_ANY},
    "annotations:delete": {"POST": AUTHOR_OR_ANY},
    "annotations:export": {"GET": "annotations.view_annotation"},
    "annotations:list": {"GET": "annotations.view_annotation"},
    "annotations:list-export": {"GET": "annotations.view_annotation"},
    "annotations:reply-create": {"GET": "annotations.add_reply", "POST": "annotations.add_reply"},
    "annotations:reply-detail": {"GET": "annotations.view_reply"},
    "annotations:reply-edit": {"GET": REPLY_AUTHOR_OR_ANY, "POST": REPLY_AUTHOR_OR_ANY},
    "annotations:reply-delete": {"POST": REPLY_AUTHOR_OR_ANY},
    "annotations:rounds": {"GET": "annotations.view_codinground"},
    "annotations:round": {"GET": "annotations.view_codinground"},
    "annotations:round-agreement": {"GET": "annotations.view_codinground"},
    "annotations:round-done": {"POST": ROUND_CODER},
    "annotations:round-close": {"POST": "annotations.change_codinground"},
    "compare:themes": {"GET": "articles.view_article"},
    "compare:coverage": {"GET": "articles.view_article"},
    "compare:quotes": {"GET": "articles.view_quote"},
    "compare:reuse": {"GET": "articles.view_article"},
    "compare:reuse-pair": {"GET": "articles.view_article"},
    "compare:accept": {"POST": "annotations.add_annotation"},
    "compare:dismiss": {"POST": "annotations.add_annotation"},
    "articles:list": {"GET": "articles.view_article"},
    "articles:quotes": {"GET": "articles.view_quote"},
    "articles:quote-export": {"GET": "articles.view_quote"},
    "articles:quote-correct": {"GET": "articles.change_quote", "POST": "articles.change_quote"},
    "articles:speakers": {"GET": "articles.view_quote"},
    "articles:speaker": {"GET": "articles.view_quote"},
    "articles:changes": {"GET": EDITOR_OR_REVIEWER},
    "articles:undo-change": {"POST": OWN_LAST_OR_ANY},
}
IMPORT_VIEWS = {
    "articles_article_import": ["GET", "POST"],
    "articles_article_import_batch": ["GET"],
    "articles_article_import_confirm": ["POST"],
    "articles_article_import_resume": ["POST"],
    "articles_article_import_retry": ["POST"],
}
ADMIN_ACTION = re.compile(
    r"^(?P<app>[a-z]+)_(?P<model>[a-z]+)_(?P<action>changelist|add|change|delete|history)$"
)


def url_patterns(patterns=None, prefix: str = "", namespace: str = ""):
    """(route, name) for every pattern of the project, namespaces joined like reverse()."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield prefix + str(pattern.pattern), name or f"{namespace}:(unnamed)"


@pytest.fixture
def world(editor, researcher, staff_viewer, outsider, staff_admin) -> dict:
    outlet = Outlet.objects.create(name="Example Times")
    body = "Helen Marsh said the plan was sound. The board agreed on Monday."
    first = Article.objects.create(
        title="A", body=body, raw=body, source_name="a.txt", outlet=outlet
    )
    second = Article.objects.create(title="B", body=body + " Later.", raw=body, source_name="b.txt")
    person = Person.objects.create(name="Helen Marsh")
    PersonAlias.objects.create(person=person, alias="Marsh")
    Mention.objects.create(article=first, person=person, start=0, end=11, text="Helen Marsh")
    quote = Quote.objects.create(article=first, speaker=person, start=20, end=35, text=body[20:35])
    theme = Theme.objects.get(slug="energy")
    annotation = Annotation.objects.create(
        article=first, author=editor, start=0, end=11, exact="Helen Marsh"
    )
    reply = Reply.objects.create(annotation=annotation, author=editor, text="Agreed.")
    coding_round = CodingRound.objects.create(name="Pilot", created_by=staff_admin)
    coding_round.articles.set([first])
    coding_round.coders.set([editor, staff_admin])
    change = history.record(editor, Change.Kind.ANNOTATION_CREATED, "annotation", annotation.pk,
                            "created", after={"exact": "Helen Marsh"})  # fmt: skip
    suggestion = ThemeSuggestion.objects.create(
        article=first, theme=theme, start=37, end=64, exact=body[37:64], terms=["board"]
    )
    batch = ImportBatch.objects.create(created_by=staff_admin)
    document = ImportDocument.objects.create(batch=batch, name="c.txt", position=0)
    for log in (AccessAttempt, AccessLog, AccessFailureLog):  # the lockout's admin pages
        log.objects.create(username="mallory", ip_address="10.0.0.1", user_agent="x",
                           path_info="/accounts/login/", **LOG_EXTRA.get(log, {}))  # fmt: skip
    ids = {
        "annotations:reader": first.pk, "annotations:create": first.pk,
        "annotations:detail": annotation.pk, "annotations:edit": annotation.pk,
        "annotations:delete": annotation.pk, "articles:quote-correct": quote.pk,
        "articles:undo-change": change.pk, "compare:accept": suggestion.pk,
        "compare:dismiss": suggestion.pk, "annotations:reply-create": annotation.pk,
        "annotations:reply-detail": reply.pk, "annotations:reply-edit": reply.pk,
        "annotations:reply-delete": reply.pk, "annotations:round": coding_round.pk,
        "annotations:round-agreement": coding_round.pk, "annotations:round-done": coding_round.pk,
        "annotations:round-close": coding_round.pk,
    }  # fmt: skip
    users = {"outsider": outsider, "researcher": researcher, "editor": editor,
             "staff_viewer": staff_viewer, "superuser": staff_admin}  # fmt: skip
    return {"ids": ids, "first": first, "second": second, "person": person, "batch": batch,
            "document": document, "users": users}  # fmt: skip


def concrete_path(route: str, name: str, world: dict) -> str:
    """The route with real ids of objects that exist (so a refusal is about the role)."""
    if route.startswith("^"):  # the quote and annotation exports' regular expressions
        return (
            "/annotations/export.csv" if name == "annotations:list-export" else "/quotes/export.csv"
        )
    if name == "admin:autocomplete":
        return "/admin/autocomplete/?app_label=articles&model_name=article&field_name=outlet"
    model = None
    action = ADMIN_ACTION.match(name.removeprefix("admin:"))
    if action:
        model = apps.get_model(action["app"], action["model"])
    values = {
        "pk": world["ids"].get(name, world["first"].pk),
        "first": world["first"].pk,
        "second": world["second"].pk,
        "slug": world["person"].slug,
        "batch_id": world["batch"].pk,
        "document_id": world["document"].pk,
        "object_id": model.objects.order_by("pk").first().pk if model else world["first"].pk,
        "content_type_id": ContentType.objects.get_for_model(Article).pk,
        "app_label": "articles",
        "id": world["users"]["editor"].pk,  # the admin's "change this user's password"
        "uidb64": "MQ",
        "token": "set-password",
        "url": "missing/",
    }

    def value(match: re.Match) -> str:
        return str(values[match["name"]])

    return "/" + re.sub(r"<(?:\w+:)?(?P<name>\w+)>", value, route)


def admin_rule(name: str, method: str) -> str | None:
    """What a Django admin page takes: staff, and the model permission for its action."""
    short = name.removeprefix("admin:")
    if short in IMPORT_VIEWS:
        return "articles.add_article" if method in IMPORT_VIEWS[short] else None
    if short == "auth_user_password_change":
        return "auth.change_user"
    if short == "articles_article_restore_line":  # "Restore to the body" (issue 37)
        return "articles.change_article" if method == "POST" else None
    if short == "autocomplete":
        return "articles.view_outlet"  # the article form's outlet field, as queried below
    if short in {"articles_importbatch_add", "axes_accessattempt_add", "axes_accesslog_add",
                 "axes_accessfailurelog_add"} or (
        short == "articles_importbatch_change" and method == "POST"
    ):  # fmt: skip
        return NOBODY
    action = ADMIN_ACTION.match(short)
    if not action:
        return STAFF  # index, app list, password change, view on site, autocomplete, …
    label = f"{action['app']}.{{}}_{action['model']}"
    if action["action"] in {"changelist", "history"} or (
        action["action"] == "change" and method == "GET"
    ):
        return label.format("view")
    if action["action"] == "changelist":
        return label.format("change")  # a POST to the list is a bulk action
    return label.format({"add": "add", "change": "change", "delete": "delete"}[action["action"]])


def allowed(rule: str, role: str, world: dict) -> bool:
    if rule == PUBLIC:
        return True
    if role == "anonymous" or rule == NOBODY:
        return False
    user = world["users"][role]
    if rule == LOGIN:
        return True
    if rule == STAFF:
        return user.is_staff
    if rule == EDITOR_OR_REVIEWER:
        return user.has_perm("annotations.add_annotation") or history.sees_everyone(user)
    if rule == AUTHOR_OR_ANY:
        author = role == "editor"
        return user.has_perm("annotations.change_annotation") and (
            author or user.has_perm("annotations.change_any_annotation")
        )
    if rule == REPLY_AUTHOR_OR_ANY:
        return user.has_perm("annotations.change_reply") and (
            role == "editor" or user.has_perm("annotations.change_any_reply")
        )
    if rule == ROUND_CODER:  # the world's round: the editor and the superuser code it
        return role in {"editor", "superuser"}
    if rule == OWN_LAST_OR_ANY:
        return history.undoes_anyone(user) or (
            role == "editor" and user.has_perm("annotations.add_annotation")
        )
    return user.has_perm(rule)


def expected_problem(name: str, method: str, role: str, status: int, location: str, world) -> str:
    """'' when the answer fits the rules, else what is wrong with it."""
    if (name, status) in WORKING:
        return ""
    if status >= 500:
        return f"server error {status}"
    is_admin = name.startswith("admin:")
    rule = admin_rule(name, method) if is_admin else APP_RULES[name].get(method)
    if name in {"admin:login", "admin:logout"}:
        rule = PUBLIC
    elif is_admin and rule not in {None, NOBODY}:
        staff = role != "anonymous" and world["users"][role].is_staff
        rule = rule if staff else NOBODY  # every admin page is for staff first
    if rule is None:
        return (
            "" if status == 405 or (role == "anonymous" and status == 302) else f"{status}, not 405"
        )
    to_login = status == 302 and "login" in location
    if allowed(rule, role, world):
        if status == 403 or to_login:
            return f"refused ({status}) though it may"
        if is_admin and rule != PUBLIC and status == 302 and "admin/login" in location:
            return "sent to the admin login though it may"
        return ""
    if role == "anonymous":
        return "" if to_login else f"{status}, not the login page"
    if is_admin and not world["users"][role].is_staff:
        return "" if to_login or status == 403 else f"{status}, not refused"
    if name == "admin:articles_article_add" and location.endswith("/article/import/"):
        return ""  # "Add article" leads to the import, which refuses them itself
    return "" if status == 403 else f"{status}, not 403"


def cells():
    return [(route, name, method) for route, name in url_patterns() for method in METHODS]


@pytest.mark.parametrize("role", ROLES)
def test_every_url_and_method_answers_each_role_as_its_rights_say(role, world):
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(world["users"][role])
    logged_in = SimpleCookie(client.cookies)
    problems, checked = [], 0
    for route, name, method in cells():
        path = concrete_path(route, name, world)
        client.cookies = SimpleCookie(logged_in)
        with transaction.atomic():
            response = client.generic(method, path)
            transaction.set_rollback(True)
        checked += 1
        problem = expected_problem(
            name, method, role, response.status_code, response.get("Location", ""), world
        )
        if problem:
            problems.append(f"{method} {path} ({name}) as {role}: {problem}")
    assert checked == len(cells()) >= 260
    assert problems == [], "\n".join(problems)


def test_the_matrix_names_every_app_url_it_checks():
    """A new page must be given its rule here, or this fails: nothing goes unchecked."""
    names = {name for _route, name in url_patterns() if not name.startswith("admin:")}
    assert sorted(names - set(APP_RULES)) == []
    assert sorted(set(APP_RULES) - names) == []


def test_the_staff_viewer_is_staff_with_view_rights_only(staff_viewer):
    writes = [p for p in staff_viewer.get_all_permissions() if ".view_" not in p]
    assert (staff_viewer.is_staff, staff_viewer.is_superuser, writes) == (True, False, [])
    assert staff_viewer.has_perm("articles.view_change")
    assert Group.objects.filter(user=staff_viewer).count() == 0
    assert User.objects.filter(is_staff=True).count() == 1
