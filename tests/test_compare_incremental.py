"""Compare at scale: a change recomputes only what it touches, and what it stores matches a
full rebuild of the same corpus.
"""

from __future__ import annotations

import random

import pytest
from django.test import TestCase

from annotations.models import Annotation
from articles.models import Article, Outlet, Person, Quote, Theme, content_hash_of
from compare.alignment import SAME_ROW, Stored, place
from compare.consistency import row_agreement, stored_rows
from compare.models import QuoteGroup, ThemeCoverage, ThemePassage, ThemeVocabulary
from compare.refresh import RefreshPlan, refresh_all

SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "te", "vo", "zu", "pi", "da", "go"]
FILLER = [
    "Officials met in the capital on Thursday.",
    "The talks lasted several hours behind closed doors.",
    "Reporters waited outside the hall for a statement.",
    "Both delegations described the meeting as friendly.",
]


def fact(number: int, rng: random.Random) -> str:
    """One of many facts about gas, each with names of its own (so the same fact in two
    articles shares rare words), worded with some variation."""
    own = random.Random(number)
    names = ["".join(own.choices(SYLLABLES, k=3)).title() for _ in range(4)]
    verb = rng.choice(["will carry", "is to deliver", "would bring"])
    return f"The {names[0]} gas line {verb} fuel from {names[1]} to {names[2]} via {names[3]}."


def article_text(rng: random.Random, facts: int = 30) -> str:
    """Four facts and two filler sentences, in any order."""
    sentences = [fact(n, rng) for n in rng.sample(range(facts), 4)] + rng.sample(FILLER, 2)
    rng.shuffle(sentences)
    return "\n\n".join(sentences)


def create_article(number: int, text: str, outlet: Outlet) -> Article:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return Article.objects.create(
            title=f"Energy story {number}", body=text, raw=text, outlet=outlet,
            source_name=f"energy-{number}.txt", content_hash=content_hash_of(text),
            word_count=len(text.split()),
        )  # fmt: skip


@pytest.fixture
def energy_corpus(db) -> list[Article]:
    rng = random.Random(5)
    outlets = [Outlet.objects.create(name=f"Outlet {n}") for n in range(3)]
    texts = [article_text(rng) for _ in range(12)]
    articles = Article.objects.bulk_create(
        Article(title=f"Energy story {n}", body=text, raw=text, outlet=outlets[n % 3],
                source_name=f"energy-{n}.txt", content_hash=content_hash_of(text),
                word_count=len(text.split()))
        for n, text in enumerate(texts)
    )  # fmt: skip
    refresh_all()
    return articles


def energy_rows() -> dict[int, set[int]]:
    rows: dict[int, set[int]] = {}
    for row, article in ThemePassage.objects.filter(theme__slug="energy").values_list(
        "row", "article_id"
    ):
        rows.setdefault(row, set()).add(article)
    return rows


@pytest.mark.parametrize("reweigh", [True, False], ids=["reweighed", "weights-fixed"])
def test_rows_kept_up_to_date_change_by_change_match_a_full_rebuild(
    energy_corpus, reweigh, monkeypatch
):
    """With the term weights counted again as the theme grows, and with them fixed since
    the first alignment (as between rebuilds of a large corpus)."""
    if not reweigh:
        monkeypatch.setattr("compare.passages.REWEIGH_AFTER", 1000)
    weighed_on = ThemeVocabulary.objects.get(theme__slug="energy").passages
    rng = random.Random(9)
    outlet = Outlet.objects.get(name="Outlet 1")
    for number in range(12, 30):  # new articles, each refreshed on its own
        create_article(number, article_text(rng), outlet)
    energy = Theme.objects.get(slug="energy")
    for article in Article.objects.filter(title__startswith="Energy story")[:6]:
        end = article.body.index(".") + 1
        with TestCase.captureOnCommitCallbacks(execute=True):
            annotation = Annotation.objects.create(
                article=article, start=0, end=end, exact=article.body[:end]
            )
            annotation.themes.add(energy)
    rows_seen = energy_rows()
    assert max(len(articles) for articles in rows_seen.values()) >= 4  # facts did line up
    assert ThemePassage.objects.filter(theme=energy, origin="annotation").count() == 6

    now_weighed_on = ThemeVocabulary.objects.get(theme=energy).passages
    assert (now_weighed_on > weighed_on * 1.25) if reweigh else (now_weighed_on == weighed_on)

    incremental = stored_rows()
    refresh_all()
    # Issue 36, item 6: every passage added change by change has the row-mates a full
    # rebuild gives it (the part of the rows a change reaches is realigned by their rule).
    assert row_agreement(incremental, stored_rows()) == 1.0


