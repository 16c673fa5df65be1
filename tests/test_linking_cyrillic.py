"""Terms in Ukrainian and Russian: inflected forms found by lemma, in Cyrillic articles only.

The figures on the labelled Ukrainian and Russian articles (tests/linking_eval_cyrillic.py)
must reach the targets on the test set, which was never used for tuning.
"""

from __future__ import annotations

import pytest

from generator.linker import candidates, find_mentions
from generator.readers import read_seed_text
from generator.register import parse_register
from linking_eval_cyrillic import link, table

REGISTER = """title: T
parties: [{id: ukraine, name: Ukraine}]
points:
  - id: p
    title: P
    status: open
    aliases: [ALIASES]
    keywords: [KEYWORDS]
    context: [CONTEXT]
"""


def _point(aliases: str = "", keywords: str = "", context: str = ""):
    register, _ = parse_register(REGISTER.replace("ALIASES", aliases).replace("KEYWORDS", keywords).replace("CONTEXT", context), "r.yml")
    return register.points[0]


def _article(text: str, language: str | None = None):
    article = read_seed_text(f" date 2025-11-27 {text}\n", "seeds/a.txt")
    if language is not None:
        from dataclasses import replace
        article = replace(article, language=language)
    return article


@pytest.mark.parametrize("term, text", [
    ("Донбас", "Україна не виведе війська з Донбасу."),
    ("Донбас", "Ситуація на Донбасі залишається складною."),
    ("армія", "Обговорюють скорочення армії до 600 тисяч."),
    ("армія", "США пропонують обмежити армію."),
    ("гарантії безпеки", "Київ вимагає гарантій безпеки від партнерів."),
    ("територіальні поступки", "Президент виключив будь-які територіальні поступки."),
    ("територіальні поступки", "Мова не йде про жодних територіальних поступок."),
    ("Словʼянськ", "Росія вимагає вивести війська зі Слов'янська."),  # apostrophe typed differently
    ("членство в НАТО", "Питання членства в НАТО відклали."),
])
def test_a_ukrainian_term_finds_its_inflected_forms(term, text):
    assert find_mentions(_point(aliases=f'"{term}"'), _article(text))


@pytest.mark.parametrize("term, text", [
    ("Донбасс", "Москва настаивает на выводе войск из Донбасса."),
    ("Донбасс", "В Донбассе продолжаются бои."),
    ("армия", "Речь идёт о сокращении армии Украины."),
    ("армия", "План ограничивает армию шестьюстами тысячами."),
    ("численность", "Вопрос о численности ВСУ остаётся открытым."),
    ("вступление в НАТО", "Отказ от вступления в НАТО остаётся условием."),
    ("территориальные уступки", "Киев отверг любые территориальные уступки."),
    ("территориальные уступки", "Речь не идёт о территориальных уступках."),
    ("неофициальный документ", "Москва передала неофициальный документ; в неофициальном документе двадцать пунктов."),
])
def test_a_russian_term_finds_its_inflected_forms(term, text):
    assert find_mentions(_point(aliases=f'"{term}"'), _article(text))


def test_a_keyword_with_a_context_word_in_other_cases_is_a_mention():
    point = _point(keywords='"армія"', context='"обмеження", "чисельність"')
    found = find_mentions(point, _article("Київ не погоджується на обмеження чисельності армії."))
    assert found and "армії" in found[0].terms


def test_a_word_that_only_shares_letters_is_not_a_form_of_the_term():
    point = _point(aliases='"Донецьк"')
    assert not find_mentions(point, _article("Міст через Сіверський Донець відновлять до весни."))


def test_a_cyrillic_term_never_matches_in_an_english_article():
    point = _point(aliases='"Донбас"')
    english = _article("Reporters quoted the sign at the station: Донбас, then the tracks ended.", "en")
    assert english.language == "en"
    assert not candidates(point, english)


def test_a_latin_term_matches_in_a_cyrillic_article_as_before():
    point = _point(aliases='"NATO"')
    assert find_mentions(point, _article("Агентство Bloomberg пише, що NATO не розширюватиметься."))


def test_the_test_set_meets_the_targets_in_each_language():
    rows = table(*link())
    for language in ("uk", "ru"):
        figures = rows[(language, "test")]
        assert figures.recall_both >= 0.9, (language, figures)
        assert figures.recall_mentions >= 0.9, (language, figures)  # inflected forms make mentions, not only possible ones
        assert figures.precision >= 0.85, (language, figures)


