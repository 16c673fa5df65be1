"""Rendering: a Briefing becomes page texts (path -> str) through Jinja2 templates. Pure.

Templates hold the layout; what they show is computed here or in the Briefing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache, partial
from datetime import date
from typing import Any, Callable

from jinja2 import BytecodeCache, Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from generator import site_urls
from generator.articles import Article
from generator.cache import PageMemo
from generator.link import ArticleView, Briefing, QuoteMark
from generator.escape import md_text, plain_title, yaml_string
from generator.chart import status_series, svg
from generator.export import JSON_FIELDS, export
from generator.listings import article_months, review_months, timeline_months
from generator.feed import EMPTY_SITEMAP, atom_feed, party_atom_feed, point_atom_feed
from generator.mentions import Mention, Span
from generator.quotes import Citation
from generator.register import Position
from generator.search_terms import SearchTerms
from generator.tables import TABLES, csv_files
from generator.timeline import as_of, events, positions_by_party, status_changes
from generator.vocabulary import FALLBACK_ICON, NOT_RECORDED, PAGE_DESCRIPTIONS, SOURCING, STANCES, STATUS_ICONS, pick, plural

LATEST_DEVELOPMENTS = 10
HOME_QUEUE = 10  # the home page shows the newest of the review queue; review.md has all of it
HOME_CHANGES = 5  # the home page opens with the newest status changes; changes.md has all of them
TIMELINE_RECENT = 30  # timeline.md opens with the newest events; timeline/<month>.md has all of them
POINT_MENTIONS = 20  # a point page lists the newest articles that mention it; mentions/<point>.md has all of them
EXCERPT_CHARS = 220
SOURCE_NAME_CHARS = 48
DESCRIPTION_CHARS = 160  # what search engines show of a meta description


def _finalize(value: Any) -> Any:
    """Escape by default: anything not explicitly marked safe is shown as text."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return ""
    return md_text(value)


