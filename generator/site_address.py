"""The address the site is published at: a literal `site_url` in mkdocs.yml, else SITE_URL.

The shipped mkdocs.yml reads the variable itself (`site_url: !ENV [SITE_URL, null]`), so
MkDocs makes the sitemap and canonical links absolute while the generator uses the same
address for feeds and the print page. A project may instead write its address into
mkdocs.yml; MkDocs then uses that, and so does the generator. published_url is the one
place that decides. Neither set (or empty) means "not known": links stay relative, as in
a local build.
"""

from __future__ import annotations

import os
from typing import Mapping
from urllib.parse import urlsplit, urlunsplit

from generator.errors import input_error
from generator.safe_urls import check_url
from generator.site_config import SiteConfig

ENV_VAR = "SITE_URL"
EXAMPLE = "https://example.org/briefing/"


class SiteUrlError(ValueError):
    """SITE_URL holds something that is not a site address; args: (what, hint)."""


def normalise_site_url(value: str) -> str | None:
    """None for an empty value; else the http(s) address ending in '/' (as MkDocs does for site_url)."""
    if value == "":
        return None
    if check_url(value):
        raise SiteUrlError(f"{ENV_VAR} {value!r} is not an http(s) address",
                           f"write the full address the site is published at, e.g. {EXAMPLE}")
    parts = urlsplit(value)
    try:
        parts.port  # noqa: B018 - raises on a port that is not a number in range
    except ValueError:
        raise SiteUrlError(f"{ENV_VAR} {value!r} has an invalid port", f"write the address as {EXAMPLE}") from None
    if parts.query or parts.fragment or "@" in parts.netloc:
        raise SiteUrlError(f"{ENV_VAR} {value!r} is not a plain site address",
                           f"leave out user names, '?...' and '#...': the address is the folder the site lives in, e.g. {EXAMPLE}")
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def site_url_from_env(environ: Mapping[str, str] | None = None) -> str | None:
    """The published address from SITE_URL, normalised; None when unset or empty. SiteUrlError when bad."""
    environ = os.environ if environ is None else environ
    return normalise_site_url(environ.get(ENV_VAR, ""))


def literal_site_url(config: SiteConfig) -> str | None:
    """The address written into mkdocs.yml as plain text, or None (no site_url, null, empty, or an !ENV tag)."""
    setting = config.site_url
    if setting is None or not setting.text:
        return None
    text = setting.text
    if not setting.is_text or check_url(text) or any(c in text for c in "\"'<> \t\n"):
        raise input_error(config.display, setting.line, setting.column, "site config",
                          f"site_url '{text}' is not a plain http(s) address", "set site_url to e.g. https://example.org/briefing/")
    return text


def published_url(config: SiteConfig, environ: Mapping[str, str] | None = None) -> str | None:
    """The site's address as MkDocs will see it: a literal site_url in mkdocs.yml, else SITE_URL; None when neither.

    A bad value is a located problem: a bad literal at its place, a bad SITE_URL at the
    site_url setting that reads it (line and column 0 when mkdocs.yml has none).
    """
    literal = literal_site_url(config)
    if literal:
        return literal if literal.endswith("/") else literal + "/"
    try:
        return site_url_from_env(environ)
    except SiteUrlError as exc:
        what, hint = exc.args
        line, column = (config.site_url.line, config.site_url.column) if config.site_url else (0, 0)
        raise input_error(config.display, line, column, "site_url", what,
                          f"{hint}; or unset {ENV_VAR} for relative links only") from None
