#!/usr/bin/env python3
"""What one search costs a reader: the bytes the header's search fetches for a query, gzipped.

    python scripts/search_query.py site/ NATO "army cap" 600000

Serves the built site on 127.0.0.1, opens its home page in Debian's Chromium (Playwright),
types each query into the header's search box in a fresh browser (nothing cached) and waits
for the results. Every request made from the first key press to the results shown is
counted at the size a web server that compresses text would send: JavaScript, JSON and CSS
gzipped (level 6), Pagefind's index chunks as they are (they are gzip files already).
Prints one row per query and exits 1 if a query shows no result.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import re
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

CHROMIUM = "/usr/bin/chromium"
TEXT_TYPES = (".js", ".json", ".css", ".html", ".svg", ".xml")
_IN_BUNDLE = re.compile(r"/pagefind/[a-z][a-z0-9-]*/(index|fragment)/")


@dataclass(frozen=True)
class QueryCost:
    query: str
    results: int
    requests: int
    raw: int  # bytes as stored
    sent: int  # bytes a compressing server sends
    chunks: int = 0  # index chunks fetched (pagefind/BUNDLE/index/)
    fragments: int = 0  # results' texts fetched (pagefind/BUNDLE/fragment/)
    bundles: int = 1  # index bundles merged (pagefind/bundles.json)
    files: tuple[tuple[str, int], ...] = ()  # each request's path and the bytes sent for it

    def kinds(self) -> dict[str, int]:
        """Bytes sent by kind of file: script and wasm, entry and meta files, filters, index chunks, fragments."""
        totals: dict[str, int] = {}
        for path, sent in self.files:
            kind = _kind(path)
            totals[kind] = totals.get(kind, 0) + sent
        return totals

    def row(self) -> str:
        return f"| {self.query} | {self.results} | {self.requests} | {self.raw / 1024:.1f} | {self.sent / 1024:.1f} |"


def _kind(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    for part, kind in (("/index/", "index chunks"), ("/fragment/", "fragments"), ("/filter/", "filters")):
        if part in path and "/pagefind/" in path:
            return kind
    if name.endswith((".pf_meta", "pagefind-entry.json", "bundles.json")):
        return "entry and meta"
    if name.startswith(("pagefind", "wasm.")):
        return "Pagefind script and wasm"
    return "other"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature fixed by the base class
        pass


def sent_size(path: Path) -> tuple[int, int]:
    """(raw, sent) bytes of a file of the site: text gzipped as a server would, the rest as it is."""
    data = path.read_bytes()
    if path.suffix in TEXT_TYPES:
        return len(data), len(gzip.compress(data, compresslevel=6))
    return len(data), len(data)


def measure(site: Path, queries: list[str], timeout_ms: int = 20_000, browser=None) -> list[QueryCost]:
    """Type each query into the search box of a fresh page; what it fetched until its results showed.

    browser: a Playwright Chromium already running (a test's); else one is started.
    """
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        if browser is not None:
            return [_one(browser, origin, site, query, timeout_ms) for query in queries]
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            costs = [_one(browser, origin, site, query, timeout_ms) for query in queries]
            browser.close()
            return costs
    finally:
        server.shutdown()
        server.server_close()


def _one(browser, origin: str, site: Path, query: str, timeout_ms: int) -> QueryCost:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{origin}/", wait_until="networkidle")
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(urlsplit(request.url).path))
    page.keyboard.press("/")
    page.keyboard.type(query, delay=20)
    status = page.locator("[data-bf-status]")
    page.wait_for_function("() => /result/i.test(document.querySelector('[data-bf-status]').textContent)",
                           timeout=timeout_ms)
    page.wait_for_load_state("networkidle")
    count = page.locator("[data-bf-results] > li").count()
    found = status.inner_text()
    context.close()
    raw = sent = 0
    files = []
    chunks = sum(bool(_IN_BUNDLE.search(path)) and "/index/" in path for path in fetched)
    fragments = sum(bool(_IN_BUNDLE.search(path)) and "/fragment/" in path for path in fetched)
    bundles = sum(path.endswith("/pagefind-entry.json") for path in fetched)
    for path in fetched:
        file = site / unquote(path).lstrip("/")
        if file.is_file():
            size = sent_size(file)
            raw, sent = raw + size[0], sent + size[1]
            files.append((path, size[1]))
    results = int(found.split()[0]) if found.split()[0].isdigit() else count
    return QueryCost(query, results, len(fetched), raw, sent, chunks, fragments, bundles, tuple(files))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path, help="a built site folder (with pagefind/)")
    parser.add_argument("queries", nargs="+")
    parser.add_argument("--by-kind", action="store_true", help="also print each query's KB by kind of file")
    args = parser.parse_args(argv)
    costs = measure(args.site, args.queries)
    print("| query | results | requests | raw KB | sent KB (gzip) |\n|---|---:|---:|---:|---:|")
    for cost in costs:
        print(cost.row())
    if args.by_kind:
        for cost in costs:
            parts = ", ".join(f"{kind} {sent / 1024:.1f}" for kind, sent in sorted(cost.kinds().items()))
            print(f"{cost.query}: {parts} (KB sent; {cost.chunks} chunks, {cost.fragments} fragments)")
    return 0 if all(c.results for c in costs) else 1


if __name__ == "__main__":
    sys.exit(main())
