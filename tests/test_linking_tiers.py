"""Mentions and possible mentions: scores and reasons, the corpus rule, dismissal, and where
possible mentions show (triage, the export, the desk, `briefing terms`)."""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path

import pytest

from generator.articles import Article, Paragraph
from generator.link import link
from generator.commands import main
from generator.desk import desk_articles, desk_pages, triage_records
from generator.export import export
from generator.linker import MIN_CORPUS, candidates, mentions_by_point
from generator.mentions import POSSIBLE_THRESHOLD
from generator.readers import read_article, read_seed_text
from generator.register import Point, load_register, parse_register
from generator.render import render_pages
from generator.scoring import Rules
from generator.site_urls import desk_article_page
from helpers import ROOT, SEED

POINT = Point(id="army-cap", title="Army cap", status="open", aliases=["army cap"],
              keywords=["army", "600,000"], context=["limit", "size"], exclude=["Salvation Army"])


def _article(*texts: str, article_id: str = "a") -> Article:
    paragraphs = tuple(Paragraph(n, t, False) for n, t in enumerate(texts, 1))
    return Article(id=article_id, path=f"seeds/{article_id}.txt", title=article_id, date=date(2025, 12, 1),
                   paragraphs=paragraphs)


@pytest.mark.parametrize(("text", "score", "reason"), [
    ("The army cap was discussed.", 2, "alias 'army cap'"),
    ("The army would be limited.", 2, "keyword 'army', context 'limit'"),
    ("An army of 600,000 soldiers.", 1, "keyword 'army'"),
    ("The army, the army and the army.", 1, "keyword 'army'"),
    ("A limit on the size of the order.", 1, "context 'limit' + 'size' without a keyword"),
    ("The Salvation Army cooked.", None, ""),
    ("Nothing to see.", None, ""),
])
def test_every_paragraph_with_a_points_words_gets_a_score_and_a_reason(text, score, reason):
    found = candidates(POINT, _article(text))
    if score is None:
        assert found == []
        return
    (mention,) = found
    assert (mention.score, mention.reason) == (score, reason)
    assert mention.possible is (score < 2)


def test_context_words_common_in_the_corpus_do_not_stand_alone():
    # "size" is in every paragraph of a corpus large enough to tell; "limit" in one
    filler = [f"Paragraph {n} speaks of size." for n in range(MIN_CORPUS)]
    article = _article("A limit was set.", "The size grew.", *filler)
    one_word = Rules(context_alone=1)
    found = {m.paragraph: m for m in mentions_by_point([POINT], [article], one_word)["army-cap"]}
    assert 1 in found and found[1].possible  # a specific context word: a possible mention
    assert 2 not in found  # a common one alone: nothing
    everything = mentions_by_point([POINT], [article], Rules(context_alone=1, common_share=0))["army-cap"]
    assert {m.paragraph for m in everything} >= {1, 2}


def test_below_the_corpus_size_every_word_counts_as_specific():
    article = _article("The size grew.", *["Size again." for _ in range(10)])
    assert len(mentions_by_point([POINT], [article], Rules(context_alone=1))["army-cap"]) == 11


def test_by_default_context_words_alone_take_two_distinct_words():
    assert candidates(POINT, _article("A limit was set.")) == []
    (mention,) = candidates(POINT, _article("A limit on the size."))
    assert mention.possible


def test_one_pass_finds_what_each_point_alone_finds():
    register, _ = load_register(ROOT / "briefings" / "register.yml")
    articles = [read_article(p) for p in sorted((ROOT / "tests" / "cases" / "linking" / "articles").glob("*.txt"))[:6]]
    together = mentions_by_point(list(register.points), articles, Rules(common_share=0))
    for point in register.points:
        alone = [(m.article.id, m.paragraph, m.score, m.reason) for a in articles for m in candidates(point, a, Rules(common_share=0))]
        assert [(m.article.id, m.paragraph, m.score, m.reason) for m in together[point.id]] == alone


def test_in_an_article_that_mentions_a_point_one_of_its_words_is_a_possible_mention():
    about = _article("The army would be limited.", "Any limit must apply to the aggressor.", "Talks went on.")
    found = [(m.paragraph, m.score, m.reason) for m in candidates(POINT, about)]
    assert found == [(1, 2, "keyword 'army', context 'limit'"),
                     (2, 1, "in an article about army-cap: context 'limit'")]
    # the same paragraph in an article that does not mention the point: nothing
    assert candidates(POINT, _article("Talks went on.", "Any limit must apply to the aggressor.")) == []
    assert [m.paragraph for m in candidates(POINT, about, Rules(article_context=False))] == [1]


def _with_headings(*blocks: tuple[str, bool]) -> Article:
    paragraphs = tuple(Paragraph(n, text, heading) for n, (text, heading) in enumerate(blocks, 1))
    return Article(id="h", path="seeds/h.txt", title="h", date=date(2025, 12, 1), paragraphs=paragraphs)


