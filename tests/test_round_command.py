"""manage.py round (issue 32): create a round, mark coders' articles done, close it, and its
agreement — α equal to the krippendorff package on the word units, with highlights made in
the reader's service by the round's coders."""

from __future__ import annotations

import csv
import io
import json
import math

import krippendorff
import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command

from annotations import services
from annotations.models import Annotation, CodingRound, RoundDone
from articles.models import Article, Theme

BODY = "Gas flows east. Oil flows west, and coal stays home. Talks resume in June."
OTHER = "Wheat prices rose. Ports reopened on Monday after the storm."


@pytest.fixture
def coders(db) -> list[User]:
    editors = Group.objects.get(name="Editors")
    made = []
    for name in ("ann", "ben", "cy"):
        user = User.objects.create_user(name)
        user.groups.add(editors)
        made.append(User.objects.get(pk=user.pk))
    return made


@pytest.fixture
def articles(db) -> list[Article]:
    return [
        Article.objects.create(
            title=f"A{n}", body=body, raw=body, source_name=f"{n}.txt", content_hash=f"h{n}"
        )
        for n, body in enumerate((BODY, OTHER))
    ]


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("round", *args, stdout=out)
    return out.getvalue()


def new_round(articles, *extra: str, coders="ann,ben") -> CodingRound:
    ids = ",".join(str(a.pk) for a in articles)
    output = run("create", "Energy pilot", "--articles", ids, "--coders", coders, *extra)
    return CodingRound.objects.get(pk=int(output.strip()))


def highlight(article: Article, coder: User, phrase: str, *slugs: str) -> Annotation:
    start = article.body.index(phrase)
    themes = list(Theme.objects.filter(slug__in=slugs))
    data = {"start": start, "end": start + len(phrase), "themes": themes, "note": ""}
    return services.create_annotation(article, coder, data)


def agreement(coding_round: CodingRound) -> dict:
    return json.loads(run("agreement", str(coding_round.pk), "--format", "json"))


def words(count: int, *coded: int) -> list[float]:
    return [1.0 if index in coded else 0.0 for index in range(count)]


def package(*rows: list[float]) -> float:
    return krippendorff.alpha(reliability_data=list(rows), level_of_measurement="nominal")


def test_create_prints_the_id_of_the_round_it_made(coders, articles):
    coding_round = new_round(articles, "--themes", "energy,ukraine", "--blind",
                             "--adjudicator", "cy")  # fmt: skip
    assert coding_round.name == "Energy pilot"
    assert sorted(a.pk for a in coding_round.articles.all()) == [a.pk for a in articles]
    assert sorted(u.username for u in coding_round.coders.all()) == ["ann", "ben"]
    assert sorted(t.slug for t in coding_round.themes.all()) == ["energy", "ukraine"]
    assert (coding_round.blind, coding_round.adjudicator.username) == (True, "cy")
    assert coding_round.state == CodingRound.State.OPEN


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--articles", "999", "--coders", "ann,ben"], "No article with id 999"),
        (["--articles", "{a}", "--coders", "ann,zed"], "No user called zed"),
        (["--articles", "{a}", "--coders", "ann"], "at least two coders"),
        (["--articles", "{a}", "--coders", "ann,ben", "--themes", "volcanoes"], "No theme"),
        (["--articles", "x1", "--coders", "ann,ben"], "whole numbers"),
        (["--articles", "{a}", "--coders", "ann,rita"], "rita may not annotate"),
    ],
)
def test_create_refuses_what_cannot_be_a_round_and_says_why(coders, articles, args, message):
    User.objects.create_user("rita").groups.add(Group.objects.get(name="Researchers"))
    args = [arg.replace("{a}", str(articles[0].pk)) for arg in args]
    with pytest.raises(CommandError, match=message):
        run("create", "Pilot", *args)
    assert CodingRound.objects.count() == 0


def test_done_close_and_what_a_closed_round_refuses(coders, articles):
    coding_round = new_round(articles)
    assert run("done", str(coding_round.pk), "ann", "--articles", str(articles[0].pk)).startswith(
        "1 article(s) newly marked done"
    )
    assert run("done", str(coding_round.pk), "ann").startswith("1 article(s) newly marked")
    assert RoundDone.objects.filter(coding_round=coding_round, coder__username="ann").count() == 2
    with pytest.raises(CommandError, match="cy does not code"):
        run("done", str(coding_round.pk), "cy")
    run("close", str(coding_round.pk))
    with pytest.raises(CommandError, match="is closed"):
        run("done", str(coding_round.pk), "ben")
    with pytest.raises(CommandError, match="no round 987"):
        run("close", "987")


def test_highlights_before_the_round_and_by_others_are_not_round_work(coders, articles):
    before = highlight(articles[0], coders[0], "coal", "energy")
    coding_round = new_round(articles)
    during = highlight(articles[0], coders[0], "Oil", "energy")
    outsider = highlight(articles[0], coders[2], "Gas", "energy")
    assert (before.coding_round, during.coding_round, outsider.coding_round) == (
        None, coding_round, None,
    )  # fmt: skip


