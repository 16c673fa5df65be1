"""What the page templates show beyond plain fields: excerpts, badges, marked paragraphs, mention groups. Pure.

Every function here returns text for a template: str (which the environment escapes) or
Markup made only from escaped pieces (md_text) and validated ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any, Callable

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
SOURCE_NAME_CHARS = 48


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The text on one line, cut at a word boundary after at most limit characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def by_paragraph(citations: tuple[Citation, ...] | list[Citation]) -> list[Citation]:
    """One citation per cited paragraph: two quotes from one paragraph make one link."""
    return list({(c.article.id, c.paragraph): c for c in reversed(citations)}.values())[::-1]


def source_name(article: Article) -> str:
    """What a citation calls its article: the outlet, else the title cut short."""
    return article.outlet or excerpt(article.title, SOURCE_NAME_CHARS)


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
    """'Open → Narrowing' as badges, or 'recorded as Open' for a first entry, or 'still Open'."""
    after = badge(briefing, change.entry.entry.status)
    if change.before is None:
        return Markup("recorded as ") + after
    if change.before == change.entry.entry.status:
        return Markup("still ") + after
    return badge(briefing, change.before) + Markup(" → ") + after


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
