"""/speakers/ and /speakers/<slug>/."""

from __future__ import annotations

import re

from django.urls import reverse

from articles import queries
from articles.models import Person, Quote


def test_speaker_list_shows_kind_description_and_counts(researcher_client, seeds):
    html = researcher_client.get(reverse("articles:speakers")).content.decode()
    assert "Alexandra Prokopenko" in html
    assert "a fellow at the Carnegie Russia Eurasia Center" in html
    assert "Document" in html
    prokopenko = Person.objects.get(name="Alexandra Prokopenko")
    assert f'?speaker={prokopenko.slug}">4</a>' in html


def test_speaker_detail_groups_quotes_by_article(researcher_client, seeds):
    person = Person.objects.get(name="Alexandra Prokopenko")
    html = researcher_client.get(reverse("articles:speaker", args=[person.slug])).content.decode()
    assert html.count('<section class="speaker-article">') == 2
    assert "China Digital Times" in html
    assert "1 article of unknown outlet" in html
    assert "4 quotes of their own · in 2 articles" in html


def test_aliases_are_listed(researcher_client, seeds):
    xi = Person.objects.get(name="Xi Jinping")
    html = researcher_client.get(reverse("articles:speaker", args=[xi.slug])).content.decode()
    assert '<span class="alias">Xi</span>' in html


def test_unknown_speaker_is_404(researcher_client, seeds):
    assert researcher_client.get("/speakers/nobody-here/").status_code == 404


def test_outsiders_get_403(client, outsider, seeds):
    client.force_login(outsider)
    assert client.get(reverse("articles:speakers")).status_code == 403


def test_a_speaker_page_lists_quotes_and_reported_statements_told_apart(researcher_client, seeds):
    blinken = Person.objects.get(name="Antony Blinken")
    quoted = blinken.quotes.exclude(kind=Quote.Kind.REPORTED).count()
    reported = blinken.quotes.filter(kind=Quote.Kind.REPORTED).count()
    assert quoted >= 1
    assert reported >= 2  # "pledged $2 billion …", "said much-needed ammunition …"
    html = researcher_client.get(reverse("articles:speaker", args=[blinken.slug])).content.decode()
    assert f"{quoted} quote{'s' if quoted != 1 else ''} of their own, {reported} reported" in html
    assert html.count('<li class="reported">') == reported
    assert ">much-needed ammunition and weapons are being rushed to the front lines<" in html


# --- issue 36, item 8: one definition of a speaker's quotes, and counts that agree ----------


def _browse_count(client, url: str) -> int:
    html = client.get(url).content.decode()
    return int(re.search(r'<p class="count">\s*([\d,]+) quote', html).group(1).replace(",", ""))


def test_a_speaker_pages_counts_add_up_to_what_its_browse_link_shows(researcher_client, seeds):
    putin = Person.objects.get(name="Vladimir Putin")
    joint = Person.objects.get(name="Xi Jinping and Vladimir Putin")
    own = putin.quotes.exclude(kind=Quote.Kind.REPORTED).count()
    jointly = joint.quotes.exclude(kind=Quote.Kind.REPORTED).count()
    reported = Quote.objects.filter(speaker__in=[putin, joint], kind=Quote.Kind.REPORTED).count()
    assert min(own, jointly) >= 2
    html = researcher_client.get(reverse("articles:speaker", args=[putin.slug])).content.decode()
    counts = re.search(r'<p id="speaker-counts">(.*?)</p>', html, re.S).group(1)
    assert f"{own} quotes of their own" in counts
    assert f"{jointly} said jointly (as Xi Jinping and Vladimir Putin)" in counts
    if reported:
        assert f"{reported} reported statement" in counts
    browse = re.search(r'href="([^"]+)" id="browse-speaker">Browse all (\d+)<', html)
    assert int(browse.group(2)) == own + jointly + reported
    assert _browse_count(researcher_client, browse.group(1).replace("&amp;", "&")) == int(
        browse.group(2)
    )
    assert (
        html.count("joint: Xi Jinping and Vladimir Putin")
        == jointly + Quote.objects.filter(speaker=joint, kind=Quote.Kind.REPORTED).count()
    )


def test_the_speakers_table_counts_own_joint_and_reported_apart(researcher_client, seeds):
    putin = Person.objects.get(name="Vladimir Putin")
    joint = Person.objects.get(name="Xi Jinping and Vladimir Putin")
    row = next(p for p in queries.speaker_list() if p.pk == putin.pk)
    said = Quote.objects.filter(speaker__in=[putin, joint])
    assert row.quote_count == putin.quotes.exclude(kind=Quote.Kind.REPORTED).count()
    assert row.joint_count == joint.quotes.exclude(kind=Quote.Kind.REPORTED).count()
    assert row.reported_count == said.filter(kind=Quote.Kind.REPORTED).count()
    assert row.article_count == said.values("article").distinct().count()
    unknown = said.filter(article__outlet__isnull=True).values("article").distinct().count()
    assert row.unknown_outlet_count == unknown
    assert (
        row.outlet_count
        == said.exclude(article__outlet=None).values("article__outlet").distinct().count()
    )
    assert row.quote_count + row.joint_count + row.reported_count == _browse_count(
        researcher_client, f"{reverse('articles:quotes')}?speaker={putin.slug}"
    )


def test_a_joint_speaker_of_people_is_shown_as_joint_not_as_a_government(researcher_client, seeds):
    joint = Person.objects.get(name="Xi Jinping and Vladimir Putin")
    assert joint.kind == Person.Kind.GOVERNMENT  # as the curated list stores it
    table = researcher_client.get(reverse("articles:speakers")).content.decode()
    row = re.search(rf"{re.escape(joint.name)}</a></td>\s*<td>([^<]*)</td>", table)
    assert row.group(1) == "Joint: 2 people"
    page = researcher_client.get(reverse("articles:speaker", args=[joint.slug])).content.decode()
    assert "Joint: 2 people (" in page
    assert "Government" not in page
    xi = Person.objects.get(name="Xi Jinping")
    assert xi.display_kind() == "Person"


def test_the_speakers_table_asks_a_fixed_number_of_queries(
    researcher_client, seeds, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        response = researcher_client.get(reverse("articles:speakers"))
    assert response.content.decode().count('href="/speakers/') >= 10
