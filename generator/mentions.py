"""Mentions: which paragraphs of an article are about a point, scored by the terms they hold. Pure."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
import re
from typing import NamedTuple

from generator.articles import Article, Paragraph
from generator.register import Point
from generator.textmatch import Covered, Normalised, TermIndex, normalise, term_index

# Scoring a paragraph for a point. The register gives each point three kinds of terms
# (matched as in generator.textmatch: whole words, inflections, number forms):
#   aliases   name the point itself ("NATO membership", "Russian document"): ALIAS_WEIGHT;
#   keywords  name what the point is about but have other senses too (army, Donbas,
#             NATO, "600,000"): KEYWORD_WEIGHT for any number of them;
#   context   say what is at issue (cap, cede, join): SUPPORT_WEIGHT, but only in a
#             paragraph that also has a keyword or an alias.
# A point without context words takes a second, different keyword as support. Matches
# inside an `exclude` phrase ("Salvation Army") do not count, nor does a match inside a
# longer, already counted one ("Russian" inside "Russian document"). In a heading the
# score is multiplied by HEADING_FACTOR: a short line that names the subject announces
# a section about it.
#
# Two tiers (measured with tests/linking_eval.py on the tuning articles; see the README):
#   MENTION_THRESHOLD = 2: an alias alone, or a keyword with support, is a mention (the
#     review queue); one keyword alone is not, however often it occurs;
#   POSSIBLE_THRESHOLD = 1: a keyword alone, or two context words without a keyword, is a
#     possible mention: listed apart, ranked by score, so that no paragraph that carries
#     a point's words is invisible, without crowding the queue.
# How common a word is in the corpus being linked decides whether it can stand alone:
# context words alone, or the context words that support a keyword, do not count when
# every one of them is in more than Rules.common_share of the paragraphs ("Russian",
# "Moscow" in coverage of these talks), once the corpus has MIN_CORPUS paragraphs to tell;
# however rare the keyword beside them, such words say little about the point.
#
# Labels were judged in the context of the whole article, and so is a paragraph: in an
# article that mentions a point, any paragraph with one of the point's keywords or
# context words is a possible mention of it (ARTICLE_CONTEXT_WEIGHT), reason "in an
# article about <point>: context 'x'"; and a section heading directly above a mention
# is a possible mention (HEADING_ABOVE_WEIGHT): it announces what follows in other words.
MENTION_THRESHOLD = 2.0
POSSIBLE_THRESHOLD = 1.0
ALIAS_WEIGHT = 2.0
KEYWORD_WEIGHT = 1.0
SUPPORT_WEIGHT = 1.0
HEADING_FACTOR = 2.0
CONTEXT_ALONE_WEIGHT = 1.0
ARTICLE_CONTEXT_WEIGHT = 1.0  # one of a point's words, in an article that mentions the point
HEADING_ABOVE_WEIGHT = 1.0  # a heading directly above a mention of the point
SECTION_CAP = POSSIBLE_THRESHOLD  # a heading's section lifts a paragraph's score up to this
MIN_CORPUS = 100  # paragraphs: below this, how common a word is cannot be told

Span = tuple[int, int]
_SENTENCE_END = re.compile(r"[.!?;:][\"')\]]*\s")
_TIMED = re.compile(r"\s*\d{1,2}[:.]\d{2}\b")  # "12:05 Zelensky lands in Florida": a liveblog entry's heading


@dataclass(frozen=True)
class Rules:
    """The generalising rules, each switchable so that its effect can be measured.

    Measured on the tuning articles, tuning and reviewed sets together (46 articles, 290
    labelled pairs; python tests/linking_eval.py --rule NAME=...; the README has the
    table). A rule is kept when it raises the recall of both tiers by 0.02 or more, or
    finds more without a wrong mention or possible mention, or raises mention precision:
    article_context: recall of both tiers 0.92 -> 0.98 (+16 correct possible mentions,
    +116 wrong ones; mentions unchanged); context_alone = 2: +6 correct, +9 wrong possible
    mentions (one word: none more correct, +20 wrong); common_support: mention precision
    0.89 -> 0.94 (9 correct and 11 wrong mentions become possible mentions); word_families:
    +5 correct mentions, +18 wrong possible mentions; heading_above: +2 correct possible
    mentions, no wrong one.
    Left off: lead_about finds nothing the others do not; section adds 2 correct and 14
    wrong possible mentions (recall 0.98 -> 0.99); keywords_in_sentence turns 13 correct
    and 11 wrong possible mentions into mentions (precision 0.94 -> 0.90).
    """

    keywords_in_sentence: bool = False  # two distinct keywords in one sentence support each other
    section: bool = False  # a heading that mentions a point makes the paragraphs of its section possible mentions
    article_context: bool = True  # in an article that mentions a point, any one of its words is a possible mention
    lead_about: bool = False  # ... and in one whose lead carries one of its keywords or aliases
    common_support: bool = True  # common context words support no keyword, however rare (see common_share)
    word_families: bool = True  # a one-word term also finds its derived words (territory: territorial)
    context_alone: int = 2  # this many distinct context words, without a keyword, make a possible mention (0: never)
    # ... unless all of them are common: found in more than this share of the corpus's paragraphs (0: no limit)
    common_share: float = 0.1
    heading_above: bool = True  # a heading directly above a mention announces it: a possible mention


DEFAULT_RULES = Rules()


@dataclass(frozen=True)
class Mention:
    point_id: str
    article: Article
    paragraph: int
    terms: tuple[str, ...]  # the words of the paragraph that matched
    score: float
    spans: tuple[Span, ...] = ()  # where they are in the paragraph text (excluded phrases never)
    cited: bool = False  # a history entry of the point quotes this very paragraph
    in_cited_article: bool = False  # ... or another paragraph of the same article
    dismissed: bool = False
    reason: str = ""  # why it scores: "alias 'NATO membership'", "keywords 'Donbas' + 'territory'"

    @property
    def possible(self) -> bool:
        """Below the mention threshold: plausible, listed apart."""
        return self.score < MENTION_THRESHOLD

    @property
    def to_review(self) -> bool:
        # an editor who cited the article has read it: its other mentions need no review
        return not (self.cited or self.in_cited_article or self.dismissed)

    @property
    def state(self) -> str:
        if self.cited:
            return "cited"
        if self.in_cited_article:
            return "in a cited article"
        return "dismissed" if self.dismissed else "to review"


@dataclass(frozen=True)
class _Found:
    """A point's terms found in one paragraph, by kind, with the spans that count."""

    aliases: dict[str, list[Span]] = field(default_factory=dict)
    keywords: dict[str, list[Span]] = field(default_factory=dict)
    context: dict[str, list[Span]] = field(default_factory=dict)

    def spans(self) -> list[Span]:
        return [s for kind in (self.aliases, self.keywords, self.context) for ss in kind.values() for s in ss]


