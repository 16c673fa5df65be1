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
from generator.chart import status_series, svg
from generator.export import JSON_FIELDS, export
from generator.feed import EMPTY_SITEMAP, atom_feed, party_atom_feed, point_atom_feed
from generator.mentions import Mention, Span
from generator.quotes import Citation
from generator.register import Position
from generator.tables import TABLES, csv_files
from generator.timeline import as_of, by_month, events, positions_by_party, status_changes
from generator.vocabulary import FALLBACK_ICON, SOURCING, STANCES, STATUS_ICONS

LATEST_DEVELOPMENTS = 10
HOME_QUEUE = 10  # the home page shows the newest of the review queue; review.md has all of it
HOME_CHANGES = 5  # the home page opens with the newest status changes; changes.md has all of them
EXCERPT_CHARS = 220
SOURCE_NAME_CHARS = 48


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
        by_paragraph=by_paragraph, source_name=source_name,
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


def transition(briefing: Briefing, change: Any) -> Markup:
    """'Open → Narrowing' as badges, or 'recorded as Open' for a first entry, or 'still Open'."""
    after = badge(briefing, change.entry.entry.status)
    if change.before is None:
        return Markup("recorded as ") + after
    if change.before == change.entry.entry.status:
        return Markup("still ") + after
    return badge(briefing, change.before) + Markup(" → ") + after


def render_pages(briefing: Briefing, site_url: str | None = None) -> dict[str, str]:
    """Every generated file, keyed by its path under the docs folder; site_url makes feed and print links absolute."""
    env = make_environment()
    common = dict(register=briefing.register, briefing=briefing, stances=STANCES, urls=site_urls,
                  badge=lambda status, suffix="": badge(briefing, status, suffix),
                  transition=lambda change: transition(briefing, change))
    pages: dict[str, str] = {}

    def render(template: str, page: str, **context: Any) -> None:
        pages[page] = env.get_template(template).render(links=site_urls.Links(page), **common, **context)

    counts = briefing.status_counts()
    changes = status_changes(briefing)
    render("home.md.j2", site_urls.HOME_PAGE, counts=counts, developments=briefing.developments(LATEST_DEVELOPMENTS),
           home_queue=HOME_QUEUE, recent_changes=changes[:HOME_CHANGES])
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
    pages.update(_view_pages(briefing, env, common, site_url))
    pages[site_urls.FEED] = atom_feed(briefing, site_url)
    pages[site_urls.EXPORT] = json.dumps(export(briefing), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    pages.update(csv_files(briefing))
    return pages


def _view_pages(briefing: Briefing, env: Environment, common: dict[str, Any], site_url: str | None) -> dict[str, str]:
    """The pages across points: what changed, timeline, positions, parties, statuses, data, print; and the feeds."""
    pages: dict[str, str] = {}
    reg = briefing.register

    def render(template: str, page: str, links: site_urls.Links | None = None, **context: Any) -> None:
        pages[page] = env.get_template(template).render(links=links or site_urls.Links(page), **common, **context)

    columns = status_series(reg)
    labels = {k: s.label for k, s in reg.statuses.items()}
    caption = "Number of points in each status on each date of the register"
    chart = svg(columns, labels, caption, "; ".join(
        f"{c.date.isoformat()}: " + ", ".join(f"{labels[k]} {n}" for k, n in c.counts.items() if n) for c in columns))
    render("changes.md.j2", site_urls.CHANGES_PAGE, changes=status_changes(briefing), columns=columns, chart=chart,
           chart_caption=caption, as_of=as_of(briefing))
    render("timeline.md.j2", site_urls.TIMELINE_PAGE, months=by_month(events(briefing)))
    render("positions.md.j2", site_urls.POSITIONS_PAGE)
    by_party = [(party, positions_by_party(briefing, party.id)) for party in reg.parties]
    render("parties.md.j2", site_urls.PARTIES_PAGE, parties=by_party)
    for party, pairs in by_party:
        render("party.md.j2", site_urls.party_page(party.id), party=party, pairs=pairs,
               silent=[v for v in briefing.points if v.stance(party.id) is None])
        pages[site_urls.party_feed(party.id)] = party_atom_feed(briefing, party, site_url)
    for status_id, spec in reg.statuses.items():
        render("status.md.j2", site_urls.status_page(status_id), status_id=status_id, spec=spec,
               views=[v for v in briefing.points if v.status == status_id])
    for view in briefing.points:
        pages[site_urls.point_feed(view.id)] = point_atom_feed(briefing, view, site_url)
    pages.update(dict.fromkeys(site_urls.FEED_SITEMAPS, EMPTY_SITEMAP))
    render("data.md.j2", site_urls.DATA_PAGE, tables=TABLES, json_fields=JSON_FIELDS)
    render("print.md.j2", site_urls.PRINT_PAGE, links=site_urls.Links(site_urls.PRINT_PAGE, site_url).served(),
           counts=briefing.status_counts(), as_of=as_of(briefing))
    return pages


def _marked(view: ArticleView, number: int, text: str) -> Markup:
    return mark_paragraph(text, view.highlights.get(number, ()), view.term_spans.get(number, ()))