def test_an_annotation_replaces_only_its_articles_passages_in_its_theme(energy_corpus):
    article = energy_corpus[0]
    other_passages = set(
        ThemePassage.objects.exclude(theme__slug="energy", article=article).values_list("pk", "row")
    )
    sentence = next(s for s in article.body.split("\n\n") if "gas line" in s)
    start = article.body.index(sentence)
    with TestCase.captureOnCommitCallbacks(execute=True):
        annotation = Annotation.objects.create(
            article=article, start=start, end=start + len(sentence), exact=sentence
        )
        annotation.themes.add(Theme.objects.get(slug="energy"))

    passage = ThemePassage.objects.get(annotation=annotation)
    assert passage.origin == "annotation"
    # The suggestion it covers is gone; every other stored passage kept its id and its row.
    assert not ThemePassage.objects.filter(
        theme__slug="energy", article=article, start=start, origin="suggestion"
    ).exists()
    assert other_passages <= set(ThemePassage.objects.values_list("pk", "row"))
    # It sits on the row of the same fact in other articles.
    mates = ThemePassage.objects.filter(theme=passage.theme, row=passage.row).exclude(pk=passage.pk)
    assert mates.exists()
    assert all(sentence.split()[1] in mate.text for mate in mates)


def test_a_new_article_joins_the_rows_of_the_facts_it_reports(energy_corpus):
    vocabulary = ThemeVocabulary.objects.get(theme__slug="energy")
    text = energy_corpus[3].body
    new = create_article(99, text.replace("Officials", "Ministers"), energy_corpus[3].outlet)
    # Not realigned: placed among the stored rows, weighed as they were.
    assert ThemeVocabulary.objects.get(pk=vocabulary.pk).built == vocabulary.built
    for passage in ThemePassage.objects.filter(theme__slug="energy", article=new):
        same_row = ThemePassage.objects.filter(theme=passage.theme, row=passage.row)
        assert energy_corpus[3].pk in set(same_row.values_list("article_id", flat=True))
    coverage = ThemeCoverage.objects.get(theme__slug="energy", source_key=f"outlet-{new.outlet_id}")
    assert (
        coverage.passages
        == ThemePassage.objects.filter(theme__slug="energy", article__outlet=new.outlet).count()
    )


def test_a_new_lexicon_term_suggests_only_where_the_term_is(energy_corpus):
    taiwan = Theme.objects.get(slug="taiwan")
    before = set(ThemePassage.objects.exclude(theme=taiwan).values_list("pk", flat=True))
    taiwan.lexicon += "\ndelegations"
    with TestCase.captureOnCommitCallbacks(execute=True):
        taiwan.save()
    found = ThemePassage.objects.filter(theme=taiwan)
    assert found.exists()
    assert all("delegations" in passage.text for passage in found)
    assert before == set(ThemePassage.objects.exclude(theme=taiwan).values_list("pk", flat=True))


def test_renaming_a_theme_recomputes_nothing(energy_corpus, django_assert_max_num_queries):
    energy = Theme.objects.get(slug="energy")
    energy.name = "Energy and fuel"
    with django_assert_max_num_queries(4), TestCase.captureOnCommitCallbacks(execute=True):
        energy.save()


