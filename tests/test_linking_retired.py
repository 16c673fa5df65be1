"""The retired linking rules, kept on the evaluation's side (tests/retired_rules.py), still do what they did."""

from __future__ import annotations

from datetime import date

from generator.articles import Article, Paragraph
from generator.linker import mentions_by_point
from generator.register import Point, load_register
from linking_eval import ARTICLES_DIR, REGISTER_FILE, _rules
from generator.readers import read_article
from retired_rules import Retired, RetiredRulesLinker

POINT = Point(id="army-cap", title="Army cap", status="open", aliases=["army cap"],
              keywords=["army", "600,000"], context=["limit", "size"], exclude=["Salvation Army"])


def _article(*blocks: str | tuple[str, bool]) -> Article:
    """Paragraphs from texts; a (text, True) pair is a heading."""
    pairs = [(b, False) if isinstance(b, str) else b for b in blocks]
    paragraphs = tuple(Paragraph(n, text, heading) for n, (text, heading) in enumerate(pairs, 1))
    return Article(id="a", path="seeds/a.txt", title="a", date=date(2025, 12, 1), paragraphs=paragraphs)


def _found(article: Article, **retired: bool) -> list[tuple[int, float, str]]:
    found = RetiredRulesLinker([POINT], retired=Retired(**retired)).link([article])[POINT.id]
    return [(m.paragraph, m.score, m.reason) for m in found]


def test_two_keywords_in_one_sentence_support_each_other_when_that_rule_is_on():
    assert _found(_article("An army of 600,000 soldiers."), keywords_in_sentence=True) == [
        (1, 2, "keywords 'army' + '600,000' in one sentence")]
    assert _found(_article("The army marched. It had 600,000 soldiers."), keywords_in_sentence=True) == [
        (1, 1, "keyword 'army'")]
    assert _found(_article("An army of 600,000 soldiers.")) == [(1, 1, "keyword 'army'")]  # off: the generator's


def test_a_lead_that_names_a_point_makes_the_article_about_it_when_that_rule_is_on():
    lead = _article("The army marched on Tuesday.", "Any limit must apply to the aggressor.")
    assert _found(lead, lead_about=True) == [
        (1, 1, "keyword 'army'"), (2, 1, "in an article about army-cap: context 'limit'")]
    assert _found(lead) == [(1, 1, "keyword 'army'")]
    # a keyword further down is not the lead
    later = _article("Talks went on.", "Any limit must apply to the aggressor.", "The army marched.")
    assert [n for n, _, _ in _found(later, lead_about=True)] == [3]


def test_a_heading_that_mentions_a_point_lifts_its_section_when_that_rule_is_on():
    article = _article(("The army cap", True), "Any limit must apply to the aggressor.", "Talks went on.",
                       "The army marched.", ("Other news", True), "Nothing here.")
    assert _found(article, section=True) == [
        (1, 4, "alias 'army cap', heading"), (2, 1, "in section 'The army cap'"),
        (3, 1, "in section 'The army cap'"), (4, 1, "keyword 'army'")]
    assert _found(article) == [
        (1, 4, "alias 'army cap', heading"), (2, 1, "in an article about army-cap: context 'limit'"),
        (4, 1, "keyword 'army'")]


def test_with_every_retired_rule_off_the_evaluation_links_as_the_generator_does():
    register, _ = load_register(REGISTER_FILE)
    articles = [read_article(p) for p in sorted(ARTICLES_DIR.glob("*.txt"))[:12]]
    points = list(register.points)
    assert RetiredRulesLinker(points).link(articles) == mentions_by_point(points, articles)
    assert RetiredRulesLinker(points, retired=Retired(section=True)).link(articles) != mentions_by_point(points, articles)


def test_the_evaluation_switches_kept_and_retired_rules_by_name():
    rules, retired = _rules(["common_support=off", "context_alone=1", "section=on"])
    assert (rules.common_support, rules.context_alone, retired) == (False, 1, Retired(section=True))
