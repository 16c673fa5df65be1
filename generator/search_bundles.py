"""How the readers' search index is split into bundles, and the manifest a rebuild reuses them by. Pure.

Pagefind indexes a folder of HTML in one run; the browser merges several such indexes
(bundles) at query time (`mergeIndex`). The site's index is a few bundles, so that a new
article re-indexes a small part of the site, no Pagefind run holds much of it in memory, and
a query still fetches little:

- **recent**: every indexed page that is not an article (points, parties, the overview,
  hand-written pages), and the articles of the newest period among the articles. A period is
  a third of a month: days 1-10, 11-20 and 21 to the month's end, named by its first day
  (`2025-12-21`). At 10,000 articles a month holds about 900 of them and a period about 300:
  Pagefind takes about 1.1 ms a page, so a new article re-indexes a bundle of about 370
  pages (0.5 s) instead of one of about 970 (1.2 s);
- **archive-YYYY-MM-DD**: the articles of earlier periods, whole periods in order, oldest
  first, each part closed before a period that would take it past `PART_PAGES` pages and
  named by its first period (absent while there are none). Pagefind holds about 0.3 MB per
  page while it indexes (2.7 GB for an archive of 9,100 pages in one run), so a part of at
  most 3,000 pages keeps one run under about 0.9 GB; a period larger than that is a part of
  its own. Every bundle costs each query its page list and one index chunk per word, so parts
  are not made smaller than that: at 10,000 x 200, five parts of about 2,000 pages took the
  median query from 240 KB (one archive) to 279 KB, four to 270 KB.

A new article of the current period re-indexes `recent` only; the first article of a new
period moves the period before it into the newest part (or starts a new one), which is then
indexed again (three times a month); an article added to, edited in or removed from an old
period re-indexes its part (and the later parts, in the rare case that the period's change
moves where the parts are cut). Each bundle's inputs (page paths and the sha256 of their bytes) and the way it was
made (`recipe`: Pagefind's version, its options, this format) make one digest per bundle; the
manifest (`pagefind/bundles.json`) lists the bundles in the order the browser merges them,
each with its page count and digest. The browser reads it too, to find the bundles.

A manifest is read back from the last published site as hostile input: anything but
exactly the shape written here means no bundle is reused.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

MANIFEST = "bundles.json"
MANIFEST_FORMAT = 1
MANIFEST_LIMIT = 64 * 1024  # bytes: a manifest is a few hundred
RECENT, ARCHIVE = "recent", "archive"  # the newest period and every other page; the parts' prefix
PART_PAGES = 3000  # pages an archive part takes before it is closed (whole periods: see above)
BUNDLE_NAME = re.compile(r"[a-z][a-z0-9-]{0,31}")
_DIGEST = re.compile(r"[0-9a-f]{64}")
_BODY = b"data-pagefind-body"
_ARTICLE = b'data-pagefind-filter="kind:article"'
_DATE = re.compile(rb'data-pagefind-sort="date:(\d{4}-\d{2})-(\d{2})"')
_HTML_TAG = re.compile(rb"<html\b[^>]*>", re.IGNORECASE)
_TITLE = re.compile(rb"<title>[^<]*</title>", re.IGNORECASE)
_BODY_START = b"<div data-pagefind-body>"  # where overrides/main.html opens the page's content
_BODY_END = b"</article>"  # the theme's content column closes after it


@dataclass(frozen=True)
class Page:
    """One HTML file of the built site, as the split sees it."""

    path: str  # relative to the site, with forward slashes
    sha256: str
    body: bool  # marked data-pagefind-body: the theme says it is indexed
    period: str | None  # the first day (YYYY-MM-DD) of an article page's period (period_of), None for any other page


def page_of(path: str, data: bytes) -> Page:
    """What the split needs of one built HTML file."""
    period = None
    if _ARTICLE in data and (found := _DATE.search(data)):
        period = period_of(found.group(1).decode("ascii"), int(found.group(2)))
    return Page(path, hashlib.sha256(data).hexdigest(), _BODY in data, period)


def period_of(month: str, day: int) -> str:
    """The first day (YYYY-MM-DD) of the third of a month a day falls in: days 1-10, 11-20, 21 to the end."""
    return f"{month}-{min(max(day - 1, 0) // 10, 2) * 10 + 1:02d}"


def indexed_part(data: bytes) -> bytes:
    """What Pagefind needs of a built page: its <html> tag, its title and its marked content, without the
    theme's header, navigation, footer and scripts, which Pagefind would parse only to skip (a third of a
    page's bytes, most of the time it spends). The page as it is when it is not of that shape."""
    start = data.find(_BODY_START)
    end = data.find(_BODY_END, start)
    html, title = _HTML_TAG.search(data), _TITLE.search(data, 0, max(start, 0))
    if start < 0 or end < 0 or html is None or data.find(_BODY_START, start + 1) >= 0:
        return data
    head = b'<head><meta charset="utf-8">' + (title.group() if title else b"") + b"</head>"
    return b"<!doctype html>\n" + html.group() + head + b"<body>" + data[start:end] + b"</body></html>\n"


