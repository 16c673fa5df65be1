"""Linking: quotes verified, mentions found, queue computed. Pure functions, no disk."""

import re
import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.errors import InputError
from generator.link import link
from generator.quotes import closest_passage, locate_quote
from generator.readers import read_seed_text
from generator.register import parse_register
from generator.termindex import TermIndex, WordFamilies
from generator.textmatch import Covered, _normalise_by_char, first_words, normalise, term_pattern, words_of

ARTICLE = read_seed_text(
    " date 2025-11-27 Talks on the army cap resumed. Officials said the 600 000 figure may rise.\n\n"
    "Army Numbers\n\n"
    "Kyiv said the cap was “not final” — and repeated: the cap was \"not final\".\n\n"
    "Nothing here is relevant.\n",
    "seeds/wire.txt",
)

REGISTER = """title: T
parties: [{id: ukraine, name: Ukraine}]
points:
  - id: army-cap
    title: Army cap
    keywords: [army, "600,000", troops]
    history:
      - date: 2025-11-27
        status: open
        note: n
        sources:
          - {article: wire, quote: 'the cap was "not final" - and'}
  - id: nato
    title: NATO
    keywords: [NATO]
    status: open
"""


def _link(register_text=REGISTER, articles=(ARTICLE,)):
    register, doc = parse_register(register_text, "briefings/register.yml")
    return link(register, doc, list(articles))


def test_quote_found_after_normalising_quotes_dashes_and_case():
    citation = locate_quote("The cap was 'not final' – and", ARTICLE)
    assert citation is not None and citation.paragraph == 3
    text = ARTICLE.paragraph(3).text
    assert text[citation.span[0]:citation.span[1]] == "the cap was “not final” — and"


def test_repeated_quote_links_to_first_and_counts():
    citation = locate_quote("not final", ARTICLE)
    assert (citation.paragraph, citation.occurrences) == (3, 2)


def test_closest_passage_for_a_misquote():
    paragraph, passage = closest_passage("Kyiv said the limit was not final", ARTICLE)
    assert paragraph == 3 and "Kyiv said the cap was" in passage


def test_no_suggestion_for_unrelated_text():
    assert closest_passage("the weather in Geneva was fine all week", ARTICLE) is None
    assert closest_passage("bananas", ARTICLE) is None


def test_misquote_error_names_point_article_quote_and_true_passage():
    bad = REGISTER.replace("the cap was \"not final\" - and", "the cap was \"not settled\" - and")
    with pytest.raises(InputError) as caught:
        _link(bad)
    message = str(caught.value)
    assert message.startswith("briefings/register.yml:12:")
    for fragment in ("points.army-cap.history[0].sources[0]", "not settled", "'wire'", "#p3", "did you mean"):
        assert fragment in message


def test_unknown_article_gets_did_you_mean():
    with pytest.raises(InputError, match=r"no article 'wir'.*did you mean 'wire'"):
        _link(REGISTER.replace("article: wire", "article: wir"))


def test_mentions_numbers_written_differently_and_headings():
    briefing = _link()
    army = briefing.point("army-cap")
    # paragraph 3 carries none of the point's words, but the history quotes it: a mention all the same
    assert [m.paragraph for m in army.mentions] == [1, 2, 3]
    assert "600 000" in army.mentions[0].terms
    assert (army.mentions[2].cited, army.mentions[2].record(("tier",))) == (True, {"tier": "cited"})
    assert briefing.point("nato").mentions == ()


def test_queue_cited_and_dismissed():
    uncited = REGISTER.replace("        sources:\n          - {article: wire, quote: 'the cap was \"not final\" - and'}\n", "")
    briefing = _link(uncited)
    assert [(m.point_id, m.paragraph) for m in briefing.queue] == [("army-cap", 1), ("army-cap", 2)]
    assert _link().queue == []  # citing the article reviews its mentions
    dismissed = uncited.replace("    title: Army cap\n", "    title: Army cap\n    dismissed: [{article: wire, paragraph: 1, reason: background}]\n")
    assert [m.paragraph for m in _link(dismissed).queue] == [2]


def test_last_changed_since_and_status_from_history():
    text = REGISTER.replace(
        "    history:\n",
        "    history:\n      - {date: 2025-11-20, status: narrowing, note: earlier}\n      - {date: 2025-11-25, status: open, note: reopened}\n",
    )
    view = _link(text).point("army-cap")
    assert view.status == "open"
    assert view.last_changed.isoformat() == "2025-11-27"
    assert view.since.isoformat() == "2025-11-25"
    assert [e.entry.date.isoformat() for e in view.history] == ["2025-11-27", "2025-11-25", "2025-11-20"]


