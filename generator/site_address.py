"""The address the site is published at, taken from SITE_URL in the environment.

mkdocs.yml reads the same variable (`site_url: !ENV [SITE_URL, null]`), so MkDocs makes
the sitemap and canonical links absolute while the generator can use the address too.
Unset or empty means "not known": links stay relative, as in a local build.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Mapping
from urllib.parse import urlsplit, urlunsplit

import yaml

from generator.errors import input_error
from generator.safe_urls import check_url
from generator.site_config import read_site_url as literal_site_url

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


def site_url_location(config_text: str) -> tuple[int, int]:
    """Line and column of the `site_url` value in mkdocs.yml, (0, 0) when it has none.

    Composed, not loaded: the value is an `!ENV` tag meant for MkDocs.
    """
    try:
        root = yaml.compose(config_text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return 0, 0
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if isinstance(key, yaml.ScalarNode) and key.value == "site_url":
                return value.start_mark.line + 1, value.start_mark.column + 1
    return 0, 0


def read_site_url(config: Path, display: str, environ: Mapping[str, str] | None = None) -> str | None:
    """site_url_from_env, with a bad value reported as a located problem (at mkdocs.yml's site_url)."""
    try:
        return site_url_from_env(environ)
    except SiteUrlError as exc:
        what, hint = exc.args
        try:
            line, column = site_url_location(config.read_text("utf-8"))
        except (OSError, UnicodeDecodeError):
            line, column = 0, 0
        raise input_error(display, line, column, "site_url", what,
                          f"{hint}; or unset {ENV_VAR} for relative links only") from None


def published_url(config: Path, display: str, environ: Mapping[str, str] | None = None) -> str | None:
    """The site's address as MkDocs will see it: a literal site_url in mkdocs.yml, else SITE_URL."""
    literal = literal_site_url(config, display)
    if literal:
        return literal if literal.endswith("/") else literal + "/"
    return read_site_url(config, display, environ)