@lru_cache(maxsize=4)
def make_environment(bytecode: BytecodeCache | None = None) -> Environment:
    """The Jinja2 environment (one per process: it keeps its compiled templates); bytecode keeps them between runs."""
    env = Environment(
        loader=PackageLoader("generator", "templates"),
        bytecode_cache=bytecode,
        autoescape=False,  # Markdown, not HTML: _finalize escapes for both
        finalize=_finalize,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        front_title=lambda v: yaml_string(plain_title(v)), excerpt=excerpt, iso=_iso, plural=plural, pick=pick,
        description=lambda v: yaml_string(plain_title(excerpt(v, DESCRIPTION_CHARS))),
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


def transition(briefing: Briefing, change: Any) -> Markup:
    """'Open → Narrowing' as badges, or 'recorded as Open' for a first entry, or 'still Open'."""
    after = badge(briefing, change.entry.entry.status)
    if change.before is None:
        return Markup("recorded as ") + after
    if change.before == change.entry.entry.status:
        return Markup("still ") + after
    return badge(briefing, change.before) + Markup(" → ") + after


def quote_label(briefing: Briefing, page_url: str, point_ids: tuple[str, ...]) -> Markup:
    """Which points a highlighted quote supports: a link per point, read as "quoted for <name>", shown as
    "[name]", the full title on hover. Each link sits directly in the paragraph, as running-text links do."""
    return Markup("".join(
        f'<a class="bf-quote__label" href="{site_urls.served_link(page_url, site_urls.point_url(pid))}" '
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


def render_pages(briefing: Briefing, site_url: str | None = None, memo: PageMemo | None = None) -> dict[str, str]:
    """Every generated file, keyed by its path under the docs folder; site_url makes feed and print links absolute.

    memo (generator.cache) gives back article pages whose view and register are unchanged:
    an article page shows its own article and the points it touches, nothing else.
    """
    env = make_environment(memo.bytecode if memo else None)
    common = dict(register=briefing.register, briefing=briefing, stances=STANCES, urls=site_urls,
                  badge=lambda status, suffix="": badge(briefing, status, suffix),
                  not_recorded=NOT_RECORDED, page_descriptions=PAGE_DESCRIPTIONS,
                  transition=lambda change: transition(briefing, change), search=SearchTerms.of(briefing.register))
    pages: dict[str, str] = {}

    def render(template: str, page: str, **context: Any) -> None:
        pages[page] = env.get_template(template).render(links=site_urls.Links(page), **common, **context)

    def cached(inputs: Any, template: str, page: str, **context: Any) -> None:
        """A page that memo may give back unrendered when inputs are as last time."""
        if memo is None:
            render(template, page, **context)
            return
        pages[page] = memo.page(page, inputs, lambda: env.get_template(template).render(
            links=site_urls.Links(page), **common, **context))

    key = memo.mention_key if memo else (lambda m: None)
    counts = briefing.status_counts()
    changes = status_changes(briefing)
    render("home.md.j2", site_urls.HOME_PAGE, counts=counts, developments=briefing.developments(LATEST_DEVELOPMENTS),
           home_queue=HOME_QUEUE, recent_changes=changes[:HOME_CHANGES])
    render("statuses.md.j2", site_urls.STATUSES_PAGE, counts=counts)
    render("points.md.j2", site_urls.POINTS_PAGE)
    _month_pages(briefing, render, cached, key)
    for view in briefing.points:
        groups, queue = group_by_article(view.mentions), group_by_article(view.queue)
        trail = sorted((c for c in changes if c.view.id == view.id), key=lambda c: c.date)  # stable: oldest first
        render("point.md.j2", site_urls.point_page(view.id), view=view, trail=trail,
               related=[briefing.point(r) for r in view.point.related],
               mention_groups=groups[:POINT_MENTIONS], mention_count=len(groups),
               queue_groups=queue[:POINT_MENTIONS], queue_count=len(queue))
        if len(groups) > POINT_MENTIONS or len(queue) > POINT_MENTIONS:
            cached((view.id, [key(m) for m in view.mentions]), "mentions.md.j2", site_urls.mentions_page(view.id),
                   view=view, mention_groups=groups)
    for article_view in briefing.articles:
        page = site_urls.article_page(article_view.article.id)

        def article_page(page: str = page, article_view: ArticleView = article_view) -> str:
            label = partial(quote_label, briefing, site_urls.article_url(article_view.article.id))
            render("article.md.j2", page, view=article_view, lead=lead(article_view.article),
                   text_attributes=text_attributes(article_view.article),
                   paragraphs=[(p, _marked(article_view, p.number, p.text, label)) for p in article_view.article.paragraphs])
            return pages[page]

        pages[page] = memo.page(page, article_view, article_page) if memo else article_page()
    pages.update(_view_pages(briefing, env, common, site_url))
    pages[site_urls.FEED] = atom_feed(briefing, site_url)
    pages[site_urls.EXPORT] = json.dumps(export(briefing), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    pages.update(csv_files(briefing))
    return pages


def _month_pages(briefing: Briefing, render: Callable[..., Any], cached: Callable[..., Any], key: Callable[[Mention], Any]) -> None:
    """The article list and the review queue: an index of months, and a page per month.

    A month's review page is made from its mentions alone: cached keys it on them.
    """
    months = article_months(briefing)
    render("articles.md.j2", site_urls.ARTICLES_PAGE, months=months)
    for month in months:
        render("articles_month.md.j2", site_urls.article_month_page(month.key), month=month)
    months = review_months(briefing)
    render("review.md.j2", site_urls.REVIEW_PAGE, months=months)
    for month in months:
        inputs = (month.key, month.label, [key(m) for m in month.queue], [key(m) for m in month.possible])
        cached(inputs, "review_month.md.j2", site_urls.review_month_page(month.key), month=month, possible_queue=month.possible)


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
    dated = events(briefing)
    months = timeline_months(dated)
    render("timeline.md.j2", site_urls.TIMELINE_PAGE, recent=dated[:TIMELINE_RECENT], months=months, total=len(dated))
    for month in months:
        render("timeline_month.md.j2", site_urls.timeline_month_page(month.key), month=month)
    render("positions.md.j2", site_urls.POSITIONS_PAGE, served=site_urls.Links(site_urls.POSITIONS_PAGE, site_url).served())
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


def _marked(view: ArticleView, number: int, text: str, label: Callable[[tuple[str, ...]], Markup]) -> Markup:
    return mark_paragraph(text, view.highlights.get(number, ()), view.term_spans.get(number, ()), label)
