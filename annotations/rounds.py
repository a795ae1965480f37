"""Coding rounds (issue 32): create one, mark articles done, close it, and measure agreement.

The measuring is ``newsnlp.agreement``'s; here is what a round's rows are: the round's
highlights (``Annotation.coding_round``) by its coders on its articles, its themes (every
theme when it names none), and who marked which article done.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from defusedcsv import csv
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from articles.models import Article, Theme
from newsnlp.agreement import ArticleCoding, CodedSpan, round_agreement

from .models import Annotation, CodingRound, RoundDone

CODER_PERMISSION = "annotations.add_annotation"


class RoundRefused(ValueError):
    """The round cannot be made or changed so: the message says why, for a person."""


def _users(usernames: Iterable[str]) -> list:
    usernames = list(dict.fromkeys(name.strip() for name in usernames if name.strip()))
    found = {u.get_username(): u for u in get_user_model().objects.filter(username__in=usernames)}
    missing = [name for name in usernames if name not in found]
    if missing:
        raise RoundRefused(f"No user called {', '.join(missing)}.")
    return [found[name] for name in usernames]


@transaction.atomic
def create_round(
    name: str,
    article_ids: Iterable[int],
    coder_names: Iterable[str],
    theme_slugs: Iterable[str] = (),
    blind: bool = False,
    adjudicator_name: str = "",
    created_by=None,
) -> CodingRound:
    """A new open round; ``RoundRefused`` names what is wrong (unknown ids, names or slugs,
    a coder who may not annotate, fewer than two coders, a name in use)."""
    name = " ".join(name.split())
    if not name:
        raise RoundRefused("A round needs a name.")
    if CodingRound.objects.filter(name=name).exists():
        raise RoundRefused(f"There is already a round called “{name}”.")
    ids = list(dict.fromkeys(article_ids))
    articles = list(Article.objects.filter(pk__in=ids).only("pk"))
    if missing := sorted(set(ids) - {a.pk for a in articles}):
        raise RoundRefused(f"No article with id {', '.join(map(str, missing))}.")
    if not articles:
        raise RoundRefused("A round needs at least one article.")
    coders = _users(coder_names)
    if len(coders) < 2:
        raise RoundRefused("A round needs at least two coders: agreement is between coders.")
    if cannot := [c.get_username() for c in coders if not c.has_perm(CODER_PERMISSION)]:
        raise RoundRefused(f"{', '.join(cannot)} may not annotate, so cannot code.")
    slugs = list(dict.fromkeys(theme_slugs))
    themes = list(Theme.objects.filter(slug__in=slugs))
    if missing := sorted(set(slugs) - {t.slug for t in themes}):
        raise RoundRefused(f"No theme {', '.join(missing)}.")
    adjudicator = _users([adjudicator_name])[0] if adjudicator_name else None
    if adjudicator is not None and not adjudicator.has_perm(CODER_PERMISSION):
        raise RoundRefused(f"{adjudicator_name} may not annotate, so cannot adjudicate.")
    try:
        with transaction.atomic():  # two admins naming a round alike at once: one is told
            coding_round = CodingRound.objects.create(
                name=name, blind=blind, adjudicator=adjudicator, created_by=created_by
            )
    except IntegrityError as clash:
        raise RoundRefused(f"There is already a round called “{name}”.") from clash
    coding_round.articles.set(articles)
    coding_round.coders.set(coders)
    coding_round.themes.set(themes)
    return coding_round


def open_round_of(article_id: int, user) -> CodingRound | None:
    """The open round in which ``user`` codes this article, if any (their new highlights on
    it are round work)."""
    if user is None or not user.is_authenticated or not user.has_perm(CODER_PERMISSION):
        return None  # only someone who may annotate codes (a researcher: no query)
    return (
        CodingRound.objects.filter(
            state=CodingRound.State.OPEN, articles=article_id, coders=user
        ).order_by("-created").first()
    )  # fmt: skip


@transaction.atomic
def mark_done(coding_round: CodingRound, coder, article_ids: Iterable[int] | None = None) -> int:
    """Mark the coder's articles of the round done (all of them by default); returns how many
    were newly marked. Refused for someone not coding it, an article not in it, a closed
    round."""
    if coding_round.state != CodingRound.State.OPEN:
        raise RoundRefused(f"“{coding_round}” is closed: nothing more can be marked done.")
    if not coding_round.coders.filter(pk=coder.pk).exists():
        raise RoundRefused(f"{coder.get_username()} does not code “{coding_round}”.")
    in_round = set(coding_round.articles.values_list("pk", flat=True))
    wanted = in_round if article_ids is None else set(article_ids)
    if outside := sorted(wanted - in_round):
        raise RoundRefused(f"Article {', '.join(map(str, outside))} is not in “{coding_round}”.")
    already = set(
        RoundDone.objects.filter(coding_round=coding_round, coder=coder).values_list(
            "article_id", flat=True
        )
    )
    new = sorted(wanted - already)
    RoundDone.objects.bulk_create(
        [RoundDone(coding_round=coding_round, coder=coder, article_id=pk) for pk in new],
        ignore_conflicts=True,  # a second click at once: marked once
    )
    return len(new)


def close_round(coding_round: CodingRound) -> None:
    updated = CodingRound.objects.filter(pk=coding_round.pk, state=CodingRound.State.OPEN).update(
        state=CodingRound.State.CLOSED, closed=timezone.now()
    )
    if not updated:
        raise RoundRefused(f"“{coding_round}” is closed already.")
    coding_round.refresh_from_db()


def round_theme_slugs(coding_round: CodingRound) -> list[str]:
    chosen = list(coding_round.themes.order_by("slug").values_list("slug", flat=True))
    return chosen or list(Theme.objects.order_by("slug").values_list("slug", flat=True))


def agreement(coding_round: CodingRound) -> dict:
    """The round's agreement in the form ``manage.py round agreement`` prints (issue 32)."""
    coders = {u.pk: u.get_username() for u in coding_round.coders.all()}
    done: dict[int, set[str]] = {}
    for article_id, coder_id in RoundDone.objects.filter(coding_round=coding_round).values_list(
        "article_id", "coder_id"
    ):
        if coder_id in coders:
            done.setdefault(article_id, set()).add(coders[coder_id])
    spans: dict[int, list[CodedSpan]] = {}
    work = Annotation.objects.filter(
        coding_round=coding_round, author__in=coders, orphaned=False
    ).prefetch_related("themes")
    for annotation in work:
        themes = frozenset(theme.slug for theme in annotation.themes.all())
        spans.setdefault(annotation.article_id, []).append(
            CodedSpan(coders[annotation.author_id], annotation.start, annotation.end, themes)
        )
    articles = [
        ArticleCoding(str(pk), body, frozenset(done.get(pk, ())), tuple(spans.get(pk, ())))
        for pk, body in coding_round.articles.order_by("pk").values_list("pk", "body")
    ]
    result = round_agreement(articles, list(coders.values()), round_theme_slugs(coding_round))
    return {"round": coding_round.pk, **result}


