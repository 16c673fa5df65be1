"""What the page templates show beyond plain fields: excerpts, badges, marked paragraphs, mention groups. Pure.

Every function here returns text for a template: str (which the environment escapes) or
Markup made only from escaped pieces (md_text) and validated ids.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial
from typing import Any, Callable
from urllib.parse import urlsplit

from markupsafe import Markup

from generator import site_urls
from generator.articles import Article
from generator.escape import md_text
from generator.link import ArticleView, Briefing, QuoteMark
from generator.mentions import Mention, Span
from generator.quotes import Citation
from generator.register import Position
from generator.vocabulary import FALLBACK_ICON, STANCES, STATUS_ICONS

EXCERPT_CHARS = 220
SHORT_TITLE_WORDS = 8  # a citation names an article without outlet or address by at most this many words of its title
WHOLE_TITLE_WORDS = 10  # a title this short is named whole
# words a short title does not end on: "A senior source familiar with the" reads as cut off
_DANGLING = frozenset("a an the of to in on at by for from with and or but that which who as is was said says "
                      "about after before over under into than its their his her".split())
_CLAUSE_END = re.compile(r"[,;:()\[\]]|\s[–—-]\s")


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The text on one line, cut at a word boundary after at most limit characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def by_paragraph(citations: tuple[Citation, ...] | list[Citation]) -> list[Citation]:
    """One citation per cited paragraph: two quotes from one paragraph make one link."""
    return list({(c.article.id, c.paragraph): c for c in reversed(citations)}.values())[::-1]


def source_name(article: Article) -> str:
    """What a citation calls its article ("Outlet, date, ¶N"): the outlet; else the site its address is on
    ("news-example.org"); else a short title."""
    return article.outlet or site_name(article.url) or short_title(article.title)


def citation(c: Citation) -> str:
    """How a quote is credited everywhere: "Outlet, date, ¶N" (source_name for the outlet)."""
    return f"{source_name(c.article)}, {c.article.date.isoformat()}, ¶{c.paragraph}"


def site_name(url: str | None) -> str | None:
    """The host an address is on, without "www." ("https://www.news.org/x" -> "news.org"), or None."""
    try:
        host = urlsplit(url).hostname if url else None
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") and host.count(".") > 1 else host


def short_title(title: str) -> str:
    """A title's opening words, as a reader recognises an article by: the whole title when it is short; else its
    first clause (of four words or more), at most SHORT_TITLE_WORDS words, never ending on a word that leaves it hanging ("the", "with").

    No "…": what is left is a phrase in its own right ("A senior Ukrainian source"), not a sentence cut off.
    """
    words = " ".join(title.split()).rstrip(" .…").split(" ")
    if len(words) <= WHOLE_TITLE_WORDS:
        return " ".join(words)
    clause = _CLAUSE_END.split(" ".join(words), maxsplit=1)[0].split()
    cut = (clause if len(clause) >= 4 else words)[:SHORT_TITLE_WORDS]  # "In Kyiv," opens a clause, names nothing
    while len(cut) > 1 and cut[-1].lower().strip("\"'“”‘’") in _DANGLING:
        cut.pop()
    return " ".join(cut) or words[0]


def provenance_gaps(article: Article) -> list[str]:
    """What the record does not say about an article, for one line on its page ("Not recorded: outlet, author")."""
    known = {"outlet": article.outlet, "author": article.author, "original link": article.url}
    return [name for name, value in known.items() if not value]


def stance_label(position: Position | None) -> str:
    return STANCES[position.stance].label if position else "—"


@dataclass(frozen=True)
class MentionGroup:
    """The mentions of one point in one article, for a row of the point's page."""

    article: Article
    mentions: tuple[Mention, ...]

    @property
    def terms(self) -> list[str]:
        """The matched words, each once whatever its case."""
        return _unique([t for m in self.mentions for t in m.terms])


