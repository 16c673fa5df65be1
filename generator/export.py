"""The machine-readable export, site/api/briefing.json. Pure."""

from __future__ import annotations

import json
from typing import Any

import orjson

from generator.link import ArticleView, Briefing, PointView, Step
from generator.evidence import Stance
from generator.quotes import Citation
from generator.site_urls import article_url, point_url

# the fields of a mention's record (generator.mentions.RECORD_FIELDS) in points[].mentions
# and points[].possible_mentions
MENTION_RECORD = ("article", "paragraph", "text", "terms", "score", "tier", "cited", "in_cited_article", "dismissed")
POSSIBLE_RECORD = ("article", "paragraph", "score", "reason", "dismissed")


def export_bytes(data: dict[str, Any]) -> bytes:
    """The export as the file holds it: keys sorted, two spaces of indent, non-ASCII as itself (UTF-8), a final
    newline.

    orjson writes the same bytes as json.dumps(..., ensure_ascii=False, indent=2, sort_keys=True)
    for every value the export holds, in a fraction of the time (the standard library's
    encoder runs in Python whenever it indents: 32 MB at 10,000 articles). What orjson
    refuses (a lone surrogate in a string, an integer past 64 bits) goes to json.dumps, a lone
    surrogate written as its JSON escape (\\ud800), so that the file is UTF-8.

    Bytes, not text, all the way to the file: at 10,000 x 200 the export is 89 MB, and the
    same as a str (two bytes a character, with the articles' typographic quotes) took 180 MB
    more at the generator's peak.
    """
    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE)
    except orjson.JSONEncodeError:
        return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8", "backslashreplace")


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
        "last_changed": view.updated.isoformat() if view.updated else None,
        "updated": view.updated.isoformat() if view.updated else None,
        "positions": {s.party: _stance(s) for s in view.stances},
        "related": list(point.related),
        "history": [_entry(step, point.id) for step in view.steps],
        "mentions": [m.record(MENTION_RECORD) for m in view.mentions],
        "possible_mentions": [m.record(POSSIBLE_RECORD) for m in view.possible],
    }


def _stance(s: Stance) -> dict[str, Any]:
    return {
        "stance": s.position.stance,
        "text": s.position.text,
        "since": s.position.since.isoformat() if s.position.since else None,
        "date": s.date.isoformat() if s.date else None,
        "sources": [_source(c) for c in s.citations],
    }


def _entry(step: Step, point_id: str) -> dict[str, Any]:
    e = step.entry
    return {
        "date": e.entry.date.isoformat(),
        "status": e.entry.status,
        "before": step.before,
        "change": step.kind,
        "note": e.entry.note,
        "sourcing": e.entry.sourcing,
        "sources": [_source(c) for c in e.citations],
        "url": f"{point_url(point_id)}#{step.anchor}",
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

# Every field of the export and what it means; the Data page shows this table. A source
# object (a verified quote) has the same fields wherever it appears: see "source.*".
JSON_FIELDS: tuple[tuple[str, str], ...] = (
    ("title", "the briefing's title"),
    ("parties[].id", "a party's id"), ("parties[].name", "its name"),
    ("statuses.<status>.label", "a status's label (keyed by status id)"),
    ("statuses.<status>.description", "what it means"),
    ("statuses.<status>.closed", "true when the point is settled for now"),
    ("points[].id", "a point's id"), ("points[].title", "its title"), ("points[].summary", "one or two sentences, or null"),
    ("points[].status", "its current status id"),
    ("points[].status_since", "the date of its last status change (the oldest entry of the current run of that "
     "status; entries that keep the status do not move it), or null"),
    ("points[].updated", "the date of its newest history entry, a change or an update, or null"),
    ("points[].last_changed", "the same as updated (its older name, kept for tools that read it); "
     "the last status change is status_since"),
    ("points[].url", "its page, relative to the site"), ("points[].related[]", "ids of related points"),
    ("points[].positions.<party>.stance", "the party's stance id (keyed by party id; parties without one are left out)"),
    ("points[].positions.<party>.text", "the position in a sentence"),
    ("points[].positions.<party>.since", "the date the register gives for it, or null"),
    ("points[].positions.<party>.date", "since, else the date of its newest source article, or null"),
    ("points[].positions.<party>.sources[]", "its verified quotes (source objects)"),
    ("points[].history[].date", "a history entry's date (newest entry first; of two on one date, the one higher "
     "in the register)"),
    ("points[].history[].status", "the status it records"),
    ("points[].history[].before", "the status before it, or null for the first on record"),
    ("points[].history[].change", "first (the first on record), change (a new status) or update (the status kept)"),
    ("points[].history[].note", "what happened"),
    ("points[].history[].url", "link to the entry on the point's page, relative to the site"),
    ("points[].history[].sourcing", "how well sourced, or null"),
    ("points[].history[].sources[]", "its verified quotes (source objects)"),
    ("points[].mentions[].article", "an article that mentions the point (a paragraph that the point's history or "
     "a position quotes is always one)"),
    ("points[].mentions[].paragraph", "the paragraph's number (from 1, headings included)"),
    ("points[].mentions[].text", "the paragraph's text"), ("points[].mentions[].terms[]", "the words that matched"),
    ("points[].mentions[].score", "the match score (a mention scores 2 or more, unless the paragraph is quoted)"),
    ("points[].mentions[].tier", "mention (its words score 2 or more) or cited (a paragraph the point's history or "
     "a position quotes, whose words score less)"),
    ("points[].mentions[].cited", "true when a history entry or a position of the point quotes this paragraph"),
    ("points[].mentions[].in_cited_article", "true when a history entry or a position of the point quotes the "
     "article, in this paragraph or another"),
    ("points[].mentions[].dismissed", "true when an editor dismissed the mention"),
    ("points[].possible_mentions[]", "paragraphs that carry the point's words but score below 2, each with its "
     "article, paragraph, score (1), reason and dismissed"),
    ("source.article", "the quoted article's id"), ("source.quote", "the quote as the register gives it"),
    ("source.verified", "always true: a quote not found fails the build"),
    ("source.paragraph", "the paragraph it was found in (the first, if several)"),
    ("source.occurrences", "how often it occurs in the article"),
    ("source.url", "link to that paragraph, relative to the site"),
    ("source.outlet", "the article's outlet, or null"), ("source.date", "the article's date"),
    ("articles[].id", "an article's id (newest article first)"), ("articles[].title", "its title"),
    ("articles[].date", "its date"), ("articles[].outlet", "its outlet, or null"),
    ("articles[].url", "its page, relative to the site"), ("articles[].source_url", "the original's address, or null"),
    ("articles[].language", "its language code, or null"),
    ("articles[].points[]", "ids of the points it mentions or is cited for"),
)