def test_a_quote_change_regroups_only_its_speakers(energy_corpus):
    first, second, third = (Person.objects.create(name=name) for name in ("Ann", "Bo", "Cy"))
    with TestCase.captureOnCommitCallbacks(execute=True):
        for article in energy_corpus[:3]:  # three outlets
            for speaker, text in [(first, "we will build it together"),
                                  (second, "the price is still open"),
                                  (third, "nothing was signed on gas")]:  # fmt: skip
                Quote.objects.create(article=article, speaker=speaker, text=text, start=0, end=10)
    untouched = QuoteGroup.objects.get(speaker=third).pk
    quote = Quote.objects.filter(speaker=first).first()
    quote.speaker = second  # an editor corrects the attribution
    with TestCase.captureOnCommitCallbacks(execute=True):
        quote.save()
    assert QuoteGroup.objects.get(speaker=first).quote_count == 2  # the old speaker's too
    assert [g.quote_count for g in QuoteGroup.objects.filter(speaker=second)] == [3]
    assert QuoteGroup.objects.get(speaker=third).pk == untouched  # not regrouped


def test_place_joins_the_strongest_row_and_merges_the_rows_it_bridges():
    stored = {"a": Stored(0, 1), "b": Stored(1, 2), "c": Stored(2, 3)}
    placement = place(
        [("new", 9)],
        {("new", "a"): 0.9, ("new", "b"): 0.5, ("new", "c"): SAME_ROW - 0.01},
        stored,
        {0: {1}, 1: {2}, 2: {3}},
        next_row=3,
    )
    assert placement.rows == {"new": 0}
    assert placement.merged == {1: 0}  # bridged; the weak link to row 2 is not
    # Never two passages of one article on a row: article 1 is already on row 0.
    alone = place([("new", 1)], {("new", "a"): 0.9}, stored, {0: {1}}, next_row=3)
    assert alone.rows == {"new": 3}


def test_plans_stored_by_the_earlier_version_still_run():
    plan = RefreshPlan.from_dict({"passage_themes": [3], "quote_groups": True})
    assert plan.quote_speakers == "all"
    assert plan.passage_themes == {3}
    pairs = RefreshPlan(passage_articles={(1, 2)})
    assert RefreshPlan.from_dict(pairs.as_dict()).passage_articles == {(1, 2)}


def test_a_changed_articles_reuse_is_found_through_the_index_alone(energy_corpus, monkeypatch):
    from compare import reusepairs
    from compare.models import ReuseGram, ReusePair

    source = energy_corpus[4]
    copied = " ".join(
        ["Both sides said the agreement on the route and the price was reached after years of",
         "difficult negotiation between the two state companies, and that the first deliveries",
         "would begin once the construction of the compressor stations is complete."]
    )  # fmt: skip
    source.body += "\n\n" + copied
    source.save()
    lonely_text = "A wholly different story about rainfall, harvests and rural schools in Peru."
    lonely = create_article(50, lonely_text, energy_corpus[1].outlet)
    reusepairs.refresh_reuse()  # the full rebuild stores every article's fingerprints
    assert ReuseGram.objects.filter(article=source).exists()
    read = []
    real = reusepairs.reuse_of
    monkeypatch.setattr(
        reusepairs, "reuse_of", lambda changed, corpus: real(changed, read.extend(corpus) or read)
    )
    text = f"{energy_corpus[7].body}\n\nMinisters added: {copied}"
    new = create_article(77, text, energy_corpus[7].outlet)

    read_ids = {pk for pk, _ in read}
    assert source.pk in read_ids
    assert lonely.pk not in read_ids  # shares no run of words with it: never read
    pair = ReusePair.objects.get(article_a=min(source.pk, new.pk), article_b=max(source.pk, new.pk))
    assert pair.shared_words >= 30
    assert ReuseGram.objects.filter(article=new).exists()


