"""The address the site is published at: a literal `site_url` in mkdocs.yml, else SITE_URL.

The shipped mkdocs.yml reads the variable itself (`site_url: !ENV [SITE_URL, null]`), so
MkDocs makes the sitemap and canonical links absolute while the generator uses the same
address for feeds and the print page. A project may instead write its address into
mkdocs.yml; MkDocs then uses that, and so does the generator. published_url is the one
place that decides, and `check` and `build` both ask it. Neither set (or empty) means
"not known": links stay relative, as in a local build.

The engines write the address into pages as they get it, unescaped (Material's canonical
link), so an address is accepted only when it is safe as it is: an http(s) address whose
host is a real host name and whose path holds no character that means something to HTML
or XML (quotes, angle brackets, '&', spaces, control characters, backslashes). An
internationalised host is written as its IDNA (punycode) form and other non-ASCII
characters of the path percent-encoded; the engine is given that normalised value
(engine_environment), so the sitemap, the canonical links and the feeds agree.
"""

from __future__ import annotations

import ipaddress
import os
import re
import unicodedata
from typing import Mapping
from urllib.parse import quote, urlsplit

import idna

from generator.errors import input_error
from generator.site_config import SiteConfig

ENV_VAR = "SITE_URL"
EXAMPLE = "https://example.org/briefing/"

# What a path may hold as written: RFC 3986's unreserved characters, '/', %XX escapes and
# the sub-delimiters that mean nothing to HTML or XML ('&' and "'" do, so they are refused).
_SAFE_PATH = re.compile(r"(?:[A-Za-z0-9._~!$()*+,;=:@/-]|%[0-9A-Fa-f]{2})*")
_PATH_CHAR = re.compile(r"[A-Za-z0-9._~!$()*+,;=:@/%-]")
_CHAR_NAMES = {" ": "a space", "\t": "a tab", "\n": "a line break", "\r": "a carriage return", "\\": "a backslash"}
# Characters that change how a line reads without being seen: bidirectional overrides and isolates.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class SiteUrlError(ValueError):
    """SITE_URL holds something that is not a site address; args: (what, hint)."""


class _Refused(ValueError):
    """Why a text is not a site address; args: (reason, hint), the reason without the value."""


def _char_name(char: str) -> str:
    if char in _CHAR_NAMES:
        return _CHAR_NAMES[char]
    if char.isprintable() and char not in _BIDI_CONTROLS:
        return repr(char)
    return f"the invisible character U+{ord(char):04X}"


def _unwritable(char: str) -> bool:
    """Spaces, control and format characters and backslashes: nothing an address holds as it is written."""
    return unicodedata.category(char)[0] in "CZ" or char in _BIDI_CONTROLS or char == "\\"


def _host(parts) -> str:
    """The host as written into pages: a host name in its IDNA (punycode) form, or an IP address."""
    host = parts.hostname or ""
    if parts.netloc.startswith("["):
        try:
            return f"[{ipaddress.IPv6Address(host).compressed}]"
        except ValueError:
            raise _Refused(f"has an invalid IPv6 address '{host}'", f"write the address as {EXAMPLE}") from None
    try:
        return idna.encode(host, uts46=True).decode("ascii")
    except idna.IDNAError as exc:
        raise _Refused(f"has no valid host name ({exc})",
                       f"the host is letters, digits, hyphens and dots, as in {EXAMPLE}") from None


def _path(path: str) -> str:
    """The path, non-ASCII letters percent-encoded as browsers send them; '/' at the end (as MkDocs adds it)."""
    encoded = "".join(quote(c) if not c.isascii() else c for c in path) or "/"
    if not _SAFE_PATH.fullmatch(encoded):
        bad = next((c for c in encoded if not _PATH_CHAR.match(c)), "%")
        what = ("a '%' in its path that starts no %XX escape" if bad == "%"
                else f"{_char_name(bad)} in its path, which a page cannot hold as it is")
        raise _Refused(f"has {what}",
                       f"percent-encode it (a space is %20, a quote %22), or write the folder the site lives in, e.g. {EXAMPLE}")
    segments = encoded[1:].split("/")  # the last one is '' when the path ends in '/'
    if "" in segments[:-1] or "." in segments or ".." in segments:
        raise _Refused("is not a plain site address",
                       f"the path has no '//', '/./' or '/../': write the folder the site lives in, e.g. {EXAMPLE}")
    return encoded if encoded.endswith("/") else encoded + "/"