def test_a_heading_directly_above_a_mention_is_a_possible_mention():
    article = _with_headings(("Talks went on.", False), ("Where the talks stand", True),
                             ("The army would be limited.", False), ("14:05 Witkoff arrives", True),
                             ("The army would be limited to 600,000.", False), ("Other news", True),
                             ("The army marched.", False))
    found = [(m.paragraph, m.score, m.reason) for m in candidates(POINT, article)]
    assert found == [(2, 1, "heading of a mention of army-cap (paragraph 3)"),
                     (3, 2, "keyword 'army', context 'limit'"),
                     (5, 2, "keyword 'army', context 'limit'"),  # a timed heading opens a liveblog entry: not it
                     (7, 1, "keyword 'army'")]  # above a possible mention: not it
    assert [m.paragraph for m in candidates(POINT, article, Rules(heading_above=False))] == [3, 5, 7]
    # a heading that scores on its own keeps its own score and reason
    named = _with_headings(("The army cap", True), ("The army would be limited.", False))
    assert [(m.paragraph, m.reason) for m in candidates(POINT, named)] == [
        (1, "alias 'army cap', heading"), (2, "keyword 'army', context 'limit'")]


def test_common_context_words_support_no_keyword():
    # "size" is in every paragraph of a corpus large enough to tell, "limit" in one
    filler = [f"Paragraph {n} speaks of size." for n in range(MIN_CORPUS)]
    article = _article("The size of the army.", "The army would be limited.", *filler)
    found = {m.paragraph: m for m in mentions_by_point([POINT], [article])["army-cap"]}
    assert found[1].possible and found[1].reason == "keyword 'army', words common in the corpus"
    assert not found[2].possible
    before = {m.paragraph: m for m in mentions_by_point([POINT], [article], Rules(common_support=False))["army-cap"]}
    assert not before[1].possible


def test_word_families_find_derived_words_only():
    derived = _article("The limitation of the army.")
    (mention,) = candidates(POINT, derived)
    assert (mention.score, mention.reason, mention.terms) == (2, "keyword 'army', context 'limit'",
                                                              ("limitation", "army"))
    assert candidates(POINT, derived, Rules(word_families=False))[0].score == 1


REGISTER = """title: T
parties: [{id: ukraine, name: Ukraine}]
points:
  - id: army-cap
    title: Army cap
    status: open
    keywords: [army, "600,000"]
    context: [cap]
DISMISSED"""

ARTICLE = read_seed_text(" date 2025-12-01 The army will be capped.\n\nThe army paraded.\n\nNothing else.\n", "seeds/wire.txt")


def _briefing(dismissed: str = ""):
    register, doc = parse_register(REGISTER.replace("DISMISSED", dismissed), "briefings/register.yml")
    return link(register, doc, [ARTICLE])


def test_possible_mentions_are_kept_apart_and_queued_after_mentions():
    briefing = _briefing()
    view = briefing.point("army-cap")
    assert [m.paragraph for m in view.mentions] == [1]
    assert [(m.paragraph, m.score, m.reason) for m in view.possible] == [(2, 1.0, "keyword 'army'")]
    assert [m.paragraph for m in briefing.queue] == [1]
    assert [m.paragraph for m in briefing.possible_queue] == [2]


def test_dismissing_a_possible_mention_works_as_for_a_mention():
    briefing = _briefing("    dismissed:\n      - {article: wire, paragraph: 2, reason: A parade}\n")
    assert briefing.possible_queue == []
    assert briefing.point("army-cap").possible[0].dismissed
    assert [m.paragraph for m in briefing.queue] == [1]


def test_the_export_lists_possible_mentions_beside_mentions():
    point = export(_briefing())["points"][0]
    assert [m["paragraph"] for m in point["mentions"]] == [1]
    assert point["possible_mentions"] == [
        {"article": "wire", "paragraph": 2, "score": 1.0, "reason": "keyword 'army'", "dismissed": False}]


def test_a_mention_is_one_record_in_the_export_and_in_triage():
    briefing = _briefing()
    point = export(briefing)["points"][0]
    exported = {(r["article"], r["paragraph"]): r for r in (*point["mentions"], *point["possible_mentions"])}
    (article,) = triage_records(briefing, desk_articles(briefing))
    queued = {(article["article"], p["paragraph"]): point for p in article["paragraphs"] for point in p["points"]}
    assert sorted(queued) == sorted(exported) == [("wire", 1), ("wire", 2)]
    for key, record in queued.items():
        same = exported[key]
        assert {k: v for k, v in record.items() if k in same} == {k: v for k, v in same.items() if k in record}
    assert article["paragraphs"][0] == {
        "paragraph": 1, "url": "articles/wire/#p1", "text": "The army will be capped.",
        "points": [{"point": "army-cap", "tier": "mention", "score": 2.0, "reason": "keyword 'army', context 'cap'",
                    "terms": ["army", "capped"]}]}
    assert (article["article"], article["path"], article["date"]) == ("wire", "seeds/wire.txt", "2025-12-01")


