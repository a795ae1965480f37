"""The coding rounds' pages (issue 32): the list, a round's codebook, progress and agreement,
a coder marking articles done (htmx and plain), the CSV, an admin closing it, and the
reader telling a coder they code the article — with 403 and 404 for who may not."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from annotations import rounds, services
from annotations.models import CodingRound, RoundDone
from articles.models import Article, Theme

HX = {"HX-Request": "true"}
BODY = "Gas flows east. Oil flows west, and coal stays home. Talks resume in June."


def editor_named(name: str) -> User:
    user = User.objects.create_user(name)
    user.groups.add(Group.objects.get(name="Editors"))
    return User.objects.get(pk=user.pk)


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def pilot(db) -> CodingRound:
    energy = Theme.objects.get(slug="energy")
    energy.examples = "gas deliveries to China\nthe Power of Siberia pipeline"
    energy.counter_example = "energy of the crowd"
    energy.save()
    for name in ("ann", "ben"):
        editor_named(name)
    articles = []
    for n in range(2):
        body = f"{BODY} Story {n}."
        articles.append(Article.objects.create(title=f"Story {n}", body=body, raw=body,
                                               source_name=f"{n}.txt"))  # fmt: skip
    return rounds.create_round("Energy pilot", [a.pk for a in articles], ["ann", "ben"],
                               ["energy"], blind=True)  # fmt: skip


def page_of(pilot: CodingRound, who: str) -> str:
    response = client_of(User.objects.get(username=who)).get(
        reverse("annotations:round", args=[pilot.pk])
    )
    assert response.status_code == 200
    return response.content.decode()


def test_the_list_shows_each_round_with_its_counts(pilot, researcher_client):
    html = researcher_client.get(reverse("annotations:rounds")).content.decode()
    assert f'href="{reverse("annotations:round", args=[pilot.pk])}">Energy pilot</a>' in html
    assert "0 of 2 × 2" in html


def test_the_page_shows_codebook_progress_and_agreement(pilot):
    ann, ben = User.objects.get(username="ann"), User.objects.get(username="ben")
    first = pilot.articles.order_by("pk").first()
    for coder in (ann, ben):
        start = BODY.index("Gas flows east")
        energy = [Theme.objects.get(slug="energy")]
        data = {"start": start, "end": start + 14, "themes": energy}
        services.create_annotation(first, coder, data)
        rounds.mark_done(pilot, coder, [first.pk])
    html = page_of(pilot, "ann")
    assert "“gas deliveries to China”" in html
    assert "Does not belong: “energy of the crowd”" in html
    assert html.count(">done</td>") == 2  # both coders, first article
    assert ">1/2</td>" in html
    assert '<th scope="row">Energy</th><td>1.000</td>' in html
    assert 'aria-label="α 1.00"' in html
    assert html.count("Mark done</button>") == 2  # a coder sees a button per article


def test_a_coder_marks_an_article_done_without_a_reload_and_then_all(pilot):
    ann = client_of(User.objects.get(username="ann"))
    first, second = pilot.articles.order_by("pk")
    url = reverse("annotations:round-done", args=[pilot.pk])
    response = ann.post(url, {"article": first.pk}, headers=HX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('\n<section id="round-progress"') or html.lstrip().startswith(
        '<section id="round-progress"'
    )
    assert "1 article marked done." in html
    assert ann.post(url, {}).status_code == 302  # plain form: back to the page
    assert RoundDone.objects.filter(coding_round=pilot, coder__username="ann").count() == 2
    assert set(RoundDone.objects.values_list("article_id", flat=True)) == {first.pk, second.pk}


def test_who_may_not_mark_done_or_close(pilot, researcher_client, editor_client):
    url = reverse("annotations:round-done", args=[pilot.pk])
    assert researcher_client.post(url, {}).status_code == 403  # reads, codes nothing
    assert editor_client.post(url, {}).status_code == 403  # an editor outside the round
    close = reverse("annotations:round-close", args=[pilot.pk])
    assert client_of(User.objects.get(username="ann")).post(close).status_code == 403
    assert RoundDone.objects.count() == 0
    assert CodingRound.objects.get().state == CodingRound.State.OPEN


def test_unknown_rounds_and_bad_articles(pilot, db):
    ann = client_of(User.objects.get(username="ann"))
    assert ann.get(reverse("annotations:round", args=[9999])).status_code == 404
    assert ann.post(reverse("annotations:round-done", args=[9999]), {}).status_code == 404
    url = reverse("annotations:round-done", args=[pilot.pk])
    assert ann.post(url, {"article": "x"}).status_code == 400
    outside = Article.objects.create(title="Other", body="Other text.", raw="Other text.",
                                     source_name="o.txt")  # fmt: skip
    refused = ann.post(url, {"article": outside.pk}, headers=HX)
    assert refused.status_code == 409
    assert "is not in “Energy pilot”" in refused.content.decode()


def test_an_admin_closes_the_round_and_nothing_more_is_marked(pilot, admin_client_):
    close = reverse("annotations:round-close", args=[pilot.pk])
    assert admin_client_.post(close).status_code == 302
    pilot.refresh_from_db()
    assert pilot.state == CodingRound.State.CLOSED
    assert pilot.closed is not None
    html = page_of(pilot, "ann")
    assert "Mark done</button>" not in html
    assert "Close the round" not in html


def test_the_agreement_downloads_as_csv(pilot, researcher_client):
    response = researcher_client.get(reverse("annotations:round-agreement", args=[pilot.pk]))
    assert (
        response["Content-Disposition"] == f'attachment; filename="round-{pilot.pk}-agreement.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["scope", "theme", "alpha", "units", "coders"]
    assert rows[1][:2] == ["round", "(overall)"]


def test_the_reader_tells_a_coder_the_round_and_shows_the_codebook(pilot, editor_client):
    article = pilot.articles.order_by("pk").first()
    coder_view = client_of(User.objects.get(username="ann")).get(article.get_absolute_url())
    html = coder_view.content.decode()
    assert 'id="round-notice"' in html
    assert "“Energy pilot”" in html
    assert "energy of the crowd" in html
    assert 'id="round-notice"' not in editor_client.get(article.get_absolute_url()).content.decode()