def _kinds(point: Point) -> dict[str, tuple[int, int]]:
    """Each of the point's terms -> (kind, rank): 0 exclude, 1 alias, 2 keyword, 3 context."""
    ranks: dict[str, tuple[int, int]] = {}
    for kind, terms in enumerate((point.exclude, point.aliases, point.keywords, point.context)):
        for rank, term in enumerate(terms):
            ranks.setdefault(term, (kind, rank))
    return ranks


def _here(kinds: dict[str, tuple[int, int]], spans: dict[str, list[Span]]) -> list[tuple[tuple[int, int], str]]:
    """The point's terms in the paragraph, with their kinds (see _kinds)."""
    return [(kinds[t], t) for t in spans if t in kinds]  # usually a handful


def _claim(kinds: dict[str, tuple[int, int]], spans: dict[str, list[Span]],
           here: list[tuple[tuple[int, int], str]] | None = None) -> _Found:
    """The point's terms (kinds: see _kinds), outside its excluded phrases; a longer, earlier kind claims its words."""
    here = _here(kinds, spans) if here is None else here
    found: tuple[dict[str, list[Span]], ...] = ({}, {}, {})
    if len(here) == 1:  # the common case: one word, nothing to claim it from
        (kind, _), term = here[0]
        if kind:
            found[kind - 1][term] = spans[term]
        return _Found(*found)
    here.sort()  # excluded phrases first, then aliases, keywords, context words
    taken: list[Span] = []
    covered: Covered | None = None
    current = 0
    for (kind, _), term in here:
        if kind != current:  # what the earlier kinds took is now fixed
            covered, current = (Covered(taken) if taken else None), kind
        if kind == 0:
            taken += spans[term]
            continue
        kept = spans[term] if covered is None else [s for s in spans[term] if not covered.covers(s)]
        if kept:
            found[kind - 1][term] = kept
            taken += kept
    return _Found(*found)