def agreement_csv(result: dict) -> str:
    """One row per scope (round, article) and theme, then one per pair of coders and theme."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["scope", "theme", "alpha", "units", "coders"])
    writer.writerow(["round", "(overall)", *_alpha_cells(result["overall"])])
    for theme, found in result["themes"].items():
        writer.writerow(["round", theme, *_alpha_cells(found)])
    for article, found in result["articles"].items():
        for theme, values in found["themes"].items():
            writer.writerow([f"article {article}", theme, *_alpha_cells(values)])
    writer.writerow([])
    writer.writerow(["coder a", "coder b", "theme", "precision", "recall", "f1"])
    for pair in result["pairs"]:
        writer.writerow([*pair["coders"], pair["theme"],
                         *(_cell(pair[key]) for key in ("precision", "recall", "f1"))])  # fmt: skip
    return out.getvalue()


def _cell(value: float | None) -> str:
    return "" if value is None else repr(value)


def _alpha_cells(found: dict) -> list:
    return [_cell(found["alpha"]), found["units"], found["coders"]]


# --- what the round pages show ---------------------------------------------------------------


@dataclass
class Progress:
    """Who marked which of the round's articles done."""

    coders: list[str]
    articles: list[tuple[int, str]]  # (id, title)
    done: set[tuple[str, int]] = field(default_factory=set)  # (coder, article id)

    def count(self, coder: str) -> int:
        return sum(1 for name, _ in self.done if name == coder)

    @property
    def counts(self) -> list[tuple[str, int]]:
        return [(coder, self.count(coder)) for coder in self.coders]

    def rows(self) -> list[tuple[int, str, list[bool]]]:
        """(article id, title, done per coder in ``coders`` order)."""
        return [(pk, title, [(coder, pk) in self.done for coder in self.coders])
                for pk, title in self.articles]  # fmt: skip


def progress(coding_round: CodingRound) -> Progress:
    coders = dict(coding_round.coders.order_by("username").values_list("pk", "username"))
    articles = [
        (pk, title or source)
        for pk, title, source in coding_round.articles.order_by("pk").values_list(
            "pk", "title", "source_name"
        )
    ]
    marks = RoundDone.objects.filter(coding_round=coding_round, coder__in=coders)
    done = {
        (coders[coder], article) for coder, article in marks.values_list("coder_id", "article_id")
    }
    return Progress(list(coders.values()), articles, done)


def round_rows() -> list[tuple[CodingRound, int, int, int]]:
    """Every round, newest first, with its articles, coders and done marks counted."""
    return [
        (r, r.n_articles, r.n_coders, r.n_done)
        for r in CodingRound.objects.annotate(
            n_articles=Count("articles", distinct=True),
            n_coders=Count("coders", distinct=True),
            n_done=Count("done", distinct=True),
        )
    ]


def codebook(coding_round: CodingRound) -> list[Theme]:
    """The round's themes with their description, examples (a list) and counter-example."""
    themes = list(Theme.objects.filter(slug__in=round_theme_slugs(coding_round)).order_by("name"))
    for theme in themes:
        theme.example_list = [line.strip() for line in theme.examples.splitlines() if line.strip()]
    return themes


@dataclass
class AlphaRow:
    label: str
    alpha: float | None
    units: int
    coders: int

    @property
    def bar(self) -> float:
        """The bar's length in the chart, in percent: α above 0 (below 0 draws none)."""
        return round(max(0.0, self.alpha or 0.0) * 100, 1)


def agreement_table(coding_round: CodingRound) -> dict:
    """The round page's agreement: α per theme (by name) and overall, and the pairs."""
    result = agreement(coding_round)
    names = dict(Theme.objects.values_list("slug", "name"))
    themes = [
        AlphaRow(names.get(slug, slug), **values) for slug, values in result["themes"].items()
    ]
    pairs = [{**pair, "theme": names.get(pair["theme"], pair["theme"])} for pair in result["pairs"]]
    return {"overall": AlphaRow("Overall", **result["overall"]), "themes": themes, "pairs": pairs}