def test_removing_a_lexicon_term_drops_its_suggestions_and_reads_only_their_articles(
    energy_corpus, monkeypatch
):
    from compare import refresh as refresh_module

    energy = Theme.objects.get(slug="energy")
    assert ThemePassage.objects.filter(theme=energy, text__contains="fuel").exists()
    read = []
    real = refresh_module.suggest_themes
    monkeypatch.setattr(
        refresh_module, "suggest_themes", lambda texts, *a: read.extend(texts) or real(texts, *a)
    )
    energy.lexicon = "\n".join(t for t in energy.lexicon.splitlines() if t.strip() != "fuel")
    with TestCase.captureOnCommitCallbacks(execute=True):
        energy.save()
    # "gas" is still a term: the facts stay suggested, for "gas" alone now.
    assert ThemePassage.objects.filter(theme=energy).exists()
    assert not any("fuel" in terms for terms in energy.suggestions.values_list("terms", flat=True))
    with_fuel = {a.pk for a in energy_corpus if "fuel" in a.body.lower()}
    assert set(read) == with_fuel  # only the articles that had "fuel" suggestions


def test_reuse_pairs_found_change_by_change_match_a_full_rebuild(energy_corpus):
    from compare.models import ReusePair
    from compare.reusepairs import refresh_reuse

    rng = random.Random(3)
    outlet = energy_corpus[0].outlet
    for number in range(40, 46):  # each copies a paragraph or two of an earlier article
        copied = rng.sample(energy_corpus, 2)
        text = "\n\n".join([article_text(rng), *(a.body.split("\n\n")[0] for a in copied)])
        create_article(number, text, outlet)
    incremental = set(ReusePair.objects.values_list("article_a", "article_b", "shared_words"))
    refresh_reuse()
    assert set(ReusePair.objects.values_list("article_a", "article_b", "shared_words")) == (
        incremental
    )
    assert len(incremental) >= 6


def test_the_article_list_offers_the_newest_and_those_chosen(
    researcher_client, energy_corpus, monkeypatch
):
    monkeypatch.setattr("compare.forms.ARTICLE_CHOICES", 5)
    oldest = Article.objects.last()  # newest first (all undated here: by source name)
    page = researcher_client.get(f"/compare/?theme=energy&article={oldest.pk}").content.decode()
    start = page.index('id="id_article"')
    select = page[start : page.index("</select>", start)]
    assert select.count("<option") == 6  # five newest and the one chosen
    assert f'value="{oldest.pk}" selected' in select
    assert "the 5 newest listed" in page


def test_merging_two_speakers_regroups_the_one_kept(energy_corpus):
    from articles.services import merge_persons
    from compare.models import SpeakerQuotes

    kept, double = Person.objects.create(name="Dmitry Peskov"), Person.objects.create(name="Peskov")
    with TestCase.captureOnCommitCallbacks(execute=True):
        for article, speaker in zip(energy_corpus[:4], [kept, kept, double, double], strict=True):
            Quote.objects.create(article=article, speaker=speaker, start=0, end=10,
                                 text="the talks were constructive and warm")  # fmt: skip
    assert QuoteGroup.objects.get(speaker=kept).quote_count == 2
    with TestCase.captureOnCommitCallbacks(execute=True):
        merge_persons(kept, [double])
    assert QuoteGroup.objects.get(speaker=kept).quote_count == 4
    assert sum(SpeakerQuotes.objects.filter(speaker=kept).values_list("quotes", flat=True)) == 4


def test_a_term_taken_out_again_drops_the_passages_it_alone_made_as_a_rebuild_would(
    energy_corpus,
):
    """The suggestions a term alone made disappear with it; their (theme, article) pairs
    must be recomputed too, or their passages stay in the rows and in the coverage."""
    energy = Theme.objects.get(slug="energy")
    lexicon = energy.lexicon
    with TestCase.captureOnCommitCallbacks(execute=True):
        energy.lexicon = lexicon + "\ndelegations"
        energy.save()
    made = ThemePassage.objects.filter(theme=energy, text__contains="delegations")
    assert made.count() >= 2
    with TestCase.captureOnCommitCallbacks(execute=True):
        energy.lexicon = lexicon
        energy.save()
    assert made.count() == 0
    coverage = ThemeCoverage.objects.order_by("theme_id", "source_key")
    incremental = list(coverage.values_list("theme_id", "source_key", "covered_chars"))
    refresh_all()
    assert list(coverage.values_list("theme_id", "source_key", "covered_chars")) == incremental