def _sentences(text: str) -> list[int]:
    """Start offsets of the sentences of a normalised text after the first."""
    return [m.end() for m in _SENTENCE_END.finditer(text)]


def _keyword_pair(found: _Found, text: str) -> tuple[str, str] | None:
    """Two distinct keywords in one sentence, if any."""
    if len(found.keywords) < 2:
        return None
    starts = _sentences(text)
    by_sentence: dict[int, str] = {}
    for term, spans in found.keywords.items():
        for start, _ in spans:
            sentence = bisect_right(starts, start)
            other = by_sentence.setdefault(sentence, term)
            if other != term:
                return other, term
    return None


def _support(point: Point, found: _Found, text: str, rules: Rules) -> tuple[str, tuple[str, ...]]:
    """What supports the alias or keywords ("" if nothing), and the words that support rests on."""
    keywords = tuple(found.keywords)
    if not (found.aliases or keywords):
        return "", ()
    if found.context:
        rests_on = tuple(found.context) if rules.common_support else keywords + tuple(found.context)
        return f"context '{next(iter(found.context))}'", rests_on
    if not point.context and len(keywords) >= 2:
        return "second keyword", keywords
    if rules.keywords_in_sentence and (pair := _keyword_pair(found, text)):
        return f"keywords '{pair[0]}' + '{pair[1]}' in one sentence", pair
    return "", ()


def _score(point: Point, found: _Found, text: str, heading: bool, section: str | None,
           rules: Rules, strip: bool = False) -> tuple[float, list[str], tuple[str, ...]]:
    """Score, reasons, and the words a keyword's support or context words alone rest on (else ()).

    With strip, support that rests on words only (no alias) and context words alone do
    not count: the score when those words all turn out to be common in the corpus.
    """
    reasons = [f"alias '{a}'" for a in list(found.aliases)[:2]]
    score = ALIAS_WEIGHT if found.aliases else 0.0
    support, rests_on = _support(point, found, text, rules)
    if found.aliases:
        rests_on = ()  # an alias names the point: its support does not depend on how common words are
    elif strip:
        support = ""
    if found.keywords:
        score += KEYWORD_WEIGHT
        reasons.append(support if support.startswith("keywords") else f"keyword '{next(iter(found.keywords))}'")
    if support:
        score += SUPPORT_WEIGHT
        reasons += [] if support.startswith("keywords") else [support]
    if section is not None and not heading and score < SECTION_CAP:
        score = min(score + SUPPORT_WEIGHT, SECTION_CAP)
        reasons.append(f"in section '{section}'")
    if heading and score:
        score *= HEADING_FACTOR
        reasons.append("heading")
    if not score and not strip and rules.context_alone and len(found.context) >= rules.context_alone:
        # never more than possible, even in a heading: context words name what is at issue, not the point
        reasons.append("context " + " + ".join(f"'{c}'" for c in list(found.context)[:2]) + " without a keyword")
        return CONTEXT_ALONE_WEIGHT, reasons, tuple(found.context)
    return score, reasons, rests_on if support else ()


def _placed(found: _Found, norm: Normalised, paragraph: Paragraph) -> tuple[tuple[Span, ...], tuple[str, ...]]:
    """Where the found words are in the paragraph as written, in order, and those words once each."""
    originals = tuple(sorted(norm.span(*s) for s in found.spans()))
    return originals, tuple(dict.fromkeys(paragraph.text[start:end] for start, end in originals))


