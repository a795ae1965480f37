"""Quote extraction end to end: the labelled seeds, stored speakers, editors' corrections."""

from __future__ import annotations

import json
import shutil

import pytest
from django.core.management import call_command

from articles.models import Article, Mention, Person, Quote
from articles.quotes.curated import summit_gazetteer
from benchmarks.scoring.evaluation import Predicted, Score, locate, score_article
from newsnlp.pages.cleaning import clean_article
from newsnlp.quotes.extraction import extract_all
from tests.conftest import ROOT, SEEDS_DIR, ingest

LABELS = json.loads((ROOT / "tests" / "data" / "quote_labels.json").read_text())["files"]


def straighten(text: str) -> str:
    return text.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")


def score_seeds(nlp, transform=lambda text: text) -> Score:
    score = Score()
    names = sorted(LABELS)
    bodies = [clean_article((SEEDS_DIR / name).read_text()).body for name in names]
    results = extract_all([transform(b) for b in bodies], nlp, summit_gazetteer())
    for name, body, result in zip(names, bodies, results, strict=True):
        labels = [locate(body, label) for label in LABELS[name]]
        predicted = [
            Predicted(q.start, q.end, q.speaker.name if q.speaker else None, q.kind, q.rule)
            for q in result.quotes
        ]
        score_article(labels, predicted, score, name[:3])
    return score


def test_labelled_seeds_meet_the_bar(nlp):
    score = score_seeds(nlp)
    assert score.labelled >= 60
    assert score.recall >= 0.95, score.errors
    assert score.precision >= 0.95, score.errors
    assert score.person_accuracy >= 0.95, score.errors
    assert score.block_accuracy >= 0.8, score.errors


def test_straight_quotes_score_within_five_points(nlp):
    curly, straight = score_seeds(nlp), score_seeds(nlp, straighten)
    assert abs(curly.recall - straight.recall) <= 0.05
    assert abs(curly.precision - straight.precision) <= 0.05
    assert abs(curly.person_accuracy - straight.person_accuracy) <= 0.05


def test_one_person_per_real_speaker_and_no_noise(seeds):
    for name in [
        "Vladimir Putin",
        "Xi Jinping",
        "Andrei Belousov",
        "Sergei Shoigu",
        "Alexandra Prokopenko",
        "Antony Blinken",
    ]:
        assert Person.objects.filter(name=name).count() == 1, name
    names = set(Person.objects.values_list("name", flat=True))
    for noise in ["Xi", "Putin", "Putin Strengthen", "Broad Rhetoric", "Taking Aim", "CDT",
                  "Firefly", "Zhongnanhai", "Andrey Belousov", "Sergey Shoigu"]:  # fmt: skip
        assert noise not in names
    xi = Person.objects.get(name="Xi Jinping")
    assert {"Xi", "Xi Jinping"} <= set(xi.aliases.values_list("alias", flat=True))
    prokopenko = Person.objects.get(name="Alexandra Prokopenko")
    assert prokopenko.description == "a fellow at the Carnegie Russia Eurasia Center"


def test_quotes_and_mentions_point_into_the_body(seeds):
    assert Quote.objects.count() >= 60
    for quote in Quote.objects.select_related("article"):
        assert quote.article.body[quote.start : quote.end] == quote.text
    assert Mention.objects.filter(person__name="Andrei Belousov").count() == 4
    for mention in Mention.objects.select_related("article")[:50]:
        assert mention.article.body[mention.start : mention.end] == mention.text


def test_speakers_by_kind(seeds):
    assert Person.objects.get(name="China-Russia joint statement").kind == "document"
    assert Person.objects.get(name="United States").kind == "government"
    quote = Quote.objects.get(text__startswith="Gazprom’s losses")
    assert quote.speaker.name == "Agathe Demarais"
    assert quote.rule == "speech-verb"
    assert quote.cue == "argued"


def _quote_rows():
    return list(Quote.objects.order_by("pk").values())


