"""Blind coding rounds (issue 32): two coders on the same article never see each other's
round highlights, notes or replies — on any path a user can take — and neither do an editor
outside the round nor a researcher; admins see all unless coding; the adjudicator once the
round is closed; a round that is not blind hides nothing; compare rows leave round work out.
"""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.test import Client
from django.urls import reverse

from annotations import rounds, services
from annotations.models import Annotation
from articles.models import Article, Quote, Theme
from compare.models import ThemePassage
from compare.refresh import RefreshPlan, refresh

HX = {"HX-Request": "true"}
BODY = (
    "Gas flows east under the new deal, officials said. Oil flows west as before. "
    "The pipeline will open in 2030, the minister told reporters."
)
SECRETS = {"ann": "ANN-ROUND-NOTE", "ben": "BEN-ROUND-NOTE"}


def user(name: str, group: str | None = "Editors", **flags) -> User:
    made = User.objects.create_user(name, **flags)
    if group:
        made.groups.add(Group.objects.get(name=group))
    return User.objects.get(pk=made.pk)


def client_of(who: User) -> Client:
    client = Client()
    client.force_login(who)
    return client


@pytest.fixture
def world(db):
    people = {
        "ann": user("ann"), "ben": user("ben"), "eve": user("eve"),
        "rita": user("rita", "Researchers"),
        "boss": user("boss", None, is_staff=True, is_superuser=True),
    }  # fmt: skip
    reviewer = people["eve"]
    reviewer.user_permissions.add(Permission.objects.get(codename="review_changes"))
    article = Article.objects.create(title="Pipeline", body=BODY, raw=BODY,
                                     source_name="p.txt", content_hash="p")  # fmt: skip
    quote_start = BODY.index("Gas flows east")
    Quote.objects.create(article=article, start=quote_start, end=quote_start + 14,
                         text="Gas flows east")  # fmt: skip
    energy = Theme.objects.get(slug="energy")
    coding_round = rounds.create_round(
        "Blind pilot", [article.pk], ["ann", "ben"], ["energy"], blind=True,
        adjudicator_name="eve",
    )  # fmt: skip
    made = {}
    for name, phrase in (("ann", "Gas flows east"), ("ben", "The pipeline will open")):
        start = BODY.index(phrase)
        data = {"start": start, "end": start + len(phrase), "themes": [energy],
                "note": SECRETS[name]}  # fmt: skip
        made[name] = services.create_annotation(article, people[name], data)
        services.create_reply(made[name], people[name], f"{SECRETS[name]} REPLY")
    assert {a.coding_round for a in made.values()} == {coding_round}
    return {"people": people, "article": article, "round": coding_round, "made": made}


def paths(world) -> dict[str, str]:
    """Every GET a user can take to see annotations, notes and replies."""
    article, ann, ben = world["article"], world["made"]["ann"], world["made"]["ben"]
    return {
        "reader": article.get_absolute_url(),
        "annotations list": reverse("annotations:list"),
        "annotations search": reverse("annotations:list") + "?q=ROUND",
        "annotations csv": reverse("annotations:list-export", args=["csv"]),
        "annotations json": reverse("annotations:list-export", args=["json"]),
        "w3c export": reverse("annotations:export"),
        "quote browser by theme": reverse("articles:quotes") + "?theme=energy",
        "changes": reverse("articles:changes"),
        "admin annotations": reverse("admin:annotations_annotation_changelist"),
        "detail ann": reverse("annotations:detail", args=[ann.pk]),
        "detail ben": reverse("annotations:detail", args=[ben.pk]),
    }


def seen(client: Client, world) -> dict[str, set[str]]:
    """Which coders' round work each path shows this client."""
    found = {}
    for name, path in paths(world).items():
        for headers in ({}, HX) if name == "reader" else ({},):
            response = client.get(path, headers=headers)
            if response.status_code != 200:
                continue
            content = (
                b"".join(response.streaming_content) if response.streaming else response.content
            ).decode()
            label = name + (" (htmx fragment)" if headers else "")
            found[label] = {coder for coder, secret in SECRETS.items() if secret in content}
            if name == "admin annotations":  # the admin's list shows passages, not notes
                found[label] = {
                    coder for coder, made in world["made"].items()
                    if f"/annotations/annotation/{made.pk}/change/" in content
                }  # fmt: skip
    return found


def shows(found: dict[str, set[str]], coder: str) -> list[str]:
    return sorted(path for path, coders in found.items() if coder in coders)


def test_two_coders_see_only_their_own_round_work_on_every_path(world):
    people = world["people"]
    ann_sees = seen(client_of(people["ann"]), world)
    assert len(ann_sees) >= 9  # the paths were really read
    assert shows(ann_sees, "ben") == []
    assert "reader" in shows(ann_sees, "ann")
    assert "annotations list" in shows(ann_sees, "ann")
    ben_sees = seen(client_of(people["ben"]), world)
    assert shows(ben_sees, "ann") == []
    assert "w3c export" in shows(ben_sees, "ben")