class _Words(NamedTuple):
    """Some of a point's words in a paragraph: a possible mention if the article mentions the point.

    A named tuple: one is kept for every paragraph that touches a point without scoring.
    """

    point: Point
    article: Article
    paragraph: Paragraph
    norm: Normalised
    found: _Found

    def mention(self, located: dict[int, tuple] | None = None) -> Mention:
        """The possible mention; located keeps, per _Found, what points sharing it would compute again."""
        found = self.found
        shape = located.get(id(found)) if located is not None else None
        if shape is None:
            term = f"keyword '{next(iter(found.keywords))}'" if found.keywords else f"context '{next(iter(found.context))}'"
            shape = (term, *_placed(found, self.norm, self.paragraph))
            if located is not None:
                located[id(found)] = shape  # the _Found stays alive with self while located is used
        term, originals, words = shape
        return Mention(self.point.id, self.article, self.paragraph.number, words, ARTICLE_CONTEXT_WEIGHT,
                       originals, reason=f"in an article about {self.point.id}: {term}")


@dataclass(frozen=True)
class _Candidate:
    """A mention or possible mention, and what it becomes if the words it rests on are common."""

    mention: Mention
    rests_on: tuple[str, ...]  # the words its support (or context words alone) rests on, else ()
    scoring: tuple | None = None  # _score's arguments, to score it again without that support
    named: bool = False  # it holds an alias or a keyword, not context words only
    words: _Words | None = None  # its words, if scored without common ones it is no candidate

    def without_common_words(self) -> Mention | None:
        score, reasons, _ = _score(*self.scoring, strip=True)
        if score < POSSIBLE_THRESHOLD:
            return None
        return replace(self.mention, score=score, reason=", ".join(reasons + ["words common in the corpus"]))


def _mention(point: Point, kinds: dict[str, tuple[int, int]], article: Article, paragraph: Paragraph,
             norm: Normalised, spans: dict[str, list[Span]], section: str | None,
             rules: Rules, scored: dict[tuple, tuple]) -> _Candidate | _Words | None:
    """The paragraph as a candidate; else the point's words it holds (_Words); else None.

    scored: the paragraph's scores so far; points that hold the same terms here (of the
    same kinds, in the same order) score it the same, so it is scored once for them all.
    """
    here = _here(kinds, spans)
    key = (tuple(here), bool(point.context), section)
    if (known := scored.get(key)) is None:
        found = _claim(kinds, spans, here)
        score, reasons, rests_on = _score(point, found, norm.text, paragraph.heading, section, rules)
        originals, words = _placed(found, norm, paragraph) if score >= POSSIBLE_THRESHOLD else ((), ())
        known = scored[key] = (found, score, ", ".join(reasons), rests_on, originals, words)
    found, score, reason, rests_on, originals, words = known
    words_only = None
    if rules.article_context and (found.keywords or found.context) and (rests_on or score < POSSIBLE_THRESHOLD):
        words_only = _Words(point, article, paragraph, norm, found)
    if score < POSSIBLE_THRESHOLD:
        return words_only
    mention = Mention(point.id, article, paragraph.number, words, score, originals, reason=reason)
    scoring = (point, found, norm.text, paragraph.heading, section, rules) if rests_on else None
    return _Candidate(mention, rests_on, scoring, bool(found.aliases or found.keywords), words_only)


def _register_terms(points: Iterable[Point]) -> frozenset[str]:
    return frozenset(t for p in points for t in (*p.aliases, *p.keywords, *p.context, *p.exclude))


