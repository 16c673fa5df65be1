"""The machine-readable export, site/api/briefing.json. Pure."""

from __future__ import annotations

from typing import Any

from generator.briefing import ArticleView, Briefing, PointView
from generator.evidence import Entry
from generator.mentions import Mention
from generator.quotes import Citation
from generator.site_urls import article_url, point_url


def export(briefing: Briefing) -> dict[str, Any]:
    reg = briefing.register
    return {
        "title": reg.title,
        "parties": [{"id": p.id, "name": p.name} for p in reg.parties],
        "statuses": {k: {"label": s.label, "description": s.description, "closed": s.closed} for k, s in reg.statuses.items()},
        "points": [_point(view) for view in briefing.points],
        "articles": [_article(view) for view in briefing.articles],
    }


def _point(view: PointView) -> dict[str, Any]:
    point = view.point
    return {
        "id": point.id,
        "title": point.title,
        "status": view.status,
        "status_since": view.since.isoformat() if view.since else None,
        "summary": point.summary,
        "url": point_url(point.id),
        "last_changed": view.last_changed.isoformat() if view.last_changed else None,
        "positions": {party: {"stance": pos.stance, "text": pos.text} for party, pos in point.positions.items()},
        "related": list(point.related),
        "history": [_entry(e) for e in view.history],
        "mentions": [_mention(m) for m in view.mentions],
        "possible_mentions": [_possible(m) for m in view.possible],
    }


def _entry(e: Entry) -> dict[str, Any]:
    return {
        "date": e.entry.date.isoformat(),
        "status": e.entry.status,
        "note": e.entry.note,
        "sourcing": e.entry.sourcing,
        "sources": [_source(c) for c in e.citations],
    }


def _source(c: Citation) -> dict[str, Any]:
    return {
        "article": c.article.id,
        "quote": c.quote,
        "verified": True,
        "paragraph": c.paragraph,
        "occurrences": c.occurrences,
        "url": c.url,
        "outlet": c.article.outlet,
        "date": c.article.date.isoformat(),
    }


def _mention(m: Mention) -> dict[str, Any]:
    return {
        "article": m.article.id,
        "paragraph": m.paragraph,
        "text": m.article.paragraph(m.paragraph).text,
        "terms": list(m.terms),
        "score": m.score,
        "cited": m.cited,
        "dismissed": m.dismissed,
    }


def _possible(m: Mention) -> dict[str, Any]:
    return {
        "article": m.article.id,
        "paragraph": m.paragraph,
        "score": m.score,
        "reason": m.reason,
        "dismissed": m.dismissed,
    }


def _article(v: ArticleView) -> dict[str, Any]:
    return {
        "id": v.article.id,
        "title": v.article.title,
        "date": v.article.date.isoformat(),
        "outlet": v.article.outlet,
        "url": article_url(v.article.id),
        "source_url": v.article.url,
        "language": v.article.language,
        "points": list(v.point_ids),
    }
