"""Nothing removed is gone for good (issue 37): every line cleaning leaves out is recorded
with its place; "Keep in the body" at the import preview and "Restore to the body" on a
stored article's admin page put it back where it stood — annotations and quotes follow their
words, quotes are extracted again, and a later re-import keeps the choice."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client, TestCase
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.models import Annotation
from articles.models import Article
from articles.restoring import RestoreRefused, restore_line
from articles.services import Replace, ingest_text
from newsnlp.pages.cleaning import clean_article
from newsnlp.pages.restore import put_back
from tests.test_admin_import import batch_of, post, upload
from tests.test_concurrency import run_together

HEADLINE = "Floods force thousands from homes in northern Italy"
FIRST = (
    "ROME, May 17 (Reuters) - Rescue teams evacuated more than 5,000 people from villages in "
    "Emilia-Romagna on Tuesday as rivers burst their banks after two days of torrential rain."
)
CAPTION_QUOTE = "“We will rebuild every bridge,” said Mayor Massimo Isola in Faenza, May 17, 2023."
SECOND = (
    "Engineers inspected bridges along the Santerno valley on Wednesday. The army sent "
    "amphibious vehicles to reach farms that the water had cut off from the main road."
)
INJECTED = "Taylor Swift announces extra concert dates in Tokyo"
THIRD = (
    "Forecasters warned that more rain would fall overnight across the region, and schools "
    "in the province were ordered to stay closed for the rest of the week."
)
LINK = "Why Italy's floods are getting worse every year"
PAGE = "\n\n".join(
    ["World News /", HEADLINE, FIRST, CAPTION_QUOTE, "Photo: Getty Images", SECOND, INJECTED,
     THIRD, LINK]
)  # fmt: skip


def as_stored(removals) -> list[dict]:
    return [
        {"text": r.text, "rule": r.rule, "before": r.before, "prefix": r.prefix} for r in removals
    ]


def test_the_page_has_each_kind_of_removal_recorded_with_its_place():
    cleaned = clean_article(PAGE)
    assert [(r.rule, r.before, r.prefix) for r in cleaned.removed] == [
        ("breadcrumb", 0, False),
        ("photo caption", 1, False),
        ("photo credit", 1, False),
        ("injected headline", 2, False),
        ("related link", 3, False),
        ("dateline", 0, True),
    ]
    assert len(cleaned.paragraphs) == 3


def test_a_kept_line_stays_in_the_body_where_it_stood():
    cleaned = clean_article(PAGE, keep=[INJECTED, "ROME, May 17 (Reuters) -"])
    assert cleaned.paragraphs == [FIRST, SECOND, INJECTED, THIRD]
    assert "injected headline" not in [r.rule for r in cleaned.removed]


@settings(max_examples=60, deadline=None)
@given(order=st.permutations(range(6)), count=st.integers(min_value=1, max_value=6))
def test_putting_lines_back_one_by_one_in_any_order_gives_the_body_cleaning_keeps(order, count):
    cleaned = clean_article(PAGE)
    body, removals = cleaned.body, as_stored(cleaned.removed)
    chosen = [removals[i]["text"] for i in order[:count]]
    for text in chosen:
        index = [r["text"] for r in removals].index(text)
        body, removals = put_back(body, removals, index)
    kept = clean_article(PAGE, keep=chosen)
    assert body == kept.body
    assert removals == as_stored(kept.removed)


# --- a stored article -----------------------------------------------------------------------


@pytest.fixture
def article(db) -> Article:
    with TestCase.captureOnCommitCallbacks(execute=True):
        result = ingest_text("floods.txt", PAGE)
    return result.article


def removed_index(article: Article, text: str) -> int:
    return [line["text"] for line in article.removed_lines].index(text)


def test_restoring_a_line_moves_annotations_and_extracts_its_quote(article, editor):
    start = article.body.index("Forecasters")
    note = Annotation.objects.create(
        article=article, author=editor, start=start, end=start + 11, exact="Forecasters"
    )
    assert article.quotes.filter(text__contains="rebuild").count() == 0
    with TestCase.captureOnCommitCallbacks(execute=True):
        restore_line(article.pk, removed_index(article, CAPTION_QUOTE), CAPTION_QUOTE)
    article.refresh_from_db()
    note.refresh_from_db()
    assert article.body.split("\n\n")[:2] == [FIRST.split(" - ", 1)[1], CAPTION_QUOTE]
    assert article.body[note.start : note.end] == "Forecasters"
    assert note.orphaned is False
    quoted = article.quotes.exclude(kind="reported")
    quotes = [(q.text, q.speaker.name if q.speaker else None) for q in quoted]
    assert quotes == [("We will rebuild every bridge,", "Massimo Isola")]
    assert article.kept_lines == [CAPTION_QUOTE]
    assert CAPTION_QUOTE not in [line["text"] for line in article.removed_lines]


def test_a_line_restored_twice_is_refused_the_second_time(article):
    index = removed_index(article, INJECTED)
    restore_line(article.pk, index, INJECTED)
    with pytest.raises(RestoreRefused, match="no longer among the removed lines"):
        restore_line(article.pk, index, INJECTED)
    article.refresh_from_db()
    assert article.body.count(INJECTED) == 1


def test_a_reimport_of_the_same_source_keeps_the_restored_line(article):
    restore_line(article.pk, removed_index(article, INJECTED), INJECTED)
    result = ingest_text("floods.txt", PAGE)
    assert result.outcome == "unchanged"
    changed = PAGE.replace("Forecasters warned", "Forecasters had warned")
    result = ingest_text("floods.txt", changed, replace=Replace.NEAR)
    article.refresh_from_db()
    assert result.outcome == "updated"
    assert INJECTED in article.body.split("\n\n")
    assert article.kept_lines == [INJECTED]


@pytest.mark.django_db(transaction=True)
def test_two_admins_restoring_two_lines_at_once_both_land(article):
    first, second = INJECTED, LINK
    jobs = [
        lambda: restore_line(article.pk, removed_index(article, first), first).pk,
        lambda: restore_line(article.pk, removed_index(article, second), second).pk,
    ]
    results = run_together(jobs)
    article.refresh_from_db()
    refused = [r for r in results if isinstance(r, RestoreRefused)]
    # The second to take the lock may find the list shifted: it is refused, never half-done.
    assert len(refused) + sum(1 for r in results if r == article.pk) == 2
    landed = [text for text in (first, second) if text in article.body.split("\n\n")]
    assert sorted(article.kept_lines) == sorted(landed)
    assert len(landed) == 2 - len(refused)
    assert article.body == clean_article(PAGE, keep=landed).body


# --- the admin page -------------------------------------------------------------------------


def restore_url(pk: int) -> str:
    return reverse("admin:articles_article_restore_line", args=[pk])


def test_the_admin_page_lists_removed_lines_with_a_restore_button(article, admin_client_):
    page = admin_client_.get(reverse("admin:articles_article_change", args=[article.pk]))
    html = page.content.decode()
    assert html.count("Restore to the body") == 6
    assert "Taylor Swift announces extra concert dates in Tokyo" in html


def test_an_admin_restores_a_line_from_the_article_page(article, admin_client_):
    index = removed_index(article, INJECTED)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = admin_client_.post(
            restore_url(article.pk), {"restore": str(index), f"restore_text_{index}": INJECTED}
        )
    assert response.status_code == 302
    article.refresh_from_db()
    assert INJECTED in article.body.split("\n\n")
    page = admin_client_.get(response["Location"]).content.decode()
    assert "Restored to the body" in page


def test_a_forged_or_stale_restore_says_so_and_changes_nothing(article, admin_client_):
    body = article.body
    for data in ({"restore": "99", "restore_text_99": "not a line"}, {"restore": "x"}, {}):
        response = admin_client_.post(restore_url(article.pk), data, follow=True)
        assert response.status_code == 200
        assert ("no longer among the removed lines" in response.content.decode()) or (
            "No removed line was chosen" in response.content.decode()
        )
    article.refresh_from_db()
    assert article.body == body


def test_restoring_needs_the_change_permission_and_a_post(article, client, staff_viewer):
    index = removed_index(article, INJECTED)
    data = {"restore": str(index), f"restore_text_{index}": INJECTED}
    client.force_login(staff_viewer)
    assert client.post(restore_url(article.pk), data).status_code == 403
    staff_viewer.user_permissions.add(Permission.objects.get(codename="change_article"))
    changer = Client()
    changer.force_login(User.objects.get(pk=staff_viewer.pk))
    assert changer.get(restore_url(article.pk)).status_code == 405
    assert changer.post(restore_url(999999), data).status_code == 404
    article.refresh_from_db()
    assert INJECTED not in article.body
    assert changer.post(restore_url(article.pk), data).status_code == 302


# --- the import preview ---------------------------------------------------------------------


def test_keep_in_the_body_at_the_preview(admin_client_, db):
    batch = batch_of(upload(admin_client_, ("floods.txt", PAGE.encode()), import_if_clean=""))
    document = batch.documents.get()
    page = admin_client_.get(batch.get_absolute_url()).content.decode()
    assert page.count("Keep in the body") == 6
    post(
        admin_client_,
        f"{batch.get_absolute_url()}confirm/",
        {f"doc-{document.pk}-include": "on", f"doc-{document.pk}-keep": [CAPTION_QUOTE]},
    )
    article = Article.objects.get()
    assert article.body.split("\n\n")[1] == CAPTION_QUOTE
    assert article.kept_lines == [CAPTION_QUOTE]
    assert article.quotes.filter(speaker__name="Massimo Isola").count() == 1


def test_a_line_to_keep_that_the_document_never_had_is_422(admin_client_, db):
    batch = batch_of(upload(admin_client_, ("floods.txt", PAGE.encode()), import_if_clean=""))
    document = batch.documents.get()
    response = admin_client_.post(
        f"{batch.get_absolute_url()}confirm/",
        {f"doc-{document.pk}-include": "on", f"doc-{document.pk}-keep": ["forged line"]},
    )
    assert response.status_code == 422
    assert "not among this document" in response.content.decode()
    assert Article.objects.count() == 0
