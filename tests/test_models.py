"""The data model's own rules: hashes, aliases, slugs, offsets."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from annotations.models import Annotation
from articles.models import Article, Outlet, Person, PersonAlias, Quote
from newsnlp.quotes.vocabulary import normalise_alias


@pytest.fixture
def article(db) -> Article:
    return Article.objects.create(title="T", body="Some body text.", raw="x", source_name="a.txt")


def test_the_same_text_twice_is_one_article(article):
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(title="Other", body=" Some  body\ntext. ", raw="y", source_name="b")


def test_alias_is_unique_after_normalisation(db):
    xi = Person.objects.create(name="Xi Jinping")
    PersonAlias.objects.create(person=xi, alias="Xi Jinping")
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonAlias.objects.create(person=xi, alias="  xi   JINPING ")
    assert normalise_alias("Andréi Belousov!") == "andrei belousov"


def test_slugs_are_made_and_kept_unique(db):
    first = Person.objects.create(name="Wang Yi")
    second = Person.objects.create(name="Wang Yi")
    assert first.slug == "wang-yi"
    assert second.slug == "wang-yi-2"
    assert Outlet.objects.create(name="The Moscow Times").slug == "the-moscow-times"


def test_offsets_must_run_forwards(article):
    with pytest.raises(IntegrityError), transaction.atomic():
        Quote.objects.create(article=article, text="", start=5, end=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        Annotation.objects.create(article=article, start=6, end=2, exact="")


def test_untitled_articles_say_so_instead_of_guessing(article):
    article.title = ""
    assert article.display_title == "[Untitled] Some body text."
    assert article.get_absolute_url() == f"/articles/{article.pk}/"


def test_deleting_an_outlet_leaves_its_articles_unknown(article):
    outlet = Outlet.objects.create(name="Gone")
    article.outlet = outlet
    article.save()
    outlet.delete()
    article.refresh_from_db()
    assert article.outlet is None