@pytest.mark.parametrize("who", ["rita", "eve"])
def test_a_researcher_and_an_editor_outside_the_round_see_none_of_it(world, who):
    found = seen(client_of(world["people"][who]), world)
    assert len(found) >= 6
    assert shows(found, "ann") == shows(found, "ben") == []


def test_the_other_coders_work_is_404_where_it_is_addressed(world):
    ann = client_of(world["people"]["ann"])
    ben_work = world["made"]["ben"]
    for name in ("detail", "edit"):
        assert ann.get(reverse(f"annotations:{name}", args=[ben_work.pk])).status_code == 404
    reply_url = reverse("annotations:reply-create", args=[ben_work.pk])
    assert ann.post(reply_url, {"text": "peek"}).status_code == 404
    hidden_reply = ben_work.replies.get()
    detail = reverse("annotations:reply-detail", args=[hidden_reply.pk])
    assert ann.get(detail).status_code == 404


def test_the_panel_after_a_save_counts_no_hidden_work(world):
    ann = client_of(world["people"]["ann"])
    article = world["article"]
    start = BODY.index("Oil flows west")
    shown = str(world["made"]["ann"].pk)
    response = ann.post(
        reverse("annotations:create", args=[article.pk]),
        {"start": start, "end": start + 14, "exact": "Oil flows west", "shown": shown,
         "text": article.content_hash},
        headers=HX,
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200
    assert "added by other editors" not in html or 'id="panel-news" role="status" hidden' in html
    assert SECRETS["ben"] not in html


def test_admins_see_all_unless_coding_and_the_adjudicator_once_closed(world):
    boss = world["people"]["boss"]
    found = seen(client_of(boss), world)
    assert "admin annotations" in shows(found, "ben")
    assert "annotations list" in shows(found, "ann")
    world["round"].coders.add(boss)
    boss = User.objects.get(pk=boss.pk)  # the round rules read afresh
    assert shows(seen(client_of(boss), world), "ann") == []
    eve = world["people"]["eve"]
    rounds.close_round(world["round"])
    eve_sees = seen(client_of(User.objects.get(pk=eve.pk)), world)
    assert "annotations list" in shows(eve_sees, "ann")
    assert "annotations list" in shows(eve_sees, "ben")


def test_a_round_that_is_not_blind_hides_nothing(world):
    world["round"].blind = False
    world["round"].save()
    found = seen(client_of(world["people"]["rita"]), world)
    assert "reader" in shows(found, "ann")
    assert "annotations list" in shows(found, "ben")


def test_round_work_stays_out_of_the_compare_rows(world):
    refresh(RefreshPlan.everything())
    energy = Theme.objects.get(slug="energy")
    annotated = ThemePassage.objects.filter(theme=energy, origin=ThemePassage.Origin.ANNOTATION)
    assert annotated.count() == 0
    start = BODY.index("Oil flows west")
    outside = services.create_annotation(
        world["article"], world["people"]["eve"],
        {"start": start, "end": start + 14, "themes": [energy], "note": ""},
    )  # fmt: skip
    assert outside.coding_round is None
    refresh(RefreshPlan.everything())
    assert list(annotated.values_list("annotation_id", flat=True)) == [outside.pk]


def test_the_json_exports_of_a_coder_hold_only_their_own(world):
    ann = client_of(world["people"]["ann"])
    records = json.loads(
        b"".join(ann.get(reverse("annotations:list-export", args=["json"])).streaming_content)
    )
    assert [r["author"] for r in records] == ["ann"]
    collection = json.loads(ann.get(reverse("annotations:export")).content)
    assert collection["total"] == 2  # ann's annotation and ann's reply
    assert Annotation.objects.count() == 2


def test_the_quote_browsers_theme_filter_reads_only_visible_highlights(world):
    quote = Quote.objects.get()
    url = reverse("articles:quotes") + "?theme=energy"
    row = f'id="quote-row-{quote.pk}"'
    assert row in client_of(world["people"]["ann"]).get(url).content.decode()  # her highlight
    assert row not in client_of(world["people"]["ben"]).get(url).content.decode()
    assert row not in client_of(world["people"]["rita"]).get(url).content.decode()


def test_closing_shows_the_work_to_the_adjudicator_only(world):
    rounds.close_round(world["round"])
    for who in ("ben", "rita"):
        assert shows(seen(client_of(world["people"][who]), world), "ann") == []


def test_the_see_all_permission_without_superuser_powers(world):
    viewer = user("vera", None, is_staff=True)
    for codename in ("see_all_round_work", "view_article", "view_annotation"):
        viewer.user_permissions.add(Permission.objects.get(codename=codename))
    viewer = User.objects.get(pk=viewer.pk)
    found = seen(client_of(viewer), world)
    assert "annotations list" in shows(found, "ann")
    assert "annotations list" in shows(found, "ben")
    world["round"].coders.add(viewer)
    assert shows(seen(client_of(User.objects.get(pk=viewer.pk)), world), "ben") == []