def test_article_view_touches_cites_and_highlights():
    briefing = _link()
    view = briefing.articles[0]
    assert view.point_ids == ("army-cap",)
    assert [pid for pid, _ in view.cited_by] == ["army-cap"]
    assert list(view.highlights) == [3]


# letters, digits, punctuation, every kind of white space, typographic marks, and letters
# whose lower case is longer (İ) or depends on context (Σ)
NORMALISE_ALPHABET = list("aZ 09.,'\"-") + ["\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\u00a0", "\u2019",
                                              "\u201c", "\u2014", "\u2026", "\u0130", "\u03a3"]


@given(st.text(alphabet=st.sampled_from(NORMALISE_ALPHABET)))
def test_normalise_fast_path_matches_character_by_character(text):
    normalise.cache_clear()
    assert normalise(text) == _normalise_by_char(text)


@pytest.mark.parametrize("term, text", [
    ("spy", "two spies met"), ("use", "using force"), ("cap", "capped at"), ("army", "the armies"),
    ("reduce", "reducing troops"), ("non-paper", "a nonpaper"), ("non-paper", "a non paper"),
    ("non-paper", "non-papers"), ("give up", "given up"), ("ok", "OK then"), ("army", "the army's size"),
    ("Moscow's conditions", "Moscow's conditions"), ("open door", "open-door policy"),
    ("fortified city", "fortified cities"), ("territory", "territories"), ("U.S. document", "the U.S. documents"),
    ("front line", "the front-lines held"), ("line of contact", "lines of contact"), ("hand over", "handed over"),
])
def test_a_term_is_indexed_under_a_word_of_every_text_it_matches(term, text):
    norm = normalise(text).text
    match = term_pattern(term).search(norm)
    assert match
    assert set(re.findall(r"\w+", match.group())) & first_words(term)
    index = TermIndex.of([term, "unrelated"])
    assert term in index.find(norm)
    assert term not in index.always  # verified only where one of its first words is


def test_a_term_of_several_words_is_verified_only_where_its_last_word_is():
    index = TermIndex.of(["front line", "army"])
    text = normalise("The front held; the army advanced.").text
    assert index.candidates(words_of(text)) == ["army"]  # "front" alone: the pattern is not even run
    assert "front line" in index.candidates(words_of(normalise("along the front lines").text))
    assert "front line" in index.find(normalise("along the front lines").text)


def test_a_term_with_full_stops_matches_as_written():
    pattern = term_pattern("U.S. document")
    assert pattern.search(normalise("the U.S. document, sent").text)
    assert not pattern.search(normalise("the US document").text)  # spellings are listed, not guessed


@pytest.mark.parametrize("text", ["600,000", "600 000", "600\u00a0000", "600.000", "600000", "600k", "600 K",
                                  "600 thousand", "600thousand"])
def test_numbers_are_indexed_under_every_written_form(text):
    norm = normalise(f"a {text} army").text
    assert "600,000" in TermIndex.of(["600,000", "army"]).find(norm)


@pytest.mark.parametrize("text", ["2 million", "2m", "2mn", "2,000,000", "2000000", "2000k", "2000 thousand"])
def test_millions_are_indexed_under_every_written_form(text):
    assert "2,000,000" in TermIndex.of(["2,000,000"]).find(normalise(f"{text} people").text)


def test_covered_spans_tell_containment_not_overlap():
    covered = Covered([(10, 20), (0, 4), (12, 30)])
    assert covered.covers((0, 4)) and covered.covers((11, 19)) and covered.covers((15, 30))
    assert not covered.covers((3, 6)) and not covered.covers((25, 31)) and not covered.covers((40, 41))
    assert not Covered([]).covers((0, 1))


@pytest.mark.parametrize(("term", "text", "found"), [
    ("territory", "territorial claims", ["territorial"]),
    ("withdraw", "a full withdrawal", ["withdrawal"]),
    ("limit", "the limitation of forces", ["limitation"]),
    ("territory", "two territories", ["territories"]),  # an inflection: found by the pattern itself
    ("drafted", "the draft text", []),  # families grow by derivation, not back to the stem
    ("army", "armed men", []),  # another stem
])
def test_word_families_find_words_derived_from_a_one_word_term(term, text, found):
    norm = normalise(text).text
    index = TermIndex.of([term])
    spans = index.find(norm, WordFamilies(index)).get(term, [])
    assert [norm[start:end] for start, end in spans] == found
    if term_pattern(term).search(norm) is None:
        assert term not in index.find(norm)  # families are the linker's choice