@dataclass(frozen=True)
class _Linker:
    """What every article is linked against: the points, their terms indexed once."""

    points: list[Point]
    rules: Rules
    index: TermIndex
    owners: dict[str, list[int]]  # term -> positions of the points that list it
    kinds: list[dict[str, tuple[int, int]]]  # per point: term -> (kind, rank)
    naming: list[frozenset[str]]  # per point: its aliases and keywords
    context: list[frozenset[str]]  # per point: its context words that are not also aliases or keywords

    @classmethod
    def of(cls, points: list[Point], rules: Rules) -> _Linker:
        owners: dict[str, list[int]] = {}
        for position, point in enumerate(points):
            for term in dict.fromkeys((*point.aliases, *point.keywords, *point.context)):
                owners.setdefault(term, []).append(position)
        index = term_index(_register_terms(points), rules.word_families)
        naming = [frozenset((*p.aliases, *p.keywords)) for p in points]
        context = [frozenset(p.context) - names for p, names in zip(points, naming)]
        return cls(points, rules, index, owners, [_kinds(p) for p in points], naming, context)

    def article(self, article: Article, seen: Counter[str]) -> _Linked:
        """Every point's mentions and possible mentions in one article: one scan per paragraph.

        Counts in seen, for every term and under "", the paragraphs that hold it.
        """
        out: list[_Candidate] = []
        words: list[_Words] = []
        # a point touched by fewer context words than can stand alone, and by no alias or
        # keyword, scores nothing: it matters only if the article turns out to be about it
        later: list[tuple[int, Paragraph, Normalised, dict[str, list[Span]]]] = []
        sections: dict[int, str] = {}  # position of a point -> the heading whose section we are in
        for paragraph in article.paragraphs:
            norm = normalise(paragraph.text)
            spans = self.index.find(norm.text)
            seen.update(["", *spans])
            if paragraph.heading:
                sections = {}
            # only the points whose terms are here, or whose section this is, can score
            scored: dict[tuple, tuple] = {}
            touched = self._touched(spans, sections)
            for position in sorted(touched):
                if (touched[position] < self.rules.context_alone or not self.rules.context_alone) \
                        and position not in sections and self.naming[position].isdisjoint(spans):
                    later.append((position, paragraph, norm, spans))
                    continue
                section = sections.get(position) if self.rules.section else None
                candidate = _mention(self.points[position], self.kinds[position], article, paragraph, norm, spans,
                                     section, self.rules, scored)
                if isinstance(candidate, _Words):
                    words.append(candidate)
                    continue
                if candidate is None:
                    continue
                out.append(candidate)
                if paragraph.heading and not candidate.mention.possible and self.rules.section:
                    sections[position] = paragraph.text.strip()
        about = self._about(article, out)
        if self.rules.article_context:
            words += self._words_later(article, later, about)
        located: dict[int, tuple] = {}
        in_context = [w.mention(located) for w in words if w.point.id in about]
        return _Linked(out, in_context, about, self.rules.heading_above)

    def _words_later(self, article: Article, later: list[tuple[int, Paragraph, Normalised, dict[str, list[Span]]]],
                     about: frozenset[str]) -> list[_Words]:
        """The words of the points the article is about, in the paragraphs set aside for later."""
        claimed: dict[tuple, _Found] = {}  # points that hold the same terms in a paragraph claim them once
        words = []
        for position, paragraph, norm, spans in later:
            if self.points[position].id not in about:
                continue
            here = _here(self.kinds[position], spans)
            key = (paragraph.number, tuple(here))
            if (found := claimed.get(key)) is None:
                found = claimed[key] = _claim(self.kinds[position], spans, here)
            if found.keywords or found.context:
                words.append(_Words(self.points[position], article, paragraph, norm, found))
        return words

    def _touched(self, spans: dict[str, list[Span]], sections: dict[int, str]) -> dict[int, int]:
        """The positions of the points whose terms the paragraph holds (or in whose section it is),
        each with the number of its context words there."""
        touched = dict.fromkeys(sections, 0)
        for term in spans:
            for position in self.owners.get(term, ()):
                touched[position] = touched.get(position, 0) + (term in self.context[position])
        return touched

    def _about(self, article: Article, found: list[_Candidate]) -> frozenset[str]:
        """The points the article mentions (common words or not), or whose keyword or alias is in its lead."""
        lead = next((p.number for p in article.paragraphs if not p.heading), None) if self.rules.lead_about else None
        return frozenset(c.mention.point_id for c in found
                         if not c.mention.possible or (c.named and c.mention.paragraph == lead))


