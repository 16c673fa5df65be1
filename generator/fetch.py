"""Fetching a web page or feed: the tool's one network boundary.

Only http and https; a bounded number of redirects, each one checked again; a time
limit on connecting and on every read; a size limit; the content type checked; a
User-Agent that names the tool. Private, loopback and other non-public addresses are
refused unless allowed (for tests and intranets): the host is resolved, every address
checked, and the connection made to a checked address, so a second answer of the name
server cannot lead elsewhere.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

USER_AGENT = "briefing-generator/0.1 (briefing add; https://pypi.org/project/briefing-generator/)"
TIMEOUT_SECONDS = 20.0
MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
PAGE_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml", "application/rdf+xml")
_REDIRECTS = (301, 302, 303, 307, 308)


class FetchError(Exception):
    """Why an address could not be fetched: one line for the editor, and a hint."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    body: bytes
    content_type: str


def fetch(url: str, accept: tuple[str, ...] = PAGE_TYPES, allow_private: bool = False) -> Fetched:
    """GET url (following at most MAX_REDIRECTS redirects); FetchError says why not."""
    for _ in range(MAX_REDIRECTS + 1):
        status, headers, body = _get(url, allow_private)
        if status in _REDIRECTS:
            location = headers.get("location")
            if not location:
                raise FetchError(f"HTTP {status} redirect without a Location header")
            url = urljoin(url, location.strip())
            continue
        if status != 200:
            raise FetchError(f"HTTP {status}", "check the address in a browser")
        kind = (headers.get("content-type") or "").split(";")[0].strip().lower()
        if kind not in accept:
            raise FetchError(f"the server sent '{kind or 'no content type'}', not {' or '.join(accept[:2])}",
                             "give the address of the article's page (or of the feed)")
        return Fetched(url, body, kind)
    raise FetchError(f"more than {MAX_REDIRECTS} redirects", "give the address the redirects end at")


def _get(url: str, allow_private: bool) -> tuple[int, http.client.HTTPMessage, bytes]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"'{url}' is not an http or https address", "only http:// and https:// pages are fetched")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    address = _checked_address(parts.hostname, port, allow_private)
    kind = _PinnedTLS if parts.scheme == "https" else _Pinned
    conn = kind(parts.hostname, port, address=address, timeout=TIMEOUT_SECONDS)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        conn.request("GET", path, headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,"
                                           "application/rss+xml,application/atom+xml,application/xml;q=0.9,*/*;q=0.1",
                                           "Accept-Encoding": "identity"})
        response = conn.getresponse()
        declared = response.getheader("content-length")
        if declared and declared.isdigit() and int(declared) > MAX_BYTES:
            raise FetchError(f"the page is {int(declared):,} bytes; at most {MAX_BYTES:,} are read")
        body = response.read(MAX_BYTES + 1)
        if len(body) > MAX_BYTES:
            raise FetchError(f"the page is larger than {MAX_BYTES:,} bytes", "save the article's page and give the file")
        return response.status, response.headers, body
    except (OSError, http.client.HTTPException) as exc:
        raise FetchError(_network_error(exc), "check the address and the network, then try again") from None
    finally:
        conn.close()


def _checked_address(host: str, port: int, allow_private: bool) -> str:
    """An address of host to connect to; FetchError if the host has none, or (unless allowed) a non-public one."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise FetchError(f"cannot resolve '{host}': {getattr(exc, 'strerror', None) or exc}", "check the address") from None
    addresses = [info[4][0] for info in infos]
    if not allow_private:
        for address in addresses:
            ip = ipaddress.ip_address(address.split("%")[0])
            if not ip.is_global:
                raise FetchError(f"'{host}' is a private, loopback or reserved address ({ip})",
                                 "only public addresses are fetched; give --allow-private for an intranet")
    return addresses[0]


def _network_error(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError):
        return f"no answer within {TIMEOUT_SECONDS:.0f} seconds"
    if isinstance(exc, ssl.SSLError):
        return f"secure connection failed: {exc.reason or exc}"
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


class _Pinned(http.client.HTTPConnection):
    """An HTTP connection to a given (already checked) address of the host."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedTLS(http.client.HTTPSConnection):
    """An HTTPS connection to a given address, the certificate checked against the host's name."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]