def test_agreement_equals_the_package_full_partial_none_and_one_sided(coders, articles):
    ann, ben, cy = coders
    coding_round = new_round(articles, "--themes", "energy,ukraine,taiwan", coders="ann,ben,cy")
    first, second = articles
    highlight(first, ann, "Oil flows west", "energy")  # full agreement on energy in the first
    highlight(first, ben, "Oil flows west", "energy")
    highlight(first, ann, "Talks resume", "ukraine")  # only ann used ukraine
    highlight(second, ann, "Wheat prices rose", "energy")  # partial in the second
    highlight(second, ben, "prices rose. Ports", "energy")
    highlight(second, cy, "storm", "energy")  # cy is not done with anything: missing
    for coder in ("ann", "ben"):
        run("done", str(coding_round.pk), coder)
    result = agreement(coding_round)
    assert result["round"] == coding_round.pk
    n1, n2 = 14, 10  # words of the two articles
    missing = [math.nan] * (n1 + n2)
    energy = package(words(n1, 3, 4, 5) + words(n2, 0, 1, 2),
                     words(n1, 3, 4, 5) + words(n2, 1, 2, 3), missing)  # fmt: skip
    assert result["themes"]["energy"]["alpha"] == pytest.approx(energy, abs=1e-9)
    assert result["themes"]["energy"]["units"] == n1 + n2
    assert result["themes"]["energy"]["coders"] == 2
    ukraine = package(words(n1, 10, 11) + words(n2), words(n1) + words(n2), missing)
    assert result["themes"]["ukraine"]["alpha"] == pytest.approx(ukraine, abs=1e-9)
    assert result["themes"]["taiwan"]["alpha"] is None  # nobody used it: no variation
    article_one = result["articles"][str(first.pk)]["themes"]
    assert article_one["energy"]["alpha"] == 1.0
    overall = package(
        words(n1, 3, 4, 5) + words(n2, 0, 1, 2) + words(n1, 10, 11) + words(n2) + words(n1 + n2),
        words(n1, 3, 4, 5) + words(n2, 1, 2, 3) + words(n1) + words(n2) + words(n1 + n2),
        missing * 3,
    )
    assert result["overall"]["alpha"] == pytest.approx(overall, abs=1e-9)
    assert result["overall"]["units"] == 3 * (n1 + n2)
    pair = next(p for p in result["pairs"]
                if p["coders"] == ["ann", "ben"] and p["theme"] == "energy")  # fmt: skip
    assert (pair["precision"], pair["recall"], pair["f1"]) == (1.0, 1.0, 1.0)


def test_a_coder_who_tagged_nothing_and_no_agreement(coders, articles):
    coding_round = new_round(articles[:1], "--themes", "energy")
    highlight(articles[0], coders[0], "Gas flows east", "energy")
    for coder in ("ann", "ben"):
        run("done", str(coding_round.pk), coder)
    nothing = agreement(coding_round)["themes"]["energy"]
    assert nothing["alpha"] == pytest.approx(package(words(14, 0, 1, 2), words(14)), abs=1e-9)
    highlight(articles[0], coders[1], "coal stays home", "energy")
    disagreeing = agreement(coding_round)["themes"]["energy"]["alpha"]
    assert disagreeing == pytest.approx(package(words(14, 0, 1, 2), words(14, 7, 8, 9)), abs=1e-9)
    assert disagreeing < 0


def test_agreement_as_csv(coders, articles):
    coding_round = new_round(articles[:1], "--themes", "energy")
    highlight(articles[0], coders[0], "coal", "energy")
    highlight(articles[0], coders[1], "coal", "energy")
    for coder in ("ann", "ben"):
        run("done", str(coding_round.pk), coder)
    rows = list(csv.reader(io.StringIO(run("agreement", str(coding_round.pk), "--format", "csv"))))
    assert rows[0] == ["scope", "theme", "alpha", "units", "coders"]
    assert rows[1] == ["round", "(overall)", "1.0", "14", "2"]
    assert ["ann", "ben", "energy", "1.0", "1.0", "1.0"] in rows


def test_a_name_in_use_is_refused_even_when_the_check_is_raced(coders, articles, monkeypatch):
    new_round(articles)
    with pytest.raises(CommandError, match="already a round called “Energy pilot”"):
        new_round(articles)
    # Two admins at once: both pass the check, the database keeps one, the other is told.
    monkeypatch.setattr(
        "annotations.rounds.CodingRound.objects.filter",
        lambda **kwargs: CodingRound.objects.none(),
    )
    with pytest.raises(CommandError, match="already a round called “Energy pilot”"):
        new_round(articles)
    assert CodingRound.objects.count() == 1


def test_a_round_naming_no_theme_codes_every_theme(coders, articles):
    coding_round = new_round(articles[:1])
    result = agreement(coding_round)
    every = sorted(Theme.objects.values_list("slug", flat=True))
    assert sorted(result["themes"]) == every
    assert len(every) >= 8