@pytest.mark.parametrize("term, text", [
    ("600,000", "Армію обмежать до 600 тисяч військовослужбовців."),
    ("600,000", "Армію обмежать до 600\u00a0тис. осіб."),
    ("600,000", "Армию ограничат 600 тысячами военнослужащих."),
    ("600,000", "Армию ограничат до 600 тыс. человек."),
    ("600,000", "The army would be capped at 600,000."),
    ("600,000", "The army would be capped at 600k."),
    ("2,000,000", "Це 2 мільйони гривень, або 2 млн."),
    ("1,500,000", "Програма охопить 1,5 млн переселенців."),
    ("1,500,000", "Програма охопить півтора мільйона переселенців."),
    ("1,500,000", "Программа охватит полтора миллиона человек."),
])
def test_a_number_finds_its_forms_in_ukrainian_and_russian_words(term, text):
    assert find_mentions(_point(aliases=f'"{term}"'), _article(text))


@pytest.mark.parametrize("term, text", [
    ("600,000", "Армію обмежать до 1600 тисяч військовослужбовців."),
    ("600,000", "Армию ограничат до 6000 тыс. человек."),
    ("1,500,000", "Програма охопить 11,5 млн переселенців."),
])
def test_a_number_in_words_is_not_part_of_a_larger_one(term, text):
    assert not find_mentions(_point(aliases=f'"{term}"'), _article(text))


def test_briefing_terms_counts_a_cyrillic_term_where_its_inflected_forms_are():
    from generator.commands.terms import term_counts
    from generator.link import link as link_briefing

    text = (REGISTER.replace("ALIASES", "").replace("KEYWORDS", '"армія"').replace("CONTEXT", '"обмеження", "чисельність"'))
    register, doc = parse_register(text, "r.yml")
    article = read_seed_text(" date 2025-11-27 Київ не погоджується на обмеження чисельності армії.\n\n"
                             "Армію обмежать, кажуть у Вашингтоні.\n", "seeds/a.txt")
    counts = {term: count for _, term, count in term_counts(link_briefing(register, doc, [article]).point("p"))}
    assert counts == {"армія": 2, "обмеження": 1, "чисельність": 1}


def test_an_exclude_phrase_in_cyrillic_holds_in_any_case():
    text = (REGISTER.replace("ALIASES", "").replace("KEYWORDS", '"армия"').replace("CONTEXT", '"сокращение"')
            + '    exclude: ["российская армия"]\n')
    register, _ = parse_register(text, "r.yml")
    point = register.points[0]
    assert not find_mentions(point, _article("О сокращении российской армии в Кремле не говорят."))
    assert find_mentions(point, _article("О сокращении украинской армии в Кремле говорят охотно."))


def test_the_readers_article_page_marks_an_inflected_cyrillic_alias_as_the_points_name():
    from generator.link import link as link_briefing

    text = REGISTER.replace("ALIASES", '"територіальні поступки"').replace("KEYWORDS", '"Донбас"').replace("CONTEXT", '"вимагати"')
    register, doc = parse_register(text, "r.yml")
    article = read_seed_text(" date 2025-11-27 Президент виключив будь-яких територіальних поступок на Донбасі, "
                             "яких вимагає Москва.\n", "seeds/a.txt")
    view = next(v for v in link_briefing(register, doc, [article]).articles if v.article.id == "a")
    marked = [article.paragraph(1).text[s:e] for s, e in view.term_spans.get(1, ())]
    assert marked == ["територіальних поступок"]


@pytest.mark.slow
def test_a_build_links_a_russian_article_by_its_inflected_words_and_exports_its_language(tmp_path):
    import json
    import shutil

    from helpers import copy_project, run_briefing
    from linking_eval_cyrillic import CASES

    root = copy_project(tmp_path / "project")
    shutil.copy(CASES / "register.yml", root / "briefings" / "register.yml")
    # every term of army-cap in it is inflected: армии, ограничена, 600 тыс., ограничений
    shutil.copy(CASES / "articles" / "ru_agency_3.txt", root / "seeds" / "ru_agency_3.txt")
    run = run_briefing("build", cwd=root)
    assert run.code == 0, run.err
    export = json.loads((root / "site" / "api" / "briefing.json").read_text("utf-8"))
    article = next(a for a in export["articles"] if a["id"] == "ru_agency_3")
    assert article["language"] == "ru" and article["points"] == ["army-cap"]
    page = (root / "site" / "articles" / "ru_agency_3" / "index.html").read_text("utf-8")
    assert 'lang="ru"' in page
