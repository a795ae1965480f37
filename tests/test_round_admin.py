"""An admin creates a coding round in the Django admin (issue 32): the same rules as the
command, and the round's progress per coder on its page."""

from __future__ import annotations

from django.contrib.auth.models import Group, User
from django.urls import reverse

from annotations import rounds
from annotations.models import CodingRound
from articles.models import Article, Theme

ADD = reverse("admin:annotations_codinground_add")


def _coder(name: str) -> User:
    user = User.objects.create_user(name)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def _article() -> Article:
    body = "Gas flows east. Oil flows west."
    return Article.objects.create(title="A", body=body, raw=body, source_name="a.txt",
                                  content_hash="a")  # fmt: skip


def test_an_admin_creates_a_round_and_sees_its_progress(admin_client_, staff_admin):
    ann, ben = _coder("ann"), _coder("ben")
    article = _article()
    data = {"name": "Energy pilot", "articles": [article.pk], "coders": [ann.pk, ben.pk],
            "themes": [Theme.objects.get(slug="energy").pk], "blind": "on"}  # fmt: skip
    response = admin_client_.post(ADD, data)
    assert response.status_code == 302
    coding_round = CodingRound.objects.get()
    assert (coding_round.name, coding_round.blind, coding_round.created_by) == (
        "Energy pilot", True, staff_admin,
    )  # fmt: skip
    rounds.mark_done(coding_round, ann)
    page = admin_client_.get(reverse("admin:annotations_codinground_change",
                                     args=[coding_round.pk])).content.decode()  # fmt: skip
    assert "ann 1/1, ben 0/1" in page


def test_the_admin_refuses_one_coder_and_a_researcher(admin_client_):
    ann = _coder("ann")
    rita = User.objects.create_user("rita")
    rita.groups.add(Group.objects.get(name="Researchers"))
    article = _article()
    alone = admin_client_.post(ADD, {"name": "Solo", "articles": [article.pk], "coders": [ann.pk]})
    assert "A round needs at least two coders." in alone.content.decode()
    mixed = {"name": "Mixed", "articles": [article.pk], "coders": [ann.pk, rita.pk]}
    assert "rita may not annotate" in admin_client_.post(ADD, mixed).content.decode()
    assert CodingRound.objects.count() == 0