def _unique(words: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for word in words:
        seen.setdefault(word.lower(), word)
    return list(seen.values())


def group_by_article(mentions: list[Mention] | tuple[Mention, ...]) -> list[MentionGroup]:
    """Mentions grouped by article, keeping their order."""
    groups: dict[str, tuple[Article, list[Mention]]] = {}
    for m in mentions:
        groups.setdefault(m.article.id, (m.article, []))[1].append(m)
    return [MentionGroup(article, tuple(ms)) for article, ms in groups.values()]


def badge(briefing: Briefing, status: str, suffix: str = "") -> Markup:
    """A status badge: icon and label, so it never relies on colour alone."""
    spec = briefing.register.statuses.get(status)
    label = spec.label if spec else status
    icon = STATUS_ICONS.get(status, FALLBACK_ICON)
    closed = " bf-status--closed" if spec and spec.closed else ""
    return Markup(
        f'<span class="bf-status bf-status--{status}{closed}">'
        f'<span class="bf-status__icon" aria-hidden="true">{icon}</span> {md_text(label)}{md_text(suffix)}</span>'
    )


def transition(briefing: Briefing, change: Any) -> Markup:
    """What a history entry did, as badges: 'Open → Narrowing', 'recorded as Open' for the first on record,
    or 'Update: still Open' for an entry that keeps the status (change: anything with entry and before)."""
    after = badge(briefing, change.entry.entry.status)
    if change.before is None:
        return Markup("recorded as ") + after
    if change.before == change.entry.entry.status:
        return Markup("Update: still ") + after
    return badge(briefing, change.before) + Markup(" → ") + after


def what_happened(briefing: Briefing, change: Any) -> str:
    """transition() as plain text, for feed titles: 'Narrowing → Open', 'Update: still Open', 'Recorded as Open'."""
    label = briefing.register.statuses[change.entry.entry.status].label
    if change.before is None:
        return f"Recorded as {label}"
    if change.before == change.entry.entry.status:
        return f"Update: still {label}"
    return f"{briefing.register.statuses[change.before].label} → {label}"


def _merge_quotes(quotes: tuple[QuoteMark, ...]) -> list[QuoteMark]:
    """Overlapping cited passages as one, supporting the points of all of them."""
    merged: list[QuoteMark] = []
    for quote in sorted(quotes):
        last = merged[-1] if merged else None
        if last and quote.span[0] < last.span[1]:
            span = (last.span[0], max(last.span[1], quote.span[1]))
            merged[-1] = QuoteMark(span, tuple(dict.fromkeys(last.point_ids + quote.point_ids)))
        else:
            merged.append(quote)
    return merged


def mark_paragraph(text: str, quotes: tuple[QuoteMark, ...], terms: tuple[Span, ...],
                   label: Callable[[tuple[str, ...]], Markup] = lambda _: Markup("")) -> Markup:
    """Escaped paragraph text: cited passages in <mark>, each followed by label(its points); terms in <strong>."""
    marks: list[tuple[int, int, tuple[str, ...] | None]] = [(*q.span, q.point_ids) for q in _merge_quotes(quotes)]
    for start, end in terms:  # a term never overlaps a quote or an earlier term
        if not any(s < end and start < e for s, e, _ in marks):
            marks.append((start, end, None))
    out: list[str] = []
    cursor = 0
    for start, end, point_ids in sorted(marks, key=lambda m: m[:2]):
        inner = md_text(text[start:end])
        tag = f'<strong class="bf-term">{inner}</strong>' if point_ids is None else f'<mark class="bf-quote">{inner}</mark>{label(point_ids)}'
        out += [md_text(text[cursor:start]), tag]
        cursor = end
    out.append(md_text(text[cursor:]))
    return Markup("".join(out))


def quote_label(briefing: Briefing, page_url: str, point_ids: tuple[str, ...]) -> Markup:
    """Which points a highlighted quote supports: a link per point, read as "quoted for <name>", shown as
    "[name]", the full title on hover. Each link sits directly in the paragraph, as running-text links do;
    raw HTML, so the link is between served URLs (page_url: the page's)."""
    return Markup("".join(
        f'<a class="bf-quote__label" href="{site_urls.relative(page_url, site_urls.point_url(pid))}" '
        f'title="{md_text(briefing.point(pid).point.title)}"> <span class="bf-visually-hidden">quoted for </span>'
        f'[{md_text(short_point_name(pid))}]</a>' for pid in point_ids))


def short_point_name(point_id: str) -> str:
    """A point's id read as words ("army-cap" -> "army cap"): short enough to stand in running text."""
    return point_id.replace("-", " ")


def text_attributes(article: Article) -> Markup:
    """lang and dir for the element holding the article's text, so it is read and laid out in its language."""
    lang = f' lang="{article.lang_tag}"' if article.lang_tag else ""
    return Markup(f'{lang} dir="{article.direction}"')


def lead(article: Article) -> str:
    """The first paragraph that is not a heading: the article's own summary."""
    return next((p.text for p in article.paragraphs if not p.heading), article.title)


def marked_paragraphs(briefing: Briefing, view: ArticleView) -> list[tuple[Any, Markup]]:
    """Each paragraph of the article with its text marked: quotes (labelled with their points) and point names."""
    label = partial(quote_label, briefing, site_urls.article_url(view.article.id))
    return [(p, mark_paragraph(p.text, view.highlights.get(p.number, ()), view.term_spans.get(p.number, ()), label))
            for p in view.article.paragraphs]
