"""A quote is found whatever apostrophes, quotation marks, dashes and spaces either side uses, in every script."""

from __future__ import annotations

import itertools

import pytest

from generator.quotes import closest_passage, locate_quote
from generator.readers import read_seed_text

APOSTROPHES = ["'", "\u2019", "\u02bc", "\u02b9"]  # straight, right single quotation mark, modifier letter apostrophe, prime
QUOTE_PAIRS = [('"', '"'), ("\u00ab", "\u00bb"), ("\u201e", "\u201c"), ("\u201c", "\u201d")]  # "…" «…» „…“ “…”
DASHES = ["-", "\u2013", "\u2014", "\u2212"]


def _article(text: str):
    return read_seed_text(f" date 2025-11-27 {text}\n", "seeds/a.txt")


@pytest.mark.parametrize("in_article, in_quote", list(itertools.product(APOSTROPHES, repeat=2)))
def test_a_ukrainian_word_with_any_apostrophe_matches_any_other(in_article, in_quote):
    article = _article(f"Уряд виконає зобов{in_article}язання перед партнерами, сказав премʼєр.")
    citation = locate_quote(f"виконає зобов{in_quote}язання перед партнерами", article)
    assert citation is not None and citation.paragraph == 1
    start, end = citation.span
    assert article.paragraph(1).text[start:end] == f"виконає зобов{in_article}язання перед партнерами"


@pytest.mark.parametrize("in_article, in_quote", list(itertools.product(QUOTE_PAIRS, repeat=2)))
def test_a_quotation_in_any_marks_matches_any_other(in_article, in_quote):
    article = _article(f"Ушаков сказал: {in_article[0]}без этого урегулирование невозможно{in_article[1]}, и ушёл.")
    assert locate_quote(f"сказал: {in_quote[0]}без этого урегулирование невозможно{in_quote[1]}", article)


@pytest.mark.parametrize("in_article, in_quote", list(itertools.product(DASHES, repeat=2)))
def test_dashes_are_equivalent_on_both_sides(in_article, in_quote):
    article = _article(f"Обмеження армії {in_article} це пастка, пише газета.")
    assert locate_quote(f"армії {in_quote} це пастка", article)


@pytest.mark.parametrize("in_article, in_quote", list(itertools.product([" ", "\u00a0", "\u202f"], repeat=2)))
def test_non_breaking_spaces_are_spaces_on_both_sides(in_article, in_quote):
    article = _article(f"Ліміт у 600{in_article}000 був занизьким, кажуть американці.")
    assert locate_quote(f"ліміт у 600{in_quote}000 був занизьким", article)


def test_the_closest_passage_is_suggested_in_cyrillic():
    article = _article("Вступление. Киев не откажется от курса на членство в альянсе, заявил министр на брифинге.\n\n"
                       "Погода в столице остаётся холодной.")
    assert locate_quote("Киев не откажется от курса на вступление в альянс", article) is None
    found = closest_passage("Киев не откажется от курса на членство в Альянсе НАТО", article)
    assert found is not None
    paragraph, passage = found
    assert paragraph == 1 and passage.startswith("Киев не откажется от курса на членство")


def test_the_closest_passage_sees_through_the_apostrophe():
    article = _article("Україна виконає всі зобовʼязання щодо обміну полоненими до кінця року.")
    found = closest_passage("Україна виконає усі зобов'язання щодо обміну полоненими", article)
    assert found == (1, "Україна виконає всі зобовʼязання щодо обміну полоненими")