def test_running_extraction_again_changes_nothing(seeds):
    before = _quote_rows()
    mentions = list(Mention.objects.order_by("pk").values())
    call_command("extract_quotes", "--all", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _quote_rows() == before
    assert list(Mention.objects.order_by("pk").values()) == mentions


def test_an_editors_verified_correction_survives_re_extraction(seeds, editor, tmp_path):
    quote = Quote.objects.get(text__startswith="China hopes for peace")
    other = Person.objects.create(name="Wang Wenbin", kind="person")
    quote.speaker, quote.verified, quote.verified_by = other, True, editor
    quote.save()
    call_command("extract_quotes", "--all", stdout=open("/dev/null", "w"))  # noqa: SIM115
    # and a new version of the article's text
    shutil.copytree(SEEDS_DIR, tmp_path / "seeds")
    (path,) = (tmp_path / "seeds").glob("001_*.txt")
    path.write_text(path.read_text().replace("in Beijing on Thursday", "in Beijing on Friday"))
    ingest(tmp_path / "seeds", "--replace", "near")
    quote.refresh_from_db()
    assert quote.speaker == other
    assert quote.verified
    article = quote.article
    article.refresh_from_db()
    assert "on Friday" in article.body
    assert Quote.objects.filter(article=article, start=quote.start).count() == 1


def test_an_unchanged_article_is_not_extracted_again(seeds):
    out = ingest(SEEDS_DIR)
    assert "Extracting quotes" not in out


def test_ingest_summary_warns_about_an_unclosed_quotation_mark(db):
    out = ingest(SEEDS_DIR)
    assert "Quotes: " in out
    assert "004_4258631c146da81b.txt: quotation mark at" in out
    assert "never closed" in out


@pytest.mark.parametrize(
    "body",
    [
        "No quotes in this one. It is plain narration from start to finish.",
        "“Never closed, says nobody at all in this text.",
        "Der Präsident sagte: „Wir sind bereit.“ Die Gespräche gehen weiter und weiter.",
    ],
)
def test_odd_articles_ingest_without_errors(db, tmp_path, body):
    (tmp_path / "odd.txt").write_text(f"Headline\n\n{body}", encoding="utf-8")
    out = ingest(tmp_path / "odd.txt")
    assert "1 created" in out
    assert Article.objects.count() == 1


def test_a_huge_article_is_stored_and_its_quotes_skipped_with_a_warning(db, tmp_path, settings):
    settings.EXTRACTION_MAX_CHARS = 10_000
    paragraph = "“We are ready,” said Helen Marsh, the minister. " * 20
    (tmp_path / "big.txt").write_text("Headline\n\n" + "\n\n".join([paragraph] * 30))
    out = ingest(tmp_path / "big.txt")
    assert "1 created" in out
    assert "quotes not extracted, the text is" in out
    assert not Quote.objects.exists()


@pytest.mark.no_parse_cache
def test_the_model_is_loaded_by_the_spacy_model_setting(settings):
    from django.core.exceptions import ImproperlyConfigured

    from infrastructure.nlp import full_pipeline

    with pytest.raises(ImproperlyConfigured, match="not an installed spaCy pipeline"):
        full_pipeline("no_such_model_package")
    assert "summit_paragraph_breaks" in full_pipeline(settings.SPACY_MODEL).pipe_names


def test_ingest_extracts_only_its_own_articles(db, tmp_path):
    ingest(SEEDS_DIR, skip_quotes=True)
    assert not Quote.objects.exists()
    (tmp_path / "one.txt").write_text(
        "Headline\n\n“We are ready,” said Helen Marsh, the trade minister, on Monday.",
        encoding="utf-8",
    )
    out = ingest(tmp_path / "one.txt")
    assert "Extracting quotes from 1 article(s)" in out
    assert set(Quote.objects.values_list("article__source_name", flat=True)) == {"one.txt"}
    out = ingest(SEEDS_DIR)  # unchanged texts, never extracted: now they are
    assert "Extracting quotes from 5 article(s)" in out
