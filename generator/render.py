"""Rendering: a Briefing becomes page texts (path -> str) through Jinja2 templates. Pure.

Templates hold the layout; what they show is computed here, in generator.markup or in the
Briefing. Rendering reads nothing but its own templates and writes nothing. The I/O edge
(generator.pipeline.generate, with generator.cache) may keep compiled templates between
runs (bytecode) and may give back pages the last run wrote: memo_inputs says, for each
page that grows with the corpus (an article's page, each part of a point's page of all mentions, a month of
the timeline or of the article list), what it is made from besides the register, the tool and site_url;
the edge compares that with the last run and hands the texts of the unchanged pages to
render_pages as reuse, which takes them as they are instead of rendering them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache, partial
from typing import Any, Mapping

from jinja2 import BytecodeCache, Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from generator import site_urls
from generator.chart import UNRECORDED, status_series, svg
from generator.escape import md_text, plain_title, yaml_string
from generator.export import JSON_FIELDS, export, export_bytes
from generator.feed import EMPTY_SITEMAP, feed_texts
from generator.link import ArticleView, Briefing
from generator.listings import MonthList, Part, article_months, month_parts, parts_from_oldest, timeline_months
from generator.markup import (MentionGroup, badge, by_paragraph, citation, excerpt, group_by_article, # noqa: F401 - also read from here
                              lead, marked_paragraphs, provenance_gaps, source_name, stance_label, text_attributes,
                              transition)
from generator.mentions import Mention
from generator.printout import POSITION_CHARS, print_notes
from generator.quotes import Citation
from generator.search_terms import SearchTerms
from generator.tables import TABLES, csv_files
from generator.timeline import Event, StatusChange, as_of, events, positions_by_party, status_changes
from generator.vocabulary import NO_POSITION, NOT_RECORDED, PAGE_DESCRIPTIONS, SOURCING, STANCES, pick, plural, possessive

LATEST_DEVELOPMENTS = 10
TIMELINE_RECENT = 30  # timeline.md opens with the newest events; timeline/<month>.md has all of them
POINT_MENTIONS = 20  # a point page lists the newest articles that mention it; mentions/<point>.md and its parts have all
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
    """The Jinja2 environment (one per process: it keeps its compiled templates); bytecode keeps them between runs.

    Templates are part of the program: each is read once per process, never checked again.
    """
    env = Environment(
        loader=PackageLoader("generator", "templates"),
        bytecode_cache=bytecode,
        auto_reload=False,
        autoescape=False,  # Markdown, not HTML: _finalize escapes for both
        finalize=_finalize,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        front_title=lambda v: yaml_string(plain_title(v)), excerpt=excerpt, iso=_iso, day=_day, plural=plural, pick=pick,
        description=lambda v: yaml_string(plain_title(excerpt(v, DESCRIPTION_CHARS))),
        stance=stance_label, sourcing=lambda key: SOURCING[key].label,
        anchor=lambda n: Markup(site_urls.paragraph_anchor(n)),
        by_paragraph=by_paragraph, source_name=source_name, cite=citation, possessive=possessive,
    )
    return env


def _iso(value: date | None) -> str:
    return value.isoformat() if value else "—"


def _day(value: date | None) -> Markup:
    """A date shown on a page, as a <time> element, which the stylesheet never breaks at its hyphens."""
    return Markup(f'<time datetime="{value.isoformat()}">{value.isoformat()}</time>') if value else Markup("—")


@dataclass(frozen=True)
class Contents:
    """What several pages show, computed once per render from the Briefing."""

    counts: dict[str, int]  # points per status
    changes: list[StatusChange]  # newest first
    events: list[Event]  # newest first
    article_months: list[MonthList]
    timeline_months: list[MonthList]
    mentions: dict[str, list[MentionGroup]]  # point id -> its mentions by article

    @property
    def as_of(self) -> date | None:
        return as_of(self.events)

    def all_mentions_page(self, point_id: str) -> bool:
        """A point has a page of all its mentions when its own page shows only the newest."""
        return len(self.mentions[point_id]) > POINT_MENTIONS

    def mention_parts(self, point_id: str) -> list[Part]:
        """The parts of a point's page of all mentions (none when its own page shows them all)."""
        if not self.all_mentions_page(point_id):
            return []
        return parts_from_oldest(self.mentions[point_id], partial(site_urls.mentions_page, point_id))


def contents(briefing: Briefing) -> Contents:
    dated = events(briefing)
    return Contents(briefing.status_counts(), status_changes(briefing), dated, article_months(briefing),
                    timeline_months(dated), {v.id: group_by_article(v.mentions) for v in briefing.points})


