"""Annotating in the reader: create, edit, delete, roles, bad input, escaping, re-anchoring."""

from __future__ import annotations

import re
import shutil

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations.models import Annotation
from articles.models import Article, Theme
from tests.conftest import SEEDS_DIR, ingest
from tests.html import text_content

HX = {"HX-Request": "true"}


def selection(article: Article, phrase: str, occurrence: int = 1) -> dict:
    start = -1
    for _ in range(occurrence):
        start = article.body.index(phrase, start + 1)
    return {"start": start, "end": start + len(phrase), "exact": phrase}


def create_url(article: Article) -> str:
    return reverse("annotations:create", args=[article.pk])


@pytest.fixture
def article(seeds) -> Article:
    return seeds["000"]


@pytest.fixture
def energy(db) -> Theme:
    return Theme.objects.get(slug="energy")


def test_editor_highlights_tags_and_notes_without_reload(editor_client, editor, article, energy):
    data = {
        **selection(article, "Power of Siberia 2"),
        "themes": [energy.pk],
        "note": "Stalled deal",
    }
    response = editor_client.post(create_url(article), data, headers=HX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div class="reader-layout" id="annotated">')
    annotation = Annotation.objects.get()
    assert (annotation.author, annotation.note, list(annotation.themes.all())) == (
        editor,
        "Stalled deal",
        [energy],
    )
    assert (
        article.body[annotation.start : annotation.end] == annotation.exact == "Power of Siberia 2"
    )
    assert annotation.prefix == article.body[annotation.start - 32 : annotation.start]
    assert annotation.suffix == article.body[annotation.end : annotation.end + 32]
    assert f'data-annotation-id="{annotation.pk}"' in html
    assert text_content(html, "data-article-body") == article.body
    assert "Stalled deal" in html


def test_overlapping_and_nested_annotations_keep_the_text_intact(editor_client, article, energy):
    ukraine = Theme.objects.get(slug="ukraine")
    editor_client.post(
        create_url(article), {**selection(article, "Power of Siberia 2"), "themes": [energy.pk]}
    )
    editor_client.post(
        create_url(article),
        {**selection(article, "Siberia 2” pipeline, intended"), "themes": [ukraine.pk, energy.pk]},
    )
    editor_client.post(create_url(article), {**selection(article, "of Siberia")})
    html = editor_client.get(article.get_absolute_url()).content.decode()
    assert text_content(html, "data-article-body") == article.body
    for annotation in Annotation.objects.all():
        assert f'data-annotation-id="{annotation.pk}"' in html
    two = Annotation.objects.get(exact__startswith="Siberia 2")
    stripes = " ".join(
        f"{letter}-{t.pk}" for letter, t in zip("ab", two.themes.order_by("name"), strict=True)
    )
    assert f'class="n2 {stripes}"' in html  # two themes: two stripes, coloured by themes.css
    assert 'class="legend"' in html


def test_a_new_theme_is_created_on_the_spot(editor_client, article):
    editor_client.post(
        create_url(article), {**selection(article, "Harbin"), "new_theme": "  Arctic  routes "}
    )
    theme = Theme.objects.get(name="Arctic routes")
    assert list(Annotation.objects.get().themes.all()) == [theme]


def test_offsets_count_code_points_outside_the_basic_plane(editor_client, db):
    body = "Emoji 😀 and 𠀋 first.\n\nThen Putin spoke about “multipolar” things."
    article = Article.objects.create(title="Plane", body=body, raw=body, source_name="bmp.txt")
    response = editor_client.post(create_url(article), selection(article, "Putin spoke"))
    assert response.status_code == 302
    annotation = Annotation.objects.get()
    assert annotation.start == body.index("Putin spoke")


@pytest.mark.parametrize(
    ("change", "status", "message"),
    [
        ({"start": 10**6, "end": 10**6 + 5}, 400, "outside the article"),
        ({"exact": "Power of Siberia 3"}, 400, "does not match"),
        ({"end": 0}, 422, "greater than or equal to 1"),
        ({"themes": [999999]}, 422, "does not exist"),
        ({"note": "x" * 1_000_000}, 422, "under 10000 characters"),
        ({"start": "abc"}, 422, "whole number"),
    ],
)
def test_bad_submissions_are_refused_and_nothing_is_saved(
    editor_client, article, change, status, message
):
    data = {**selection(article, "Power of Siberia 2"), **change}
    response = editor_client.post(create_url(article), data, headers=HX)
    assert response.status_code == status
    assert message in response.content.decode()
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert not Annotation.objects.exists()
    assert editor_client.get(article.get_absolute_url()).status_code == 200


def test_unknown_article_is_404(editor_client, db):
    response = editor_client.post(
        reverse("annotations:create", args=[999999]), {"start": 0, "end": 1, "exact": "x"}
    )
    assert response.status_code == 404


def test_researchers_read_but_cannot_write(researcher, editor_client, article, energy):
    researcher_client = Client()
    researcher_client.force_login(researcher)
    editor_client.post(
        create_url(article), {**selection(article, "Power of Siberia 2"), "themes": [energy.pk]}
    )
    page = researcher_client.get(article.get_absolute_url()).content.decode()
    assert "data-annotate-form" not in page
    assert "Mine only" not in page  # researchers have no annotations of their own
    assert "Mine only" in editor_client.get(article.get_absolute_url()).content.decode()
    assert 'data-annotation-id="' in page
    annotation = Annotation.objects.get()
    assert (
        researcher_client.post(create_url(article), selection(article, "Harbin")).status_code == 403
    )
    assert (
        researcher_client.post(
            reverse("annotations:edit", args=[annotation.pk]), {"note": "x"}
        ).status_code
        == 403
    )
    assert (
        researcher_client.post(reverse("annotations:delete", args=[annotation.pk])).status_code
        == 403
    )
    assert Annotation.objects.count() == 1
    assert Annotation.objects.get().note == ""


def test_researchers_cannot_create_themes_through_the_form(researcher, editor, article):
    client = Client()
    client.force_login(editor)
    editor.groups.first().permissions.remove(
        *editor.groups.first().permissions.filter(codename="add_theme")
    )
    response = client.post(
        create_url(article), {**selection(article, "Harbin"), "new_theme": "Sneaky"}
    )
    assert response.status_code == 403
    assert not Theme.objects.filter(name="Sneaky").exists()


def test_anonymous_users_are_sent_to_login(client, article):
    response = client.post(create_url(article), selection(article, "Harbin"))
    assert response.status_code == 302
    assert not Annotation.objects.exists()


def test_a_post_without_csrf_token_is_refused(editor, article):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.post(create_url(article), selection(article, "Harbin")).status_code == 403
    assert not Annotation.objects.exists()


def _annotation(client, article, phrase="Harbin", **extra) -> Annotation:
    client.post(create_url(article), {**selection(article, phrase), **extra})
    return Annotation.objects.latest("pk")


def test_authors_edit_and_delete_their_own(editor_client, article, energy):
    annotation = _annotation(editor_client, article)
    form = editor_client.get(reverse("annotations:edit", args=[annotation.pk]), headers=HX)
    assert b'name="note"' in form.content
    response = editor_client.post(
        reverse("annotations:edit", args=[annotation.pk]),
        {"note": "Edited", "themes": [energy.pk], "version": 1},
        headers=HX,
    )
    assert response.status_code == 200
    annotation.refresh_from_db()
    assert annotation.note == "Edited"
    assert list(annotation.themes.all()) == [energy]
    delete = reverse("annotations:delete", args=[annotation.pk])
    unversioned = editor_client.post(delete, headers=HX)  # never last-writer-wins
    assert unversioned.status_code == 422
    assert "carries no version" in unversioned.content.decode()
    assert Annotation.objects.count() == 1
    response = editor_client.post(delete, {"version": 2}, headers=HX)
    assert response.status_code == 200
    assert not Annotation.objects.exists()


def test_other_editors_cannot_change_it_but_admins_can(
    editor_client, article, staff_admin, django_user_model
):
    from django.contrib.auth.models import Group

    annotation = _annotation(editor_client, article)
    other = django_user_model.objects.create_user("olga", password="x-long-password-1")
    other.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(other)
    assert (
        client.post(
            reverse("annotations:edit", args=[annotation.pk]), {"note": "mine now"}
        ).status_code
        == 403
    )
    assert client.post(reverse("annotations:delete", args=[annotation.pk])).status_code == 403
    page = client.get(article.get_absolute_url()).content.decode()
    assert reverse("annotations:delete", args=[annotation.pk]) not in page
    client.force_login(staff_admin)
    assert (
        client.post(
            reverse("annotations:edit", args=[annotation.pk]), {"note": "by admin", "version": 1}
        ).status_code
        == 302
    )
    annotation.refresh_from_db()
    assert annotation.note == "by admin"


def test_unknown_annotation_is_404(editor_client, db):
    assert (
        editor_client.post(reverse("annotations:edit", args=[999999]), {"note": "x"}).status_code
        == 404
    )
    assert editor_client.post(reverse("annotations:delete", args=[999999])).status_code == 404


def test_notes_and_theme_names_are_escaped(editor_client, article):
    _annotation(
        editor_client, article, note="<img src=x onerror=alert(1)>", new_theme="<b>bold</b>"
    )
    html = editor_client.get(article.get_absolute_url()).content.decode()
    assert "<img src=x onerror=alert(1)>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<b>bold</b>" not in html


def test_panel_filters_by_theme_and_mine(editor_client, article, energy, editor, staff_admin):
    _annotation(editor_client, article, "Harbin", themes=[energy.pk])
    _annotation(editor_client, article, "Zhongnanhai")
    admin_client = Client()
    admin_client.force_login(staff_admin)
    _annotation(admin_client, article, "Gaza")

    def items(params):
        html = editor_client.get(article.get_absolute_url(), params, headers=HX).content.decode()
        return set(re.findall(r'data-annotation-item="(\d+)"', html))

    assert len(items({})) == 3
    assert items({"theme": "energy"}) == {str(Annotation.objects.get(exact="Harbin").pk)}
    assert len(items({"mine": "1"})) == 2


def test_reader_query_count_does_not_grow_with_annotations(editor_client, article, energy):
    words = list(dict.fromkeys(re.findall(r"\b[A-Z][a-z]{4,}\b", article.body)))[:26]
    _annotation(editor_client, article, words[0], themes=[energy.pk], note="n")
    editor_client.get(article.get_absolute_url())
    with CaptureQueriesContext(connection) as one:
        editor_client.get(article.get_absolute_url())
    for word in words[1:]:
        _annotation(editor_client, article, word, themes=[energy.pk], note="n")
    with CaptureQueriesContext(connection) as many:
        response = editor_client.get(article.get_absolute_url())
    assert response.content.decode().count("data-annotation-item=") == len(words)
    assert len(many) == len(one)


def _edit_seed(tmp_path, edit):
    shutil.copytree(SEEDS_DIR, tmp_path / "seeds", dirs_exist_ok=True)
    (path,) = (tmp_path / "seeds").glob("000_*.txt")
    path.write_text(edit(path.read_text()), encoding="utf-8")
    return ingest(tmp_path / "seeds", "--replace", "near")


def test_annotations_follow_their_passage_when_the_text_changes(editor_client, article, tmp_path):
    kept = _annotation(editor_client, article, "Power of Siberia 2")
    later = _annotation(editor_client, article, "glory moment")
    doomed = _annotation(editor_client, article, "Beijing has consistently denied these claims.")
    out = _edit_seed(
        tmp_path,
        lambda text: (
            text.replace("Despite the grand rhetoric", "Despite the very grand rhetoric")
            .replace("The meeting’s optics were strikingly incongruous. ", "")
            .replace(" Beijing has consistently denied these claims.", "")
        ),
    )
    assert "1 updated" in out
    article.refresh_from_db()
    for annotation in (kept, later):
        annotation.refresh_from_db()
        assert not annotation.orphaned
        assert article.body[annotation.start : annotation.end] == annotation.exact
    assert kept.exact == "Power of Siberia 2"
    doomed.refresh_from_db()
    assert doomed.orphaned
    assert Annotation.objects.count() == 3
    html = editor_client.get(article.get_absolute_url()).content.decode()
    assert "Not found in the current text" in html
    assert text_content(html, "data-article-body") == article.body


def test_admins_merge_themes_moving_every_annotation(editor_client, article, admin_client_):
    tension = Theme.objects.create(name="Tension")
    friction = Theme.objects.create(name="Friction")
    first = _annotation(editor_client, article, "Harbin", themes=[tension.pk])
    second = _annotation(editor_client, article, "Gaza", themes=[friction.pk, tension.pk])
    response = admin_client_.post(
        "/admin/articles/theme/",
        {
            "action": "merge_themes",
            "_selected_action": [tension.pk, friction.pk],
            "confirm": "yes",
            "target": friction.pk,
        },
    )
    assert response.status_code == 302
    assert not Theme.objects.filter(pk=tension.pk).exists()
    assert list(first.themes.all()) == [friction]
    assert list(second.themes.all()) == [friction]


def test_a_colour_that_is_not_hex_never_reaches_the_style_block(editor_client, article):
    theme = Theme.objects.create(name="Odd")
    with pytest.raises(ValueError, match="not a #rrggbb"):
        Theme(name="Odder", colour="red; background: url(x)").save()
    Theme.objects.filter(pk=theme.pk).update(colour="};*{x:1")  # planted past save()
    _annotation(editor_client, article, "Harbin", themes=[theme.pk])
    html = editor_client.get(article.get_absolute_url()).content.decode()
    css = editor_client.get(reverse("articles:theme-stylesheet")).content.decode()
    assert "};*{x:1" not in html + css
    assert f".theme-{theme.pk} {{ --theme: #ffd54f;" in css
    assert f"mark.a-{theme.pk} {{ --c1: #ffd54f; }}" in css


def _contrast_with_black(colour: str) -> float:
    """WCAG 2 contrast ratio of black text on ``colour``."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    return (0.2126 * red + 0.7152 * green + 0.0722 * blue + 0.05) / 0.05


def test_new_themes_get_distinct_readable_colours(editor_client, article):
    from articles.models import DEFAULT_THEME_COLOUR, THEME_PALETTE

    before = set(Theme.objects.values_list("colour", flat=True))
    names = ["Arctic shipping", "Fintech", "Space race", "Grain", "Tourism"]
    for number, name in enumerate(names, 1):
        data = {**selection(article, "Power of Siberia 2"), "new_theme": name, "note": str(number)}
        assert editor_client.post(create_url(article), data).status_code == 302
    colours = list(Theme.objects.filter(name__in=names).values_list("colour", flat=True))
    assert len(set(colours)) == 5  # each its own…
    assert DEFAULT_THEME_COLOUR not in colours  # …none the untagged highlight's yellow…
    assert not set(colours) & before  # …nor an existing theme's
    assert all(_contrast_with_black(colour) >= 4.5 for colour in THEME_PALETTE)  # WCAG AA
