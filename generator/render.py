"""Rendering: a Briefing becomes page texts (path -> str) through Jinja2 templates. Pure.

Templates hold the layout; what they show is computed here or in the Briefing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from generator import site_urls
from generator.articles import Article
from generator.briefing import ArticleView, Briefing
from generator.escape import md_text, plain_title, yaml_string
from generator.export import export
from generator.feed import atom_feed
from generator.mentions import Mention, Span
from generator.register import Position
from generator.vocabulary import FALLBACK_ICON, SOURCING, STANCES, STATUS_ICONS

LATEST_DEVELOPMENTS = 10
HOME_QUEUE = 10  # the home page shows the newest of the review queue; review.md has all of it
EXCERPT_CHARS = 220


def _finalize(value: Any) -> Any:
    """Escape by default: anything not explicitly marked safe is shown as text."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return ""
    return md_text(value)


def make_environment() -> Environment:
    env = Environment(
        loader=PackageLoader("generator", "templates"),
        autoescape=False,  # Markdown, not HTML: _finalize escapes for both
        finalize=_finalize,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        front_title=lambda v: yaml_string(plain_title(v)), excerpt=excerpt, iso=_iso, plural=plural, pick=pick,
        stance=stance_label, sourcing=lambda key: SOURCING[key].label,
        anchor=lambda n: Markup(site_urls.paragraph_anchor(n)),
    )
    return env


def _iso(value: date | None) -> str:
    return value.isoformat() if value else "—"


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The text on one line, cut at a word boundary after at most limit characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def pick(count: int, one: str, many: str) -> str:
    """The form of a phrase that agrees with count."""
    return one if count == 1 else many


def plural(count: int, one: str, many: str | None = None) -> str:
    """'1 article', '2 articles': the count and the noun that agrees with it."""
    return f"{count} {pick(count, one, many or one + 's')}"


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

    @property
    def states(self) -> list[str]:
        return _unique([m.state for m in self.mentions])


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


def mark_paragraph(text: str, quotes: tuple[Span, ...], terms: tuple[Span, ...]) -> Markup:
    """Escaped paragraph text with cited quotes (spans) in <mark> and matched terms (spans) in <strong>."""
    marks: list[tuple[int, int, str]] = [(s, e, "quote") for s, e in quotes]
    for start, end in terms:  # a term never overlaps a quote or an earlier term
        if not any(s < end and start < e for s, e, _ in marks):
            marks.append((start, end, "term"))
    marks.sort()  # overlapping quotes are merged below
    out: list[str] = []
    cursor = 0
    for start, end, kind in marks:
        start = max(start, cursor)
        if start >= end:
            continue
        inner = md_text(text[start:end])
        tag = f'<mark class="bf-quote">{inner}</mark>' if kind == "quote" else f'<strong class="bf-term">{inner}</strong>'
        out += [md_text(text[cursor:start]), tag]
        cursor = end
    out.append(md_text(text[cursor:]))
    return Markup("".join(out))


def render_pages(briefing: Briefing, site_url: str | None = None) -> dict[str, str]:
    """Every generated file, keyed by its path under the docs folder."""
    env = make_environment()
    common = dict(register=briefing.register, briefing=briefing, stances=STANCES, urls=site_urls,
                  badge=lambda status, suffix="": badge(briefing, status, suffix))
    pages: dict[str, str] = {}

    def render(template: str, page: str, **context: Any) -> None:
        pages[page] = env.get_template(template).render(links=site_urls.Links(page), **common, **context)

    counts = briefing.status_counts()
    render("home.md.j2", site_urls.HOME_PAGE, counts=counts, developments=briefing.developments(LATEST_DEVELOPMENTS),
           home_queue=HOME_QUEUE)
    render("review.md.j2", site_urls.REVIEW_PAGE)
    render("statuses.md.j2", site_urls.STATUSES_PAGE, counts=counts)
    render("points.md.j2", site_urls.POINTS_PAGE)
    render("articles.md.j2", site_urls.ARTICLES_PAGE)
    for view in briefing.points:
        render("point.md.j2", site_urls.point_page(view.id), view=view, mention_groups=group_by_article(view.mentions),
               queue_groups=group_by_article(view.queue), related=[briefing.point(r) for r in view.point.related])
    for article_view in briefing.articles:
        render("article.md.j2", site_urls.article_page(article_view.article.id), view=article_view,
               paragraphs=[(p, _marked(article_view, p.number, p.text)) for p in article_view.article.paragraphs])
    pages[site_urls.FEED] = atom_feed(briefing, site_url)
    pages[site_urls.EXPORT] = json.dumps(export(briefing), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return pages


def _marked(view: ArticleView, number: int, text: str) -> Markup:
    return mark_paragraph(text, view.highlights.get(number, ()), view.term_spans.get(number, ()))
