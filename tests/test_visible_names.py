"""Names of themes, speakers, aliases and outlets refuse invisible and direction-changing
characters: "Pu\u202etin" (a right-to-left override) would display as another name and
never match a search for the real one."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from articles.models import Person, Quote, Theme
from articles.services import outlet_named, speaker_named, theme_named
from infrastructure.validators import HIDDEN_CATEGORIES, validate_visible_name
from tests.test_annotations import HX, create_url, selection

HIDDEN = ["\u202e", "\u200b", "\u200f", "\u2066", "\ufeff", "\u00ad", "\x07"]


@pytest.mark.parametrize("char", HIDDEN)
def test_a_name_with_a_hidden_character_is_refused_naming_it(char):
    with pytest.raises(ValidationError) as refused:
        validate_visible_name(f"Pu{char}tin")
    assert f"U+{ord(char):04X}" in refused.value.messages[0]


@pytest.mark.parametrize("name", ["Xi Jinping", "Łukasz Dąbrowski", "習近平", "O'Neill-Smith"])
def test_names_in_any_script_pass(name):
    validate_visible_name(name)


@given(st.text(st.characters(categories=["L", "M", "N", "P", "Zs"]), min_size=1, max_size=30),
       st.sampled_from(HIDDEN), st.integers(0, 30))  # fmt: skip
def test_any_visible_name_passes_and_any_hidden_character_in_it_is_caught(name, char, at):
    validate_visible_name(name)
    at = min(at, len(name))
    with pytest.raises(ValidationError):
        validate_visible_name(name[:at] + char + name[at:])


def test_the_hidden_categories_are_the_format_and_control_ones():
    assert {"Cf", "Cc", "Co", "Cs"} == HIDDEN_CATEGORIES


def test_a_new_theme_from_the_reader_with_an_override_is_refused(editor_client, seeds):
    article = seeds["000"]
    data = {**selection(article, "Harbin"), "new_theme": "Ener\u202egy"}
    response = editor_client.post(create_url(article), data, headers=HX)
    assert response.status_code == 422
    assert "U+202E" in response.content.decode()
    assert Theme.objects.filter(name__contains="\u202e").count() == 0


def test_a_new_speaker_with_a_zero_width_space_is_refused(editor_client, seeds):
    quote = Quote.objects.order_by("pk").first()
    data = {"new_speaker": "Wang\u200bWenbin", "new_speaker_kind": "person",
            "start": quote.start, "end": quote.end, "kind": "direct",
            "version": quote.version}  # fmt: skip
    response = editor_client.post(reverse("articles:quote-correct", args=[quote.pk]), data)
    assert response.status_code == 422
    assert Person.objects.filter(name__startswith="Wang").count() == 0


def test_the_admin_refuses_such_a_theme_name(admin_client_, db):
    response = admin_client_.post(
        reverse("admin:articles_theme_add"),
        {"name": "Arc\u2066tic", "colour": "#336699", "description": "", "lexicon": ""},
    )
    assert response.status_code == 200  # the form again, with the reason
    assert "U+2066" in response.content.decode()
    assert Theme.objects.filter(name__startswith="Arc").count() == 0


def test_names_read_from_imports_lose_their_hidden_characters(db):
    assert outlet_named("Example\u200b Times").name == "Example Times"
    assert theme_named("Arc\u00adtic").name == "Arctic"
    assert speaker_named("Helen\u200f Marsh").name == "Helen Marsh"