def memo_inputs(briefing: Briefing, article_keys: Mapping[str, str], made: Contents | None = None) -> dict[str, object]:
    """The pages render_pages may take as given, each with what it is made from besides the register,
    the tool and site_url (which the caller adds).

    An article's page shows its article and the points it touches, nothing else: its
    ArticleView. A month of the timeline shows its events (_event_inputs), a month of the article
    list its articles' rows, each with its place among the months' parts. A point's page of all mentions shows of each only where it is and whether
    it is cited, so a score that moves as the corpus grows leaves it as it is. A mention's article
    stands there for the digest of its file (article_keys: article id -> digest), which is
    far shorter than its text.
    """
    made = made or contents(briefing)
    inputs: dict[str, object] = {site_urls.article_page(v.article.id): _article_inputs(v, article_keys) for v in briefing.articles}
    for view in briefing.points:
        for part in made.mention_parts(view.id):
            inputs[part.page] = (view.id, part.number, part.count,
                                 [_listed(m, article_keys) for group in part.rows for m in group.mentions])
    parts = month_parts(made.timeline_months, site_urls.timeline_month_page)
    for month in made.timeline_months:
        inputs[site_urls.timeline_month_page(month.key)] = (month.key, month.label, parts[month.key],
                                                            [_event_inputs(e, article_keys) for e in month.events])
    parts = month_parts(made.article_months, site_urls.article_month_page)
    for month in made.article_months:  # templates/articles_month.md.j2: an article's row, and its number of points
        inputs[site_urls.article_month_page(month.key)] = (month.key, month.label, parts[month.key], [
            (article_keys.get(v.article.id) or repr(v.article), len(v.point_ids)) for v in month.articles])
    return inputs


def _article_inputs(view: ArticleView, article_keys: Mapping[str, str]) -> object:
    """An article's view with its article as the digest of its file (its text is far longer)."""
    key = article_keys.get(view.article.id)
    return dataclasses.replace(view, article=key) if key else view


def _event_inputs(e: Event, article_keys: Mapping[str, str]) -> tuple:
    """An event as the timeline shows it (templates/timeline_event.md.j2: keep the two in step); titles,
    labels and notes come from the register, which the caller's key holds."""
    return (e.date, e.kind, e.point and e.point.id, e.before, e.entry and e.entry.entry,
            e.stance and (e.stance.party, e.stance.position),
            [(_article_key(c, article_keys), c.quote, c.paragraph, c.span, c.occurrences) for c in e.citations],
            e.article and (article_keys.get(e.article.id) or repr(e.article)), [v.id for v in e.touches])


def _article_key(mention: Mention | Citation, article_keys: Mapping[str, str]) -> str:
    return article_keys.get(mention.article.id) or repr(mention.article)


def _listed(mention: Mention, article_keys: Mapping[str, str]) -> tuple:
    """A mention as a point's page of all mentions shows it (templates/mentions.md.j2: keep the two in step)."""
    return _article_key(mention, article_keys), mention.paragraph, mention.cited


@dataclass
class Pages:
    """The pages of one render: each from a template, with the context all pages share and its own."""

    env: Environment
    shared: dict[str, Any]
    reuse: Mapping[str, str | bytes]
    texts: dict[str, str | bytes] = field(default_factory=dict)

    def render(self, template: str, page: str, links: site_urls.Links | None = None,
               served: site_urls.Links | None = None, **context: Any) -> None:
        links = links or site_urls.Links(page)
        self.texts[page] = self.env.get_template(template).render(
            links=links, served=served or links.served(), **self.shared, **context)

    def reused(self, page: str) -> bool:
        """Take the page as given, if it is: then it need not be rendered (nor its context computed)."""
        if page in self.reuse:
            self.texts[page] = self.reuse[page]
            return True
        return False


def render_pages(briefing: Briefing, site_url: str | None = None, reuse: Mapping[str, str | bytes] | None = None,
                 bytecode: BytecodeCache | None = None, made: Contents | None = None) -> dict[str, str | bytes]:
    """Every generated file, keyed by its path under the docs folder; site_url makes feed and print links absolute.
    A page's text, or the file's bytes where it is made as bytes (the JSON export).

    reuse: pages named by memo_inputs whose inputs are as when they were made, as text or as
    the bytes their files hold (written as they are): they are taken as they are. bytecode:
    where compiled templates are kept between runs. made: contents(briefing), when the caller
    has it already.
    """
    made = made or contents(briefing)
    feeds = feed_texts(briefing, site_url)
    shared = dict(register=briefing.register, briefing=briefing, stances=STANCES, urls=site_urls, feeds=frozenset(feeds),
                  badge=partial(badge, briefing), transition=partial(transition, briefing),
                  not_recorded=NOT_RECORDED, no_position=NO_POSITION, page_descriptions=PAGE_DESCRIPTIONS,
                  search=SearchTerms.of(briefing.register))
    pages = Pages(make_environment(bytecode), shared, reuse or {})
    entries = [e for e in made.events if e.kind == "status"]  # newest first
    pages.render("home.md.j2", site_urls.HOME_PAGE, counts=made.counts, developments=entries[:LATEST_DEVELOPMENTS],
                 last_updated=entries[0].date if entries else None)
    pages.render("statuses.md.j2", site_urls.STATUSES_PAGE, counts=made.counts)
    pages.render("points.md.j2", site_urls.POINTS_PAGE)
    _month_pages(pages, made)
    _point_pages(pages, briefing, made)
    _article_pages(pages, briefing)
    _view_pages(pages, briefing, made, site_url)
    _party_pages(pages, briefing)
    texts = pages.texts
    texts.update(feeds)
    texts.update(dict.fromkeys(site_urls.FEED_SITEMAPS, EMPTY_SITEMAP))
    texts[site_urls.EXPORT] = export_bytes(export(briefing))
    texts.update(csv_files(briefing))
    return texts