def stored_places() -> tuple[set, set]:
    """Every suggestion and passage as (theme, article, start, end[, origin]): what a reader
    of the compare view sees, whatever the rows' ids."""
    from compare.models import ThemeSuggestion

    suggestions = set(ThemeSuggestion.objects.values_list("theme_id", "article_id", "start", "end"))
    passages = set(
        ThemePassage.objects.values_list("theme_id", "article_id", "start", "end", "origin")
    )
    return suggestions, passages


def test_a_new_theme_with_a_lexicon_suggests_where_its_terms_are_as_a_rebuild_would(
    energy_corpus,
):
    with TestCase.captureOnCommitCallbacks(execute=True):
        talks = Theme.objects.create(name="Talks", slug="talks", lexicon="talks\nhall")
    suggestions, passages = stored_places()
    made = {place for place in suggestions if place[0] == talks.pk}
    assert len(made) >= 6  # "talks" and "hall" stand in the filler of most articles
    assert sum(1 for place in passages if place[0] == talks.pk) == len(made)
    refresh_all()
    assert stored_places() == (suggestions, passages)


def test_a_new_article_gets_its_suggestions_and_passages_in_every_theme_as_a_rebuild_would(
    energy_corpus,
):
    text = article_text(random.Random(77)) + "\n\nSanctions on the pipeline were discussed."
    article = create_article(99, text, Outlet.objects.get(name="Outlet 0"))
    suggestions, passages = stored_places()
    themes_here = {place[0] for place in passages if place[1] == article.pk}
    assert len(themes_here) >= 2  # energy and sanctions at least
    refresh_all()
    assert stored_places() == (suggestions, passages)


def test_a_plan_for_everything_rebuilds_every_theme_from_nothing(energy_corpus):
    from compare.refresh import refresh

    before = stored_places()
    assert len(before[1]) >= 20
    ThemePassage.objects.all().delete()
    refresh(RefreshPlan.everything())
    assert stored_places() == before


def test_a_change_reaching_too_far_is_placed_among_the_stored_rows(energy_corpus, monkeypatch):
    """Past ``REACH_LIMIT`` passages the change is not realigned but placed (cheaper): the
    new article's passages still land on rows, beside the facts they share."""
    monkeypatch.setattr("compare.reach.REACH_LIMIT", 0)
    rng = random.Random(9)
    article = create_article(40, article_text(rng), Outlet.objects.get(name="Outlet 1"))
    energy = Theme.objects.get(slug="energy")
    placed = ThemePassage.objects.filter(theme=energy, article=article)
    assert placed.count() == 4
    rows = energy_rows()
    assert sum(1 for row in placed.values_list("row", flat=True) if len(rows[row]) > 1) >= 3


def test_realigning_what_a_change_reaches_moves_rows_a_placement_would_leave(energy_corpus):
    """A new passage that links two stored rows of disjoint articles joins them, and the
    rows keep their numbers where they can (a reused row is never shared with a passage the
    change did not reach)."""
    from compare.reach import reach

    energy = Theme.objects.get(slug="energy")
    before = energy_rows()
    stored = ThemePassage.objects.filter(theme=energy).order_by("pk").first()
    words = dict(stored.words.values_list("word", "weight"))
    found = reach(energy, -1, {("new",): words}, [])
    assert found is not None
    assert ("new",) in found.articles
    assert stored.pk in found.articles  # the stored passage with the same words is reached
    rows, moved = found.rows(energy, [])
    assert rows[("new",)] == rows[stored.pk] == stored.row
    assert moved == {}
    assert energy_rows() == before  # computing the rows writes nothing
