"""A corpus larger and messier than the seeds: 40 articles made from the seeds with their
paragraphs shuffled (so quotes recur across many articles, some with line breaks or double
spaces inside them). Ingest must store them all and exit 0, and the quote groups must form.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from django.test import TestCase

from articles.models import Article
from compare.models import QuoteGroup, RefreshRequest, RefreshState
from compare.quotegroups import most_common_wording
from tests.conftest import SEEDS_DIR, ingest


def test_the_most_common_wording_counts_texts_that_differ_only_in_spacing():
    texts = ["we will  win", "we will\nwin", "we shall win"]
    assert most_common_wording(texts) == "we will win"
    assert most_common_wording(["a\n\nb"]) == "a b"


def shuffled_seeds(folder: Path, count: int = 40) -> Path:
    seeds = sorted(SEEDS_DIR.glob("*.txt"))
    for number in range(count):
        paragraphs = seeds[number % len(seeds)].read_text(encoding="utf-8").split("\n\n")
        head, rest = paragraphs[:1], paragraphs[1:]
        random.Random(number).shuffle(rest)
        # Some copies join two paragraphs with a single line break, as some sites do.
        if number % 3 == 0 and len(rest) > 2:
            rest[1:3] = [rest[1] + "\n" + rest[2]]
        text = "\n\n".join(head + rest).replace(". ", ".  ", number % 2)
        (folder / f"shuffled-{number:02}.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.no_parse_cache
def test_ingesting_forty_shuffled_seeds_exits_zero_and_groups_quotes(db, tmp_path):
    with TestCase.captureOnCommitCallbacks(execute=True):
        output = ingest(shuffled_seeds(tmp_path))  # a non-zero exit raises CommandError
    stored = Article.objects.count()
    # Short seeds shuffle into an earlier copy's text now and then: reported as duplicates.
    duplicates = 40 - stored
    assert (
        f"{stored} created, 0 updated, 0 unchanged, {duplicates} duplicate, 0 held, 0 failed"
        in output
    )
    assert stored > 25
    assert not RefreshRequest.objects.exists()  # the refresh ran and was served…
    assert not RefreshState.objects.exclude(last_error="").exists()  # …without an error
    assert QuoteGroup.objects.filter(source_count__gte=5).exists()
