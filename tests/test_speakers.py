"""/speakers/ and /speakers/<slug>/."""

from __future__ import annotations

from django.urls import reverse

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
    assert "4 quotes in 2 articles" in html


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
    assert f"{quoted} quote{'s' if quoted != 1 else ''} and {reported} reported statements" in html
    assert html.count('<li class="reported">') == reported
    assert ">much-needed ammunition and weapons are being rushed to the front lines<" in html
