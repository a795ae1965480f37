"""A generated corpus for the compare benchmarks, stored with bulk inserts (no signals, so
nothing is recomputed until the benchmark asks).

Articles are paragraphs of words drawn with the seeds' word frequencies (so unrelated texts
share only chance 5-grams); a fifth of them copy one to three paragraphs of another, lightly
edited (one word in twenty), which are the known reuse pairs. Each article quotes up to
three of 40 speakers, each quote (5–10 words: too short to count as reused text) drawn
from its speaker's own, written into the text as “…,” said Name. — so the same quote is
carried by two to four articles. One article in ten has an
editor's annotation of its first sentence with one of the themes.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import _setup  # noqa: F401  (Django configured before the models load)

from annotations.models import Annotation
from articles.models import Article, Outlet, Person, Quote, Theme, content_hash_of

SPEAKERS, OUTLETS = 40, 20


@dataclass
class Corpus:
    article_ids: list[int]
    copies: set[tuple[int, int]] = field(default_factory=set)  # (index, index), low first
    words: int = 0
    quotes: int = 0
    annotations: int = 0


def build(size: int, rng: random.Random, seeds: Path) -> Corpus:
    counts = Counter()
    for path in seeds.glob("*.txt"):
        counts.update(re.findall(r"[A-Za-z’']+", path.read_text(encoding="utf-8")))
    vocabulary, weights = zip(*counts.items(), strict=True)

    def words(low: int, high: int) -> str:
        return " ".join(rng.choices(vocabulary, weights, k=rng.randint(low, high)))

    def paragraph() -> str:
        text = words(40, 80)
        return text[0].upper() + text[1:] + "."

    texts = [[paragraph() for _ in range(rng.randint(6, 14))] for _ in range(size)]
    copies: set[tuple[int, int]] = set()
    for copier in rng.sample(range(size), size // 5):
        source = rng.choice([i for i in range(size) if i != copier])
        for _ in range(rng.randint(1, 3)):
            tokens = rng.choice(texts[source]).split()
            for _ in range(len(tokens) // 20):
                tokens[rng.randrange(len(tokens))] = rng.choice(vocabulary)
            texts[copier].insert(rng.randrange(len(texts[copier]) + 1), " ".join(tokens))
        copies.add((min(copier, source), max(copier, source)))

    speakers = Person.objects.bulk_create(
        Person(name=f"Generated Speaker {n}", slug=f"generated-speaker-{n}")
        for n in range(SPEAKERS)
    )
    per_speaker = max(10, size // 100)  # each quote carried by two to four articles
    pool = {speaker.pk: [words(5, 10) for _ in range(per_speaker)] for speaker in speakers}
    names = {speaker.pk: speaker.name for speaker in speakers}
    quoted: list[list[tuple[int, str]]] = []
    for paragraphs in texts:
        chosen = [rng.choice(speakers).pk for _ in range(rng.randint(0, 3))]
        picks = [(pk, rng.choice(pool[pk])) for pk in chosen]
        for pk, wording in picks:
            paragraphs.insert(rng.randrange(len(paragraphs) + 1), f"“{wording},” said {names[pk]}.")
        quoted.append(picks)

    outlets = Outlet.objects.bulk_create(
        Outlet(name=f"Generated outlet {n}", slug=f"generated-outlet-{n}") for n in range(OUTLETS)
    )
    bodies = ["\n\n".join(paragraphs) for paragraphs in texts]
    articles = Article.objects.bulk_create(
        Article(title=f"Generated {n}", body=body, raw=body, source_name=f"generated-{n}.txt",
                outlet=outlets[n % OUTLETS], content_hash=content_hash_of(body),
                word_count=len(body.split()))
        for n, body in enumerate(bodies)
    )  # fmt: skip
    quotes = []
    for article, body, picks in zip(articles, bodies, quoted, strict=True):
        for pk, wording in picks:
            start = body.index(f"“{wording},") + 1
            quotes.append(Quote(article=article, speaker_id=pk, text=wording, start=start,
                                end=start + len(wording), cue="said", confidence=0.9))  # fmt: skip
    Quote.objects.bulk_create(quotes, batch_size=2000)

    themes = list(Theme.objects.order_by("pk"))
    annotated = [a for a in articles if rng.random() < 0.1]
    annotations = Annotation.objects.bulk_create(
        Annotation(article=a, start=0, end=(end := a.body.index(".") + 1), exact=a.body[:end])
        for a in annotated
    )
    Annotation.themes.through.objects.bulk_create(
        Annotation.themes.through(annotation_id=annotation.pk, theme_id=rng.choice(themes).pk)
        for annotation in annotations
    )
    return Corpus(
        [article.pk for article in articles],
        copies,
        words=sum(len(body.split()) for body in bodies),
        quotes=len(quotes),
        annotations=len(annotations),
    )
