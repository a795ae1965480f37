"""Text reuse: 5-gram candidates verified by alignment, the matrix and the two-pane view."""

from __future__ import annotations

import random
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from compare.models import ReuseGram, ReusePair
from compare.refresh import refresh_reuse
from newsnlp.text.reuse import find_reuse, reuse_against, reuse_of

VOCABULARY = [
    "summit",
    "pipeline",
    "treaty",
    "market",
    "border",
    "envoy",
    "ministry",
    "delegation",
    "harbour",
    "railway",
    "factory",
    "budget",
    "reserve",
    "council",
    "senate",
    "province",
    "festival",
    "bridge",
    "airport",
    "garrison",
    "cargo",
    "tariff",
    "loan",
    "frontier",
    "embassy",
    "reactor",
    "satellite",
    "drone",
    "harvest",
    "grain",
    "currency",
    "ledger",
    "convoy",
    "parade",
    "archive",
    "signal",
    "orbit",
    "cable",
    "tunnel",
    "canal",
    "quarry",
    "forest",
    "glacier",
    "valley",
    "island",
]


def paragraph(rng: random.Random, words: int = 45) -> str:
    text = " ".join(rng.choice(VOCABULARY) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def corpus(seed: int = 7):
    rng = random.Random(seed)
    original = [paragraph(rng) for _ in range(6)]
    copier_own = [paragraph(rng) for _ in range(4)]
    copied = [original[1], original[4]]
    copier = [copier_own[0], copied[0], copier_own[1], copier_own[2], copied[1], copier_own[3]]
    unrelated = [paragraph(rng) for _ in range(5)]
    return "\n\n".join(original), "\n\n".join(copier), "\n\n".join(unrelated), copied


def words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def test_an_article_copying_two_paragraphs_shares_them_and_nothing_else():
    original, copier, unrelated, copied = corpus()
    [pair] = find_reuse({1: original, 2: copier, 3: unrelated})
    assert (pair.a, pair.b) == (1, 2)
    copied_words = sum(words(p) for p in copied)
    assert pair.a_share == pytest.approx(copied_words / words(original), abs=0.02)
    assert pair.b_share == pytest.approx(copied_words / words(copier), abs=0.02)
    highlighted_a = [original[p.a_start : p.a_end] for p in pair.passages]
    highlighted_b = [copier[p.b_start : p.b_end] for p in pair.passages]
    assert [text.rstrip(".") for text in highlighted_a] == [p.rstrip(".") for p in copied]
    assert highlighted_a == highlighted_b


def test_reworded_copy_between_exact_runs_is_aligned_too():
    rng = random.Random(3)
    source = paragraph(rng, 60)
    tokens = source.split()
    tokens[20] = "reportedly"  # one word changed mid-passage
    tokens[40:42] = ["according", "to", "officials"]
    rewrite = " ".join(tokens)
    [pair] = find_reuse({1: source, 2: paragraph(rng) + "\n\n" + rewrite})
    assert len(pair.passages) == 1
    assert pair.passages[0].shared_words >= 55


def test_a_few_shared_words_are_not_reuse():
    rng = random.Random(5)
    phrase = "the joint statement said on thursday"
    first = paragraph(rng) + " " + phrase + " " + paragraph(rng)
    second = paragraph(rng) + " " + phrase + " " + paragraph(rng)
    assert find_reuse({1: first, 2: second}) == []


def test_the_seed_rewrites_of_001_rank_above_every_pair_sharing_no_copy(seeds):
    refresh_reuse()
    pk = {key: article.pk for key, article in seeds.items()}
    share = {}
    for pair in ReusePair.objects.all():
        share[frozenset((pair.article_a_id, pair.article_b_id))] = pair.top_share
    rewrites = [share[frozenset((pk["000"], pk["001"]))], share[frozenset((pk["002"], pk["001"]))]]
    no_copy = [share.get(frozenset((pk[a], pk[b])), 0.0) for a, b in
               [("001", "004"), ("002", "004"), ("003", "004")]]  # fmt: skip
    assert min(rewrites) > max(no_copy)


def test_the_matrix_and_the_ranked_pairs(researcher_client, seeds):
    refresh_reuse()
    html = researcher_client.get("/compare/reuse/").content.decode()
    assert 'id="reuse-matrix"' in html
    ranked = re.findall(r'data-pair="(\d+)-(\d+)"', html)
    first = {seeds["000"].pk, seeds["002"].pk}
    assert {int(a) for a in ranked[0]} == first  # the closest rewrites lead


def test_the_pair_view_highlights_and_links_the_shared_passages(researcher_client, db):
    original, copier, _, copied = corpus()
    first = Article.objects.create(title="Original", body=original, raw=original, source_name="o")
    second = Article.objects.create(title="Copy", body=copier, raw=copier, source_name="c")
    refresh_reuse()
    html = researcher_client.get(f"/compare/reuse/{second.pk}/{first.pk}/").content.decode()
    left = re.findall(r'<a id="left-(\d)" href="#right-\1" class="reused"[^>]*>([^<]+)</a>', html)
    right = re.findall(r'<a id="right-(\d)" href="#left-\1" class="reused"[^>]*>([^<]+)</a>', html)
    assert [text for _, text in left] == [text for _, text in right]
    assert [text.rstrip(".") for _, text in left] == [p.rstrip(".") for p in copied]
    assert "2 shared passages" in html


def test_a_pair_without_shared_text_says_so(researcher_client, seeds):
    refresh_reuse()
    html = researcher_client.get(
        f"/compare/reuse/{seeds['001'].pk}/{seeds['004'].pk}/"
    ).content.decode()
    assert "share no passage" in html
    assert 'class="reused"' not in html


def test_unknown_or_identical_articles_are_404(researcher_client, seeds):
    pk = seeds["000"].pk
    assert researcher_client.get(f"/compare/reuse/{pk}/999999/").status_code == 404
    assert researcher_client.get(f"/compare/reuse/{pk}/{pk}/").status_code == 404


def test_users_without_a_role_get_403(client, outsider, seeds):
    client.force_login(outsider)
    assert client.get("/compare/reuse/").status_code == 403


def test_the_reuse_page_uses_a_fixed_number_of_queries(researcher_client, seeds):
    refresh_reuse()
    with CaptureQueriesContext(connection) as few:
        researcher_client.get("/compare/reuse/")
    Article.objects.create(
        title="Extra", body=seeds["000"].body + " More.", raw="x", source_name="x"
    )
    refresh_reuse()
    with CaptureQueriesContext(connection) as more:
        researcher_client.get("/compare/reuse/")
    assert len(more) == len(few)


def test_new_texts_are_checked_against_stored_ones_in_one_pass():
    original, copier, unrelated, copied = corpus()
    found = reuse_against({"new": copier, "other": unrelated}, iter([(1, original), (3, "x")]))
    copied_words = sum(words(p) for p in copied)
    [(article, share)] = found["new"]
    assert article == 1
    assert share == pytest.approx(copied_words / words(copier), abs=0.02)
    assert found["other"] == []


def test_the_pairs_of_changed_texts_match_a_full_recomputation():
    original, copier, unrelated, _ = corpus()
    texts = {1: original, 2: copier, 3: unrelated, 4: copier.replace("harbour", "port")}
    full = find_reuse(texts)
    for changed in ({2}, {2, 4}, {3}):
        expected = [pair for pair in full if {pair.a, pair.b} & changed]
        found = reuse_of({k: texts[k] for k in changed}, texts.items())
        assert [(p.a, p.b, p.a_share, p.b_share) for p in found] == [
            (p.a, p.b, p.a_share, p.b_share) for p in expected
        ]


def test_editing_one_article_recomputes_only_its_pairs(seeds):
    refresh_reuse()
    before = {(p.article_a_id, p.article_b_id): p.top_share for p in ReusePair.objects.all()}
    article = seeds["001"]
    Article.objects.filter(pk=article.pk).update(body=article.body + "\n\n" + seeds["003"].body)
    refresh_reuse({article.pk})
    after = {(p.article_a_id, p.article_b_id): p.top_share for p in ReusePair.objects.all()}
    untouched = {key: share for key, share in before.items() if article.pk not in key}
    assert {key: after[key] for key in untouched} == untouched
    pair = (min(article.pk, seeds["003"].pk), max(article.pk, seeds["003"].pk))
    assert after[pair] > 0.9 > before[pair]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="planner statistics: PostgreSQL")
def test_a_full_rebuild_tells_the_planner_how_big_the_index_now_is(seeds):
    """After the bulk load of a full rebuild, PostgreSQL's estimate of the n-gram index's
    size is current (a stale one made every later edit scan the whole table)."""
    refresh_reuse()
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'compare_reusegram'")
        (estimate,) = cursor.fetchone()
    stored = ReuseGram.objects.count()
    assert stored > 1000
    assert abs(estimate - stored) <= 0.05 * stored
