"""What a point's terms find: every paragraph it matches, scored, then its possible mentions.

For an editor tuning a point's aliases, keywords, context words and exclusions: the
reason given for each paragraph says which terms counted and why.
"""

from __future__ import annotations

from collections import Counter

from generator.link import Briefing, PointView
from generator.errors import UsageError
from generator.mentions import MENTION_THRESHOLD, POSSIBLE_THRESHOLD, Mention
from generator.render import excerpt, plural
from generator.morphology import LemmaIndex
from generator.termindex import TermIndex
from generator.textmatch import normalise
from generator.validation import hint_for


def _view(briefing: Briefing, point_id: str) -> PointView:
    ids = [p.id for p in briefing.points]
    if point_id not in ids:
        raise UsageError(f"no point '{point_id}' in the register ({hint_for(point_id, ids)})")
    return briefing.point(point_id)


def _lines(mentions: list[Mention]) -> list[str]:
    lines = []
    for m in sorted(mentions, key=lambda m: (-m.score, -m.article.date.toordinal(), m.article.id, m.paragraph)):
        lines.append(f"  {m.score:g}  {m.article.path} ¶{m.paragraph} [{m.state}]  {m.reason}")
        lines.append(f"      {excerpt(m.article.paragraph(m.paragraph).text, 160)}")
    return lines


def term_counts(view: PointView) -> list[tuple[str, str, int]]:
    """(kind, term, paragraphs where its words matched) for every term of the point, in register order.

    A term is counted where the linker finds it: a term in Cyrillic by the lemmas of its
    words (generator.morphology), so that 'армія' counts a paragraph that says 'армії'.
    """
    point = view.point
    terms = (*point.aliases, *point.keywords, *point.context)
    index, lemmas = TermIndex.of(terms), LemmaIndex(terms)
    matched: Counter[str] = Counter()
    for m in (*view.mentions, *view.possible):
        text = normalise(m.article.paragraph(m.paragraph).text).text
        matched.update({*index.find(text), *lemmas.find(text, m.article.language)})
    kinds = (("alias", point.aliases), ("keyword", point.keywords), ("context", point.context))
    return [(kind, term, matched[term]) for kind, terms in kinds for term in terms]


def terms_report(briefing: Briefing, point_id: str) -> str:
    view = _view(briefing, point_id)
    out = [f"{view.id}: {view.point.title}", "", "Terms (paragraphs where each occurs among those listed below):"]
    out += [f"  {kind:<8} {term!r}: {count}" for kind, term, count in term_counts(view)]
    out += ["", f"Mentions (score {MENTION_THRESHOLD:g} or more): {len(view.mentions)}"]
    out += _lines(list(view.mentions))
    out += ["", f"Possible mentions (score {POSSIBLE_THRESHOLD:g} to {MENTION_THRESHOLD:g}): {len(view.possible)}"]
    out += _lines(list(view.possible))
    out += ["", f"{plural(len(view.mentions), 'mention')} and {plural(len(view.possible), 'possible mention')}. "
            "Add a term to find what is missing; add an exclude phrase or dismiss what is wrong."]
    return "\n".join(out)


def terms(briefing: Briefing, point_id: str) -> int:
    print(terms_report(briefing, point_id))
    return 0