@dataclass(frozen=True)
class _Linked:
    """One article's candidates, and the points' words that become possible mentions if it mentions them."""

    candidates: list[_Candidate]
    in_context: list[Mention]  # possible mentions of the points it is about, by their words alone
    about: frozenset[str]  # the points it mentions
    heading_above: bool = False  # Rules.heading_above

    def mentions(self, common: frozenset[str]) -> list[Mention]:
        """The candidates, those resting only on common words scored without them; then the article's context."""
        kept: list[Mention] = list(self.in_context)
        for candidate in self.candidates:
            mention = candidate.mention
            if candidate.rests_on and common.issuperset(candidate.rests_on):
                mention = candidate.without_common_words()
                if mention is None and candidate.words is not None and candidate.words.point.id in self.about:
                    mention = candidate.words.mention()
            if mention is not None:
                kept.append(mention)
        if self.heading_above:
            kept += _headings_above(kept)
        return sorted(kept, key=lambda m: m.paragraph)


def _headings_above(found: list[Mention]) -> list[Mention]:
    """Possible mentions: the headings directly above a mention that do not carry the point's words.

    A section heading announces its section without naming the point ("Where it came
    from", "The east remains the sticking point"). A timed heading does not: it opens one
    liveblog entry, which may go on to anything.
    """
    have = {(m.point_id, m.paragraph) for m in found}
    added: dict[tuple[str, int], Mention] = {}
    for mention in found:
        if mention.possible or mention.paragraph == 1:
            continue
        above = mention.article.paragraphs[mention.paragraph - 2]  # numbered 1, 2, ... in reading order
        key = (mention.point_id, above.number)
        if above.heading and not _TIMED.match(above.text) and key not in have:
            added[key] = Mention(mention.point_id, mention.article, above.number, (), HEADING_ABOVE_WEIGHT,
                                 reason=f"heading of a mention of {mention.point_id} (paragraph {mention.paragraph})")
    return list(added.values())


def candidates(point: Point, article: Article, rules: Rules = DEFAULT_RULES) -> list[Mention]:
    """The paragraphs of the article that carry the point's words, scored; both tiers."""
    seen: Counter[str] = Counter()
    return _specific([_Linker.of([point], rules).article(article, seen)], seen, rules)


def _specific(linked: list[_Linked], seen: Counter[str], rules: Rules) -> list[Mention]:
    """Every article's mentions, those resting on words common in the corpus scored without them."""
    paragraphs = seen[""]
    common: frozenset[str] = frozenset()
    if rules.common_share and paragraphs >= MIN_CORPUS:
        common = frozenset(term for term, count in seen.items() if count > rules.common_share * paragraphs)
    return [m for article in linked for m in article.mentions(common)]


def find_mentions(point: Point, article: Article, rules: Rules = DEFAULT_RULES) -> list[Mention]:
    """Paragraphs of the article that are about the point (score MENTION_THRESHOLD or more)."""
    return [m for m in candidates(point, article, rules) if not m.possible]


ArticleMemo = dict  # Article -> (its candidates, the terms its paragraphs hold): valid for one register's terms


def mentions_by_point(points: list[Point], articles: Iterable[Article],
                      rules: Rules = DEFAULT_RULES, memo: ArticleMemo | None = None) -> dict[str, list[Mention]]:
    """Every point's mentions and possible mentions in every article, article by article.

    All the register's terms are looked for in one pass over each paragraph (see
    generator.textmatch.TermIndex), so the cost grows with the text, not text x points.
    An article's scan depends on the article and the points' terms only; how common a
    word is in the corpus is applied afterwards (_specific), so memo may keep the scans
    of earlier runs with the same terms and rules (generator.cache does).
    """
    linker = _Linker.of(points, rules)
    seen: Counter[str] = Counter()
    linked: list[_Linked] = []
    for article in articles:
        scanned = memo.get(article) if memo is not None else None
        if scanned is None:
            scanned = (linker.article(article, own := Counter()), own)
            if memo is not None:
                memo[article] = scanned
        linked.append(scanned[0])
        seen.update(scanned[1])
    found: dict[str, list[Mention]] = {p.id: [] for p in points}
    for mention in _specific(linked, seen, rules):
        found[mention.point_id].append(mention)
    return found
