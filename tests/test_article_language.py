"""The article's language: front matter first, else English or, for a text in Cyrillic, Ukrainian or Russian as detected."""

from __future__ import annotations

import pytest

from generator.articles import guess_language
from generator.readers import read_markdown, read_seed_text


@pytest.mark.parametrize("text, language", [
    ("Talks on the army cap resumed in Geneva on Sunday.", "en"),
    ("Zelensky said «Ми не віддамо нашу землю» — we will not give up our land — in a video address on Sunday.", "en"),
    ("Росія хоче весь Донбас, заявляє Ушаков.", "uk"),
    ("Переговори тривають: ЗСУ тримають оборону на всіх напрямках.", "uk"),
    ("Це наша земля, каже Олег.", "uk"),  # no і, ї, є or ґ
    ("Переговоры продолжаются: ВСУ держат оборону на всех направлениях.", "ru"),
    # a Russian report quoting Ukrainian words: the letter і is no sign of Ukrainian
    ("Участники митинга в Киеве скандировали «Слава Україні!» и требовали не сдавать Донбасс.", "ru"),
    ("Зеленский в обращении сказал: «Ми не віддамо нашу землю». В Кремле это заявление комментировать отказались.", "ru"),
])
def test_the_language_is_detected_from_the_text(text, language):
    assert guess_language(text) == language


def test_a_seed_article_in_ukrainian_is_read_as_ukrainian():
    article = read_seed_text(" date 2025-11-27 Переговори тривають: сторони обговорюють чисельність армії.\n", "seeds/a.txt")
    assert article.language == "uk"


def test_front_matter_wins_over_detection():
    text = "---\ntitle: T\ndate: 2025-11-27\nlanguage: ru\n---\n\nПереговори тривають: ЗСУ тримають оборону.\n"
    assert read_markdown(text, "seeds/a.md").language == "ru"
