"""Rendering: a Briefing becomes page texts (path -> str) through Jinja2 templates. Pure."""

from __future__ import annotations

import json
from datetime import date
from pathlib import PurePosixPath
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from generator.escape import md_text, plain_title, yaml_string
from generator.export import export
from generator.feed import atom_feed
from generator.linking import ArticleView, Briefing, PointView
from generator.register import SOURCING, STANCES

STATUS_ICONS = {"open": "○", "narrowing": "◐", "agreed": "✓", "deferred": "‖", "dropped": "✕"}
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
    env.filters.update(title=lambda v: yaml_string(plain_title(v)), excerpt=_excerpt, iso=_iso,
                       groupby_article=_group_by_article)
    return env


def _group_by_article(mentions) -> list[tuple[Any, list[Any]]]:
    """Mentions grouped by article, keeping their order."""
    groups: dict[str, tuple[Any, list[Any]]] = {}
    for m in mentions:
        groups.setdefault(m.article.id, (m.article, []))[1].append(m)
    return list(groups.values())


def _iso(value: date | None) -> str:
    return value.isoformat() if value else "—"


def _excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


class Links:
    """Relative links between generated pages, from the page being rendered."""

    def __init__(self, page: str):
        self.base = PurePosixPath(page).parent

    def _rel(self, target: str) -> str:
        parts = self.base.parts
        return "../" * len(parts) + target if parts else target

    def point(self, point_id: str) -> Markup:
        return Markup(self._rel(f"points/{point_id}.md"))

    def article(self, article_id: str, paragraph: int | None = None) -> Markup:
        anchor = f"#p{paragraph}" if paragraph else ""
        return Markup(self._rel(f"articles/{article_id}.md") + anchor)

    def page(self, target: str) -> Markup:
        return Markup(self._rel(target))


def badge(briefing: Briefing, status: str, suffix: str = "") -> Markup:
    """A status badge: icon and label, so it never relies on colour alone."""
    spec = briefing.register.statuses.get(status)
    label = spec.label if spec else status
    icon = STATUS_ICONS.get(status, "•")
    closed = " bf-status--closed" if spec and spec.closed else ""
    return Markup(
        f'<span class="bf-status bf-status--{status}{closed}">'
        f'<span class="bf-status__icon" aria-hidden="true">{icon}</span> {md_text(label)}{md_text(suffix)}</span>'
    )


def mark_paragraph(text: str, quotes: tuple[tuple[int, int], ...], terms: tuple[tuple[int, int], ...]) -> Markup:
    """Escaped paragraph text with cited quotes (spans) in <mark> and matched terms (spans) in <strong>."""
    marks: list[tuple[int, int, str]] = [(s, e, "quote") for s, e in quotes]
    for start, end in terms:
        if not any(s < end and start < e for s, e, _ in marks):
            marks.append((start, end, "term"))
    # merge overlapping quote spans; terms never overlap anything already marked
    marks.sort()
    out: list[str] = []
    cursor = 0
    for start, end, kind in marks:
        if start < cursor:
            start = cursor
        if start >= end:
            continue
        out.append(md_text(text[cursor:start]))
        inner = md_text(text[start:end])
        if kind == "quote":
            out.append(f'<mark class="bf-quote">{inner}</mark>')
        else:
            out.append(f'<strong class="bf-term">{inner}</strong>')
        cursor = end
    out.append(md_text(text[cursor:]))
    return Markup("".join(out))


def render_pages(briefing: Briefing) -> dict[str, str]:
    """Every generated file, keyed by its path under the docs folder."""
    env = make_environment()
    reg = briefing.register
    common = dict(register=reg, briefing=briefing, stances=STANCES, sourcing=SOURCING,
                  badge=lambda status, suffix="": badge(briefing, status, suffix))
    pages: dict[str, str] = {}

    def render(template: str, page: str, **context: Any) -> None:
        pages[page] = env.get_template(template).render(links=Links(page), **common, **context)

    developments = sorted(
        ((e, view) for view in briefing.points for e in view.history),
        key=lambda pair: (pair[0].entry.date, pair[1].id), reverse=True,
    )[:LATEST_DEVELOPMENTS]
    counts = {s: sum(1 for p in briefing.points if p.status == s) for s in reg.statuses}
    render("home.md.j2", "index.md", counts=counts, developments=developments, home_queue=HOME_QUEUE)
    render("review.md.j2", "review.md")
    render("statuses.md.j2", "statuses.md", counts=counts)
    render("points.md.j2", "points/index.md")
    render("articles.md.j2", "articles/index.md")
    for view in briefing.points:
        render("point.md.j2", f"points/{view.id}.md", view=view,
               related=[briefing.point(r) for r in view.point.related])
    for article_view in briefing.articles:
        render("article.md.j2", f"articles/{article_view.article.id}.md", view=article_view,
               paragraphs=[(p, _marked(article_view, p.number, p.text)) for p in article_view.article.paragraphs])
    pages["feed.xml"] = atom_feed(briefing)
    pages["api/briefing.json"] = json.dumps(export(briefing), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return pages


def _marked(view: ArticleView, number: int, text: str) -> Markup:
    return mark_paragraph(text, view.highlights.get(number, ()), view.term_spans.get(number, ()))


def point_row_stance(view: PointView, party_id: str) -> str:
    position = view.point.positions.get(party_id)
    return STANCES[position.stance] if position else "—"