def site_address(text: str) -> str:
    """The published address text stands for, as it is written into pages: http(s), its host in
    IDNA form, a path safe in HTML and XML ending in '/'. _Refused (reason, hint) when it is none."""
    bad = next((c for c in text if _unwritable(c)), None)
    if bad is not None:
        raise _Refused(f"contains {_char_name(bad)}", f"an address holds no spaces, control characters or backslashes; write it as {EXAMPLE}")
    try:
        parts = urlsplit(text)
    except ValueError:  # a '[' without its ']'
        raise _Refused("is not a well-formed address", f"write the address as {EXAMPLE}") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise _Refused("is not an http(s) address", f"write the full address the site is published at, e.g. {EXAMPLE}")
    if "?" in text or "#" in text or "@" in parts.netloc:
        raise _Refused("is not a plain site address",
                       f"leave out user names, '?...' and '#...': the address is the folder the site lives in, e.g. {EXAMPLE}")
    try:
        port = parts.port
        if port == 0:
            raise ValueError(port)
    except ValueError:
        raise _Refused("has an invalid port", f"write the address as {EXAMPLE}") from None
    netloc = _host(parts) + (f":{port}" if port is not None else "")
    return f"{parts.scheme.lower()}://{netloc}{_path(parts.path)}"


def normalise_site_url(value: str) -> str | None:
    """None for an empty value; else the address as site_address writes it. SiteUrlError (what, hint) when bad."""
    if value == "":
        return None
    try:
        return site_address(value)
    except _Refused as exc:
        reason, hint = exc.args
        raise SiteUrlError(f"{ENV_VAR} {value!r} {reason}", hint) from None


def site_url_from_env(environ: Mapping[str, str] | None = None) -> str | None:
    """The published address from SITE_URL, normalised; None when unset or empty. SiteUrlError when bad."""
    environ = os.environ if environ is None else environ
    return normalise_site_url(environ.get(ENV_VAR, ""))


def literal_site_url(config: SiteConfig) -> str | None:
    """The address written into mkdocs.yml as plain text, or None (no site_url, null, empty, or an !ENV tag).

    MkDocs writes it into pages as it is written, so it must already be in the form
    site_address gives (apart from the final '/', which MkDocs adds): a value that needs
    changing (an internationalised host, a non-ASCII path) is refused with that form as
    the hint, and so is one that could not be written safely at all.
    """
    setting = config.site_url
    if setting is None or not setting.text:
        return None
    text = setting.text
    where = (config.display, setting.line, setting.column, "site config")
    if not setting.is_text:
        raise input_error(*where, f"site_url '{text}' is not a plain http(s) address", f"set site_url to e.g. {EXAMPLE}")
    try:
        address = site_address(text)
    except _Refused as exc:
        reason, hint = exc.args
        raise input_error(*where, f"site_url '{text}' is not a plain http(s) address: it {reason}", hint) from None
    if not text.isascii():
        raise input_error(*where, f"site_url '{text}' is not written as pages can hold it",
                          f"write it as {address} (the host in its IDNA form, the path percent-encoded)")
    return text if text.endswith("/") else text + "/"


def published_url(config: SiteConfig, environ: Mapping[str, str] | None = None) -> str | None:
    """The site's address as MkDocs will see it: a literal site_url in mkdocs.yml, else SITE_URL; None when neither.

    A bad value is a located problem: a bad literal at its place, a bad SITE_URL at the
    site_url setting that reads it (line and column 0 when mkdocs.yml has none).
    """
    literal = literal_site_url(config)
    if literal:
        return literal
    try:
        return site_url_from_env(environ)
    except SiteUrlError as exc:
        what, hint = exc.args
        line, column = (config.site_url.line, config.site_url.column) if config.site_url else (0, 0)
        raise input_error(config.display, line, column, "site_url", what,
                          f"{hint}; or unset {ENV_VAR} for relative links only") from None


def engine_environment(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment a site engine runs in: this one, with SITE_URL as published_url normalised it.

    mkdocs.yml reads SITE_URL itself (`!ENV`), so the engine must get the checked form: the
    IDNA host, the percent-encoded path. A SITE_URL that is not an address is left out
    (a build refuses it before the engine runs; a preview shows the problem on its pages);
    an empty one is passed on as it is.
    """
    environ = dict(os.environ if environ is None else environ)
    try:
        address = site_url_from_env(environ)
    except SiteUrlError:
        environ.pop(ENV_VAR, None)
        return environ
    if address is not None:
        environ[ENV_VAR] = address
    return environ