def test_the_desk_shows_mentions_and_possible_mentions_of_an_article_together_with_score_and_reason():
    pages = desk_pages(_briefing())
    assert "review/wire.md" in pages["index.md"] and "| 1 | 1 |" in pages["index.md"]
    page = pages[desk_article_page("wire")]
    one, two = page.split("## ¶1", 1)[1].split("## ¶2", 1)
    assert "| mention | 2 | keyword &#39;army&#39;, context &#39;cap&#39; |" in one
    assert "| possible mention | 1 | keyword &#39;army&#39; |" in two and "The army paraded." in two
    assert "briefing dismiss army-cap wire --paragraph 2 --reason REASON" in two
    assert "briefing status army-cap open --date 2025-12-01 --note NOTE --source wire --quote &#39;The army paraded.&#39;" in two
    dismissed = desk_pages(_briefing("    dismissed:\n      - {article: wire, paragraph: 2, reason: A parade}\n"))
    assert "## ¶2" not in dismissed[desk_article_page("wire")]
    assert not any("review" in page for page in render_pages(_briefing()))


def test_reasons_from_articles_are_escaped_on_the_desk():
    register = REGISTER.replace("keywords: [army,", 'keywords: ["<b>army", army,')
    parsed, doc = parse_register(register.replace("DISMISSED", ""), "briefings/register.yml")
    page = desk_pages(link(parsed, doc, [ARTICLE]))[desk_article_page("wire")]
    assert "army" in page and "<b>" not in page


NEW_ARTICLE = " date 2025-12-02 The army paraded on Sunday.\n\nA limit was set on fishing.\n"


@pytest.fixture
def here(project, monkeypatch):
    monkeypatch.chdir(project)
    (project / "seeds" / "2025-12-02_parade.txt").write_text(NEW_ARTICLE, "utf-8")
    return project


def test_triage_shows_possible_mentions_with_score_and_reason(here, capsys):
    assert main(["triage", "--format", "json"]) == 0
    articles = json.loads(capsys.readouterr().out)
    records = [(a["article"], p["paragraph"], r) for a in articles for p in a["paragraphs"] for r in p["points"]]
    possible = [(n, r) for a, n, r in records if a == "2025-12-02_parade" and r["tier"] == "possible"]
    assert {(r["point"], n, r["score"], r["reason"]) for n, r in possible} >= {("army-cap", 1, 1.0, "keyword 'army'")}
    assert all(r["score"] >= POSSIBLE_THRESHOLD for _, _, r in records)
    assert main(["triage"]) == 0
    text = capsys.readouterr().out
    assert "seeds/2025-12-02_parade.txt (2025-12-02)" in text
    assert "  ¶1: The army paraded on Sunday.\n    -> army-cap: possible mention, score 1: keyword 'army'" in text


def test_terms_lists_a_points_mentions_and_possible_mentions(here, capsys):
    assert main(["terms", "army-cap"]) == 0
    out = capsys.readouterr().out
    mentions, possible = out.split("Possible mentions", 1)
    assert f"seeds/{SEED}.txt ¶8 [cited]  keyword 'army', context 'reduction'" in mentions
    assert "seeds/2025-12-02_parade.txt ¶1 [to review]  keyword 'army'" in possible
    assert "keyword  'army': " in out


def test_terms_refuses_an_unknown_point_with_a_hint(here, capsys):
    assert main(["terms", "army"]) == 2
    assert "no point 'army' in the register (did you mean 'army-cap'?" in capsys.readouterr().err


@pytest.mark.slow
def test_a_two_mebibyte_paragraph_links_in_seconds():
    register, _ = load_register(ROOT / "briefings" / "register.yml")
    seed = read_article(ROOT / "seeds" / f"{SEED}.txt")
    text = " ".join(p.text for p in seed.paragraphs)
    huge = (text + " ") * (2 * 1024 * 1024 // (len(text) + 1))
    article = Article(id="huge", path="seeds/huge.txt", title="huge", date=date(2025, 12, 1),
                      paragraphs=(Paragraph(1, huge, False),))
    start = time.perf_counter()
    found = mentions_by_point(list(register.points), [article])
    seconds = time.perf_counter() - start
    assert all(found.values())
    assert seconds < 30, f"{seconds:.1f} s for one 2 MiB paragraph"  # was minutes when spans were compared pairwise


def test_keywords_common_in_the_corpus_make_no_possible_mention_alone():
    # "army" is in every paragraph of a corpus large enough to tell: alone, it lists nothing;
    # with a context word it still makes a mention, and an alias is never common
    filler = [f"Paragraph {n} speaks of the army." for n in range(MIN_CORPUS)]
    article = _article("The army would be limited.", "The army cap was discussed.", *filler)
    found = candidates(POINT, article)
    assert [(m.paragraph, m.score) for m in found] == [(1, 2.0), (2, 2.0)]
    kept = candidates(POINT, article, Rules(common_keywords=False))
    assert len([m for m in kept if m.possible]) == MIN_CORPUS
