"""Which URLs may appear on a page: only absolute http(s) links."""

from __future__ import annotations

from urllib.parse import urlsplit


def check_url(url: str) -> str:
    """Return '' when the URL is acceptable, else a hint saying what to write instead."""
    if any(c.isspace() or ord(c) < 32 for c in url):
        return "a URL cannot contain spaces or control characters"
    try:
        parts = urlsplit(url)
    except ValueError:
        return "write a full address such as https://example.org/story"
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return "only http:// and https:// addresses are allowed, e.g. https://example.org/story"
    return ""
