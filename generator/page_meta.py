"""A web page's metadata beyond what trafilatura gives: publication date, outlet, canonical address.

Pure: the page's HTML in, values out (None when the page does not say). Each value is
looked for where newsrooms put it, most reliable first: the markup meant for machines
(OpenGraph, JSON-LD), then the page's visible text.
"""

from __future__ import annotations

import json
import re
from datetime import date

from htmldate import find_date
from lxml import html as lxml_html

_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—·:]\s+")
_COPYRIGHT = re.compile(r"(?:©|&copy;|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?"
                        r"([A-Z][\w&'’ .-]{1,60}?)\s*(?:\.|,|\bLtd\b|\bLimited\b|\bInc\b|\bAll rights\b|$)", re.M)


def publication_date(page: str | bytes, url: str | None) -> date | None:
    """The page's original publication date, or None.

    htmldate reads the markup first (JSON-LD, meta tags, <time>, the address); failing
    that, its search of the page's text, whose result is kept only when the page spells
    that very day out (its last resorts, a copyright year as 1 January or a month as its
    first day, are guesses, not dates).
    """
    found = _find_date(page, url, extensive=False)
    if found is None and (guess := _find_date(page, url, extensive=True)) and _spelled_out(guess, page):
        found = guess
    return found


def _find_date(page: str | bytes, url: str | None, extensive: bool) -> date | None:
    try:
        found = find_date(page, url=url, original_date=True, extensive_search=extensive, outputformat="%Y-%m-%d")
    except (ValueError, TypeError):
        return None
    return date.fromisoformat(found) if found else None


_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")


def _spelled_out(day: date, page: str | bytes) -> bool:
    """Whether the page's text names this day: numerically (2025-12-02, 02.12.2025, 2/12/2025) or with the month's name."""
    text = page.decode("utf-8", "replace") if isinstance(page, bytes) else page
    d, m, y = day.day, day.month, day.year
    month = _MONTHS[m - 1][:3] + r"[a-z]*\.?"
    nth = r"(?:st|nd|rd|th)?"
    patterns = [rf"{y}-0?{m}-0?{d}\b", rf"\b0?{d}[./]0?{m}[./]{y}\b", rf"\b0?{m}/0?{d}/{y}\b",
                rf"\b0?{d}{nth}\s+(?:of\s+)?{month}\s*,?\s+{y}\b", rf"\b{month}\s+0?{d}{nth}\s*,?\s+{y}\b"]
    return any(re.search(p, text, re.IGNORECASE) for p in patterns)


def canonical_url(page: str | bytes) -> str | None:
    """The page's <link rel="canonical"> address, if it has one."""
    try:
        tree = lxml_html.fromstring(page)
    except (ValueError, lxml_html.etree.ParserError):
        return None
    for href in tree.xpath('//link[@rel="canonical"]/@href'):
        return href.strip() or None
    return None


def _tree(page: str | bytes):
    try:
        return lxml_html.fromstring(page)
    except (ValueError, lxml_html.etree.ParserError):
        return None


def outlet_name(page: str | bytes, sitename: str | None, title: str | None) -> str | None:
    """The outlet (site name): og:site_name, JSON-LD publisher, trafilatura's site name, the <title>'s suffix,
    the copyright line; None when the page names none."""
    tree = _tree(page)
    if tree is None:
        return _not_the_title(sitename, title)
    for name in tree.xpath('//meta[@property="og:site_name"]/@content'):
        if name.strip():
            return name.strip()
    if publisher := _json_ld_publisher(tree):
        return publisher
    if found := _not_the_title(sitename, title):
        return found
    return _title_suffix(tree, title) or _copyright_holder(tree)


def _not_the_title(sitename: str | None, title: str | None) -> str | None:
    """trafilatura's site name, unless it is the page's <title> (then the part after the article's title)."""
    if not sitename or not title or title.casefold() not in sitename.casefold():
        return sitename
    rest = _TITLE_SEPARATORS.split(sitename.replace(title, "", 1).strip())
    return next((part.strip() for part in rest if part.strip()), None)


def _json_ld_publisher(tree) -> str | None:
    """The name of the publisher of the first article described in the page's JSON-LD."""
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(script)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                publisher = item.get("publisher")
                publisher = publisher[0] if isinstance(publisher, list) and publisher else publisher
                if isinstance(publisher, dict) and isinstance(publisher.get("name"), str) and publisher["name"].strip():
                    return publisher["name"].strip()
                stack.extend(v for v in item.values() if isinstance(v, (list, dict)))
    return None


def _title_suffix(tree, title: str | None) -> str | None:
    """'Outlet' from a <title> 'Article title | Outlet' (or with -, –, —, ·, : between)."""
    page_title = " ".join(tree.xpath("string(//title)").split())
    if not title or not page_title.startswith(title) or page_title == title:
        return None
    rest = page_title[len(title):]
    match = _TITLE_SEPARATORS.match(rest)
    return rest[match.end():].strip() or None if match else None


def _copyright_holder(tree) -> str | None:
    """The holder named in the page's copyright line ('© 2025 Northern Ledger'), the last one on the page."""
    for footer_text in reversed([" ".join(t.split()) for t in tree.xpath("//text()[contains(., '©')]")]):
        if match := _COPYRIGHT.search(footer_text):
            return match.group(1).strip()
    return None