def _month_pages(pages: Pages, made: Contents) -> None:
    """The article list: an index of months, and a page per month."""
    pages.render("articles.md.j2", site_urls.ARTICLES_PAGE, months=made.article_months)
    parts = month_parts(made.article_months, site_urls.article_month_page)
    for month in made.article_months:
        if not pages.reused(site_urls.article_month_page(month.key)):
            pages.render("articles_month.md.j2", site_urls.article_month_page(month.key), month=month, part=parts[month.key])


def _point_pages(pages: Pages, briefing: Briefing, made: Contents) -> None:
    """A page per point, and for a point mentioned in many articles a page of all its mentions."""
    for view in briefing.points:
        groups = made.mentions[view.id]
        trail = sorted((c for c in made.changes if c.view.id == view.id), key=lambda c: c.date)  # stable: oldest first
        pages.render("point.md.j2", site_urls.point_page(view.id), view=view, trail=trail,
                     related=[briefing.point(r) for r in view.point.related],
                     mention_groups=groups[:POINT_MENTIONS], mention_count=len(groups))
        for part in made.mention_parts(view.id):
            if not pages.reused(part.page):
                pages.render("mentions.md.j2", part.page, view=view, part=part, total=len(groups))


def _article_pages(pages: Pages, briefing: Briefing) -> None:
    """A page per article: its provenance, the points it touches, who cites it, its marked text."""
    for view in briefing.articles:
        page = site_urls.article_page(view.article.id)
        if not pages.reused(page):
            pages.render("article.md.j2", page, view=view, lead=lead(view.article), gaps=provenance_gaps(view.article),
                         text_attributes=text_attributes(view.article),
                         paragraphs=marked_paragraphs(briefing, view))


def _view_pages(pages: Pages, briefing: Briefing, made: Contents, site_url: str | None) -> None:
    """The pages across points: what changed, timeline, positions, statuses, data, print."""
    reg = briefing.register
    columns = status_series(reg)
    labels = {k: s.label for k, s in reg.statuses.items()}
    caption = ("Number of points in each status on each date of the register, dates spaced by the days between them; "
               "points with no entry yet on a date are outlined apart")
    chart = svg(columns, labels, caption, "; ".join(
        f"{c.date.isoformat()}: " + ", ".join(f"{labels[k]} {n}" for k, n in c.counts.items() if n)
        + (f", {UNRECORDED.lower()} {c.unrecorded}" if c.unrecorded else "") for c in columns))
    pages.render("changes.md.j2", site_urls.CHANGES_PAGE, changes=made.changes, columns=columns, chart=chart,
                 chart_caption=caption, as_of=made.as_of)
    pages.render("timeline.md.j2", site_urls.TIMELINE_PAGE, recent=made.events[:TIMELINE_RECENT],
                 months=made.timeline_months, total=len(made.events))
    parts = month_parts(made.timeline_months, site_urls.timeline_month_page)
    for month in made.timeline_months:
        if not pages.reused(site_urls.timeline_month_page(month.key)):
            pages.render("timeline_month.md.j2", site_urls.timeline_month_page(month.key), month=month, part=parts[month.key])
    pages.render("positions.md.j2", site_urls.POSITIONS_PAGE,
                 served=site_urls.Links(site_urls.POSITIONS_PAGE, site_url).served())
    for status_id, spec in reg.statuses.items():
        pages.render("status.md.j2", site_urls.status_page(status_id), status_id=status_id, spec=spec,
                     views=[v for v in briefing.points if v.status == status_id])
    pages.render("data.md.j2", site_urls.DATA_PAGE, tables=TABLES, json_fields=JSON_FIELDS)
    pages.render("how.md.j2", site_urls.HOW_PAGE, sourcing=SOURCING)
    printed, notes = print_notes(briefing, site_url)
    pages.render("print.md.j2", site_urls.PRINT_PAGE, links=site_urls.Links(site_urls.PRINT_PAGE, site_url).served(),
                 counts=made.counts, as_of=made.as_of, printed=printed, notes=notes,
                 site_address=site_urls.absolute(site_url, "") if site_url else None, position_chars=POSITION_CHARS)


def _party_pages(pages: Pages, briefing: Briefing) -> None:
    """The parties' index and a page per party."""
    by_party = [(party, positions_by_party(briefing, party.id)) for party in briefing.register.parties]
    pages.render("parties.md.j2", site_urls.PARTIES_PAGE, parties=by_party)
    for party, pairs in by_party:
        pages.render("party.md.j2", site_urls.party_page(party.id), party=party, pairs=pairs,
                     silent=[v for v in briefing.points if v.stance(party.id) is None])