def split(pages: Iterable[Page], part_pages: int = PART_PAGES) -> dict[str, list[Page]]:
    """The bundles, in the order the browser merges them, each with its pages sorted by path.

    Only pages marked data-pagefind-body are indexed (a page without the mark holds nothing
    Pagefind would index once any page has it); when no page has the mark, every page is.
    """
    pages = list(pages)
    indexed = [p for p in pages if p.body] or pages
    newest = max((p.period for p in indexed if p.period), default=None)
    recent: list[Page] = []
    periods: dict[str, list[Page]] = {}
    for page in sorted(indexed, key=lambda p: p.path):
        if page.period is not None and newest is not None and page.period < newest:
            periods.setdefault(page.period, []).append(page)
        else:
            recent.append(page)
    bundles: dict[str, list[Page]] = {RECENT: recent} if recent else {}
    for part in archive_parts(periods, part_pages):
        bundles[f"{ARCHIVE}-{part[0].period}"] = sorted(part, key=lambda p: p.path)
    return bundles


def archive_parts(periods: Mapping[str, list[Page]], part_pages: int = PART_PAGES) -> list[list[Page]]:
    """Whole periods, oldest first, in parts: a part is closed before a period that would take it past
    part_pages (a period larger than that is a part of its own)."""
    parts: list[list[Page]] = []
    for period in sorted(periods):
        if not parts or len(parts[-1]) + len(periods[period]) > part_pages:
            parts.append([])
        parts[-1].extend(periods[period])
    return [part for part in parts if part]


def bundle_digest(recipe: str, pages: Iterable[Page]) -> str:
    """One digest of a bundle's inputs: the recipe and every page's path and bytes' sha256."""
    digest = hashlib.sha256(f"{MANIFEST_FORMAT}\0{recipe}\0".encode())
    for page in sorted(pages, key=lambda p: p.path):
        digest.update(f"{page.path}\0{page.sha256}\n".encode())
    return digest.hexdigest()


def manifest_bytes(bundles: Mapping[str, tuple[int, str]]) -> bytes:
    """The manifest: the bundles in merge order, each with its page count and digest."""
    listed = [{"name": name, "pages": count, "digest": digest} for name, (count, digest) in bundles.items()]
    return json.dumps({"format": MANIFEST_FORMAT, "bundles": listed}, indent=1).encode("utf-8") + b"\n"


def read_manifest(data: bytes | None) -> dict[str, str]:
    """Bundle name -> digest from a manifest as written by manifest_bytes; {} for anything else."""
    if data is None or len(data) > MANIFEST_LIMIT:
        return {}
    try:
        manifest = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return {}
    if not isinstance(manifest, dict) or set(manifest) != {"format", "bundles"}:
        return {}
    if manifest["format"] != MANIFEST_FORMAT or not isinstance(manifest["bundles"], list):
        return {}
    digests: dict[str, str] = {}
    for entry in manifest["bundles"]:
        if not _well_formed(entry) or entry["name"] in digests:
            return {}
        digests[entry["name"]] = entry["digest"]
    return digests


def _well_formed(entry: object) -> bool:
    """One manifest entry exactly as written: a bundle name, a page count, a digest."""
    return (isinstance(entry, dict) and set(entry) == {"name", "pages", "digest"}
            and isinstance(entry["name"], str) and BUNDLE_NAME.fullmatch(entry["name"]) is not None
            and type(entry["pages"]) is int and entry["pages"] >= 0
            and isinstance(entry["digest"], str) and _DIGEST.fullmatch(entry["digest"]) is not None)
