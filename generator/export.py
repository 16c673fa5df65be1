"""The machine-readable export, site/api/briefing.json. Pure."""

from __future__ import annotations

from typing import Any

from generator.linking import Briefing


def export(briefing: Briefing) -> dict[str, Any]:
    reg = briefing.register
    points = []
    for view in briefing.points:
        point = view.point
        points.append({
            "id": point.id,
            "title": point.title,
            "status": view.status,
            "status_since": view.since.isoformat() if view.since else None,
            "summary": point.summary,
            "url": f"points/{point.id}/",
            "last_changed": view.last_changed.isoformat() if view.last_changed else None,
            "positions": {party: {"stance": pos.stance, "text": pos.text} for party, pos in point.positions.items()},
            "related": list(point.related),
            "history": [
                {
                    "date": e.entry.date.isoformat(),
                    "status": e.entry.status,
                    "note": e.entry.note,
                    "sourcing": e.entry.sourcing,
                    "sources": [
                        {
                            "article": c.article.id,
                            "quote": c.quote,
                            "verified": True,
                            "paragraph": c.paragraph,
                            "occurrences": c.occurrences,
                            "url": c.url,
                            "outlet": c.article.outlet,
                            "date": c.article.date.isoformat(),
                        }
                        for c in e.citations
                    ],
                }
                for e in view.history
            ],
            "mentions": [
                {
                    "article": m.article.id,
                    "paragraph": m.paragraph,
                    "text": m.article.paragraph(m.paragraph).text,
                    "terms": list(m.terms),
                    "score": m.score,
                    "cited": m.cited,
                    "dismissed": m.dismissed,
                }
                for m in view.mentions
            ],
        })
    articles = [
        {
            "id": v.article.id,
            "title": v.article.title,
            "date": v.article.date.isoformat(),
            "outlet": v.article.outlet,
            "url": f"articles/{v.article.id}/",
            "source_url": v.article.url,
            "language": v.article.language,
            "points": list(v.point_ids),
        }
        for v in briefing.articles
    ]
    return {
        "title": reg.title,
        "parties": [{"id": p.id, "name": p.name} for p in reg.parties],
        "statuses": {k: {"label": s.label, "description": s.description, "closed": s.closed} for k, s in reg.statuses.items()},
        "points": points,
        "articles": articles,
    }
