"""The one word tokenizer behind reuse, row alignment and the search without PostgreSQL."""

from __future__ import annotations

import pytest

from newsnlp.text.words import folded_words, word_matches, words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Putin’s visit, don't stop", ["Putin’s", "visit", "don't", "stop"]),
        ("Xi-Putin talks", ["Xi", "Putin", "talks"]),
        ("snake_case and 2024-05-16", ["snake", "case", "and", "2024", "05", "16"]),
        ("“No limits,” he said.", ["No", "limits", "he", "said"]),
        ("Пекин и Москва", ["Пекин", "и", "Москва"]),
        ("’quoted’ words", ["quoted", "words"]),
    ],
)
def test_words_are_letters_and_digits_with_inner_apostrophes(text, expected):
    assert words(text) == expected


def test_folded_words_compare_across_case_and_apostrophes():
    assert folded_words("PUTIN’S") == folded_words("putin's") == ["putin's"]


def test_each_word_knows_where_it_stands():
    text = "The two leaders met."
    assert [(m.group(), text[m.start() : m.end()]) for m in word_matches(text)][2] == (
        "leaders",
        "leaders",
    )
    assert [m.span() for m in word_matches(text)][:2] == [(0, 3), (4, 7)]
